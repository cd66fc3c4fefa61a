package intake

import (
	"strings"
	"unicode/utf8"
)

// Inert makes s safe to draw in a terminal: it drops ESC and every other C0
// control character except newline and tab, DEL, the C1 controls
// U+0080–U+009F (which some terminals treat as CSI and friends), and the
// Unicode bidirectional overrides and isolates (which can make text on
// screen read differently from what is stored). A carriage return is
// dropped too (a CR-LF pair becomes a newline). Invalid UTF-8 bytes become
// U+FFFD. Everything else, including all printable Unicode, stays.
func Inert(s string) string {
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !inertRune(r) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			continue
		}
		if inertRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// inertRune reports whether r may be drawn as it is.
func inertRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return true
	case r < 0x20 || r == 0x7f: // C0 controls, ESC, DEL
		return false
	case r >= 0x80 && r <= 0x9f: // C1 controls
		return false
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c: // bidi controls
		return false
	}
	return true
}

// IsInert reports whether Inert(s) == s.
func IsInert(s string) bool { return Inert(s) == s }
