package session

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

var homeDay = intake.D(2026, 11, 27)

// homeVector is the list of testdata/homelist-v2.json: an intake row with
// its resident, one without (anonymous), a resident without an intake,
// and an agreement in the agendas of its day and the next (none the day
// after).
func homeVector() (HomeList, [32]byte) {
	var stamp [32]byte
	for i := range stamp {
		stamp[i] = byte(i)
	}
	at := time.Date(2026, 11, 26, 14, 30, 0, 0, time.UTC)
	return HomeList{V: 2, Day: homeDay, Stamp: hex.EncodeToString(stamp[:]), Rows: 3,
		List: []HomeRow{
			{IntakeID: "0430f37500000000000000000000000a", ResidentID: "r0000000000000000000000000000001", Name: "Marieke J.", Named: true, Status: intake.StatusOpen, Date: at, Location: "library"},
			{IntakeID: "0430f37500000000000000000000000b", Status: intake.StatusDraft, Date: at.Add(-time.Hour)},
			{ResidentID: "r0000000000000000000000000000002", Name: "Sanne", Named: true, Date: at.Add(-2 * time.Hour)},
		},
		Agendas: []HomeAgenda{{Dues: 1, Agenda: due}, {Dues: 1, Agenda: due}, {Agenda: []HomeDue{}}},
	}, stamp
}

var due = []HomeDue{{Due: intake.Due{Kind: intake.DueAgreement, IntakeID: "0430f37500000000000000000000000a",
	ResidentID: "r0000000000000000000000000000001", Date: intake.D(2026, 11, 28), What: intake.T("Afspraak", "Agreement"), About: "UWV bellen", Step: "agreements"}, Name: "Marieke J.", Named: true}}

// sameList reports whether a and b encode alike.
func sameList(a, b *HomeList) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// TestHomeListVector: the list encodes to the vector byte for byte, and
// the vector decodes to the list and is valid for its stamp on each of
// its three days, with each day's agenda; not the day before or after.
func TestHomeListVector(t *testing.T) {
	hl, stamp := homeVector()
	want, err := os.ReadFile("testdata/homelist-v2.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(hl)
	if err != nil || !bytes.Equal(got, bytes.TrimSpace(want)) {
		t.Fatalf("encoded:\n%s\nvector:\n%s", got, want)
	}
	var back HomeList
	if err := json.Unmarshal(want, &back); err != nil || !sameList(&back, &hl) || back.Stamp != "" {
		t.Fatalf("decoded %+v, %v", back, err)
	}
	if bytes.Contains(want, []byte(`"stamp"`)) {
		t.Fatal("the stamp is kept beside the list (store), not in it")
	}
	back.Stamp = hl.Stamp // as the session sets it from the store when it reads the list
	for d := range 3 {
		day := homeDay.AddDays(d)
		if err := back.check(day, stamp); err != nil {
			t.Fatalf("the vector is not valid on %v: %v", day, err)
		}
		if a := back.AgendaOf(day); a.Dues != len(a.Agenda) || a.Dues != min(1, 2-d) {
			t.Fatalf("the agenda of %v: %+v", day, a)
		}
	}
	for _, day := range []intake.Date{homeDay.AddDays(-1), homeDay.AddDays(3)} {
		if back.check(day, stamp) == nil {
			t.Errorf("valid on %v", day)
		}
	}
}

// TestHomeListCheck: a kept list is used only as this version wrote it,
// for its own day and the vault's stamp, with sane counts and rows.
func TestHomeListCheck(t *testing.T) {
	cases := []struct {
		name   string
		change func(hl *HomeList, stamp *[32]byte, day *intake.Date)
	}{
		{"another version", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.V = 1 }},
		{"a day it holds no agenda of", func(_ *HomeList, _ *[32]byte, day *intake.Date) { *day = day.AddDays(3) }},
		{"a day before it", func(_ *HomeList, _ *[32]byte, day *intake.Date) { *day = day.AddDays(-1) }},
		{"no day", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.Day = intake.Date{} }},
		{"more days than a week", func(hl *HomeList, _ *[32]byte, _ *intake.Date) {
			for len(hl.Agendas) <= HomeListDays {
				hl.Agendas = append(hl.Agendas, HomeAgenda{})
			}
		}},
		{"the vault changed", func(_ *HomeList, stamp *[32]byte, _ *intake.Date) { stamp[0] ^= 1 }},
		{"fewer rows in all than kept", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.Rows = 2 }},
		{"fewer items in all than kept", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.Agendas[1].Dues = 0 }},
		{"rows in all but none kept", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.List = nil }},
		{"items in all but none kept", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.Agendas[1].Agenda = nil }},
		{"too many rows kept", func(hl *HomeList, _ *[32]byte, _ *intake.Date) {
			for len(hl.List) <= HomeListRows {
				hl.List = append(hl.List, hl.List[0])
			}
			hl.Rows = len(hl.List)
		}},
		{"an unknown stage", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.List[0].Status = "gone" }},
		{"a row of nothing", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.List[2].ResidentID = "" }},
		{"a resident row with a stage", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.List[2].Status = intake.StatusOpen }},
		{"a resident row not named", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.List[2].Named = false; hl.List[2].Name = "" }},
		{"a name for no one", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.List[1].Name = "x" }},
		{"an item's name for no one", func(hl *HomeList, _ *[32]byte, _ *intake.Date) { hl.Agendas[0].Agenda[0].Named = false }},
		{"an item of no intake", func(hl *HomeList, _ *[32]byte, _ *intake.Date) {
			hl.Agendas[1].Agenda = []HomeDue{due[0]}
			hl.Agendas[1].Agenda[0].Due.IntakeID = ""
		}},
	}
	hl, stamp := homeVector()
	if err := hl.check(homeDay, stamp); err != nil {
		t.Fatalf("the valid list: %v", err)
	}
	for _, c := range cases {
		hl, stamp := homeVector()
		day := homeDay
		c.change(&hl, &stamp, &day)
		if err := hl.check(day, stamp); err == nil {
			t.Errorf("%s: used", c.name)
		}
	}
}

