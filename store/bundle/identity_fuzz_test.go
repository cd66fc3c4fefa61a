package bundle

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"filippo.io/age"
)

// FuzzParseIdentities: ParseIdentities never panics, every error wraps
// ErrBadIdentity, and no error repeats a secret key (or the 20 characters
// after "AGE-SECRET-KEY-1") from the file.
func FuzzParseIdentities(f *testing.F) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		f.Fatal(err)
	}
	key := id.String()
	for _, s := range []string{
		"", "\n", "# created: 2025-03-04\n# public key: " + id.Recipient().String() + "\n" + key + "\n",
		key, key + "\r\n", key[:len(key)-1] + "\n", strings.ToLower(key) + "\n",
		key + "\n" + key[:30] + "x" + key[31:] + "\n", "AGE-SECRET-KEY-1\n", "AGE-PLUGIN-YUBIKEY-1QQQQQQ\n",
		"-----BEGIN AGE ENCRYPTED FILE-----\n", "age-encryption.org/v1\n", "\x00\xff" + key,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ids, err := ParseIdentities(bytes.NewReader(data))
		if err == nil {
			if len(ids) == 0 {
				t.Fatal("no error and no identity")
			}
			return
		}
		if !errors.Is(err, ErrBadIdentity) {
			t.Fatalf("error %v does not wrap ErrBadIdentity", err)
		}
		msg := err.Error()
		for _, line := range bytes.Split(data, []byte("\n")) {
			i := strings.Index(asciiUpper(string(line)), "AGE-SECRET-KEY-1")
			if i < 0 {
				continue
			}
			secret := string(line[i+len("AGE-SECRET-KEY-1"):])
			if len(secret) > 20 {
				secret = secret[:20]
			}
			if len(secret) >= 8 && strings.Contains(asciiUpper(msg), asciiUpper(secret)) {
				t.Fatalf("error %q repeats key material %q", msg, secret)
			}
		}
	})
}

// asciiUpper upper-cases ASCII letters only, keeping every byte's place.
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
