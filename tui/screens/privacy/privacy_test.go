package privacy_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/privacy"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

var now = time.Date(2026, 3, 27, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return now }

const (
	ria     = "5d1e0c7a9b3f4e21a8c6d2f0b7e49a13"
	riaOne  = "7f3a9c1e5b2d4f60a1b2c3d4e5f60718"
	riaTwo  = "0b9e2d7c4a1f4e86b3d5c7a9e2f41c55"
	sam     = "c2b8e4f61a0d4c39b5e7f2a8d1c64e07"
	samOne  = "e8d4a2c6b0f94d17a3e5c9b1d7f28a64"
	tess    = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
	tessOne = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
)

// fixture: Ria (two conversations, the last 30 months ago), Sam (last
// contact 26 months ago, an agreement open), Tess (3 months ago).
func fixture() *sessiontest.Fake {
	st := sessiontest.New()
	st.AddUser("kees", "kompaan aan tafel", store.RoleKompaan)
	ago := func(m int) time.Time { return now.AddDate(0, -m, 0) }
	consent := func(at time.Time) intake.Consent {
		return intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: at}
	}
	st.Stored = []intake.Resident{
		{ID: ria, Pseudonym: "Ria Jansen", Created: ago(40)},
		{ID: sam, Pseudonym: "Sam de Boer", Created: ago(26)},
		{ID: tess, Pseudonym: "Tess", Created: ago(3)},
	}
	st.Records = []intake.Intake{
		{ID: riaOne, ResidentID: ria, Status: intake.StatusClosed, Created: ago(40), Updated: ago(40), Consent: consent(ago(40)), OwnWords: "geheime vraag een"},
		{ID: riaTwo, ResidentID: ria, Status: intake.StatusClosed, Created: ago(30), Updated: ago(30), Consent: consent(ago(30)), OwnWords: "geheime vraag twee"},
		{ID: samOne, ResidentID: sam, Status: intake.StatusOpen, Created: ago(26), Updated: ago(26), Consent: consent(ago(26)),
			Agreements: []intake.Agreement{{Who: intake.PartyResident, What: "brieven meenemen", By: intake.DateOf(ago(25))}}},
		{ID: tessOne, ResidentID: tess, Status: intake.StatusOpen, Created: ago(3), Updated: ago(3), Consent: consent(ago(3))},
	}
	return st
}

func newContext(t *testing.T, st *sessiontest.Fake, user, pass, lang string) *common.Context {
	t.Helper()
	return screentest.Context(screentest.Unlocked(t, st, nil, clock, lang, user, pass), lang, clock)
}

// TestEraseScreen: the confirmation names the resident and every
// conversation (never their text), only j erases, the result says what
// went, and F6 asks for the receipt; any other key erases nothing.
func TestEraseScreen(t *testing.T) {
	st := fixture()
	ctx := newContext(t, st, "anna", screentest.Pass, "nl")
	s := privacy.NewErase(ctx, ria, false)
	screentest.Run(t, s, s.Init())
	frame := screentest.Frame(ctx, s)
	screentest.RequireGolden(t, frame)
	for _, want := range []string{"Ria Jansen", riaOne[:8], riaTwo[:8], "artikel 17", "Typ j voor ja"} {
		if !strings.Contains(screentest.Joined(frame), want) {
			t.Errorf("the question lacks %q:\n%s", want, frame)
		}
	}
	if strings.Contains(frame, "geheime") {
		t.Error("the question shows what was typed")
	}
	// n: nothing goes, back home.
	if msgs := screentest.Press(t, s, "n"); len(msgs) != 1 || msgs[0] != (common.GoHomeMsg{}) || len(st.Stored) != 3 {
		t.Fatalf("n: %v, %d residents", msgs, len(st.Stored))
	}
	s = privacy.NewErase(ctx, ria, false)
	screentest.Run(t, s, s.Init())
	screentest.Press(t, s, "j")
	if len(st.Stored) != 2 || len(st.Records) != 2 || len(st.Tombstones) != 1 {
		t.Fatalf("after j: %d residents, %d conversations, %d tombstones", len(st.Stored), len(st.Records), len(st.Tombstones))
	}
	frame = screentest.Frame(ctx, s)
	t.Run("done", func(t *testing.T) { screentest.RequireGolden(t, frame) })
	done := screentest.Joined(frame)
	// The question to compact says why, in plain words.
	if !strings.Contains(done, "Gewist: 5d1e0c7a en 2 gesprek(ken)") || !strings.Contains(done, "staat nog versleuteld in het bestand") ||
		!strings.Contains(done, "opnieuw schrijven? Dat duurt even. Typ j voor ja") || !strings.Contains(done, "F6") || st.Compactions != 0 {
		t.Errorf("after: %s (%d compactions)", done, st.Compactions)
	}
	screentest.Press(t, s, "j")
	done = screentest.Joined(screentest.Frame(ctx, s))
	if st.Compactions != 1 || !strings.Contains(done, "Het bestand is opnieuw geschreven") || strings.Contains(done, "Typ j") || !slices.Contains(st.Actions(), store.ActCompact) {
		t.Errorf("after j: %d compactions, log %v:\n%s", st.Compactions, st.Actions(), done)
	}
	screentest.Press(t, s, "j") // asked once: nothing more
	if st.Compactions != 1 {
		t.Errorf("j again: %d compactions", st.Compactions)
	}
	msgs := screentest.Press(t, s, "f6")
	if len(msgs) != 1 {
		t.Fatalf("F6: %v", msgs)
	}
	if r, ok := msgs[0].(common.ReceiptMsg); !ok || r.Erased.Tombstone.Resident != ria || r.Erased.Pseudonym != "Ria Jansen" {
		t.Errorf("F6: %+v", msgs[0])
	}
	if !slices.Contains(st.Actions(), store.ActErase) {
		t.Errorf("no erasure in the log: %v", st.Actions())
	}
}

