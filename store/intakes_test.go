package store

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

func TestSaveIntakeWritesUnlinkedStatRecord(t *testing.T) {
	v, path, _ := newVault(t)
	cat := intake.DefaultCatalogue()
	now := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

	r := intake.NewResident("marker-resident-7f3a", now)
	r.BirthYear = 1980
	in := intake.NewIntake(now)
	in.ResidentID = r.ID
	in.Consent.Given = true
	in.OwnWords = "marker-question-9c1e"
	in.SetScan("money", intake.Urgent)

	err := v.Update(func(tx *Tx) error {
		if err := tx.Put(KindResident, r.ID, r); err != nil {
			return err
		}
		return tx.SaveIntake(in, cat, now)
	})
	if err != nil {
		t.Fatalf("SaveIntake: %v", err)
	}

	var stats []intake.StatRecord
	err = v.View(func(tx *Tx) error {
		if tx.Count(KindStat) != 1 {
			t.Errorf("stats records = %d, want 1", tx.Count(KindStat))
		}
		var dummy intake.StatRecord
		if err := tx.Get(KindStat, in.ID, &dummy); !errors.Is(err, ErrNotFound) {
			t.Errorf("stat record found under the intake ID (err %v): the buckets can be joined", err)
		}
		return tx.ForEachStat(func(rec intake.StatRecord) error { stats = append(stats, rec); return nil })
	})
	if err != nil {
		t.Fatalf("View: %v", err)
	}
	if len(stats) != 1 {
		t.Fatalf("got %d stat records, want 1", len(stats))
	}
	got := stats[0]
	if got.Month != "2026-03" || got.AgeBand != intake.Age45to66 {
		t.Errorf("stat record month/age = %q/%q, want 2026-03/45_66", got.Month, got.AgeBand)
	}
	if len(got.Domains) != 1 || got.Domains[0].Domain != "money" || got.Domains[0].Scale != intake.Urgent {
		t.Errorf("stat record domains = %+v, want money urgent", got.Domains)
	}

	// Saving again (an edit) replaces the record rather than adding one.
	in.SetScan("housing", intake.Worries)
	if err := v.Update(func(tx *Tx) error { return tx.SaveIntake(in, cat, now) }); err != nil {
		t.Fatal(err)
	}
	_ = v.View(func(tx *Tx) error {
		if n := tx.Count(KindStat); n != 1 {
			t.Errorf("after a second save: %d stat records, want 1", n)
		}
		return nil
	})

	// A coordinator reads the statistics but not the intake.
	if err := v.AddUser("Coco", RoleCoordinator, []byte("coordinator passphrase")); err != nil {
		t.Fatal(err)
	}
	v.Lock()
	if err := v.Unlock("Coco", []byte("coordinator passphrase")); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = v.View(func(tx *Tx) error {
		var x intake.Intake
		if err := tx.Get(KindIntake, in.ID, &x); !errors.Is(err, ErrNoAccess) {
			t.Errorf("coordinator reading an intake: err %v, want ErrNoAccess", err)
		}
		return tx.ForEachStat(func(intake.StatRecord) error { n++; return nil })
	})
	if err != nil || n != 1 {
		t.Errorf("coordinator ForEachStat: n=%d err=%v, want 1 record", n, err)
	}

	_ = v.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"marker-resident-7f3a", "marker-question-9c1e", "money", "2026-03"} {
		if bytes.Contains(raw, []byte(m)) {
			t.Errorf("%q found in the raw vault file", m)
		}
	}
}

func TestSaveIntakeNeedsStatID(t *testing.T) {
	v, _, _ := newVault(t)
	in := intake.NewIntake(time.Now())
	in.StatID = ""
	err := v.Update(func(tx *Tx) error { return tx.SaveIntake(in, intake.DefaultCatalogue(), time.Now()) })
	if err == nil {
		t.Fatal("SaveIntake without StatID: no error")
	}
}

