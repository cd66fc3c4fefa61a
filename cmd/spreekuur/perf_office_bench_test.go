package main

// Benchmarks of what an office-size vault costs (issue 13), on the same
// cached demo fixtures as perf_bench_test.go.

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/bundle"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/home"
)

// BenchmarkHomeParts splits what home does after the unlock into its
// parts, each on its own: reading the intake index as home does (every
// entry opened and its header decoded as a list keeps it, on every core),
// reading every resident, the session's overview (both), and building the
// home rows from it. Medians per part, and the memory each allocates.
func BenchmarkHomeParts(b *testing.B) {
	for _, n := range benchSizes {
		path := demoFixture(b, n)
		v := openBench(b, path)
		cat := intake.DefaultCatalogue()
		now := func() time.Time { return benchNow }
		st := session.FromVault(v, cat, now)
		sess := session.New(st, cat, now, "nl")
		if err := sess.Unlock("", []byte(annaPass)); err != nil {
			b.Fatal(err)
		}
		ctx := common.NewContext(sess, common.NewTheme(true, false, true), "nl", now)
		ov, err := sess.Overview()
		if err != nil {
			b.Fatal(err)
		}
		for _, part := range []struct {
			name string
			do   func() (int, error)
		}{
			{"index", func() (int, error) { h, err := v.IntakeHeaders(); return len(h), err }},
			{"residents", func() (int, error) { r, err := st.Residents(); return len(r), err }},
			{"overview", func() (int, error) { o, err := sess.Overview(); return len(o.Intakes), err }},
			{"rows", func() (int, error) { return len(home.BuildRows(ctx, ov)), nil }},
		} {
			b.Run(fmt.Sprintf("residents=%d/%s", n, part.name), func(b *testing.B) {
				b.ReportAllocs() // what the garbage collector and fresh pages cost, the same under any load
				var times []time.Duration
				for b.Loop() {
					t0 := time.Now()
					if count, err := part.do(); err != nil || count == 0 {
						b.Fatal(err, count)
					}
					times = append(times, time.Since(t0))
				}
				b.ReportMetric(ms(percentile(times, 50)), "median-ms")
			})
		}
		_ = v.Close()
	}
}

// BenchmarkFirstRead is the first read of home's two buckets after the
// vault is opened, as at every unlock: the intake index as home reads it
// and every resident, each on a fresh open of the file, on the demo
// vault as filled (scattered: many transactions of random IDs spread
// every bucket's pages over the file, as many imports do) and as the demo
// command leaves it (compacted). On a virtual machine the first touch of
// each mapped page is what it costs; pages side by side come in together.
func BenchmarkFirstRead(b *testing.B) {
	for _, n := range benchSizes {
		for _, c := range []struct {
			layout string
			path   string
		}{{"scattered", scatteredFixture(b, n)}, {"compacted", demoFixture(b, n)}} {
			b.Run(fmt.Sprintf("residents=%d/%s", n, c.layout), func(b *testing.B) {
				var index, residents []time.Duration
				for b.Loop() {
					v := openBench(b, c.path)
					t0 := time.Now()
					h, err := v.IntakeHeaders()
					t1 := time.Now()
					var r []intake.Resident
					if err == nil {
						err = v.View(func(tx *store.Tx) error {
							r, err = store.ReadAll[intake.Resident](tx, store.KindResident)
							return err
						})
					}
					t2 := time.Now()
					if err != nil || len(h) == 0 || len(r) == 0 {
						b.Fatal(err, len(h), len(r))
					}
					index, residents = append(index, t1.Sub(t0)), append(residents, t2.Sub(t1))
					_ = v.Close()
				}
				b.ReportMetric(ms(percentile(index, 50)), "index-ms")
				b.ReportMetric(ms(percentile(residents, 50)), "residents-ms")
			})
		}
	}
}

