package intakes

import (
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

var day0 = time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return day0 }

// The kompaan of the fake vault.
const (
	karim     = "karim"
	karimPass = "karims passphrase"
)

// fake is a vault with anna (supporter) and karim (kompaan) and nothing
// in it.
func fake() *sessiontest.Fake {
	st := sessiontest.New()
	st.AddUser(karim, karimPass, store.RoleKompaan)
	return st
}

// context unlocks st as user (anna or karim).
func context(t testing.TB, st *sessiontest.Fake, user, lang string) *common.Context {
	t.Helper()
	pass := map[string]string{"anna": screentest.Pass, karim: karimPass}[user]
	return screentest.Context(screentest.Unlocked(t, st, nil, clock, lang, user, pass), lang, clock)
}

// newIntake starts a new conversation for a new resident as anna, at
// 80×22 (the body of an 80×24 terminal).
func newIntake(t testing.TB, st *sessiontest.Fake) *Screen {
	t.Helper()
	s, err := New(context(t, st, "anna", "nl"), "")
	if err != nil {
		t.Fatal(err)
	}
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	return s
}

// open opens a stored conversation as user, at 80×22.
func open(t *testing.T, st *sessiontest.Fake, user, id string) *Screen {
	t.Helper()
	s := Open(context(t, st, user, "nl"), id)
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	screentest.Run(t, s, s.Init())
	return s
}

// focused is the first line of the focused row's label (the line
// marked ">"; a long label wraps in its column).
func focused(s *Screen) string {
	for _, l := range strings.Split(screentest.Plain(s), "\n") {
		if strings.HasPrefix(l, ">") {
			return strings.SplitN(strings.TrimSpace(l[1:]), "  ", 2)[0]
		}
	}
	return ""
}

// focus tabs to the field labelled label (or whose label starts with it
// up to a line break of the label column).
func focus(t testing.TB, s *Screen, label string) {
	t.Helper()
	for range 80 {
		if f := focused(s); f != "" && (f == label || strings.HasPrefix(label, f+" ")) {
			return
		}
		screentest.Press(t, s, "tab")
	}
	t.Fatalf("never reached %q; on screen:\n%s", label, screentest.Plain(s))
}

// saved is the conversation as the vault holds it.
func saved(t *testing.T, st *sessiontest.Fake, id string) intake.Intake {
	t.Helper()
	in, ok := st.IntakeByID(id)
	if !ok {
		t.Fatalf("conversation %s not saved", id)
	}
	return in
}

// resident is the resident record as the vault holds it.
func resident(t *testing.T, st *sessiontest.Fake, id string) (intake.Resident, bool) {
	t.Helper()
	st.Mu.Lock()
	defer st.Mu.Unlock()
	for _, r := range st.Stored {
		if r.ID == id {
			return r, true
		}
	}
	return intake.Resident{}, false
}

// saves is how many records the vault wrote.
func saves(st *sessiontest.Fake) int { st.Mu.Lock(); defer st.Mu.Unlock(); return st.Saves }

// withConsent starts a new conversation and gives consent.
func withConsent(t testing.TB, st *sessiontest.Fake) *Screen {
	t.Helper()
	s := newIntake(t, st)
	focus(t, s, "Toestemming")
	screentest.Press(t, s, "space")
	if !s.ed.Draft().Intake.Consent.Given {
		t.Fatalf("consent not given:\n%s", screentest.Plain(s))
	}
	return s
}

// toStep presses pgdn or pgup until step i (0-based) is on screen.
func toStep(t testing.TB, s *Screen, i int) {
	t.Helper()
	for range 10 {
		switch {
		case s.step < i:
			screentest.Press(t, s, "pgdown")
		case s.step > i:
			screentest.Press(t, s, "pgup")
		default:
			return
		}
	}
	t.Fatalf("step %d not reached (at %d)", i, s.step)
}

// Step indexes of the definition (intake/conversation).
const (
	stepStart = iota
	stepQuestion
	stepScan
	stepClarify
	stepClarified
	stepAgreements
	stepClosure
)
