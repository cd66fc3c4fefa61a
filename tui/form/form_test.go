package form

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/tui/common"
)

var now = time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC)

func newEditor(t *testing.T) (*session.Editor, *sessiontest.Fake, *common.Context) {
	t.Helper()
	st := sessiontest.New()
	s := session.New(st, nil, func() time.Time { return now }, "nl")
	if err := s.Unlock("anna", []byte("correct horse battery")); err != nil {
		t.Fatal(err)
	}
	ed, err := s.NewIntake("")
	if err != nil {
		t.Fatal(err)
	}
	ctx := common.NewContext(s, common.NewTheme(true, false, true), "nl", func() time.Time { return now })
	return ed, st, ctx
}

func press(f *Form, keys ...string) {
	for _, k := range keys {
		f.Update(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "delete":
		return tea.KeyPressMsg{Code: tea.KeyDelete}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

func typeText(f *Form, s string) {
	for _, r := range s {
		f.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func focusOn(t *testing.T, f *Form, key string) {
	t.Helper()
	f.Focus()
	for i := 0; i < 60; i++ {
		if r := f.row(); r != nil && r.field.Key == key {
			return
		}
		press(f, "tab")
	}
	t.Fatalf("never reached %s; rows: %v", key, f.rowKeys())
}

func (f *Form) rowKeys() []string {
	var out []string
	for _, r := range f.rows {
		out = append(out, r.key)
	}
	return out
}

// plain is the view without styling, its white space folded: what a
// reader sees, whatever the line breaks.
func plain(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), " ") }

func TestConsentKeysAndConfirmation(t *testing.T) {
	ed, st, ctx := newEditor(t)
	start := ed.Definition().Step(intake.StepStart)
	f := New(ctx, ed, start.Fields, start.Intro)
	f.Update(common.SizeMsg{Width: 80, Height: 22})

	focusOn(t, f, "start.consent")
	// Letters do nothing on a yes/no, and say so.
	for _, k := range []string{"j", "y", "x", "n"} {
		press(f, k)
		if ed.Draft().Intake.Consent.Given {
			t.Fatalf("letter %q changed consent", k)
		}
		if !strings.Contains(f.Notice(), "Hier typt u niet") {
			t.Fatalf("letter %q ignored without a word: %q", k, f.Notice())
		}
	}
	press(f, "space")
	if !ed.Draft().Intake.Consent.Given {
		t.Fatal("space did not give consent")
	}
	focusOn(t, f, "start.pseudonym")
	typeText(f, "Ali B.")
	if st.Stored == nil || st.Stored[0].Pseudonym != "Ali B." {
		t.Fatalf("resident not saved per keystroke: %+v", st.Stored)
	}
	// Withdrawing asks, names what goes; any key but j keeps everything.
	focusOn(t, f, "start.consent")
	press(f, "left")
	if !f.Asking() || !strings.Contains(plain(f.View()), "Ali B.") || !strings.Contains(plain(f.View()), "Weet u het zeker?") {
		t.Fatalf("no confirmation naming the name:\n%s", f.View())
	}
	press(f, "n")
	if !ed.Draft().Intake.Consent.Given || ed.Draft().Resident.Pseudonym != "Ali B." || f.Asking() {
		t.Fatal("n erased")
	}
	press(f, "left")
	press(f, "enter")
	if !ed.Draft().Intake.Consent.Given {
		t.Fatal("enter erased")
	}
	press(f, "left", "j")
	if ed.Draft().Intake.Consent.Given || len(st.Stored) != 0 {
		t.Fatalf("j did not erase: consent %v, residents %+v", ed.Draft().Intake.Consent.Given, st.Stored)
	}
	if !strings.Contains(plain(f.View()), "Zonder toestemming") {
		t.Errorf("pseudonym not shown as locked:\n%s", f.View())
	}
}

func TestRefusedYearSaysSoAndIsNotSaved(t *testing.T) {
	ed, _, ctx := newEditor(t)
	start := ed.Definition().Step(intake.StepStart)
	f := New(ctx, ed, start.Fields, start.Intro)
	f.Update(common.SizeMsg{Width: 80, Height: 40})
	focusOn(t, f, "start.consent")
	press(f, "space")
	focusOn(t, f, "start.birth_year")
	typeText(f, "1850")
	if ed.Draft().Resident.BirthYear != 0 {
		t.Fatal("1850 kept")
	}
	if v := f.View(); !strings.Contains(plain(v), "Dit jaar kan niet: kies een jaar tussen 1900 en 2026.") {
		t.Fatalf("no message:\n%s", v)
	}
	// Typing on: a valid year clears the message and is saved.
	press(f, "backspace", "backspace", "backspace", "backspace")
	typeText(f, "1975")
	if ed.Draft().Resident.BirthYear != 1975 || strings.Contains(plain(f.View()), "Dit jaar kan niet") {
		t.Fatalf("1975: year %d\n%s", ed.Draft().Resident.BirthYear, f.View())
	}
}
