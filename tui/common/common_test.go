package common

import (
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// TestTextsComplete: the shared texts and the global keys' texts are in
// both languages.
func TestTextsComplete(t *testing.T) {
	if m := Shared.Missing(); len(m) > 0 {
		t.Errorf("shared texts in one language only: %v", m)
	}
	if m := globalTexts.Missing(); len(m) > 0 {
		t.Errorf("global key texts in one language only: %v", m)
	}
	for _, lang := range []string{"nl", "en"} {
		g := Global(lang)
		for _, b := range []key.Binding{g.Help, g.Resident, g.Contrast, g.Lock, g.Quit} {
			if b.Help().Desc == "" || g.Long(lang, b) == "" || g.Long(lang, b) == b.Help().Desc {
				t.Errorf("%s: key %s has no help (%q) or no longer explanation (%q)", lang, b.Help().Key, b.Help().Desc, g.Long(lang, b))
			}
		}
	}
}

// TestHelpLine: the screen's keys are shown from the first while they fit
// beside the global keys, which always stay; the line is never wider than
// the terminal. The widths are in cells ("·" is one cell, two bytes).
func TestHelpLine(t *testing.T) {
	th := NewTheme(true, false, true)
	b := func(k, what string) key.Binding { return Binding([]string{k}, k, what) }
	screen := []key.Binding{b("enter", "tonen"), b("tab", "volgend vak"), b("esc", "terug")}
	global := []key.Binding{b("F1", "hulp"), b("ctrl+l", "slot"), b("ctrl+c", "stop")}
	all := " enter tonen · tab volgend vak · esc terug · F1 hulp · ctrl+l slot · ctrl+c stop"
	tests := []struct {
		w    int
		want string
	}{
		{ansi.StringWidth(all), all}, // exactly as wide as the terminal: everything fits
		{ansi.StringWidth(all) - 1, " enter tonen · tab volgend vak · F1 hulp · ctrl+l slot · ctrl+c stop"},
		{40, " F1 hulp · ctrl+l slot · ctrl+c stop"},
		{20, " F1 hulp · ctrl+l sl"}, // narrower than the global keys: cut, never wider
	}
	for _, tt := range tests {
		got := ansi.Strip(HelpLine(th, screen, global, tt.w))
		if got != tt.want {
			t.Errorf("width %d:\n got %q\nwant %q", tt.w, got, tt.want)
		}
		if ansi.StringWidth(got) > tt.w {
			t.Errorf("width %d: line of %d cells", tt.w, ansi.StringWidth(got))
		}
	}
	disabled := b("x", "uit")
	disabled.SetEnabled(false)
	if got := ansi.Strip(HelpLine(th, []key.Binding{disabled}, global, 80)); strings.Contains(got, "uit") {
		t.Errorf("a disabled key is shown: %q", got)
	}
}

// TestHelpPageListsEveryKey: the help page has every enabled key of the
// screen and every global key with its longer explanation.
func TestHelpPageListsEveryKey(t *testing.T) {
	th := NewTheme(true, false, true)
	g := Global("nl")
	screen := []key.Binding{Binding([]string{"enter"}, "enter", "openen"), Binding([]string{"ctrl+n"}, "ctrl+n", "nieuw gesprek")}
	page := ansi.Strip(HelpPage(th, "nl", "Uitleg.", screen, g, 80))
	for _, want := range []string{"enter        openen", "ctrl+n       nieuw gesprek", "Uitleg."} {
		if !strings.Contains(page, want) {
			t.Errorf("help page lacks %q:\n%s", want, page)
		}
	}
	for _, k := range []key.Binding{g.Help, g.Resident, g.Contrast, g.Lock, g.Quit} {
		if !strings.Contains(page, k.Help().Key) || !strings.Contains(page, g.Long("nl", k)) {
			t.Errorf("help page lacks global key %s: %q", k.Help().Key, g.Long("nl", k))
		}
	}
}

func TestInert(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jan", "Jan"},
		{"Jan\x1b[2J\x1b]0;pwned\x07", "Jan[2J]0;pwned"},
		{"a\nb\tc", "a b c"},
		{"\u009b31mred", "31mred"},
		{"\x9b31mred", "\ufffd31mred"},
		{"abc\u202edcba", "abcdcba"},
		{"bad\xffbyte", "bad\ufffdbyte"},
		{"Özdemir", "Özdemir"},
		{"\x7fdel", "del"},
	}
	for _, tt := range tests {
		if got := Inert(tt.in); got != tt.want {
			t.Errorf("Inert(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestInertLinesKeepsBreaks(t *testing.T) {
	if got := InertLines("a\x1b\r\nb\tc"); got != "a\nb c" {
		t.Fatalf("got %q", got)
	}
}

func TestSearchKey(t *testing.T) {
	if got := SearchKey("Özdemir ÉLISE\x1b[2J"); got != "ozdemir elise[2j" {
		t.Fatalf("got %q", got)
	}
}

// FuzzAppendSearchKey: a key made of parts is the key of the parts
// joined, as home's filter entries are made.
func FuzzAppendSearchKey(f *testing.F) {
	f.Add("Özdemir ÉLISE", "AB12-CD", "x")
	f.Add("Jan\x1b[31m", "\u202e", "\n\t")
	f.Add("", "PLAIN Ascii", "")
	f.Fuzz(func(t *testing.T, prefix, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			t.Skip("parts are Inert text: valid UTF-8")
		}
		got := AppendSearchKey(AppendSearchKey([]byte(prefix), a), b)
		if want := prefix + SearchKey(a+b); string(got) != want {
			t.Fatalf("AppendSearchKey(%q, %q) after %q = %q, want %q", a, b, prefix, got, want)
		}
	})
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200e || r == 0x200f || r == 0x061c
}

// FuzzInert: whatever is typed or read from a file, what is drawn on one
// line holds no control character, no escape and no line break.
func FuzzInert(f *testing.F) {
	f.Add("Jan\x1b[31m")
	f.Add("\u202e\x9b\n\t")
	f.Fuzz(func(t *testing.T, s string) {
		out := Inert(s)
		for _, r := range out {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) || isBidiControl(r) {
				t.Fatalf("control %U left in %q", r, out)
			}
		}
	})
}

// TestWrapNeverCuts: wrapped text keeps every word, and no line is wider
// than asked (unless a word is).
func TestWrapNeverCuts(t *testing.T) {
	s := "Wacht even voordat u het opnieuw probeert: de schijf is vol, dus niets is bewaard."
	for _, w := range []int{10, 20, 37, 80} {
		lines := WrapLines(s, w)
		if got := strings.Join(strings.Fields(strings.Join(lines, " ")), " "); got != s {
			t.Errorf("width %d: %q", w, got)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("width %d: line %q", w, l)
			}
		}
	}
}

// TestHelpPageWraps: a long explanation wraps under itself, never cut.
func TestHelpPageWraps(t *testing.T) {
	th := NewTheme(true, false, true)
	long := "een bladzijde omhoog of omlaag (home en end: helemaal boven of onder)"
	page := ansi.Strip(HelpPage(th, "nl", "Uitleg.", []key.Binding{Binding([]string{"pgup"}, "pgup pgdn", long)}, Global("nl"), 60))
	for _, l := range strings.Split(page, "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Errorf("line wider than 60: %q", l)
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(page), " "), long) || strings.Contains(page, "…") {
		t.Fatalf("explanation cut:\n%s", page)
	}
}
