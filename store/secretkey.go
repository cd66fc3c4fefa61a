package store

import (
	"crypto/cipher"
	"reflect"
	"unsafe"

	"golang.org/x/crypto/chacha20poly1305"
)

// secretKey is a 32-byte data key together with the one AEAD made from it
// for as long as the vault is unlocked (docs/FORMAT.md §5). Making an AEAD
// per operation left a copy of the key in every discarded cipher object
// (the issue 12 memory scan found 688 copies of the notes key after lock);
// one AEAD per key, wiped on Lock, leaves none.
type secretKey struct {
	raw  []byte
	aead cipher.AEAD
}

// newSecretKey takes raw (32 bytes) over: wipe clears it.
func newSecretKey(raw []byte) (*secretKey, error) {
	a, err := chacha20poly1305.NewX(raw)
	if err != nil {
		clear(raw)
		return nil, err
	}
	lockMemory(raw)
	lockMemory(aeadKeyBytes(a))
	return &secretKey{raw: raw, aead: a}, nil
}

// wipe clears the key and the AEAD's copy of it. A nil key is a no-op.
func (k *secretKey) wipe() {
	if k == nil {
		return
	}
	clear(k.raw)
	wipeAEAD(k.aead)
}

// aeadKeyBytes returns the key array inside an AEAD made by
// chacha20poly1305.NewX (a pointer to a struct holding only [32]byte), or
// nil if its layout is not that. TestWipeAEAD fails should x/crypto change
// it, before a release could ship a wipe that does nothing.
func aeadKeyBytes(a cipher.AEAD) []byte {
	v := reflect.ValueOf(a)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	s := v.Elem()
	if s.Kind() != reflect.Struct || s.NumField() != 1 || s.Field(0).Type() != reflect.TypeFor[[keySize]byte]() {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(s.Field(0).UnsafeAddr())), keySize)
}

// wipeAEAD zeroes the copy of the key inside a, which cipher.AEAD gives no
// way to reach. It reports whether it could.
func wipeAEAD(a cipher.AEAD) bool {
	b := aeadKeyBytes(a)
	clear(b)
	return b != nil
}

// withKey runs fn with an AEAD for a short-lived key (a slot's KEK, one
// record's data key) and wipes the AEAD's copy afterwards.
func withKey(key []byte, fn func(cipher.AEAD) error) error {
	a, err := chacha20poly1305.NewX(key)
	if err != nil {
		return err
	}
	defer wipeAEAD(a)
	return fn(a)
}
