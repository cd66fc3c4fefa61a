package intake

import (
	"crypto/rand"
	"encoding/hex"
)

// NewID returns a random identifier (128 bits, 32 hex characters). It says
// nothing about the person or the time.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never returns an error (Go ≥ 1.24)
	return hex.EncodeToString(b[:])
}

// ValidID reports whether s looks like an ID the program makes: 8–64
// characters of [0-9a-zA-Z_-] (NewID makes 32 hex characters). Residents,
// intakes, statistics IDs and handover bundles (store/bundle) use this one
// rule; every such ID is also a valid store record ID.
func ValidID(s string) bool {
	if len(s) < 8 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
