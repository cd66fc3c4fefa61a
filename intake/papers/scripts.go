package papers

import (
	"unicode"

	"github.com/spreekuur/spreekuur/intake"
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// Which text the PDF papers can draw, and what they draw instead.
//
// The PDF writer places characters one after another, left to right, each
// with its own glyph; it does not shape text. That is exact for scripts
// whose letters stand alone and run left to right: Latin (with every
// European diacritic), Greek, Cyrillic and Ge'ez (Tigrinya, Amharic).
// Right-to-left scripts (Arabic, Hebrew, Syriac, …) would come out
// reversed, and Arabic letters unjoined: a different-looking name. So a
// run of such text, or of characters no embedded font has, is never drawn
// as letters: the paper prints a marked placeholder in its place, such as
// "[Arabisch schrift]", and a note below the field says that part could
// not be shown, with a line to write it by hand. Nothing is dropped or
// turned into "?". See docs/PAPERS.md.

// piece is a run of text drawn in one font, or a placeholder for text the
// paper cannot show.
type piece struct {
	font   pdfFont
	text   string
	hidden bool // a placeholder: the text names the script that is not shown
}

// rightToLeft reports whether r belongs to a right-to-left script.
func rightToLeft(r rune) bool {
	p, _ := bidi.LookupRune(r)
	switch p.Class() {
	case bidi.R, bidi.AL:
		return true
	}
	return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko)
}

// joining reports whether r has no width of its own and belongs to the
// character before it: combining marks, joiners, variation selectors.
func joining(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf)
}

// scriptNames names the scripts a placeholder may stand for; any other
// letter is "another script", and any other character "a symbol".
var scriptNames = []struct {
	table *unicode.RangeTable
	name  intake.Text
}{
	{unicode.Arabic, intake.T("Arabisch schrift", "Arabic script")},
	{unicode.Hebrew, intake.T("Hebreeuws schrift", "Hebrew script")},
	{unicode.Syriac, intake.T("Syrisch schrift", "Syriac script")},
	{unicode.Han, intake.T("Chinees schrift", "Chinese script")},
	{unicode.Hiragana, intake.T("Japans schrift", "Japanese script")},
	{unicode.Katakana, intake.T("Japans schrift", "Japanese script")},
	{unicode.Hangul, intake.T("Koreaans schrift", "Korean script")},
	{unicode.Devanagari, intake.T("Devanagari-schrift", "Devanagari script")},
	{unicode.Bengali, intake.T("Bengaals schrift", "Bengali script")},
	{unicode.Tamil, intake.T("Tamil schrift", "Tamil script")},
	{unicode.Thai, intake.T("Thais schrift", "Thai script")},
	{unicode.Armenian, intake.T("Armeens schrift", "Armenian script")},
	{unicode.Georgian, intake.T("Georgisch schrift", "Georgian script")},
}

var (
	otherScript = intake.T("ander schrift", "other script")
	aSymbol     = intake.T("teken", "symbol")
)

// hiddenName is the name of what r is, for its placeholder.
func hiddenName(r rune) intake.Text {
	for _, s := range scriptNames {
		if unicode.Is(s.table, r) {
			return s.name
		}
	}
	if unicode.IsLetter(r) || unicode.IsMark(r) {
		return otherScript
	}
	return aSymbol
}

// neutral reports whether r may sit between two parts of one hidden run
// (the space in "محمد علي") without ending it.
func neutral(r rune) bool {
	return r == ' ' || r == '-' || r == '.' || r == ',' || r == '\'' || unicode.Is(unicode.Zs, r)
}

// fontCover tells which embedded font draws a character, if any.
type fontCover interface {
	has(f pdfFont, r rune) bool
}

// split turns a field's text into the pieces the paper draws: runs in the
// first font of fonts that has each character, and a placeholder for each
// run of text that cannot be shown (see the comment at the top). hidden
// reports whether any placeholder was made; shown whether any letter or
// digit is drawn as typed. The text is put in Unicode normal form C first,
// so a letter typed as base letter plus accent is one glyph with its
// accent in place.
func split(s string, fonts []pdfFont, cover fontCover, lang string) (out []piece, hidden, shown bool) {
	rs := []rune(norm.NFC.String(s))
	fontOf := func(r rune) (pdfFont, bool) {
		if r > 0xffff || r == unicode.ReplacementChar || rightToLeft(r) {
			// Beyond the Basic Multilingual Plane the PDF writer's
			// ToUnicode map would be wrong; U+FFFD means the text was
			// damaged; right to left is not drawn (see above).
			return 0, false
		}
		for _, f := range fonts {
			if cover.has(f, r) {
				return f, true
			}
		}
		return 0, false
	}
	add := func(p piece) {
		if n := len(out); n > 0 && !p.hidden && !out[n-1].hidden && out[n-1].font == p.font {
			out[n-1].text += p.text
			return
		}
		out = append(out, p)
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		if r == '\n' {
			add(piece{font: fonts[0], text: "\n"})
			i++
			continue
		}
		if f, ok := fontOf(r); ok {
			add(piece{font: f, text: string(r)})
			shown = shown || unicode.IsLetter(r) || unicode.IsDigit(r)
			i++
			continue
		}
		// A hidden run: this character, the marks and joiners after it,
		// and more of the same kind behind neutral characters.
		name := hiddenName(r)
		j := i + 1
		for j < len(rs) {
			if joining(rs[j]) {
				j++
				continue
			}
			k := j
			for k < len(rs) && neutral(rs[k]) {
				k++
			}
			if k < len(rs) && rs[k] != '\n' {
				if _, ok := fontOf(rs[k]); !ok && hiddenName(rs[k]) == name {
					j = k + 1
					continue
				}
			}
			break
		}
		add(piece{font: fonts[0], text: "[" + name.In(lang) + "]", hidden: true})
		hidden = true
		i = j
	}
	return out, hidden, shown
}
