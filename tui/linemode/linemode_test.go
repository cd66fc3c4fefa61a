package linemode

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/intake/conversation/conversationtest"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
)

// syncBuffer is an output buffer safe to read while the line mode writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// take returns what was written since the last take.
func (s *syncBuffer) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.b.String()
	s.b.Reset()
	return out
}

// harness is a line-mode session on a fake vault, fed line by line.
type harness struct {
	l   *lm
	st  *sessiontest.Fake
	out *syncBuffer
	in  *io.PipeWriter
}

func newHarness(t *testing.T, lang string) *harness {
	t.Helper()
	st := sessiontest.New()
	st.AddUser("karim", "karims passphrase", store.RoleKompaan)
	clock := func() time.Time { return conversationtest.Now }
	s := session.New(st, conversationtest.Catalogue(), clock, lang)
	if err := s.Unlock("anna", []byte("correct horse battery")); err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	l := &lm{o: Options{Now: clock, Sleep: func(time.Duration) {}}, lang: lang, s: s, out: out}
	l.w = &huhWriter{out: out, dutch: lang == intake.LangNL}
	l.in = &huhReader{l: l}
	l.theme = huh.ThemeFunc(func(bool) *huh.Styles { return &huh.Styles{} })
	pr, pw := io.Pipe()
	l.src.start(pr)
	t.Cleanup(func() { _ = pw.Close() })
	return &harness{l: l, st: st, out: out, in: pw}
}

// feed writes lines for the next questions (the pipe blocks until read).
func (h *harness) feed(lines ...string) {
	go func() {
		for _, l := range lines {
			_, _ = io.WriteString(h.in, l+"\n")
		}
	}()
}

// answer is what a person types for a sample value of f at a.
func answer(f *conversation.Field, a conversation.At, v conversation.Value) []string {
	switch f.Kind {
	case conversation.KindChoice:
		for i, o := range f.Options(a) {
			if o.Code == v.Text {
				return []string{strconv.Itoa(i + 1)}
			}
		}
	case conversation.KindMulti:
		var out []string
		for i, o := range f.Options(a) {
			for _, c := range v.Codes {
				if o.Code == c {
					out = append(out, strconv.Itoa(i+1))
				}
			}
		}
		return append(out, "0")
	case conversation.KindYesNo:
		if v.Yes {
			return []string{"j"}
		}
		return []string{"n"}
	}
	return []string{v.Text}
}

// TestEveryFieldThroughTheLineMode fills every field of the definition by
// answering the line mode's questions, as a screen-reader user types them
// (huh's accessible fields behind the line mode's own input and output),
// and reads every value back from the vault.
func TestEveryFieldThroughTheLineMode(t *testing.T) {
	h := newHarness(t, "nl")
	ed, err := h.l.s.NewIntake("")
	if err != nil {
		t.Fatal(err)
	}
	h.l.ed = ed
	def := ed.Definition()
	parents := map[*conversation.Field]*conversation.Field{}
	def.Walk(func(_ *conversation.Step, parent, f *conversation.Field) { parents[f] = parent })
	set := func(v conversationtest.Visit, val conversation.Value) error {
		h.out.take()
		h.feed(answer(v.Field, v.At, val)...)
		if err := h.l.field(parents[v.Field], v.Field, v.At); err != nil {
			return err
		}
		if said := h.out.take(); strings.Contains(said, "Niet bewaard") || strings.Contains(said, "Dat kan niet") {
			return fmt.Errorf("refused:\n%s", said)
		}
		return nil
	}
	add := func(v conversationtest.Visit) (int, error) {
		h.feed("2") // "Een nieuwe … toevoegen"
		act, _, ok := h.l.listAction(v.Field, v.At)
		if !ok || act != actAdd {
			return 0, fmt.Errorf("%s: the list menu did not add: %v", v.Field.Key, act)
		}
		return ed.Add(v.Field, v.At)
	}
	visits, err := conversationtest.Fill(def, ed.Draft(), ed.Context(), set, add)
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.Reload(); err != nil {
		t.Fatal(err)
	}
	if err := conversationtest.Check(visits); err != nil {
		t.Fatal(err)
	}
	for _, key := range conversationtest.Missed(def, visits) {
		t.Errorf("field %s was never filled", key)
	}
	t.Logf("%d fields filled through the line mode", len(visits))
}

