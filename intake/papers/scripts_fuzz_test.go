package papers

import (
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"golang.org/x/text/unicode/norm"
)

// FuzzPDFText: whatever a person types, the paper is made (no error, no
// panic); every character drawn is in the font that draws it; what is
// drawn is the typed text in order, with nothing left out except what a
// placeholder stands for; without a placeholder it is the typed text
// exactly.
func FuzzPDFText(f *testing.F) {
	for _, tt := range scriptCases {
		f.Add(tt.pseudonym, tt.question)
	}
	f.Add("a\x00\x1b[2J\u202eb", "(\\) Tj ET")
	f.Add(strings.Repeat("ж", 500), "x\ufffd\U0001F600\u0301")
	cat := intake.DefaultCatalogue()
	f.Fuzz(func(t *testing.T, name, question string) {
		b := newBuilder("nl", "", testNow)
		for _, st := range []textStyle{styleBody, styleLarge} {
			in := inert(question)
			pieces, hidden, _ := split(in, st.fonts(), b, "nl")
			src := []rune(norm.NFC.String(in))
			var drawn strings.Builder
			for _, p := range pieces {
				if p.hidden {
					continue
				}
				for _, r := range p.text {
					if r != '\n' && !b.has(p.font, r) {
						t.Fatalf("U+%04X drawn with a font that lacks it", r)
					}
				}
				drawn.WriteString(p.text)
			}
			if !hidden && drawn.String() != string(src) {
				t.Fatalf("drawn %q, typed %q", drawn.String(), string(src))
			}
			k := 0 // drawn is a subsequence of the typed text
			for _, r := range drawn.String() {
				for k < len(src) && src[k] != r {
					k++
				}
				if k == len(src) {
					t.Fatalf("drawn %q is not in typed %q", drawn.String(), string(src))
				}
				k++
			}
		}
		in, r := fixture()
		r.Pseudonym, in.ClarifiedQuestion = name, question
		if _, err := Sheet(in, r, cat, "nl", intake.DateOf(testNow)).PDF(); err != nil {
			t.Fatal(err)
		}
	})
}
