package session_test

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
)

// logWorld is a fake vault with a supporter (anna), a kompaan (kees) and a
// coordinator (coco), and one conversation anna held with Ali.
type logWorld struct {
	st       *sessiontest.Fake
	intakeID string
	resident string
}

func newLogWorld(t *testing.T) *logWorld {
	t.Helper()
	st := sessiontest.New()
	st.AddUser("kees", "kees passphrase", store.RoleKompaan)
	st.AddUser("coco", "coco passphrase", store.RoleCoordinator)
	s := open(t, st, "anna", "correct horse battery")
	e, err := s.NewIntake("")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = e.Change(field(t, s, "start.consent"), e.At(), conversation.Value{Yes: true})
	_ = e.Apply(field(t, s, "start.pseudonym"), e.At(), conversation.Value{Text: "Ali"})
	if e.SaveErr() != nil {
		t.Fatal(e.SaveErr())
	}
	s.Lock()
	st.Mu.Lock()
	st.Entries = nil
	st.Mu.Unlock()
	return &logWorld{st: st, intakeID: e.ID(), resident: e.Draft().Resident.ID}
}

// TestEveryEventIsLoggedOnce: each thing a person does gives exactly one
// entry with the right action, outcome, user, role, purpose, on whose
// behalf, resident, intake and time.
func TestEveryEventIsLoggedOnce(t *testing.T) {
	cases := []struct {
		name      string
		user      string
		do        func(t *testing.T, s *session.Session, w *logWorld)
		action    string
		outcome   string
		purpose   string
		onBehalf  string
		resident  bool // the entry names the resident
		intake    bool // and the conversation
		detail    string
		wantNoLog bool
	}{
		{name: "unlock", user: "anna", do: func(*testing.T, *session.Session, *logWorld) {},
			action: store.ActUnlock, outcome: store.OutcomeOK, purpose: store.PurposeSecurity},
		{name: "lock", user: "anna", do: func(_ *testing.T, s *session.Session, _ *logWorld) { s.Lock() },
			action: store.ActLock, outcome: store.OutcomeOK, purpose: store.PurposeSecurity},
		{name: "the list", user: "anna", do: func(t *testing.T, s *session.Session, _ *logWorld) {
			if _, err := s.Overview(); err != nil {
				t.Fatal(err)
			}
		}, action: store.ActSearch, outcome: store.OutcomeOK, purpose: store.PurposeIntake, detail: "list"},
		{name: "open a conversation", user: "anna", do: func(t *testing.T, s *session.Session, w *logWorld) {
			if _, err := s.OpenIntake(w.intakeID); err != nil {
				t.Fatal(err)
			}
		}, action: store.ActRead, outcome: store.OutcomeOK, purpose: store.PurposeIntake, resident: true, intake: true},
		{name: "a kompaan refused a conversation", user: "kees", do: func(t *testing.T, s *session.Session, w *logWorld) {
			if _, err := s.OpenIntake(w.intakeID); !errors.Is(err, session.ErrNotYours) {
				t.Fatal(err)
			}
		}, action: store.ActRead, outcome: store.OutcomeDenied, purpose: store.PurposeIntake, intake: true},
		{name: "the sheet", user: "anna", do: func(t *testing.T, s *session.Session, w *logWorld) {
			if _, err := s.Paper(session.PaperRequest{IntakeID: w.intakeID, Kind: papers.KindSheet}); err != nil {
				t.Fatal(err)
			}
		}, action: store.ActPrint, outcome: store.OutcomeOK, purpose: store.PurposeIntake, resident: true, intake: true, detail: papers.KindSheet},
		{name: "the access export", user: "anna", do: func(t *testing.T, s *session.Session, w *logWorld) {
			if _, err := s.AccessExport(w.resident); err != nil {
				t.Fatal(err)
			}
		}, action: store.ActExport, outcome: store.OutcomeOK, purpose: store.PurposeAccess, onBehalf: session.OnBehalfResident, resident: true, detail: "access"},
		{name: "reading the log", user: "anna", do: func(t *testing.T, s *session.Session, _ *logWorld) {
			if _, err := s.AccessLog(session.LogFilter{}); err != nil {
				t.Fatal(err)
			}
		}, action: store.ActLogRead, outcome: store.OutcomeOK, purpose: store.PurposeSecurity, detail: "all"},
		{name: "a kompaan refused the log", user: "kees", do: func(t *testing.T, s *session.Session, _ *logWorld) {
			if _, err := s.AccessLog(session.LogFilter{}); !errors.Is(err, session.ErrNotPermitted) {
				t.Fatal(err)
			}
		}, action: store.ActLogRead, outcome: store.OutcomeDenied, purpose: store.PurposeSecurity},
		{name: "erasure", user: "anna", do: func(t *testing.T, s *session.Session, w *logWorld) {
			plan, err := s.ErasePlan(w.resident)
			if err != nil {
				t.Fatal(err)
			}
			w.st.Mu.Lock()
			w.st.Entries = w.st.Entries[:len(w.st.Entries)-1] // the plan's read, tested below
			w.st.Mu.Unlock()
			if _, err := s.Erase(plan, store.EraseRequest); err != nil {
				t.Fatal(err)
			}
		}, action: store.ActErase, outcome: store.OutcomeOK, purpose: store.PurposeAccess, onBehalf: session.OnBehalfResident, resident: true, detail: store.EraseRequest},
		{name: "a coordinator refused an erasure", user: "coco", do: func(t *testing.T, s *session.Session, w *logWorld) {
			if _, err := s.ErasePlan(w.resident); !errors.Is(err, session.ErrNotPermitted) {
				t.Fatal(err)
			}
		}, action: store.ActRead, outcome: store.OutcomeDenied, purpose: store.PurposeAccess, resident: true, detail: "erase-plan"},
		{name: "the retention list", user: "anna", do: func(t *testing.T, s *session.Session, _ *logWorld) {
			if _, _, err := s.RetentionList(); err != nil {
				t.Fatal(err)
			}
		}, action: store.ActRetention, outcome: store.OutcomeOK, purpose: store.PurposeSecurity, detail: "list"},
		{name: "a privacy setting", user: "anna", do: func(t *testing.T, s *session.Session, _ *logWorld) {
			if _, err := s.SetPrivacy(store.Privacy{RetentionMonths: 36}); err != nil {
				t.Fatal(err)
			}
		}, action: store.ActSetting, outcome: store.OutcomeOK, purpose: store.PurposeSecurity, detail: "privacy"},
	}
	pass := map[string]string{"anna": "correct horse battery", "kees": "kees passphrase", "coco": "coco passphrase"}
	roles := map[string]store.Role{"anna": store.RoleSupporter, "kees": store.RoleKompaan, "coco": store.RoleCoordinator}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newLogWorld(t)
			s := open(t, w.st, c.user, pass[c.user])
			if c.action != store.ActUnlock {
				w.st.Mu.Lock()
				w.st.Entries = nil // the unlock's own entry
				w.st.Mu.Unlock()
			}
			c.do(t, s, w)
			w.st.Mu.Lock()
			got := slices.Clone(w.st.Entries)
			w.st.Mu.Unlock()
			if len(got) != 1 {
				t.Fatalf("%d entries, want 1: %+v", len(got), got)
			}
			e := got[0]
			if e.Action != c.action || e.Outcome != c.outcome || e.Purpose != c.purpose || e.OnBehalf != c.onBehalf || e.Detail != c.detail {
				t.Errorf("entry %+v; want action %s outcome %s purpose %s on behalf %q detail %q", e, c.action, c.outcome, c.purpose, c.onBehalf, c.detail)
			}
			if e.User != c.user || e.Role != roles[c.user] || !e.At.Equal(now) {
				t.Errorf("who/when: %q %q %v", e.User, e.Role, e.At)
			}
			if (e.Resident == w.resident) != c.resident || (e.Intake == w.intakeID) != c.intake {
				t.Errorf("whose file: resident %q intake %q; want resident %v intake %v", e.Resident, e.Intake, c.resident, c.intake)
			}
		})
	}
}