// TestStatRecordsStoredBinary: a statistics record is sealed in its own
// binary encoding (intake.StatRecord.MarshalBinary), Get and ForEach decode
// it with UnmarshalBinary (strictly), and other records stay JSON.
func TestStatRecordsStoredBinary(t *testing.T) {
	v, _, _ := newVault(t)
	rec := intake.StatRecord{
		V: intake.StatVersion, Month: "2026-03", Location: "library", Closed: true, ClosedMonth: "2026-04",
		TurnaroundDays: 15, Contacts: intake.ContactsTwo, Domains: []intake.DomainStep{{Domain: "money", Scale: intake.Urgent}},
	}
	want, err := rec.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	put(t, v, KindStat, "s1", rec)
	put(t, v, KindStat, "s2", note{Text: "not a statistics record"})
	err = v.View(func(tx *Tx) error {
		plains := map[string][]byte{}
		if err := tx.ForEachPlain(KindStat, func(id string, plain []byte) error {
			plains[id] = bytes.Clone(plain)
			return nil
		}); err != nil {
			return err
		}
		if !bytes.Equal(plains["s1"], want) {
			t.Errorf("stored plaintext % x, want MarshalBinary's % x", plains["s1"], want)
		}
		if !bytes.HasPrefix(plains["s2"], []byte(`{"`)) {
			t.Errorf("a note is not stored as JSON: %q", plains["s2"])
		}
		var got intake.StatRecord
		if err := tx.Get(KindStat, "s1", &got); err != nil || got.Month != "2026-03" || got.Domains[0].Scale != intake.Urgent {
			t.Errorf("Get: %v %+v", err, got)
		}
		// The binary decoder is strict: a JSON record is not a StatRecord.
		if err := tx.Get(KindStat, "s2", &got); !errors.Is(err, intake.ErrStatRecord) {
			t.Errorf("Get of a JSON record into a StatRecord: %v", err)
		}
		var n note
		if err := tx.Get(KindStat, "s2", &n); err != nil || n.Text != "not a statistics record" {
			t.Errorf("Get note: %v %+v", err, n)
		}
		return tx.ForEach(KindStat, func(id string, decode func(any) error) error {
			var r intake.StatRecord
			err := decode(&r)
			if id == "s1" && (err != nil || r.TurnaroundDays != 15) {
				t.Errorf("ForEach decode: %v %+v", err, r)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	// Check knows the stats bucket holds statistics records (and that
	// these two have no intakes).
	rep, err := v.Check()
	var content []CheckFailure
	for _, f := range rep.Failures {
		if f.Kind != FailMismatch {
			content = append(content, f)
		}
	}
	if err != nil || len(content) != 1 || content[0].ID != "s2" ||
		!strings.Contains(content[0].Err.Error(), "not a statistics record") || rep.Counts["stats"] != 1 {
		t.Errorf("Check: %v %+v", err, rep)
	}
}

// TestRecordTypesAreJSON guards the encoding of the other records: a type
// that picked up MarshalBinary by accident (say, by embedding time.Time)
// would silently be stored in another encoding.
func TestRecordTypesAreJSON(t *testing.T) {
	for _, p := range []any{&intake.Resident{}, &intake.Intake{}, &note{}, &dirEntry{}, &User{}} {
		if _, ok := p.(encoding.BinaryMarshaler); ok {
			t.Errorf("%T has MarshalBinary: Put would not store it as JSON", p)
		}
		if _, ok := p.(encoding.BinaryUnmarshaler); ok {
			t.Errorf("%T has UnmarshalBinary: Get would not read it as JSON", p)
		}
	}
	if _, ok := any(intake.StatRecord{}).(encoding.BinaryMarshaler); !ok {
		t.Error("StatRecord has no MarshalBinary")
	}
	if _, ok := any(new(intake.StatRecord)).(encoding.BinaryUnmarshaler); !ok {
		t.Error("*StatRecord has no UnmarshalBinary")
	}
}

// TestSaveIntakeWithoutPossibleStatRecord: a first contact dated before
// 2015 (a laptop with a wrong clock) has no valid statistics month. The
// intake is saved all the same; its statistics record is left out, and an
// older one removed.
func TestSaveIntakeWithoutPossibleStatRecord(t *testing.T) {
	v, _, _ := newVault(t)
	cat := intake.DefaultCatalogue()
	now := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	in := intake.NewIntake(now)
	in.OwnWords = "what was typed"
	if err := v.Update(func(tx *Tx) error { return tx.SaveIntake(in, cat, now) }); err != nil {
		t.Fatal(err)
	}
	wrongClock := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	in.Created = wrongClock
	in.OwnWords = "what was typed, and more"
	if err := v.Update(func(tx *Tx) error { return tx.SaveIntake(in, cat, wrongClock) }); err != nil {
		t.Fatalf("SaveIntake with a 2001 clock: %v (the intake must be saved)", err)
	}
	err := v.View(func(tx *Tx) error {
		var got intake.Intake
		if err := tx.Get(KindIntake, in.ID, &got); err != nil {
			return err
		}
		if got.OwnWords != "what was typed, and more" {
			t.Errorf("saved intake says %q", got.OwnWords)
		}
		if n := tx.Count(KindStat); n != 0 {
			t.Errorf("%d statistics records, want 0 (the stale one removed)", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEncodedIntakeSavedAsSaveIntake: an intake encoded before its
// transaction (EncodeIntake, as the import does on every core) is stored
// as SaveIntake and SaveIntakeStaged store it — the same JSON, index
// entry and statistics — and saving it wipes its encoding, as Wipe does
// one that is not saved.
func TestEncodedIntakeSavedAsSaveIntake(t *testing.T) {
	cat := intake.DefaultCatalogue()
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	r := intake.NewResident("R", now)
	r.BirthYear = 1980
	ins := sampleIntakes(3, now)
	ins[0].ResidentID, ins[0].Consent.Given = r.ID, true
	// What json.Marshal escapes (HTML characters) and does not (non-ASCII).
	ins[1].OwnWords = "<brief> van de gemeente & de Belastingdienst: één week"
	ins[2].Presence.Kompaan, ins[2].Presence.KompaanName = true, "Kim"
	for _, tc := range []struct {
		name  string
		plain func(tx *Tx, in intake.Intake) error
		enc   func(tx *Tx, e *EncodedIntake) error
	}{
		{"SaveIntake", func(tx *Tx, in intake.Intake) error { return tx.SaveIntake(in, cat, now) },
			func(tx *Tx, e *EncodedIntake) error { return tx.SaveEncodedIntake(e, cat, now) }},
		{"SaveIntakeStaged", func(tx *Tx, in intake.Intake) error { return tx.SaveIntakeStaged(in, cat, now) },
			func(tx *Tx, e *EncodedIntake) error { return tx.SaveEncodedIntakeStaged(e, cat, now) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, _, _ := newVault(t)
			got, _, _ := newVault(t)
			save(t, want, now, []intake.Resident{r})
			save(t, got, now, []intake.Resident{r})
			var encs []*EncodedIntake
			for i := range ins {
				e, err := EncodeIntake(&ins[i])
				if err != nil {
					t.Fatal(err)
				}
				encs = append(encs, e)
			}
			for _, v := range []*Vault{want, got} {
				err := v.Update(func(tx *Tx) error {
					for i := range ins {
						var err error
						if v == want {
							err = tc.plain(tx, ins[i])
						} else {
							err = tc.enc(tx, encs[i])
						}
						if err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := v.FinishStagedStats(); err != nil {
					t.Fatal(err)
				}
			}
			for i, in := range ins {
				a, b := plainOf(t, want, KindIntake, in.ID), plainOf(t, got, KindIntake, in.ID)
				if !bytes.Equal(a, b) {
					t.Errorf("intake %d stored as\n%s\nwant\n%s", i, b, a)
				}
				if plain, _ := json.Marshal(in); !bytes.Equal(a, plain) {
					t.Errorf("intake %d stored as\n%s\nnot as json.Marshal gives it", i, a)
				}
				if wiped(encs[i]) != "" {
					t.Errorf("intake %d: saving left its encoding (%s)", i, wiped(encs[i]))
				}
			}
			if a, b := indexMatches(t, want), indexMatches(t, got); !reflect.DeepEqual(a, b) {
				t.Errorf("index:\n got %+v\nwant %+v", b, a)
			}
			recsA, linksA := statsOf(t, want)
			recsB, linksB := statsOf(t, got)
			if len(recsA) != len(ins) || !reflect.DeepEqual(recsA, recsB) || !reflect.DeepEqual(linksA, linksB) {
				t.Errorf("statistics: got %v %v, want %v %v", recsB, linksB, recsA, linksA)
			}
			if rep, err := got.CheckDeep(); err != nil || !rep.OK() {
				t.Errorf("CheckDeep: %v %+v", err, rep.Failures)
			}
		})
	}
	e, err := EncodeIntake(&ins[1])
	if err != nil || wiped(e) == "" {
		t.Fatalf("EncodeIntake: %v, or nothing encoded", err)
	}
	e.Wipe()
	if wiped(e) != "" {
		t.Errorf("Wipe left the %s", wiped(e))
	}
}

// wiped says which part of e still holds a byte that is not zero ("": none).
func wiped(e *EncodedIntake) string {
	nonzero := func(c byte) bool { return c != 0 }
	switch {
	case slices.ContainsFunc(e.plain, nonzero):
		return "JSON"
	case slices.ContainsFunc(e.entry, nonzero):
		return "index entry"
	}
	return ""
}

// plainOf is record id of kind k as stored, decrypted.
func plainOf(t *testing.T, v *Vault, k Kind, id string) []byte {
	t.Helper()
	var out []byte
	err := v.View(func(tx *Tx) error {
		return tx.GetPlain(k, id, func(plain []byte) error { out = bytes.Clone(plain); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
