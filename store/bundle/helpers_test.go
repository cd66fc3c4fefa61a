package bundle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// Cheap key derivation keeps the tests fast; the store tests the defaults.
var testOpt = store.Options{KDF: store.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}}

const testPass = "correct horse battery staple"

var t0 = time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)

func newVault(t testing.TB) *store.Vault {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.db")
	v, _, err := store.Create(path, "Anna", store.RoleSupporter, []byte(testPass), testOpt)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { _ = v.Close() })
	return v
}

func newIdentity(t testing.TB) *age.X25519Identity {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var cat = intake.DefaultCatalogue()

func newResident(i int) intake.Resident {
	r := intake.NewResident(fmt.Sprintf("R%d", i), t0)
	r.BirthYear = 1970 + i%40
	r.Contact = fmt.Sprintf("06-%08d", i)
	return r
}

// newIntake returns an open intake of resident r with consent to hand
// over (handover false: consent for notes only). marker is put in the
// resident's own words, so tests can look for it.
func newIntake(r intake.Resident, handover bool, marker string, at time.Time) intake.Intake {
	in := intake.NewIntake(at)
	in.ResidentID = r.ID
	in.Status = intake.StatusOpen
	in.Step = intake.StepAgreements
	in.Location = cat.Locations[0].Code
	in.Route = cat.Routes[0].Code
	in.Presence = intake.Presence{Supporter: "AdV", Kompaan: true}
	scopes := []intake.ConsentScope{intake.ScopeNotes}
	if handover {
		scopes = append(scopes, intake.ScopeHandover)
	}
	in.Consent = intake.Consent{Given: true, Scopes: scopes, At: at}
	in.OwnWords = marker
	in.Scan = map[intake.DomainCode]intake.Scale{cat.Domains[0].Code: intake.Worries, cat.Domains[1].Code: intake.Urgent}
	in.Clarifications = []intake.Clarification{{Domain: cat.Domains[1].Code, Happening: "Een brief van de woningcorporatie <&>", Urgency: intake.UrgencyWeek}}
	in.ClarifiedQuestion = "Mijn vraag is: " + marker
	in.Notes = []intake.Note{{Author: "AdV", Role: intake.RoleSupporter, At: at, Text: "notitie " + marker}}
	return in
}

func saveResident(t testing.TB, v *store.Vault, r intake.Resident) {
	t.Helper()
	if err := v.Update(func(tx *store.Tx) error { return tx.Put(store.KindResident, r.ID, r) }); err != nil {
		t.Fatalf("put resident: %v", err)
	}
}

func saveIntake(t testing.TB, v *store.Vault, in intake.Intake) {
	t.Helper()
	if err := v.Update(func(tx *store.Tx) error { return tx.SaveIntake(in, cat, t0) }); err != nil {
		t.Fatalf("save intake: %v", err)
	}
}

// fixture is a vault with residents and intakes, and what was put in.
type fixture struct {
	v         *store.Vault
	residents []intake.Resident
	intakes   []intake.Intake // with handover consent
	private   []intake.Intake // without handover consent
}

// seed fills a vault: n residents with 2 intakes each (one of them, for
// every third resident, without handover consent) plus one anonymous
// contact without consent.
func seed(t testing.TB, n int) fixture {
	t.Helper()
	f := fixture{v: newVault(t)}
	err := f.v.Update(func(tx *store.Tx) error {
		for i := range n {
			r := newResident(i)
			if err := tx.Put(store.KindResident, r.ID, r); err != nil {
				return err
			}
			f.residents = append(f.residents, r)
			for j := range 2 {
				handover := !(j == 1 && i%3 == 0)
				in := newIntake(r, handover, fmt.Sprintf("MARKER-%d-%d", i, j), t0.Add(time.Duration(i*2+j)*time.Minute))
				if err := tx.SaveIntake(in, cat, t0); err != nil {
					return err
				}
				if handover {
					f.intakes = append(f.intakes, in)
				} else {
					f.private = append(f.private, in)
				}
			}
		}
		anon := intake.NewIntake(t0)
		anon.Status = intake.StatusOpen
		anon.Location = cat.Locations[0].Code
		f.private = append(f.private, anon)
		return tx.SaveIntake(anon, cat, t0)
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return f
}

// export writes a bundle of the vault to a buffer.
func export(t testing.TB, v *store.Vault, to *age.X25519Identity, opt ExportOptions) ([]byte, ExportResult) {
	t.Helper()
	opt.To = to.Recipient()
	var buf bytes.Buffer
	res, err := Export(v, &buf, opt)
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	return buf.Bytes(), res
}

// importBytes does what `spreekuur import` does: ImportFile, which
// verifies all of the bundle, then merges it in batches (of 3 records
// here, so the tests cross many batches).
func importBytes(v *store.Vault, data []byte, ids ...age.Identity) (ImportResult, error) {
	return ImportFile(v, bytesOpener(data), cat, t0, StreamOptions{Identities: ids, BatchRecords: 3})
}

// importPreviewed is the import screen's way: Scan, Preview, then
// ImportScanned in one batch; the preview must count what the import does
// (every kind: records, tombstones, withdrawals).
func importPreviewed(v *store.Vault, data []byte, ids ...age.Identity) (ImportResult, error) {
	m, err := Scan(bytes.NewReader(data), t0, nil, ids...)
	if err != nil {
		return ImportResult{}, err
	}
	preview, err := Preview(v, m)
	if err != nil {
		return ImportResult{}, err
	}
	res, err := ImportScanned(v, m, bytesOpener(data), cat, t0, StreamOptions{Identities: ids})
	if err == nil && preview != res {
		err = fmt.Errorf("the preview counted %+v, the import did %+v", preview, res)
	}
	return res, err
}

func bytesOpener(data []byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
}

// dump returns every record of the notes and statistics kinds, decrypted,
// per kind and ID: JSON, or a statistics record's binary encoding.
func dump(t testing.TB, v *store.Vault) map[store.Kind]map[string]string {
	t.Helper()
	out := map[store.Kind]map[string]string{}
	err := v.View(func(tx *store.Tx) error {
		for _, k := range []store.Kind{store.KindResident, store.KindIntake, store.KindStat, store.KindExport} {
			out[k] = map[string]string{}
			err := tx.ForEachPlain(k, func(id string, plain []byte) error {
				out[k][id] = string(plain)
				if k == store.KindStat {
					// Its JSON form: everything but the record key, which
					// each vault derives from its own statistics key.
					rec, err := intake.DecodeStatRecord(plain)
					if err != nil {
						return err
					}
					j, _ := json.Marshal(rec)
					out[k][id] = string(j)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("dump: %v", err)
	}
	return out
}

func count(t testing.TB, v *store.Vault) (residents, intakes, stats int) {
	t.Helper()
	_ = v.View(func(tx *store.Tx) error {
		residents, intakes, stats = tx.Count(store.KindResident), tx.Count(store.KindIntake), tx.Count(store.KindStat)
		return nil
	})
	return
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
