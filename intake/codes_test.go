package intake

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// codeRegexp is the syntax ValidCode implements as a loop; the tests
// compare the two.
var codeRegexp = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

func TestValidCodeMatchesRegexp(t *testing.T) {
	inputs := []string{
		"", "a", "z", "A", "_", "0", "9", "money", "own_life", "in_use", "wijkteam",
		"a0", "a_", "a_b_c", "aZ", "Money", "mo ney", " money", "money ", "money\n",
		"\nmoney", "mo-ney", "mo.ney", "1abc", "_abc", "é", "caf\u00e9", "a\x00",
		"a\xff", "\xffa", "zq0123456789abcdef", "Jan Jansen",
		strings.Repeat("a", 31), strings.Repeat("a", 32), strings.Repeat("a", 33),
		"a" + strings.Repeat("_", 31), "a" + strings.Repeat("9", 31), "a" + strings.Repeat("9", 32),
		strings.Repeat("a", 1000), "`", "{", "@", "[", "/", ":",
	}
	for _, in := range inputs {
		if got, want := ValidCode(in), codeRegexp.MatchString(in); got != want {
			t.Errorf("ValidCode(%q) = %v, regexp says %v", in, got, want)
		}
	}
	// Every code of the catalogue is valid.
	c := DefaultCatalogue()
	for _, d := range c.Domains {
		if !ValidCode(string(d.Code)) {
			t.Errorf("catalogue domain %q", d.Code)
		}
	}
	// Random strings, biased to the edges: bytes near the class bounds and
	// lengths around 32.
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("az09_AZ`{/:@[^-. \n\x00\x7f\x80\xff" + "abcdefghijklmnopqrstuvwxyz0123456789")
	for range 200000 {
		n := rng.IntN(36)
		b := make([]byte, n)
		for i := range b {
			if rng.IntN(4) == 0 {
				b[i] = byte(rng.IntN(256))
			} else {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		if got, want := ValidCode(string(b)), codeRegexp.Match(b); got != want {
			t.Fatalf("ValidCode(%q) = %v, regexp says %v", b, got, want)
		}
	}
}

func FuzzValidCode(f *testing.F) {
	for _, s := range []string{"", "money", "a_1", "A", "a\n", strings.Repeat("a", 33)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ValidCode(s), codeRegexp.MatchString(s); got != want {
			t.Fatalf("ValidCode(%q) = %v, regexp says %v", s, got, want)
		}
	})
}

func BenchmarkValidCode(b *testing.B) {
	codes := []string{"money", "own_life", "shelter_staff", "Jan Jansen", "wijkteam"}
	for i := 0; b.Loop(); i++ {
		ValidCode(codes[i%len(codes)])
	}
}