// BenchmarkFloorVault is the floor under reading a whole vault on this
// machine: XChaCha20-Poly1305 opening, on every core, envelopes of exactly
// the sizes the fixture holds — one per stored value, and for residents,
// intakes and index entries the 72-byte key wrap each carries too — with
// nothing else (no bbolt, no decoding). aead-all-ms is what `check` must
// do at least; aead-home-ms the index entries and residents, what home
// must do at least. digest-all-ms is the other half of check's floor: the
// vault's digest (docs/FORMAT.md §6) is two HMAC-SHA-256 per stored value
// (h over the bucket, key and value; x over the bucket and key), on every
// core.
func BenchmarkFloorVault(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("residents=%d", n), func(b *testing.B) {
			sizes := map[string][]int{}
			bdb, err := bolt.Open(demoFixture(b, n), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
			if err != nil {
				b.Fatal(err)
			}
			_ = bdb.View(func(tx *bolt.Tx) error {
				return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
					return bk.ForEach(func(_, v []byte) error {
						sizes[string(name)] = append(sizes[string(name)], len(v))
						return nil
					})
				})
			})
			_ = bdb.Close()
			key := make([]byte, chacha20poly1305.KeySize)
			aead, _ := chacha20poly1305.NewX(key)
			seal := func(size int) []byte {
				nonce := make([]byte, aead.NonceSize())
				return aead.Seal(nonce, nonce, make([]byte, max(0, size-aead.NonceSize()-aead.Overhead())), nil)
			}
			filed := map[string]bool{"residents": true, "intakes": true, "intakeindex": true}
			build := func(buckets ...string) [][]byte {
				var out [][]byte
				for name, ss := range sizes {
					if len(buckets) > 0 && !slices.Contains(buckets, name) {
						continue
					}
					for _, sz := range ss {
						if filed[name] {
							out = append(out, seal(72))
							sz -= 2 + 72 + 1
						}
						out = append(out, seal(sz))
					}
				}
				return out
			}
			all, home := build(), build("residents", "intakeindex")
			// onCores times n jobs on every core: worker w does jobs w,
			// w+workers, … with the function start gives it.
			onCores := func(n int, start func() func(i int)) time.Duration {
				t0 := time.Now()
				var wg sync.WaitGroup
				workers := runtime.GOMAXPROCS(0)
				for w := range workers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						do := start()
						for i := w; i < n; i += workers {
							do(i)
						}
					}()
				}
				wg.Wait()
				return time.Since(t0)
			}
			openAll := func(vals [][]byte) time.Duration {
				return onCores(len(vals), func() func(int) {
					buf := make([]byte, 0, 1<<16)
					return func(i int) {
						if _, err := aead.Open(buf[:0], vals[i][:24], vals[i][24:], nil); err != nil {
							panic(err)
						}
					}
				})
			}
			var stored [][]byte // every stored value, with a key of 20 bytes
			for _, ss := range sizes {
				for _, sz := range ss {
					stored = append(stored, make([]byte, sz))
				}
			}
			digestAll := func() time.Duration {
				return onCores(len(stored), func() func(int) {
					mac := hmac.New(sha256.New, key)
					id, sum := make([]byte, 20), make([]byte, 0, sha256.Size)
					return func(i int) {
						mac.Reset()
						mac.Write(id)
						mac.Write(stored[i])
						sum = mac.Sum(sum[:0])
						mac.Reset()
						mac.Write(id)
						sum = mac.Sum(sum[:0])
					}
				})
			}
			var ta, th, td []time.Duration
			for b.Loop() {
				ta = append(ta, openAll(all))
				th = append(th, openAll(home))
				td = append(td, digestAll())
			}
			b.ReportMetric(ms(percentile(ta, 50)), "aead-all-ms")
			b.ReportMetric(ms(percentile(th, 50)), "aead-home-ms")
			b.ReportMetric(ms(percentile(td, 50)), "digest-all-ms")
			b.ReportMetric(float64(len(all)), "envelopes")
		})
	}
}

// BenchmarkCheck is `check` in process after the unlock: every value of the
// vault authenticated (check-ms) and, apart, `check --deep` (deep-ms), on
// the cached demo fixture, with the processor time of check on all cores
// (check-cpu-ms, where the system says it). Its floor is
// BenchmarkFloorVault's aead-all-ms and digest-all-ms.
func BenchmarkCheck(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("residents=%d", n), func(b *testing.B) {
			v := openBench(b, demoFixture(b, n))
			defer v.Close()
			var plain, cpu, deep []time.Duration
			var allocated []float64
			var m0, m1 runtime.MemStats
			for b.Loop() {
				runtime.ReadMemStats(&m0)
				t0, c0 := time.Now(), cpuTime()
				rep, err := v.Check()
				if err != nil || len(rep.Failures) > 0 {
					b.Fatal(err, rep.Failures)
				}
				cpu = append(cpu, cpuTime()-c0)
				runtime.ReadMemStats(&m1)
				allocated = append(allocated, float64(m1.TotalAlloc-m0.TotalAlloc)/1e6)
				t1 := time.Now()
				if rep, err = v.CheckDeep(); err != nil || len(rep.Failures) > 0 {
					b.Fatal(err, rep.Failures)
				}
				plain, deep = append(plain, t1.Sub(t0)), append(deep, time.Since(t1))
			}
			b.ReportMetric(ms(percentile(plain, 50)), "check-ms")
			b.ReportMetric(ms(percentile(cpu, 50)), "check-cpu-ms")
			b.ReportMetric(percentile(allocated, 50), "check-alloc-MB") // the same under any load
			b.ReportMetric(ms(percentile(deep, 50)), "deep-ms")
		})
	}
}

// byteCount is an io.Writer that keeps nothing but the count.
type byteCount int64

func (c *byteCount) Write(p []byte) (int, error) { *c += byteCount(len(p)); return len(p), nil }

// BenchmarkExportBundle is `export bundle` in process after the unlock
// (export-ms: select from the index, read, write and age-encrypt every
// intake with handover consent and its resident; unsigned), on a copy of
// the cached demo fixture, against its floor in the same run: age's own
// encryption of the same plaintext (age-ms, in process, to nowhere).
func BenchmarkExportBundle(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("residents=%d", n), func(b *testing.B) {
			v := openBench(b, copyFixture(b, demoFixture(b, n)))
			defer v.Close()
			id, err := age.GenerateX25519Identity()
			if err != nil {
				b.Fatal(err)
			}
			var enc bytes.Buffer // one export kept, for the plaintext of the floor
			if _, err := bundle.Export(v, &enc, bundle.ExportOptions{To: id.Recipient(), Now: benchNow}); err != nil {
				b.Fatal(err)
			}
			r, err := age.Decrypt(&enc, id)
			if err != nil {
				b.Fatal(err)
			}
			plain, err := io.ReadAll(r)
			if err != nil {
				b.Fatal(err)
			}
			var export, floor []time.Duration
			for b.Loop() {
				t0 := time.Now()
				var out byteCount
				if _, err := bundle.Export(v, &out, bundle.ExportOptions{To: id.Recipient(), Now: benchNow}); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				w, err := age.Encrypt(io.Discard, id.Recipient())
				if err == nil {
					_, err = w.Write(plain)
				}
				if err == nil {
					err = w.Close()
				}
				if err != nil {
					b.Fatal(err)
				}
				export, floor = append(export, t1.Sub(t0)), append(floor, time.Since(t1))
			}
			b.ReportMetric(ms(percentile(export, 50)), "export-ms")
			b.ReportMetric(ms(percentile(floor, 50)), "age-ms")
			b.ReportMetric(float64(len(plain))/1e6, "plain-MB")
		})
	}
}
