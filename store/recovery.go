package store

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
)

// A recovery code is 16 random bytes (128 bits) followed by a 4-byte
// checksum (the first bytes of SHA-256 over a label and the secret), written
// as 32 base32 characters (A–Z, 2–7) in eight groups of four:
//
//	ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567
//
// The checksum catches typos before the slow key derivation. Parsing ignores
// case, spaces and dashes, and reads 0 as O, 1 as I and 8 as B, characters
// base32 never uses.
const (
	recoverySecretSize = 16
	recoveryCheckSize  = 4
	recoveryGroup      = 4
)

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func recoveryCheck(secret []byte) []byte {
	h := sha256.New()
	h.Write([]byte("spreekuur-recovery-check\x00"))
	h.Write(secret)
	return h.Sum(nil)[:recoveryCheckSize]
}

func randRead(b []byte) error {
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("store: random: %w", err)
	}
	return nil
}

// newRecoveryCode returns the secret (the KDF input) and its printable form.
func newRecoveryCode() (secret, printable []byte, err error) {
	secret = make([]byte, recoverySecretSize)
	if err := randRead(secret); err != nil {
		return nil, nil, err
	}
	return secret, formatRecoveryCode(secret), nil
}

func formatRecoveryCode(secret []byte) []byte {
	raw := make([]byte, 0, recoverySecretSize+recoveryCheckSize)
	raw = append(raw, secret...)
	raw = append(raw, recoveryCheck(secret)...)
	enc := make([]byte, recoveryEncoding.EncodedLen(len(raw)))
	recoveryEncoding.Encode(enc, raw)
	clear(raw)
	out := make([]byte, 0, len(enc)+len(enc)/recoveryGroup)
	for i, c := range enc {
		if i > 0 && i%recoveryGroup == 0 {
			out = append(out, '-')
		}
		out = append(out, c)
	}
	clear(enc)
	return out
}

// parseRecoveryCode normalises and checks a typed code and returns the
// secret. A wrong length or checksum is ErrBadRecoveryCode.
func parseRecoveryCode(code []byte) ([]byte, error) {
	norm := make([]byte, 0, 32)
	defer clear(norm)
	for _, c := range code {
		switch {
		case c == ' ' || c == '-' || c == '\t' || c == '\r' || c == '\n':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case c == '0':
			c = 'O'
		case c == '1':
			c = 'I'
		case c == '8':
			c = 'B'
		}
		norm = append(norm, c)
	}
	want := recoveryEncoding.EncodedLen(recoverySecretSize + recoveryCheckSize)
	if len(norm) != want {
		return nil, fmt.Errorf("%w: %d characters instead of %d", ErrBadRecoveryCode, len(norm), want)
	}
	raw := make([]byte, recoveryEncoding.DecodedLen(len(norm)))
	defer clear(raw)
	n, err := recoveryEncoding.Decode(raw, norm)
	if err != nil || n != recoverySecretSize+recoveryCheckSize {
		return nil, fmt.Errorf("%w: not a recovery code", ErrBadRecoveryCode)
	}
	secret := raw[:recoverySecretSize]
	if subtle.ConstantTimeCompare(recoveryCheck(secret), raw[recoverySecretSize:n]) != 1 {
		return nil, fmt.Errorf("%w: checksum does not match (a typo?)", ErrBadRecoveryCode)
	}
	return append([]byte(nil), secret...), nil
}

// NewRecoveryCode issues a new recovery code and voids the old one: a new
// recovery slot wraps the same data keys under the new code, and every
// older recovery slot is deleted, in one transaction. Only a supporter
// unlocked with their own passphrase may do it (not with the recovery
// code itself: a lost passphrase plus a leaked code must not let someone
// lock the others out). The caller shows the code once and wipes it.
func (v *Vault) NewRecoveryCode() ([]byte, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.keys == nil {
		return nil, ErrLocked
	}
	if v.recovery {
		return nil, fmt.Errorf("%w: unlock with your own passphrase to issue a new recovery code", ErrNotPermitted)
	}
	if v.role != RoleSupporter || v.keys.group == nil {
		return nil, fmt.Errorf("%w: only a supporter can issue a new recovery code", ErrNotPermitted)
	}
	secret, printable, err := newRecoveryCode()
	if err != nil {
		return nil, err
	}
	defer clear(secret)
	id := NewID()
	slot, err := sealSlot(id, slotRecovery, v.opt.KDF, secret, slotPayload{Notes: v.keys.group.raw, Stats: v.keys.stats.raw})
	if err != nil {
		clear(printable)
		return nil, err
	}
	err = v.update(v.keys, func(tx *Tx) error {
		b := tx.btx.Bucket([]byte(bucketSlots))
		if b == nil {
			return ErrNotVault
		}
		var old [][]byte
		if err := b.ForEach(func(k, val []byte) error {
			if h, _, err := decodeSlot(val); err == nil && h.Type == slotRecovery {
				old = append(old, append([]byte(nil), k...))
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range old {
			if err := tx.del(bucketSlots, k); err != nil {
				return err
			}
		}
		return tx.put(bucketSlots, []byte(id), slot)
	})
	if err != nil {
		clear(printable)
		return nil, err
	}
	return printable, nil
}
