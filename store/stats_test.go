package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

func statOf(t *testing.T, v *Vault, statID string) intake.StatRecord {
	t.Helper()
	var rec intake.StatRecord
	if err := v.View(func(tx *Tx) error { return tx.Get(KindStat, statID, &rec) }); err != nil {
		t.Fatalf("stat %s: %v", statID, err)
	}
	return rec
}

func save(t *testing.T, v *Vault, now time.Time, rs []intake.Resident, ins ...intake.Intake) {
	t.Helper()
	err := v.Update(func(tx *Tx) error {
		for _, r := range rs {
			if err := tx.Put(KindResident, r.ID, r); err != nil {
				return err
			}
		}
		for _, in := range ins {
			if err := tx.SaveIntake(in, intake.DefaultCatalogue(), now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRecordKeyStable: an intake's statistics record keeps its record key
// whatever is saved again — edits, a closure, consent withdrawn — so two
// exports before and after a save can never average two draws of noise
// for the same record. Another record, or the same ID in another vault,
// gets another key.
func TestRecordKeyStable(t *testing.T) {
	v, _, _ := newVault(t)
	now := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	r := intake.NewResident("R", now)
	r.BirthYear = 1980
	in := intake.NewIntake(now)
	in.ResidentID, in.Consent.Given = r.ID, true
	save(t, v, now, []intake.Resident{r}, in)
	key := statOf(t, v, in.StatID).Key
	if key != recordKey(v.keys.stats.raw, in.StatID) {
		t.Fatalf("key %d is not the derived key", key)
	}
	edits := []func(*intake.Intake){
		func(in *intake.Intake) { in.SetScan("money", intake.Urgent) },
		func(in *intake.Intake) { in.Location = "library" },
		func(in *intake.Intake) { _ = in.SetStatus(intake.StatusOpen, now) },
		func(in *intake.Intake) {
			in.Closure.Appreciation = 2
			_ = in.SetStatus(intake.StatusClosed, now.AddDate(0, 1, 0))
		},
		func(in *intake.Intake) { in.Consent = intake.Consent{}; in.ResidentID = "" },
	}
	for i, edit := range edits {
		edit(&in)
		save(t, v, now, nil, in)
		if got := statOf(t, v, in.StatID).Key; got != key {
			t.Fatalf("edit %d: key %d, was %d", i, got, key)
		}
	}
	other := intake.NewIntake(now)
	save(t, v, now, nil, other)
	if statOf(t, v, other.StatID).Key == key {
		t.Error("two records share a key")
	}
	w, _, _ := newVault(t)
	save(t, w, now, nil, in)
	if statOf(t, w, in.StatID).Key == key {
		t.Error("the same record ID has the same key in another vault")
	}
}

// TestFirstInPeriodFlags: the flags that count different residents per
// period follow the resident's intakes as they are added, moved to
// another resident, or unlinked when consent is withdrawn, and other
// records are written again when their flags change.
func TestFirstInPeriodFlags(t *testing.T) {
	v, _, _ := newVault(t)
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	r := intake.NewResident("R", now)
	r2 := intake.NewResident("S", now)
	mk := func(y int, m time.Month, d int, who intake.Resident) intake.Intake {
		in := intake.NewIntake(time.Date(y, m, d, 10, 0, 0, 0, time.UTC))
		in.ResidentID, in.Consent.Given = who.ID, true
		return in
	}
	jan, feb, jul := mk(2026, 1, 10, r), mk(2026, 2, 3, r), mk(2026, 7, 1, r)
	type flags struct{ m, q, y bool }
	check := func(step string, want map[string]flags) {
		t.Helper()
		for id, w := range want {
			rec := statOf(t, v, id)
			if got := (flags{rec.FirstInMonth, rec.FirstInQuarter, rec.FirstInYear}); got != w {
				t.Errorf("%s: record %.6s flags %+v, want %+v", step, id, got, w)
			}
		}
	}
	save(t, v, now, []intake.Resident{r, r2}, feb, jul)
	check("february and july", map[string]flags{feb.StatID: {true, true, true}, jul.StatID: {true, true, false}})
	// An earlier intake arrives (an import): february is no longer the
	// first in its quarter or year; its record is written again.
	save(t, v, now, nil, jan)
	check("january added", map[string]flags{jan.StatID: {true, true, true}, feb.StatID: {true, false, false}, jul.StatID: {true, true, false}})
	// Two intakes in one month: one counts.
	jan2 := mk(2026, 1, 20, r)
	save(t, v, now, nil, jan2)
	a, b := statOf(t, v, jan.StatID), statOf(t, v, jan2.StatID)
	if a.FirstInMonth == b.FirstInMonth || a.FirstInYear == b.FirstInYear {
		t.Errorf("two intakes in January: both or neither first (%v, %v)", a.FirstInMonth, b.FirstInMonth)
	}
	// Consent withdrawn on both January intakes: they count as anonymous
	// people, and february is the resident's first again.
	for _, in := range []intake.Intake{jan, jan2} {
		in.ResidentID, in.Consent = "", intake.Consent{}
		save(t, v, now, nil, in)
	}
	check("january unlinked", map[string]flags{jan.StatID: {true, true, true}, jan2.StatID: {true, true, true}, feb.StatID: {true, true, true}})
	// July moves to another resident.
	jul.ResidentID = r2.ID
	save(t, v, now, nil, jul)
	check("july moved", map[string]flags{jul.StatID: {true, true, true}, feb.StatID: {true, true, true}})
	err := v.View(func(tx *Tx) error {
		l, err := tx.statLinks(r.ID)
		if err != nil || len(l.Intakes) != 1 || l.Intakes[0].StatID != feb.StatID {
			t.Errorf("links of the first resident: %+v %v", l, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The last intake leaves: the list is removed.
	feb.ResidentID, feb.Consent = "", intake.Consent{}
	save(t, v, now, nil, feb)
	err = v.View(func(tx *Tx) error {
		var l statLinks
		if err := tx.Get(KindStatLinks, r.ID, &l); !errors.Is(err, ErrNotFound) {
			t.Errorf("empty list kept: %+v %v", l, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSaveIntakeDamagedLinks: a damaged list of a resident's intakes does
// not stop the intake from being saved; the list starts afresh.
func TestSaveIntakeDamagedLinks(t *testing.T) {
	v, _, _ := newVault(t)
	now := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	r := intake.NewResident("R", now)
	in := intake.NewIntake(now)
	in.ResidentID, in.Consent.Given = r.ID, true
	save(t, v, now, []intake.Resident{r}, in)
	put(t, v, KindStatLinks, r.ID, note{Text: "not a list"})
	in.OwnWords = "typed later"
	save(t, v, now, nil, in)
	if rec := statOf(t, v, in.StatID); !rec.FirstInYear {
		t.Errorf("flags after a damaged list: %+v", rec)
	}
}

// TestMigrateStatsV2 makes a format 1 vault with version 1 statistics
// records and opens it: the records become version 2, with the month of
// closure from the intake (or estimated without one), their derived key,
// and first-in-period flags from the resident's intakes; a record that was
// not valid stays as it was; a coordinator cannot migrate.
func TestMigrateStatsV2(t *testing.T) {
	oldFormat := currentFormat
	t.Cleanup(func() { currentFormat = oldFormat })
	currentFormat = 1
	v, path, _ := newVault(t)
	coordPass := []byte("coordinator passphrase")
	if err := v.AddUser("Cees", RoleCoordinator, coordPass); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	r := intake.NewResident("R", now)
	first := intake.NewIntake(time.Date(2025, 2, 10, 10, 0, 0, 0, time.UTC))
	first.ResidentID, first.Consent.Given, first.Status = r.ID, true, intake.StatusClosed
	first.ClosedAt = time.Date(2025, 5, 2, 10, 0, 0, 0, time.UTC)
	second := intake.NewIntake(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC))
	second.ResidentID, second.Consent.Given = r.ID, true
	v1 := map[string]intake.StatRecordV1{
		first.StatID: {Month: "2025-02", Location: "library", Status: intake.StatusClosed, TurnaroundDays: 81, Contacts: 7,
			Appreciation: 5, Referrals: 3, Network: true, Consent: true},
		second.StatID: {Month: "2025-03", Status: intake.StatusOpen, Contacts: 1, Consent: true},
		"orphan":      {Month: "2025-01", Status: intake.StatusClosed, TurnaroundDays: 40, Contacts: 2},
	}
	err := v.Update(func(tx *Tx) error {
		if err := tx.Put(KindResident, r.ID, r); err != nil {
			return err
		}
		for _, in := range []intake.Intake{first, second} {
			if err := tx.Put(KindIntake, in.ID, in); err != nil {
				return err
			}
		}
		for id, rec := range v1 {
			if err := tx.Put(KindStat, id, rec); err != nil {
				return err
			}
		}
		return tx.Put(KindStat, "broken", note{Text: "not a record"})
	})
	if err != nil {
		t.Fatal(err)
	}
	currentFormat = oldFormat
	v = reopen(t, v, path)
	if err := v.Unlock("Cees", coordPass); !errors.Is(err, ErrNeedsUpgrade) {
		t.Fatalf("coordinator on a format 1 vault: %v", err)
	}
	if err := v.Unlock(testUser, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if v.FormatVersion() != currentFormat {
		t.Fatalf("format %d after the migration", v.FormatVersion())
	}
	want := map[string]intake.StatRecord{
		first.StatID: {V: intake.StatVersion, Month: "2025-02", Location: "library", FirstInMonth: true, FirstInQuarter: true, FirstInYear: true,
			Closed: true, ClosedMonth: "2025-05", TurnaroundDays: 80, Appreciation: 5, Contacts: intake.ContactsSix},
		second.StatID: {V: intake.StatVersion, Month: "2025-03", FirstInMonth: true},
		// No intake: closed in the month 40 days after 15 January.
		"orphan": {V: intake.StatVersion, Month: "2025-01", FirstInMonth: true, FirstInQuarter: true, FirstInYear: true,
			Closed: true, ClosedMonth: "2025-02", TurnaroundDays: 40, Contacts: intake.ContactsTwo},
	}
	for id, w := range want {
		w.Key = recordKey(v.keys.stats.raw, id)
		if got := statOf(t, v, id); !reflect.DeepEqual(got, w) {
			t.Errorf("record %s:\n got  %+v\n want %+v", id, got, w)
		}
	}
	// Check names the record that is no statistics record, and both that
	// belong to no intake.
	rep, err := v.Check()
	var found []string
	for _, f := range rep.Failures {
		found = append(found, f.ID+" "+string(f.Kind))
	}
	slices.Sort(found)
	want2 := []string{"broken " + string(FailContent), "broken " + string(FailMismatch), "orphan " + string(FailMismatch)}
	slices.Sort(want2)
	if err != nil || !slices.Equal(found, want2) {
		t.Fatalf("check after the migration: %v %q, want %q", err, found, want2)
	}
	// Saving again gives the same record: the migration and SaveIntake agree.
	before := statOf(t, v, first.StatID)
	save(t, v, now, nil, first)
	if got := statOf(t, v, first.StatID); got.Key != before.Key || got.ClosedMonth != before.ClosedMonth || got.FirstInYear != before.FirstInYear {
		t.Errorf("saved again: %+v, migrated: %+v", got, before)
	}
}

// TestStatSettings: the minimum cell size is a vault setting with a
// default; anyone unlocked reads it; only a supporter (or a recovery
// session) sets it, within bounds, and the setting says who and when.
func TestStatSettings(t *testing.T) {
	v, path, code := newVault(t)
	for _, u := range []struct {
		name string
		role Role
	}{{"Cees", RoleCoordinator}, {"Bram", RoleKompaan}} {
		if err := v.AddUser(u.name, u.role, []byte(u.name+" passphrase")); err != nil {
			t.Fatal(err)
		}
	}
	if s, err := v.StatSettings(); err != nil || s != (StatSettings{Threshold: DefaultStatThreshold}) {
		t.Fatalf("default: %+v %v", s, err)
	}
	now := time.Date(2026, 11, 27, 9, 30, 12, 500, time.UTC)
	tests := []struct {
		who     string
		n       int
		wantErr error
	}{
		{testUser, 15, nil}, // every later attempt fails and leaves this
		{testUser, 4, ErrStatThreshold},
		{testUser, MaxStatThreshold + 1, ErrStatThreshold},
		{"Cees", 5, ErrNotPermitted},
		{"Bram", 5, ErrNotPermitted},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s sets %d", tt.who, tt.n), func(t *testing.T) {
			pass := testPass
			if tt.who != testUser {
				pass = tt.who + " passphrase"
			}
			if err := v.Unlock(tt.who, []byte(pass)); err != nil {
				t.Fatal(err)
			}
			if _, err := v.SetStatThreshold(tt.n, now); !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			s, err := v.StatSettings()
			want := StatSettings{Threshold: 15, ChangedBy: testUser, ChangedAt: time.Date(2026, 11, 27, 9, 30, 12, 0, time.UTC)}
			if err != nil || s != want {
				t.Errorf("settings read by %s: %+v %v", tt.who, s, err)
			}
		})
	}
	if err := v.UnlockWithRecovery(code); err != nil {
		t.Fatal(err)
	}
	if s, err := v.SetStatThreshold(20, now); err != nil || s.ChangedBy != RecoveryUser {
		t.Fatalf("recovery session: %+v %v", s, err)
	}
	// A stored value out of range is refused, not used.
	put(t, v, KindStatSettings, statSettingsID, StatSettings{Threshold: 2})
	v = reopen(t, v, path)
	if err := v.Unlock("Cees", []byte("Cees passphrase")); err != nil {
		t.Fatal(err)
	}
	if _, err := v.StatThreshold(); !errors.Is(err, ErrStatThreshold) {
		t.Errorf("threshold 2 in the vault: %v", err)
	}
}

// TestPublishStats: the first figures published for a range of months
// stay; later ones do not replace them. A coordinator may publish.
func TestPublishStats(t *testing.T) {
	v, _, _ := newVault(t)
	if err := v.AddUser("Cees", RoleCoordinator, []byte("Cees passphrase")); err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("Cees", []byte("Cees passphrase")); err != nil {
		t.Fatal(err)
	}
	if got, err := v.PublishedStats("2026-01:2026-03"); err != nil || got != nil {
		t.Fatalf("nothing published yet: %q %v", got, err)
	}
	for i, data := range []string{`{"first":1}`, `{"second":2}`} {
		kept, err := v.PublishStats("2026-01:2026-03", []byte(data))
		if err != nil || string(kept) != `{"first":1}` {
			t.Fatalf("publish %d: kept %q %v", i, kept, err)
		}
	}
	if got, err := v.PublishedStats("2026-01:2026-03"); err != nil || string(got) != `{"first":1}` {
		t.Fatalf("published: %q %v", got, err)
	}
	if got, _ := v.PublishedStats("2026-04:2026-06"); got != nil {
		t.Errorf("other months: %q", got)
	}
}

// recordKey is the record key's definition (see Tx.recordKey), derived
// anew for each record: the keys the store gives are held to it.
func recordKey(statsKey []byte, statID string) uint32 {
	k := hmac.New(sha256.New, statsKey)
	k.Write([]byte("spreekuur cell key v1"))
	sub := k.Sum(nil)
	defer clear(sub)
	m := hmac.New(sha256.New, sub)
	m.Write([]byte(statID))
	return binary.BigEndian.Uint32(m.Sum(nil))
}
