package tui

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// inert makes text from the vault safe to put on the terminal: escape
// sequences and other control characters are dropped, so a name or note can
// never move the cursor, change the title, or hide text. Newlines and tabs
// become spaces; bidirectional overrides (which can make text read
// differently than it is stored) are dropped too; invalid UTF-8 becomes U+FFFD.
//
// The intake package will offer the same as intake.Inert; this is the
// screens' own copy until it lands.
func inert(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteByte(' ')
		case unicode.IsControl(r), isBidiControl(r):
			// dropped: ESC, C0, DEL, C1 and bidi controls
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// inertLines is inert for multi-line text: it keeps line breaks.
func inertLines(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = inert(l)
	}
	return strings.Join(lines, "\n")
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

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200e || r == 0x200f || r == 0x061c
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
