package store

import (
	"fmt"

	"golang.org/x/crypto/argon2"
)

// KDFParams are the Argon2id parameters of one key slot. They are stored in
// plaintext in the slot, so they can be raised later for new slots without
// breaking old ones.
type KDFParams struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32 // memory in KiB
	Threads   uint8  // lanes
}

// DefaultKDF is the second recommended option of RFC 9106 §4:
// Argon2id, t=3, m=64 MiB, p=4, with a 16-byte salt and a 32-byte tag.
var DefaultKDF = KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

const (
	saltSize = 16
	keySize  = 32

	// Bounds checked before a slot's parameters are used. The slot header
	// is authenticated only after the KDF has run, so these bounds are all
	// that stands between a damaged or planted slot and every unlock: one
	// such slot must not make each unlock allocate more than 1 GiB or run
	// for minutes. They leave room above the default (t=3, 64 MiB, p=4) to
	// raise the parameters of new slots later (16× the memory, 5× the
	// passes, 4× the lanes).
	maxKDFTime      = 16
	maxKDFMemoryKiB = 1024 * 1024 // 1 GiB
	maxKDFThreads   = 16
)

func (p KDFParams) orDefault() KDFParams {
	if p == (KDFParams{}) {
		return DefaultKDF
	}
	return p
}

func (p KDFParams) String() string {
	return fmt.Sprintf("argon2id t=%d m=%dKiB p=%d", p.Time, p.MemoryKiB, p.Threads)
}

// validate reports whether Argon2id can run with p within our bounds.
func (p KDFParams) validate() error {
	switch {
	case p.Time < 1 || p.Time > maxKDFTime:
		return fmt.Errorf("kdf time %d out of range 1..%d", p.Time, maxKDFTime)
	case p.Threads < 1 || p.Threads > maxKDFThreads:
		return fmt.Errorf("kdf threads %d out of range 1..%d", p.Threads, maxKDFThreads)
	case p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxKDFMemoryKiB:
		return fmt.Errorf("kdf memory %d KiB out of range %d..%d", p.MemoryKiB, 8*uint32(p.Threads), maxKDFMemoryKiB)
	}
	return nil
}

// deriveKEK runs Argon2id. The caller clears the result when done. It
// runs on a stack that is overwritten afterwards (see onScrubbedStack).
func deriveKEK(secret, salt []byte, p KDFParams) []byte {
	var kek []byte
	onScrubbedStack(func() { kek = argon2.IDKey(secret, salt, p.Time, p.MemoryKiB, p.Threads, keySize) })
	return kek
}
