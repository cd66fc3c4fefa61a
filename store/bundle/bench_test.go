package bundle

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// seedN writes n intakes (of n/2 residents, all with handover consent) in
// one transaction.
func seedN(b *testing.B, n int) *store.Vault {
	b.Helper()
	v := newVault(b)
	err := v.Update(func(tx *store.Tx) error {
		var r intake.Resident
		for i := range n {
			if i%2 == 0 {
				r = newResident(i)
				if err := tx.Put(store.KindResident, r.ID, r); err != nil {
					return err
				}
			}
			in := newIntake(r, true, fmt.Sprintf("MARKER-%d", i), t0.Add(time.Duration(i)*time.Second))
			if err := tx.SaveIntake(in, cat, t0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return v
}

// BenchmarkExportBundle10k: decrypt 10,000 intakes from the vault, encode
// and age-encrypt them (to io.Discard, so the disk is not measured).
func BenchmarkExportBundle10k(b *testing.B) {
	v := seedN(b, 10_000)
	office := newIdentity(b)
	var size int64
	b.ResetTimer()
	for b.Loop() {
		cw := &countingWriter{}
		res, err := Export(v, cw, ExportOptions{To: office.Recipient()})
		if err != nil || res.Header.Intakes != 10_000 {
			b.Fatalf("%v %+v", err, res.Header)
		}
		size = cw.n
	}
	b.ReportMetric(float64(size)/1e6, "MB/bundle")
}

// BenchmarkImportBundle10k: verify a bundle of 10,000 intakes (pass 1),
// then merge it into an empty vault in batches (ImportFile with its
// default batch size), as `spreekuur import` does.
func BenchmarkImportBundle10k(b *testing.B) {
	src := seedN(b, 10_000)
	office := newIdentity(b)
	var buf bytes.Buffer
	if _, err := Export(src, &buf, ExportOptions{To: office.Recipient()}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		dst := newVault(b)
		b.StartTimer()
		res, err := ImportFile(dst, bytesOpener(data), cat, t0, StreamOptions{Identities: []age.Identity{office}})
		if err != nil || res.Intakes.Added != 10_000 {
			b.Fatalf("%v %+v", err, res)
		}
		b.StopTimer()
		_ = dst.Close()
		b.StartTimer()
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)

// BenchmarkScan10k is pass 1 of an import on its own: decrypt and verify
// a bundle of 10,000 intakes (every line decoded, CheckSafe on each).
func BenchmarkScan10k(b *testing.B) {
	src := seedN(b, 10_000)
	office := newIdentity(b)
	var buf bytes.Buffer
	if _, err := Export(src, &buf, ExportOptions{To: office.Recipient()}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Scan(bytes.NewReader(data), t0, nil, office); err != nil {
			b.Fatal(err)
		}
	}
}
