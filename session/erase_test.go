package session_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
)

// residentWith stores a resident and conversations made at the given
// months before now, returning the resident's ID and the intakes.
func residentWith(st *sessiontest.Fake, name string, monthsAgo ...int) (string, []intake.Intake) {
	r := intake.NewResident(name, now.AddDate(0, -monthsAgo[0], 0))
	st.Stored = append(st.Stored, r)
	var out []intake.Intake
	for _, m := range monthsAgo {
		in := intake.NewIntake(now.AddDate(0, -m, 0))
		in.ResidentID, in.Status = r.ID, intake.StatusOpen
		in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: in.Created}
		in.OwnWords = name + " vraagt iets geheims"
		st.Records = append(st.Records, in)
		out = append(out, in)
	}
	return r.ID, out
}

func TestErasePlanNamesWhatGoesAndErases(t *testing.T) {
	st := sessiontest.New()
	st.Org = store.Organisation{Name: "Cliëntondersteuning Oost", Phone: "020 123 4567"}
	ria, riaIn := residentWith(st, "Ria", 5, 2)
	sam, _ := residentWith(st, "Sam", 1)
	s := open(t, st, "anna", "correct horse battery")
	plan, err := s.ErasePlan(ria)
	if err != nil {
		t.Fatal(err)
	}
	items := plan.Items("nl")
	if len(items) != 4 || !strings.Contains(items[0], "Ria") || !strings.Contains(items[1], session.ShortID(riaIn[0].ID)) ||
		!strings.Contains(items[2], session.ShortID(riaIn[1].ID)) || !strings.Contains(items[3], "telling") {
		t.Fatalf("items %q", items)
	}
	for _, it := range items {
		if strings.Contains(it, "geheims") {
			t.Errorf("the confirmation shows what was typed: %q", it)
		}
	}
	er, err := s.Erase(plan, store.EraseRequest)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Records) != 1 || len(st.Stored) != 1 || st.Stored[0].ID != sam {
		t.Fatalf("after: %d intakes, residents %+v", len(st.Records), st.Stored)
	}
	if len(er.Tombstone.Intakes) != 2 || er.Tombstone.Resident != ria {
		t.Fatalf("tombstone %+v", er.Tombstone)
	}
	{
		doc, err := s.Receipt(er)
		if err != nil {
			t.Fatal(err)
		}
		txt := doc.Text()
		if !strings.Contains(txt, session.ShortID(ria)) || !strings.Contains(txt, "2 gesprekken") ||
			!strings.Contains(txt, "27 november 2026") || !strings.Contains(txt, "artikel 17") || !strings.Contains(txt, "020 123 4567") {
			t.Errorf("receipt:\n%s", txt)
		}
		if strings.Contains(txt, "geheims") {
			t.Errorf("the receipt holds what was erased:\n%s", txt)
		}
	}
}

func TestOnlyASupporterErases(t *testing.T) {
	for _, u := range []struct{ name, pass string }{{"kees", "kees passphrase"}, {"coco", "coco passphrase"}} {
		st := sessiontest.New()
		st.AddUser("kees", "kees passphrase", store.RoleKompaan)
		st.AddUser("coco", "coco passphrase", store.RoleCoordinator)
		ria, _ := residentWith(st, "Ria", 3)
		s := open(t, st, u.name, u.pass)
		if _, err := s.ErasePlan(ria); !errors.Is(err, session.ErrNotPermitted) {
			t.Errorf("%s: plan %v", u.name, err)
		}
		if _, err := s.Erase(session.ErasePlan{Resident: intake.Resident{ID: ria}}, store.EraseRequest); !errors.Is(err, session.ErrNotPermitted) {
			t.Errorf("%s: erase %v", u.name, err)
		}
		if len(st.Stored) != 1 {
			t.Errorf("%s erased", u.name)
		}
	}
}

