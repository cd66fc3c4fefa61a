package bundle

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// FuzzVerifySignature: Verify never panics on any signature text; it
// accepts only a signature over the vector whose signed parts are the
// committed ones (the untrusted comment is not signed), and every refusal
// is ErrBadSignature or names the laptop (*SignerError).
func FuzzVerifySignature(f *testing.F) {
	sig, pub := signVector(f)
	data, err := os.ReadFile(vectorAge)
	if err != nil {
		f.Fatal(err)
	}
	office := newVault(f)
	if _, err := AddLaptop(office, "Testlaptop", string(pub), t0); err != nil {
		f.Fatal(err)
	}
	f.Add(sig)
	f.Add(sig[:len(sig)/2])
	f.Add(bytes.ReplaceAll(sig, []byte("\n"), []byte("\r\n")))
	f.Add([]byte(strings.Replace(string(sig), "Anna", "Bram", 1)))
	f.Add([]byte("untrusted comment: \nRWQ=\ntrusted comment: \n\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, s []byte) {
		from, err := Verify(office, bytes.NewReader(data), s)
		if err == nil {
			lines := strings.SplitN(string(s), "\n", 4)
			want := strings.SplitN(string(sig), "\n", 4)
			if from.Laptop != "Testlaptop" || from.Signed != vectorSigned || len(lines) != 4 ||
				strings.TrimRight(lines[2], "\r") != want[2] {
				t.Fatalf("accepted %q as %+v", s, from)
			}
			return
		}
		var se *SignerError
		if !errors.Is(err, ErrBadSignature) && !errors.As(err, &se) {
			t.Fatalf("refused with %v", err)
		}
	})
}

// FuzzParsePublicKey: ParsePublicKey never panics, refuses with
// ErrBadPublicKey, and what it accepts writes back to a key it accepts
// again, with the same ID.
func FuzzParsePublicKey(f *testing.F) {
	pub, _ := os.ReadFile(vectorLaptopPub)
	f.Add(string(pub))
	f.Add(strings.Split(string(pub), "\n")[1])
	f.Add("RWQ")
	f.Add("untrusted comment: x\n\n")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParsePublicKey(s)
		if err != nil {
			if !errors.Is(err, ErrBadPublicKey) {
				t.Fatalf("refused with %v", err)
			}
			return
		}
		again, err := ParsePublicKey(string(PublicKeyFile(k)))
		if err != nil || !again.Equal(k) || again.ID() != k.ID() {
			t.Fatalf("%q: wrote back as %v (%v)", s, again, err)
		}
	})
}
