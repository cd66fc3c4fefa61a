package tui

import (
	"strings"
	"unicode"

	"github.com/spreekuur/spreekuur/intake"
)

// inert makes text from the vault safe to put on the terminal, on one
// line: intake.Inert drops escape sequences and other control characters
// (so a name or note can never move the cursor, change the title or hide
// text), and line breaks and tabs become spaces here.
func inert(s string) string {
	if isPlain(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, intake.Inert(s))
}

// inertLines is inert for multi-line text: it keeps line breaks.
func inertLines(s string) string {
	return strings.ReplaceAll(intake.Inert(s), "\t", " ")
}

// isPlain reports whether s is printable ASCII only, the common case.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// searchKey folds s for filtering: lower case, common Latin accents removed
// ("Özdemir" is found by "ozd"), made inert.
func searchKey(s string) string {
	s = inert(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := foldAccent[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldAccent = func() map[rune]rune {
	m := map[rune]rune{}
	add := func(base rune, accented string) {
		for _, r := range accented {
			m[r] = base
		}
	}
	add('a', "àáâãäåāăą")
	add('c', "çćĉċč")
	add('e', "èéêëēĕėęě")
	add('i', "ìíîïĩīĭįı")
	add('n', "ñńņňŉ")
	add('o', "òóôõöøōŏő")
	add('u', "ùúûüũūŭůűų")
	add('y', "ýÿŷ")
	add('s', "śŝşšș")
	add('z', "źżž")
	add('g', "ĝğġģ")
	add('d', "ďđ")
	add('l', "ĺļľŀł")
	add('r', "ŕŗř")
	add('t', "ţťŧț")
	return m
}()
