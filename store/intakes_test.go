package store

import (
	"bytes"
	"errors"
	"os"
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
