package form

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
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

func TestLetterEntryIsUnambiguous(t *testing.T) {
	ed, st, ctx := newEditor(t)
	d := ed.Draft()
	d.Intake.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
	d.Intake.SetScan("money", intake.Urgent)
	ed.Save()
	clarify := ed.Definition().Step(intake.StepClarify)
	f := New(ctx, ed, clarify.Fields, clarify.Intro)
	f.Update(common.SizeMsg{Width: 80, Height: 60})

	focusOn(t, f, "clarify.letter.kind")
	v := plain(f.View())
	for _, want := range []string{"— kies de soort brief —", "Datum van de brief (verstuurd)", "Ontvangen op", "Kies eerst de soort brief"} {
		if !strings.Contains(v, want) {
			t.Errorf("new letter: %q not on screen:\n%s", want, v)
		}
	}
	if strings.Contains(v, "Uiterste datum die in de brief staat") {
		t.Error("a due date is asked before the kind says the letter has one")
	}
	// The letter's date typed first: a letter with no kind, no deadline.
	focusOn(t, f, "clarify.letter.sent")
	typeText(f, "23-10-2026")
	got, _ := st.IntakeByID(ed.ID())
	if n := len(got.Clarifications[0].Letters); n != 1 || got.Clarifications[0].Letters[0].Kind != "" {
		t.Fatalf("letters stored: %+v", got.Clarifications)
	}
	if len(got.Deadlines()) != 0 {
		t.Fatalf("a deadline without a kind: %+v", got.Deadlines())
	}
	// A Wmo report asks when its report of findings came; a decision does not.
	focusOn(t, f, "clarify.letter.kind")
	press(f, "right")
	if v = plain(f.View()); !strings.Contains(v, "Antwoord gekregen op") {
		t.Errorf("a Wmo report does not ask for its answer:\n%s", v)
	}
	// Choosing "decision" makes the objection period, from the day it was sent.
	press(f, "right", "right")
	v = plain(f.View())
	if strings.Contains(v, "Antwoord gekregen op") {
		t.Errorf("a decision asks for an answer:\n%s", v)
	}
	if !strings.Contains(v, "Bezwaar maken: uiterlijk vrijdag 4 december 2026 (nog 7 dagen).") {
		t.Fatalf("objection deadline not shown:\n%s", v)
	}
	got, _ = st.IntakeByID(ed.ID())
	if got.Clarifications[0].Letters[0].Kind != intake.LetterDecision {
		t.Fatalf("kind stored: %q", got.Clarifications[0].Letters[0].Kind)
	}
	// A bill has a date of its own: now the due date is asked.
	press(f, "right")
	if v = plain(f.View()); !strings.Contains(v, "Uiterste datum die in de brief staat") {
		t.Fatalf("a bill's own date is not asked:\n%s", v)
	}
}