// TestEditingIsLoggedPerStep: making a conversation is one entry (and the
// resident one more); then one entry for the first change in each step,
// not one per key.
func TestEditingIsLoggedPerStep(t *testing.T) {
	st := sessiontest.New()
	s := open(t, st, "anna", "correct horse battery")
	e, _ := s.NewIntake("")
	_, _ = e.Change(field(t, s, "start.consent"), e.At(), conversation.Value{Yes: true})
	_ = e.Apply(field(t, s, "start.pseudonym"), e.At(), conversation.Value{Text: "Ali"})
	_ = e.Apply(field(t, s, "start.pseudonym"), e.At(), conversation.Value{Text: "Ali B"})
	e.SetStep(intake.StepQuestion)
	for _, words := range []string{"Ik", "Ik heb", "Ik heb schulden"} {
		_ = e.Apply(field(t, s, "question.own_words"), e.At(), conversation.Value{Text: words})
	}
	type ev struct{ action, detail string }
	var got []ev
	for _, x := range st.Entries {
		got = append(got, ev{x.Action, x.Detail})
	}
	want := []ev{
		{store.ActUnlock, ""},
		{store.ActCreate, string(intake.StepStart)},
		{store.ActCreate, "resident"},
		{store.ActChange, string(intake.StepQuestion)},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("log %+v, want %+v", got, want)
	}
	for _, x := range st.Entries[1:] {
		if x.Intake != e.ID() {
			t.Errorf("entry %+v does not name the conversation", x)
		}
	}
}