// TestRetentionList: residents whose last contact (first contact, a
// follow-up or the closure) is longer ago than the setting are listed,
// oldest first; what still runs is flagged; the setting moves the line.
func TestRetentionList(t *testing.T) {
	st := sessiontest.New()
	old, _ := residentWith(st, "Old", 40)
	late, lateIn := residentWith(st, "LateContact", 30) // a follow-up 10 months ago keeps it
	st.Records[len(st.Records)-1].Contacts = []intake.Contact{{At: now.AddDate(0, -10, 0), Kind: intake.ContactPhone}}
	agreed, _ := residentWith(st, "Agreed", 26)
	st.Records[len(st.Records)-1].Agreements = []intake.Agreement{{What: "bellen", Who: intake.PartySupporter, By: intake.DateOf(now.AddDate(0, -25, 0))}}
	objection, _ := residentWith(st, "Objection", 25)
	st.Records[len(st.Records)-1].Clarifications = []intake.Clarification{{Domain: "money", Letters: []intake.Letter{{Kind: intake.LetterDecision, Sent: intake.DateOf(now.AddDate(0, 0, -10))}}}}
	_, _ = residentWith(st, "Recent", 3)
	s := open(t, st, "anna", "correct horse battery")
	months, items, err := s.RetentionList()
	if err != nil {
		t.Fatal(err)
	}
	if months != store.DefaultRetentionMonths {
		t.Fatalf("months %d", months)
	}
	var got []string
	flags := map[string][]string{}
	for _, it := range items {
		got = append(got, it.Resident.ID)
		for _, f := range it.Flags {
			flags[it.Resident.ID] = append(flags[it.Resident.ID], f.Kind)
		}
	}
	if want := []string{old, agreed, objection}; !slices.Equal(got, want) {
		t.Fatalf("listed %v, want %v (late %s %v)", got, want, late, lateIn[0].ID)
	}
	if len(flags[old]) != 0 || !slices.Equal(flags[agreed], []string{session.FlagAgreement}) || !slices.Equal(flags[objection], []string{session.FlagDeadline}) {
		t.Fatalf("flags %v", flags)
	}
	if items[0].Due != intake.DateOf(now.AddDate(0, -40+24, 0)) {
		t.Errorf("due %v", items[0].Due)
	}
	// Three years instead of two: only the oldest is left.
	if _, err := s.SetPrivacy(store.Privacy{RetentionMonths: 36}); err != nil {
		t.Fatal(err)
	}
	if _, items, _ = s.RetentionList(); len(items) != 1 || items[0].Resident.ID != old {
		t.Fatalf("with 36 months: %+v", items)
	}
}

// TestClosedConversationEndsItsAgreements: an agreement not ticked off in
// a closed conversation does not hold a resident back; in an open one it
// does.
func TestClosedConversationEndsItsAgreements(t *testing.T) {
	for _, c := range []struct {
		status  intake.Status
		flagged bool
	}{{intake.StatusClosed, false}, {intake.StatusOpen, true}} {
		st := sessiontest.New()
		_, _ = residentWith(st, "Oud", 30)
		st.Records[0].Status = c.status
		st.Records[0].Agreements = []intake.Agreement{{What: "bellen", Who: intake.PartySupporter}}
		s := open(t, st, "anna", "correct horse battery")
		_, items, err := s.RetentionList()
		if err != nil || len(items) != 1 || items[0].Flagged() != c.flagged {
			t.Errorf("%s: %+v %v", c.status, items, err)
		}
	}
}

// TestCompactIsLogged: a supporter's compaction runs and is logged with
// why, after it ran; a kompaan or coordinator is refused (logged denied,
// nothing compacted); a compaction that fails is logged as failed.
func TestCompactIsLogged(t *testing.T) {
	cases := []struct {
		user, pass string
		fail       bool
		err        error
		outcome    string
		compacted  int
	}{
		{"anna", "correct horse battery", false, nil, store.OutcomeOK, 1},
		{"anna", "correct horse battery", true, sessiontest.ErrDiskFull, store.OutcomeFailed, 0},
		{"kees", "kees passphrase", false, session.ErrNotPermitted, store.OutcomeDenied, 0},
		{"coco", "coco passphrase", false, session.ErrNotPermitted, store.OutcomeDenied, 0},
	}
	for _, c := range cases {
		st := sessiontest.New()
		st.AddUser("kees", "kees passphrase", store.RoleKompaan)
		st.AddUser("coco", "coco passphrase", store.RoleCoordinator)
		s := open(t, st, c.user, c.pass)
		st.Entries = nil
		if c.fail {
			st.SaveFails = 1
		}
		_, err := s.Compact("erase", nil)
		if c.err == nil && err != nil || c.err != nil && !errors.Is(err, c.err) {
			t.Errorf("%s (fail %v): %v, want %v", c.user, c.fail, err, c.err)
		}
		if st.Compactions != c.compacted {
			t.Errorf("%s: %d compactions, want %d", c.user, st.Compactions, c.compacted)
		}
		got := slices.DeleteFunc(slices.Clone(st.Entries), func(e store.LogEntry) bool { return e.Action != store.ActCompact })
		if len(got) != 1 || got[0].Outcome != c.outcome || got[0].Detail != "erase" || got[0].User != c.user {
			t.Errorf("%s (fail %v): log %+v", c.user, c.fail, got)
		}
	}
}
