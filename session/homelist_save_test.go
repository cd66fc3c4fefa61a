package session_test

import (
	"encoding/hex"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
)

// wholeHomeList is the first screen of the whole list of s on day, made
// as home makes it: every row in session.CompareHomeRows's order, every
// intake's agenda items of each day of the week sorted.
func wholeHomeList(t *testing.T, s *session.Session, day intake.Date) session.HomeList {
	t.Helper()
	ov, err := s.Overview()
	if err != nil || !ov.Stamped {
		t.Fatalf("overview: stamped %v, %v", ov.Stamped, err)
	}
	names := map[string]string{}
	has := map[string]bool{}
	for _, r := range ov.Residents {
		names[r.ID] = r.Pseudonym
	}
	var rows []session.HomeRow
	for _, h := range ov.Intakes {
		row := session.HomeRow{IntakeID: h.ID, ResidentID: h.ResidentID, Status: h.Status, Date: h.LastContact(), Location: h.Location} // spelled out: not the code under test
		row.Name, row.Named = names[h.ResidentID]
		rows = append(rows, row)
		has[h.ResidentID] = true
	}
	for _, r := range ov.Residents {
		if !has[r.ID] {
			rows = append(rows, session.HomeRow{ResidentID: r.ID, Name: r.Pseudonym, Named: true, Date: r.Created})
		}
	}
	slices.SortFunc(rows, func(a, b session.HomeRow) int { return session.CompareHomeRows(&a, &b) })
	hl := session.HomeList{Day: day, Stamp: hex.EncodeToString(ov.Stamp[:]), Rows: len(rows), List: rows[:min(len(rows), session.HomeListRows)]}
	for d := range session.HomeListDays {
		var items []intake.Due
		for _, h := range ov.Intakes {
			items = append(items, h.Agenda(day.AddDays(d))...)
		}
		intake.SortAgenda(items)
		a := session.HomeAgenda{Dues: len(items)}
		for _, it := range items[:min(len(items), session.HomeListRows)] {
			hd := session.HomeDue{Due: it}
			if it.ResidentID != "" {
				hd.Name, hd.Named = names[it.ResidentID]
			}
			a.Agenda = append(a.Agenda, hd)
		}
		hl.Agendas = append(hl.Agendas, a)
	}
	return hl
}

// TestSaveKeepsTheFirstScreen: in a real vault, saving an intake keeps
// home's first screen up to date in the same transaction, so the next
// load shows it at once: it is what the whole list shows after the save
// (its rows, counts and every day's agenda), it is valid for the vault's
// new state, and check is clean. A new intake, which may take its
// resident's row away, does not keep it: the next load reads the whole
// list.
func TestSaveKeepsTheFirstScreen(t *testing.T) {
	s, v := realSession(t, clock)
	day := intake.DateOf(clock())
	ins := fill(t, v, 12, clock().Add(-48*time.Hour))
	if kept, err := s.KeepHomeList(wholeHomeList(t, s, day)); err != nil || !kept {
		t.Fatalf("KeepHomeList: %v %v", kept, err)
	}
	st := session.FromVault(v, intake.DefaultCatalogue(), clock)
	saves := []struct {
		name   string
		change func(in *intake.Intake)
	}{
		{"an answer (nothing on the list changes)", func(in *intake.Intake) { in.OwnWords = "andere woorden" }},
		{"an agreement due in two days", func(in *intake.Intake) {
			in.Agreements = append(in.Agreements, intake.Agreement{What: "bellen", Who: intake.PartyResident, By: day.AddDays(2)})
		}},
		{"a contact today", func(in *intake.Intake) {
			in.Contacts = append(in.Contacts, intake.Contact{At: clock().Add(-time.Hour)})
		}},
		{"closed", func(in *intake.Intake) { in.Status = intake.StatusClosed }},
	}
	for i, c := range saves {
		in := ins[i*2]
		c.change(&in)
		if err := st.SaveIntake(in); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, ok, err := s.HomeList(day)
		if err != nil || !ok {
			t.Fatalf("%s: no kept first screen after the save (%v)", c.name, err)
		}
		want := wholeHomeList(t, s, day)
		want.V = session.HomeListVersion
		if a, b := jsonOf(t, got), jsonOf(t, want); a != b {
			t.Fatalf("%s: kept\n%s\nwhole list\n%s", c.name, a, b)
		}
		if rep, err := v.Check(); err != nil || !rep.OK() {
			t.Fatalf("%s: check %v %+v", c.name, err, rep.Failures)
		}
	}
	if whole := wholeHomeList(t, s, day); len(whole.AgendaOf(day.AddDays(2)).Agenda) == 0 {
		t.Fatal("the fixture: nothing due in two days")
	}

	// A kompaan's save (they cannot read the list): nothing kept.
	if err := v.AddUser("kees", store.RoleKompaan, []byte(vaultPass)); err != nil {
		t.Fatal(err)
	}
	withKees := ins[1]
	withKees.Presence.Kompaan, withKees.Presence.KompaanName = true, "kees"
	if err := st.SaveIntake(withKees); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.HomeList(day); !ok {
		t.Fatal("the supporter's save before the kompaan's did not keep the first screen")
	}
	if err := s.Unlock("kees", []byte(vaultPass)); err != nil {
		t.Fatal(err)
	}
	withKees.OwnWords = "door kees"
	if err := st.SaveIntake(withKees); err != nil {
		t.Fatalf("the kompaan's save: %v", err)
	}
	if err := s.Unlock("anna", []byte(vaultPass)); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.HomeList(day); err != nil || ok {
		t.Fatalf("a kompaan's save left a first screen kept (%v)", err)
	}
	if kept, err := s.KeepHomeList(wholeHomeList(t, s, day)); err != nil || !kept {
		t.Fatalf("KeepHomeList: %v %v", kept, err)
	}

	// An intake moved to a resident without one (whose row goes): nothing kept.
	alone := intake.NewResident("Alleen", clock())
	if err := st.SaveResident(alone); err != nil {
		t.Fatal(err)
	}
	if kept, err := s.KeepHomeList(wholeHomeList(t, s, day)); err != nil || !kept {
		t.Fatalf("KeepHomeList: %v %v", kept, err)
	}
	moved := ins[5]
	moved.ResidentID = alone.ID
	if err := st.SaveIntake(moved); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.HomeList(day); err != nil || ok {
		t.Fatalf("an intake moved to another resident left a first screen kept (%v)", err)
	}
	if kept, err := s.KeepHomeList(wholeHomeList(t, s, day)); err != nil || !kept {
		t.Fatalf("KeepHomeList: %v %v", kept, err)
	}

	// A new intake: nothing kept.
	in := intake.NewIntake(clock())
	in.ResidentID, in.Status = ins[0].ResidentID, intake.StatusOpen
	if err := st.SaveIntake(in); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.HomeList(day); err != nil || ok {
		t.Fatalf("a new intake left a first screen kept (%v)", err)
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
