package home

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
)

// TestCompareHomeRowsIsHomesOrder: the rule a save keeps a first screen
// up to date by (session.CompareHomeRows) puts home's whole list in the
// order home shows it, each row strictly after the one before.
func TestCompareHomeRowsIsHomesOrder(t *testing.T) {
	st := manyStore(900)
	_, ctx := unlockedScreen(t, st, "anna", clock)
	l, err := Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]session.HomeRow, l.set.len())
	groups := map[int]bool{}
	for i := range rows {
		rows[i] = l.set.source(i)
		groups[len(rows[i].IntakeID)] = true
	}
	if len(groups) != 2 {
		t.Fatal("the fixture has no residents without an intake")
	}
	for i := 1; i < len(rows); i++ {
		if c := session.CompareHomeRows(&rows[i-1], &rows[i]); c >= 0 {
			t.Fatalf("rows %d and %d are in home's order, CompareHomeRows says %d:\n%+v\n%+v", i-1, i, c, rows[i-1], rows[i])
		}
	}
}

// TestAfterSaveAsTheWholeList: a first screen kept up to date by
// session.HomeList.AfterSave, one save after another, shows what the
// whole list read afresh shows: the same count of rows and of each day's
// items, and its rows and items are the first ones of the whole list's
// (it may keep fewer: what moves past its end leaves it). Saves change
// the stage, the last contact, the place, what is agreed and the next
// appointment of intakes on the first screen and past it.
func TestAfterSaveAsTheWholeList(t *testing.T) {
	st := manyStore(900)
	_, ctx := unlockedScreen(t, st, "anna", clock)
	day := today(ctx)
	whole := func() session.HomeList {
		t.Helper()
		l, err := Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return l.homeList(day, [32]byte{})
	}
	name := func(residentID string) func() (string, bool) {
		return func() (string, bool) {
			for _, r := range st.Stored {
				if r.ID == residentID && residentID != "" {
					return r.Pseudonym, true
				}
			}
			return "", false
		}
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	changes := []struct {
		name   string
		change func(in *intake.Intake)
	}{
		{"stage", func(in *intake.Intake) {
			in.Status = []intake.Status{intake.StatusDraft, intake.StatusOpen, intake.StatusClosed}[rnd.IntN(3)]
		}},
		{"a contact", func(in *intake.Intake) {
			in.Contacts = append(in.Contacts, intake.Contact{At: day0.Add(-time.Duration(rnd.IntN(2000)) * time.Hour)})
		}},
		{"place", func(in *intake.Intake) {
			locs := intake.DefaultCatalogue().Locations
			in.Location = locs[rnd.IntN(len(locs))].Code
		}},
		{"an agreement", func(in *intake.Intake) {
			by := intake.DateOf(day0).AddDays(rnd.IntN(40) - 10)
			if len(in.Agreements) > 0 && rnd.IntN(2) == 0 { // on the day of one it has: the two keep their order
				by = in.Agreements[0].By
			}
			in.Agreements = append(in.Agreements, intake.Agreement{What: fmt.Sprintf("nieuw %d", rnd.IntN(1000)), Who: intake.PartyResident, By: by})
		}},
		{"no agreements", func(in *intake.Intake) { in.Agreements = nil }},
		{"an appointment", func(in *intake.Intake) {
			in.NextAppointment = intake.Appointment{At: day0.AddDate(0, 0, rnd.IntN(9)).Add(time.Duration(rnd.IntN(8)) * time.Hour)}
		}},
	}
	hl := whole()
	updated, onScreen, reset := 0, 0, 0
	for n := range 240 {
		i := rnd.IntN(len(st.Records))
		if n%3 == 0 { // one on the first screen
			j := slices.IndexFunc(st.Records, func(in intake.Intake) bool { return in.ID == hl.List[rnd.IntN(len(hl.List))].IntakeID })
			if j < 0 {
				continue
			}
			i, onScreen = j, onScreen+1
		}
		c := changes[rnd.IntN(len(changes))]
		in := st.Records[i]
		was := in.Header().Listed()
		in.Agreements, in.Contacts = slices.Clone(in.Agreements), slices.Clone(in.Contacts)
		c.change(&in)
		st.Records[i] = in
		now := in.Header().Listed()
		want := whole()
		if !hl.AfterSave(&was, &now, name(in.ResidentID)) {
			t.Logf("save %d (%s): not kept up to date; kept afresh", n, c.name)
			hl, reset = want, reset+1
			continue
		}
		updated++
		label := fmt.Sprintf("save %d (%s of intake %s)", n, c.name, in.ID)
		if hl.Rows != want.Rows || !isPrefix(t, hl.List, want.List) {
			t.Fatalf("%s: rows %d of %d kept, whole list %d of %d:\nkept %s\nwhole %s", label, len(hl.List), hl.Rows, len(want.List), want.Rows, js(t, hl.List), js(t, want.List))
		}
		for k := range hl.Agendas {
			got, w := hl.Agendas[k], want.Agendas[k]
			if got.Dues != w.Dues || !isPrefix(t, got.Agenda, w.Agenda) {
				t.Fatalf("%s: agenda of day %d: %d of %d kept, whole %d of %d:\nkept %s\nwhole %s", label, k, len(got.Agenda), got.Dues, len(w.Agenda), w.Dues, js(t, got.Agenda), js(t, w.Agenda))
			}
		}
		if len(hl.List) < min(hl.Rows, session.HomeListRows/2) {
			t.Fatalf("%s: kept up to date with %d rows of %d", label, len(hl.List), hl.Rows)
		}
	}
	if updated < 200 || onScreen < 30 {
		t.Fatalf("%d saves kept the first screen up to date (%d on it, %d kept afresh), want most", updated, onScreen, reset)
	}
}

func isPrefix[T any](t *testing.T, part, all []T) bool {
	t.Helper()
	return len(part) <= len(all) && js(t, part) == js(t, all[:len(part)])
}

func js(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