// huh's own English words, as each kind of field says them, and what the
// line mode says instead in Dutch.
func TestHuhSpeaksDutch(t *testing.T) {
	h := newHarness(t, "nl")
	var sel int
	var codes []string
	yes := false
	var text string
	fields := []struct {
		f     huh.Field
		input []string
	}{
		{huh.NewSelect[int]().Title("Keuze").Options(huh.NewOption("a", 0), huh.NewOption("b", 1)).Value(&sel), []string{"9", "2"}},
		{huh.NewSelect[int]().Title("Enige").Options(huh.NewOption("a", 0)).Value(&sel), []string{"1"}},
		{huh.NewMultiSelect[string]().Title("Meer").Options(huh.NewOption("a", "a"), huh.NewOption("b", "b")).Value(&codes), []string{"7", "1", "0"}},
		{huh.NewConfirm().Title("Zeker").Value(&yes), []string{"misschien", "ja"}},
		{huh.NewInput().Title("Tekst").CharLimit(3).Value(&text), []string{"veel te lang", "kor"}},
	}
	for _, f := range fields {
		h.feed(f.input...)
		h.l.run(f.f)
	}
	out := h.out.String()
	english := regexp.MustCompile(`(?i)enter a number|select up to|confirm selection|invalid|please try again|cannot exceed|only one option|\[y/N\]|\[Y/n\]`)
	if m := english.FindString(out); m != "" {
		t.Errorf("English left: %q in\n%s", m, out)
	}
	for _, want := range []string{"Typ een nummer van 1 tot en met 2: ", "Dat kan niet. Typ een nummer van 1 tot en met 2.",
		"Er is maar één keuze. Typ 1:", "Typ 0 of druk op Enter als u klaar bent.", "0.   Klaar", "[j/N]", "Typ j voor ja of n voor nee.",
		"Te lang: 3 tekens is het meest."} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if !yes || sel != 0 || len(codes) != 1 || codes[0] != "a" || text != "kor" {
		t.Errorf("answers not taken: yes %v sel %d codes %v text %q", yes, sel, codes, text)
	}
}

// A consent withdrawn in the line mode asks first and names what goes;
// only j erases.
func TestLineModeConfirmsWithdrawal(t *testing.T) {
	h := newHarness(t, "nl")
	ed, _ := h.l.s.NewIntake("")
	h.l.ed = ed
	def := ed.Definition()
	var consent, name *conversation.Field
	def.Walk(func(_ *conversation.Step, _, f *conversation.Field) {
		switch f.Key {
		case "start.consent":
			consent = f
		case "start.pseudonym":
			name = f
		}
	})
	_ = ed.Apply(consent, ed.At(), conversation.Value{Yes: true})
	_ = ed.Apply(name, ed.At(), conversation.Value{Text: "Ali B."})
	h.feed("n", "nee")
	if err := h.l.field(nil, consent, ed.At()); err != nil {
		t.Fatal(err)
	}
	out := h.out.take()
	if !strings.Contains(out, "Alles wat we over u schreven wordt gewist") || !strings.Contains(out, "Ali B.") {
		t.Fatalf("no question naming the name:\n%s", out)
	}
	if !ed.Draft().Intake.Consent.Given {
		t.Fatal("withdrawn without j")
	}
	h.feed("n", "j")
	if err := h.l.field(nil, consent, ed.At()); err != nil {
		t.Fatal(err)
	}
	if ed.Draft().Intake.Consent.Given || len(h.st.Stored) != 0 {
		t.Fatal("j did not erase")
	}
}

// Enter on a multiple choice finishes it, as 0 does (huh wants the 0).
func TestEnterFinishesAMultipleChoice(t *testing.T) {
	h := newHarness(t, "nl")
	var codes []string
	h.feed("1", "")
	h.l.run(huh.NewMultiSelect[string]().Title("Meer").Options(huh.NewOption("a", "a"), huh.NewOption("b", "b")).Value(&codes))
	if len(codes) != 1 || codes[0] != "a" {
		t.Fatalf("codes = %v\n%s", codes, h.out.String())
	}
	if strings.Contains(h.out.String(), "Dat kan niet") {
		t.Fatalf("Enter refused:\n%s", h.out.String())
	}
}