// FuzzHomeList: any bytes where a kept list's plaintext would be either
// fail to decode or to check, or make a list that encodes and decodes to
// itself — never a panic.
func FuzzHomeList(f *testing.F) {
	vector, err := os.ReadFile("testdata/homelist-v2.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(vector)
	f.Add([]byte(`{"v":2,"day":"2026-11-27","rows":0,"list":[],"agendas":[{"dues":0,"agenda":[]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var hl HomeList
		if json.Unmarshal(b, &hl) != nil {
			return
		}
		var stamp [32]byte // the store's, beside the list
		hl.Stamp = hex.EncodeToString(stamp[:])
		if hl.check(hl.Day, stamp) != nil {
			return
		}
		_ = hl.AgendaOf(hl.Day.AddDays(len(hl.Agendas) - 1))
		again, err := json.Marshal(hl)
		if err != nil {
			t.Fatal(err)
		}
		var back HomeList
		if err := json.Unmarshal(again, &back); err != nil || !sameList(&back, &hl) {
			t.Fatalf("a valid list did not come back: %v", err)
		}
		back.Stamp = hl.Stamp
		if back.check(hl.Day, stamp) != nil {
			t.Fatal("a valid list did not check again")
		}
	})
}

// TestSameOnList: only a save that leaves an intake's header as it was
// but for its time writes no more than the list's stamp; any change to
// what its row or agenda is made of — however far ahead it is due —
// updates the list instead.
func TestSameOnList(t *testing.T) {
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	base := intake.Header{ID: "0430f37500000000000000000000000a", ResidentID: "r1", Status: intake.StatusOpen, Created: at, Updated: at,
		Agreements: []intake.Agreement{{What: "bellen", Who: intake.PartyResident, By: homeDay.AddDays(3)}}}
	cases := []struct {
		name   string
		change func(h *intake.Header)
		same   bool
	}{
		{"saved later", func(h *intake.Header) { h.Updated = h.Updated.Add(time.Hour) }, true},
		{"the stage", func(h *intake.Header) { h.Status = intake.StatusClosed }, false},
		{"a contact", func(h *intake.Header) { h.Contacts = []intake.ContactHeader{{At: at.Add(time.Hour)}} }, false},
		{"the place", func(h *intake.Header) { h.Location = "library" }, false},
		{"an agreement's day", func(h *intake.Header) {
			h.Agreements = []intake.Agreement{{What: "bellen", Who: intake.PartyResident, By: homeDay.AddDays(4)}}
		}, false},
		{"an agreement's words", func(h *intake.Header) {
			h.Agreements = []intake.Agreement{{What: "mailen", Who: intake.PartyResident, By: homeDay.AddDays(3)}}
		}, false},
		{"an appointment a year ahead", func(h *intake.Header) { h.NextAppointment = intake.Appointment{At: at.AddDate(1, 0, 0)} }, false},
		{"an agency", func(h *intake.Header) { h.Agencies = []intake.AgencyCode{"uwv"} }, false},
	}
	for _, c := range cases {
		now := base
		now.Agreements = slices.Clone(base.Agreements)
		c.change(&now)
		if got := sameOnList(&base, &now); got != c.same {
			t.Errorf("%s: same %v", c.name, got)
		}
	}
}

// TestAfterSaveKeepsAScreenful: saves that each move a row past the end
// of a kept list (it holds the first 100 of 200) leave it one shorter
// each, down to half of what is kept; the save after that reports it
// cannot be kept, so a first screen never ends before the list does.
func TestAfterSaveKeepsAScreenful(t *testing.T) {
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	hl := HomeList{V: HomeListVersion, Day: homeDay, Rows: 200, Agendas: []HomeAgenda{{}}}
	headers := make([]intake.Header, HomeListRows)
	for i := range headers {
		headers[i] = intake.Header{ID: fmt.Sprintf("%032x", i+1), Status: intake.StatusOpen, Created: at.Add(-time.Duration(i) * time.Minute)}
		hl.List = append(hl.List, IntakeRow(&headers[i]))
	}
	anonymous := func() (string, bool) { return "", false }
	for i := range headers {
		closed := headers[i]
		closed.Status = intake.StatusClosed
		ok := hl.AfterSave(&headers[i], &closed, anonymous)
		if want := HomeListRows-i-1 >= 50; ok != want { // docs/FORMAT.md: not below 50
			t.Fatalf("save %d: kept %v with %d rows, want %v", i, ok, len(hl.List), want)
		}
		if !ok {
			return
		}
		if len(hl.List) != HomeListRows-i-1 || hl.List[0].IntakeID != headers[i+1].ID {
			t.Fatalf("save %d: %d rows, the first %s", i, len(hl.List), hl.List[0].IntakeID)
		}
	}
	t.Fatal("never too short")
}
