package app

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/tui/screens/home"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

var day0 = time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC)

// IDs as the vault makes them: long and random; the app shows 8.
const (
	jan     = "5d1e0c7a9b3f4e21a8c6d2f0b7e49a13"
	fatima  = "c2b8e4f61a0d4c39b5e7f2a8d1c64e07"
	piet    = "9a7c5e3b1d2f4a6c8e0b2d4f6a8c0e12"
	marieke = "4f6e8d0c2b4a4968b7e5d3c1a9f8e7d6"
	jansOne = "7f3a9c1e5b2d4f60a1b2c3d4e5f60718" // a draft with everything the resident view shows
	fatimas = "e8d4a2c6b0f94d17a3e5c9b1d7f28a64"
	piets   = "0b9e2d7c4a1f4e86b3d5c7a9e2f41c55"
)

// Jan's conversation: what the resident view shows, and what it never
// shows (his own words, a note).
const (
	jansQuestion = "Mijn vraag is: wie helpt mij mijn post te lezen en mijn schulden op een rij te zetten?"
	jansWords    = "Ik krijg steeds brieven en ik snap ze niet."
	jansNote     = "GEHEIME NOTITIE: mogelijk beslag op loon"
)

// sample has four residents — one with a hostile name, one without a
// conversation — and three conversations; Jan's draft comes first on home.
func sample() *sessiontest.Fake {
	st := sessiontest.New()
	cat := intake.DefaultCatalogue()
	loc := func(i int) intake.LocationCode { return cat.Locations[i%len(cat.Locations)].Code }
	consent := intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: day0.AddDate(0, 0, -1)}
	st.Stored = []intake.Resident{
		{ID: jan, Pseudonym: "Jan de Vries", Created: day0.AddDate(0, 0, -30)},
		{ID: fatima, Pseudonym: "Fatima Özdemir", Created: day0.AddDate(0, 0, -20)},
		{ID: piet, Pseudonym: "Piet\x1b]0;pwned\x07 Bakker", Created: day0.AddDate(0, 0, -10)},
		{ID: marieke, Pseudonym: "Marieke Jansen", Created: day0.AddDate(0, 0, -2)},
	}
	st.Records = []intake.Intake{
		{ID: jansOne, StatID: "5ca1ab1e5ca1ab1e5ca1ab1e00000001", ResidentID: jan, Status: intake.StatusDraft, Step: intake.StepStart,
			Created: day0.AddDate(0, 0, -1), Updated: day0, Location: loc(0), Consent: consent,
			Presence: intake.Presence{Supporter: "anna"},
			OwnWords: jansWords, ClarifiedQuestion: jansQuestion,
			Scan: map[intake.DomainCode]intake.Scale{cat.Domains[0].Code: intake.Serious},
			Clarifications: []intake.Clarification{{Domain: cat.Domains[0].Code, Happening: "Veel rekeningen",
				Letters: []intake.Letter{{Kind: intake.LetterDecision, Sent: intake.D(2026, 3, 2), About: "Besluit bijstand"}}}},
			Agreements: []intake.Agreement{
				{Who: intake.PartyResident, What: "neemt alle brieven mee", By: intake.D(2026, 3, 24)}, // after this week: home opens on the list
				{Who: intake.PartySupporter, What: "belt de schuldhulp", By: intake.D(2026, 3, 20)},
			},
			Notes: []intake.Note{{Author: "anna", Role: intake.RoleSupporter, At: day0, Text: jansNote}}},
		{ID: fatimas, StatID: "5ca1ab1e5ca1ab1e5ca1ab1e00000002", ResidentID: fatima, Status: intake.StatusOpen, Step: intake.StepQuestion,
			Created: day0.AddDate(0, 0, -2), Updated: day0.AddDate(0, 0, -1), Location: loc(1), Consent: consent},
		{ID: piets, StatID: "5ca1ab1e5ca1ab1e5ca1ab1e00000003", ResidentID: piet, Status: intake.StatusClosed, Step: intake.StepClosure,
			Created: day0.AddDate(0, 0, -9), Updated: day0.AddDate(0, 0, -5), Location: loc(2), Consent: consent},
	}
	return st
}