// TestEraseScreenRefusesAKompaan: a kompaan is told, and nothing goes.
func TestEraseScreenRefusesAKompaan(t *testing.T) {
	st := fixture()
	ctx := newContext(t, st, "kees", "kompaan aan tafel", "en")
	s := privacy.NewErase(ctx, ria, false)
	screentest.Run(t, s, s.Init())
	screentest.Press(t, s, "y")
	if !strings.Contains(screentest.Plain(s), "Only a client supporter may erase") || len(st.Stored) != 3 {
		t.Fatalf("%d residents:\n%s", len(st.Stored), screentest.Plain(s))
	}
}

// TestRetentionScreen: the list shows who is past the period and what
// still runs; enter asks to erase one (as retention); F6 names everyone
// with nothing running and erases them on j only; then it asks whether to
// rewrite the file, saying why.
func TestRetentionScreen(t *testing.T) {
	st := fixture()
	ctx := newContext(t, st, "anna", screentest.Pass, "nl")
	s := privacy.NewRetention(ctx)
	screentest.Run(t, s, s.Init())
	frame := screentest.Frame(ctx, s)
	screentest.RequireGolden(t, frame)
	j := screentest.Joined(frame)
	if !strings.Contains(j, "Ria Jansen") || !strings.Contains(j, "Sam de Boer") || strings.Contains(j, "Tess") || !strings.Contains(j, "24 maanden") {
		t.Fatalf("list:\n%s", frame)
	}
	if msgs := screentest.Press(t, s, "enter"); len(msgs) != 1 || msgs[0] != (common.EraseMsg{ResidentID: ria, Retention: true}) {
		t.Fatalf("enter: %v", msgs)
	}
	screentest.Press(t, s, "f6")
	ask := screentest.Joined(screentest.Plain(s))
	if !strings.Contains(ask, "deze 1 bewoners") || !strings.Contains(ask, "Ria Jansen") || strings.Contains(ask, "Sam de Boer") {
		t.Fatalf("question:\n%s", screentest.Plain(s))
	}
	screentest.Press(t, s, "x") // no
	if len(st.Stored) != 3 {
		t.Fatal("erased without a yes")
	}
	screentest.Press(t, s, "f6", "j")
	if len(st.Stored) != 2 || st.Tombstones[0].Resident != ria || st.Tombstones[0].Reason != store.EraseRetention {
		t.Fatalf("after j: %+v", st.Tombstones)
	}
	after := screentest.Joined(screentest.Plain(s))
	if !strings.Contains(after, "1 bewoner(s) gewist") || strings.Contains(after, "Ria Jansen") || !strings.Contains(after, "Sam de Boer") ||
		!strings.Contains(after, "staat nog versleuteld") || !strings.Contains(after, "Typ j voor ja") {
		t.Fatalf("after:\n%s", screentest.Plain(s))
	}
	// The question after erasing: j rewrites the file, once.
	screentest.Press(t, s, "j")
	if after := screentest.Joined(screentest.Plain(s)); st.Compactions != 1 || !strings.Contains(after, "Het bestand is opnieuw geschreven") {
		t.Fatalf("after j: %d compactions\n%s", st.Compactions, screentest.Plain(s))
	}
	screentest.Press(t, s, "j")
	if st.Compactions != 1 {
		t.Fatalf("asked once, compacted %d times", st.Compactions)
	}
	// Locked: the names go; unlocked: read again.
	s.Locked()
	if strings.Contains(s.View(), "Sam") {
		t.Error("names stay on a locked screen")
	}
	screentest.Run(t, s, s.Unlocked())
	if !strings.Contains(s.View(), "Sam") {
		t.Error("not read again after unlocking")
	}
}

func TestTextsComplete(t *testing.T) {
	if m := privacy.MissingTexts(); len(m) > 0 {
		t.Errorf("texts in one language only: %v", m)
	}
}

// TestEraseAllFitsTheScreen: with more residents than rows, the question
// names as many as fit and counts the rest, within 80×24.
func TestEraseAllFitsTheScreen(t *testing.T) {
	st := fixture()
	for i := range 40 {
		id := fmt.Sprintf("%032x", i+1)
		st.Stored = append(st.Stored, intake.Resident{ID: id, Pseudonym: fmt.Sprintf("Oud %d", i), Created: now.AddDate(-4, 0, 0)})
	}
	ctx := newContext(t, st, "anna", screentest.Pass, "nl")
	s := privacy.NewRetention(ctx)
	screentest.Run(t, s, s.Init())
	screentest.Press(t, s, "f6")
	frame := screentest.Frame(ctx, s)
	screentest.Fits(t, frame, screentest.Width, screentest.Height)
	if j := screentest.Joined(frame); !strings.Contains(j, "Wilt u deze 41 bewoners") || !strings.Contains(j, "en nog") || !strings.Contains(j, "Typ j voor ja") {
		t.Fatalf("question:\n%s", frame)
	}
}
