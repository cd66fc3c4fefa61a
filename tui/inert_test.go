package tui

import (
	"strings"
	"testing"
)

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
		if got := inert(tt.in); got != tt.want {
			t.Errorf("inert(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestInertLinesKeepsBreaks(t *testing.T) {
	if got := inertLines("a\x1b\r\nb"); got != "a\nb" {
		t.Fatalf("got %q", got)
	}
}

func TestSearchKey(t *testing.T) {
	if got := searchKey("Özdemir ÉLISE"); got != "ozdemir elise" {
		t.Fatalf("got %q", got)
	}
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200e || r == 0x200f || r == 0x061c
}

func FuzzInert(f *testing.F) {
	f.Add("Jan\x1b[31m")
	f.Add("\u202e\x9b")
	f.Fuzz(func(t *testing.T, s string) {
		out := inert(s)
		for _, r := range out {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) || isBidiControl(r) {
				t.Fatalf("control %U left in %q", r, out)
			}
		}
		if strings.Contains(out, "\x1b") {
			t.Fatal("escape left")
		}
	})
}