// harness is the app driven as Bubble Tea would, synchronously, on a fake
// clock: a timer goes off only when the test moves the clock.
type harness struct {
	t     *testing.T
	a     *App
	st    *sessiontest.Fake
	clock *screentest.Clock
	quit  bool     // tea.Quit came
	raw   []string // what the app wrote to the terminal itself (tea.Raw)
}

// newApp starts the app on st with the session locked (o.Session nil and
// st non-nil: a session on st) and runs its start commands.
func newApp(t *testing.T, st *sessiontest.Fake, o Options) *harness {
	t.Helper()
	h := &harness{t: t, st: st, clock: screentest.NewClock(day0)}
	o.Now, o.Tick = h.clock.Now, h.clock.Tick
	if o.Session == nil && st != nil {
		o.Session = session.New(st, nil, h.clock.Now, o.Lang)
	}
	if o.User == "" {
		o.User = "anna"
	}
	h.a = New(o)
	h.run(h.a.Start())
	return h
}

// unlocked starts the app on st and unlocks it as anna by typing.
func unlocked(t *testing.T, st *sessiontest.Fake, o Options) *harness {
	t.Helper()
	h := newApp(t, st, o)
	h.typeText(screentest.Pass)
	h.press("enter")
	if h.a.cur != h.a.home || h.a.home == nil || !st.Unlocked() {
		t.Fatalf("not on home after unlocking: %T\n%s", h.a.cur, h.frame())
	}
	return h
}

// update is App.update: App.Update is the same behind the crash guard
// (tested in a real program), which hides the commands' names, so the
// driver could not tell a cursor's blink timer from a load.
// atHome starts the app on st already unlocked as anna (a passphrase
// file), at home: quicker than unlocked, for tests that try many keys.
func atHome(t *testing.T, st *sessiontest.Fake, o Options) *harness {
	t.Helper()
	o.Session = screentest.Unlocked(t, st, nil, func() time.Time { return day0 }, o.Lang, "anna", screentest.Pass)
	h := newApp(t, st, o)
	if !h.onHome() {
		t.Fatalf("not at home: %T", h.a.cur)
	}
	return h
}

func (h *harness) update(msg tea.Msg) tea.Cmd { return h.a.update(msg) }

// keep: what the program itself handles (quit, raw output) is recorded.
func (h *harness) keep(msg tea.Msg) bool {
	switch m := msg.(type) {
	case tea.QuitMsg:
		h.quit = true
		return true
	case tea.RawMsg:
		h.raw = append(h.raw, fmt.Sprint(m.Msg))
		return true
	}
	return false
}

func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	screentest.Drain(h.t, h.update, h.keep, cmd)
}

// send delivers msg and runs what follows from it.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	h.run(h.update(msg))
}

func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(screentest.KeyMsg(k))
	}
}

func (h *harness) typeText(text string) {
	h.t.Helper()
	for _, r := range text {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// advance moves the clock and delivers the timers that went off.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	for _, m := range h.clock.Advance(d) {
		h.send(m)
	}
}

// frame is the whole terminal as the user sees it, without styling.
func (h *harness) frame() string { return ansi.Strip(h.a.View().Content) }

// onHome reports whether home is on screen.
func (h *harness) onHome() bool {
	_, ok := h.a.cur.(*home.Screen)
	return ok && !h.a.showHelp && !h.a.resident
}

// TestSampleIsSafe: the sample's records are ones the vault would store
// (the fake refuses others, so every save of the tests would fail).
func TestSampleIsSafe(t *testing.T) {
	for _, in := range sample().Records {
		if errs := in.CheckSafe(day0); len(errs) > 0 {
			t.Errorf("%s: %v", in.ID, errs)
		}
	}
}

// newSessionUnlocked is a session on st unlocked as user (a passphrase
// file), on the fixed day.
func newSessionUnlocked(t *testing.T, st *sessiontest.Fake, user, pass string) *session.Session {
	t.Helper()
	return screentest.Unlocked(t, st, nil, func() time.Time { return day0 }, "nl", user, pass)
}