// TestNoReadWithoutAnEntry: when the log cannot be written, nothing is
// read (the file is not shown), and a save that would log is not made.
func TestNoReadWithoutAnEntry(t *testing.T) {
	w := newLogWorld(t)
	s := open(t, w.st, "anna", "correct horse battery")
	w.st.LogErr = sessiontest.ErrDiskFull
	if _, err := s.OpenIntake(w.intakeID); err == nil {
		t.Fatal("a conversation opened without its log entry")
	}
	if _, err := s.Overview(); err == nil {
		t.Fatal("the list was read without its log entry")
	}
	if _, err := s.AccessExport(w.resident); err == nil {
		t.Fatal("an access export was made without its log entry")
	}
	s.Lock() // locking never fails over the log
	if s.Unlocked() {
		t.Fatal("still unlocked")
	}
}

// TestFailedUnlockIsKept: a wrong passphrase is handed to the store with
// the name typed (which seals it for the supporters).
func TestFailedUnlockIsKept(t *testing.T) {
	st := sessiontest.New()
	s := session.New(st, nil, clock, "nl")
	if err := s.Unlock("mallory", []byte("guess guess guess")); !errors.Is(err, session.ErrWrongPassphrase) {
		t.Fatal(err)
	}
	if !slices.Equal(st.Failed, []string{"mallory"}) {
		t.Fatalf("failed unlocks kept: %v", st.Failed)
	}
}

// TestAccessLogOnAVault: the session's events through a real vault come
// back from the store chained, with a failed unlock moved in by the next
// supporter's unlock, filtered by resident, and Check finds the log sound.
func TestAccessLogOnAVault(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	opt := store.Options{KDF: store.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}}
	v, _, err := store.Create(path, "anna", store.RoleSupporter, []byte("correct horse battery"), opt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	v.Lock()
	tick := now
	clk := func() time.Time { tick = tick.Add(time.Second); return tick }
	cat := intake.DefaultCatalogue()
	s := session.New(session.FromVault(v, cat, clk), cat, clk, "nl")
	if err := s.Unlock("anna", []byte("wrong wrong wrong")); !errors.Is(err, session.ErrWrongPassphrase) {
		t.Fatal(err)
	}
	if err := s.Unlock("anna", []byte("correct horse battery")); err != nil {
		t.Fatal(err)
	}
	e, _ := s.NewIntake("")
	_, _ = e.Change(field(t, s, "start.consent"), e.At(), conversation.Value{Yes: true})
	_ = e.Apply(field(t, s, "start.pseudonym"), e.At(), conversation.Value{Text: "Ali"})
	if e.SaveErr() != nil {
		t.Fatal(e.SaveErr())
	}
	if _, err := s.OpenIntake(e.ID()); err != nil {
		t.Fatal(err)
	}
	all, err := s.AccessLog(session.LogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, x := range all {
		actions = append(actions, x.Action)
	}
	want := []string{store.ActUnlockFailed, store.ActUnlock, store.ActCreate, store.ActCreate, store.ActRead, store.ActLogRead}
	if !slices.Equal(actions, want) {
		t.Fatalf("log %v, want %v", actions, want)
	}
	if all[0].User != "anna" || all[0].Outcome != store.OutcomeFailed {
		t.Errorf("failed unlock entry %+v", all[0])
	}
	mine, err := s.AccessLog(session.LogFilter{Resident: e.Draft().Resident.ID, Intakes: []string{e.ID()}})
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 4 { // the two creates, the read, and this read of the log
		t.Fatalf("%d entries about the resident: %+v", len(mine), mine)
	}
	rep, err := v.Check()
	if err != nil || !rep.OK() || rep.Counts["accesslog"] != len(all)+1 {
		for _, f := range rep.Failures {
			t.Logf("%s %s %s %v", f.Bucket, f.ID, f.Kind, f.Err)
		}
		t.Fatalf("check: %v %+v, %d entries counted", err, rep.Failures, rep.Counts["accesslog"])
	}
}
