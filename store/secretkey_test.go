package store

import (
	"bytes"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
)

// TestWipeAEAD: the wipe reaches the key copy inside x/crypto's AEAD (if
// its layout changed, aeadKeyBytes returns nil and this fails), and a
// wiped AEAD seals as one with the zero key.
func TestWipeAEAD(t *testing.T) {
	key := bytes.Repeat([]byte{0x5a}, keySize)
	a, err := chacha20poly1305.NewX(key)
	if err != nil {
		t.Fatal(err)
	}
	if got := aeadKeyBytes(a); !bytes.Equal(got, key) {
		t.Fatalf("aeadKeyBytes = %x, want the key", got)
	}
	if !wipeAEAD(a) {
		t.Fatal("wipeAEAD could not reach the key")
	}
	zero, _ := chacha20poly1305.NewX(make([]byte, keySize))
	nonce := make([]byte, nonceSize)
	if !bytes.Equal(a.Seal(nil, nonce, []byte("x"), nil), zero.Seal(nil, nonce, []byte("x"), nil)) {
		t.Fatal("a wiped AEAD still seals with the key")
	}
	sk, err := newSecretKey(bytes.Clone(key))
	if err != nil {
		t.Fatal(err)
	}
	raw, inner := sk.raw, aeadKeyBytes(sk.aead)
	sk.wipe()
	if !bytes.Equal(raw, make([]byte, keySize)) || !bytes.Equal(inner, make([]byte, keySize)) {
		t.Fatal("secretKey.wipe left key bytes")
	}
}

// TestCheckNameInvisible: names that look like another name, or like
// nothing, are refused (so "Hakim\u200b" cannot pose as "Hakim").
func TestCheckNameInvisible(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"Hakim", true},
		{"Anna de Vries", true},
		{"  Zoë Ødegård-Çelik  ", true},
		{"李小龙", true},
		{"Hakim\u200b", false},       // zero-width space
		{"Ha\u200dkim", false},       // zero-width joiner
		{"Hakim\u202e", false},       // right-to-left override
		{"\u2066Hakim\u2069", false}, // bidi isolates
		{"Hakim\u00a0Ali", false},    // no-break space
		{"Hakim  Ali", false},        // two spaces
		{"Hakim\ufe0f", false},       // variation selector
		{"Hakim\u3164", false},       // Hangul filler
		{"Hakim\u00ad", false},       // soft hyphen
		{"Hakim\x1b[2J", false},      // escape
		{"Hakim\ue000", false},       // private use
		{"Hakim\U000E0041", false},   // tag character
		{"\u200b", false},
		{"", false},
	}
	for _, tt := range tests {
		_, err := checkName(tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("checkName(%q) = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}