func TestImpossibleDateSaysSoAndKeepsTheOld(t *testing.T) {
	ed, st, ctx := newEditor(t)
	d := ed.Draft()
	d.Intake.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
	ed.Save()
	step := ed.Definition().Step(intake.StepAgreements)
	f := New(ctx, ed, step.Fields, step.Intro)
	f.Update(common.SizeMsg{Width: 80, Height: 60})
	focusOn(t, f, "agreements.what")
	typeText(f, "Bellen")
	focusOn(t, f, "agreements.by")
	typeText(f, "31-02-2026")
	if v := plain(f.View()); !strings.Contains(v, "niet bewaard: 31 februari bestaat niet.") {
		t.Fatalf("no message:\n%s", v)
	}
	got, _ := st.IntakeByID(ed.ID())
	if !got.Agreements[0].By.IsZero() {
		t.Fatalf("an impossible date was stored: %v", got.Agreements[0].By)
	}
	// Half a date is a hint while typing, an error once the field is left.
	press(f, "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	typeText(f, "28-2")
	if v := plain(f.View()); !strings.Contains(v, "Typ de datum zo: 27-11-2026.") || strings.Contains(v, "niet bewaard") {
		t.Fatalf("half a date:\n%s", v)
	}
	press(f, "tab")
	if v := plain(f.View()); !strings.Contains(v, "niet bewaard: Typ de datum zo") {
		t.Fatalf("half a date, left:\n%s", v)
	}
}

func TestTextOverItsLimitSaysHowMuchWasNotKept(t *testing.T) {
	ed, st, ctx := newEditor(t)
	d := ed.Draft()
	d.Intake.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
	ed.Save()
	step := ed.Definition().Step(intake.StepQuestion)
	f := New(ctx, ed, step.Fields, step.Intro)
	f.Update(common.SizeMsg{Width: 80, Height: 30})
	f.Focus()
	f.Update(tea.PasteMsg{Content: strings.Repeat("woord ", 500)}) // 3,000 characters
	if v := plain(f.View()); !strings.Contains(v, "Te lang: 2.000 tekens is het meest. 1.000 tekens zijn niet bewaard.") {
		t.Fatalf("no message for the paste:\n%s", v)
	}
	got, _ := st.IntakeByID(ed.ID())
	if n := utf8.RuneCountInString(got.OwnWords); n != 2000 {
		t.Fatalf("stored %d characters, want the first 2,000", n)
	}
	// One more key at the limit: said, not silently dropped.
	typeText(f, "x")
	if v := plain(f.View()); !strings.Contains(v, "Te lang: 2.000 tekens is het meest. 1 teken is niet bewaard.") {
		t.Fatalf("no message for a key at the limit:\n%s", v)
	}
}

func TestExternalEditorNeverRuns(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "editor-ran")
	script := filepath.Join(dir, "editor.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("EDITOR", script)
	t.Setenv("VISUAL", script)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ed, _, ctx := newEditor(t)
	d := ed.Draft()
	d.Intake.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
	d.Intake.SetScan("money", intake.Urgent)
	d.Intake.Agreements = []intake.Agreement{{What: "x", Who: intake.PartyResident}}
	ed.Save()
	// Every long-text field of the definition, in the form that shows it.
	long := 0
	var forms []*Form
	for _, s := range append(append([]*conversation.Step{}, ed.Definition().Steps...), ed.Definition().FollowUp) {
		forms = append(forms, New(ctx, ed, s.Fields, s.Intro))
	}
	forms = append(forms, New(ctx, ed, []*conversation.Field{ed.Definition().Notes}, intake.Text{}))
	for _, f := range forms {
		f.Update(common.SizeMsg{Width: 80, Height: 60})
		f.Focus()
		for i := 0; i < 80; i++ {
			if r := f.row(); r != nil && r.kind == rowField && r.field.Kind == conversation.KindLongText {
				long++
				typeText(f, "tekst")
				cmd := f.Update(tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl})
				runAll(cmd)
			}
			if !f.move(1) {
				break
			}
		}
	}
	if long < 6 {
		t.Fatalf("reached only %d long-text fields", long)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("ctrl+e started the external editor")
	}
	if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
		t.Fatalf("temp files appeared: %v", entries)
	}
}

// runAll runs a command and the commands of a batch it returns, as the
// runtime would (an ExecProcess would run the editor).
func runAll(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			runAll(c)
		}
	}
}

// TestPassingAFreshChoiceAddsNothing: tabbing over the choices of a
// list's "new" item (who does an agreement, how a contact took place)
// adds no item; choosing another option does.
func TestPassingAFreshChoiceAddsNothing(t *testing.T) {
	for _, tc := range []struct {
		step  string
		field string
		count func(d *conversation.Draft) int
	}{
		{"agreements", "agreements.who", func(d *conversation.Draft) int { return len(d.Intake.Agreements) }},
		{"follow_up", "followup.kind", func(d *conversation.Draft) int { return len(d.Intake.Contacts) }},
	} {
		t.Run(tc.step, func(t *testing.T) {
			f, ed := stepForm(t, tc.step)
			focusOn(t, f, tc.field)
			press(f, "tab", "shift+tab")
			if n := tc.count(ed.Draft()); n != 0 {
				t.Fatalf("passing by added %d items", n)
			}
			press(f, "right")
			if n := tc.count(ed.Draft()); n != 1 {
				t.Fatalf("choosing added %d items, want 1", n)
			}
		})
	}
}

// stepForm is the form of a step (by its ID; "follow_up" the follow-up)
// of a new conversation with consent.
func stepForm(t *testing.T, id string) (*Form, *session.Editor) {
	t.Helper()
	ed, _, ctx := newEditor(t)
	def := ed.Definition()
	var consent *conversation.Field
	def.Walk(func(_ *conversation.Step, _, f *conversation.Field) {
		if f.Key == "start.consent" {
			consent = f
		}
	})
	if _, err := ed.Change(consent, ed.At(), conversation.Value{Yes: true}); err != nil {
		t.Fatal(err)
	}
	step := def.FollowUp
	for _, s := range def.Steps {
		if string(s.ID) == id {
			step = s
		}
	}
	f := New(ctx, ed, step.Fields, step.Intro)
	f.Update(common.SizeMsg{Width: 80, Height: 40})
	return f, ed
}
