package common

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
)

// Fit makes s exactly h lines of at most w cells: cut or padded.
func Fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// Wrap wraps plain text to width (words, never cut mid-word unless a word
// is longer than the line) and renders every line in st with indent.
func Wrap(st lipgloss.Style, s string, width int, indent string) string {
	lines := WrapLines(s, width)
	for i, l := range lines {
		lines[i] = indent + st.Render(l)
	}
	return strings.Join(lines, "\n")
}

// WrapLines wraps plain text to width and returns its lines.
func WrapLines(s string, width int) []string {
	return strings.Split(ansi.Wrap(s, max(10, width), ""), "\n")
}

// PadRight pads s with spaces to n cells.
func PadRight(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// Cell writes s into exactly w cells, cut with an ellipsis.
func Cell(b *strings.Builder, s string, w int) {
	if w <= 0 {
		return
	}
	n := utf8.RuneCountInString(s)
	if IsPlain(s) && n <= w {
		b.WriteString(s)
		b.WriteString(strings.Repeat(" ", w-n))
		return
	}
	t := ansi.Truncate(s, w, "…")
	b.WriteString(t)
	b.WriteString(strings.Repeat(" ", max(0, w-ansi.StringWidth(t))))
}

// Inert makes typed text safe to draw on one line: control characters and
// escape sequences out (intake.Inert), newlines and tabs as spaces.
func Inert(s string) string {
	if IsPlain(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, intake.Inert(s))
}

// InertLines is Inert for text drawn over several lines.
func InertLines(s string) string { return strings.ReplaceAll(intake.Inert(s), "\t", " ") }

// IsPlain reports whether s is printable ASCII.
func IsPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// SearchKey folds s for filtering: lower case, accents off, inert.
func SearchKey(s string) string {
	if IsPlain(s) { // most keys: ASCII lower case is all there is to do
		return strings.ToLower(s)
	}
	s = Inert(s)
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

// AppendSearchKey appends SearchKey(s) to dst: a list's keys are made of
// several parts without a string for each (SearchKey works rune by rune,
// so for parts of valid UTF-8, as Inert text is, the parts' keys joined
// are the joined parts' key).
func AppendSearchKey(dst []byte, s string) []byte {
	if !IsPlain(s) {
		return append(dst, SearchKey(s)...)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
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
