package store

import (
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// The kompaan rule by keys (docs/FORMAT.md §3, "Per-record keys"): from
// format 3 on every resident record and every intake has its own random
// data key. The record is sealed under that key, and the key is wrapped
// (sealed) for who may read it:
//
//   - for the supporters, under the group key (which supporters and the
//     recovery slot hold), or — when a kompaan wrote the record, who does
//     not hold the group key — to the group's X25519 public key;
//   - for each kompaan who took part, under that kompaan's member key,
//     which only their own slot and the supporters' keyring hold.
//
// A stored value of such a record is
//
//	0   1     layout: 2
//	1   1     group wrap type: 1 under the group key, 2 to the group's public key
//	2   72    group wrap (type 1), or 32-byte ephemeral X25519 public key ‖ 72 (type 2)
//	…   1     n, the number of member wraps (at most 255)
//	…   72·n  member wraps
//	…   …     envelope (§2) of the record under the data key
//
// A wrap is nonce (24) ‖ XChaCha20-Poly1305 of the 32-byte data key ‖ tag
// (16), without padding, with the associated data of wrapAD. Member wraps
// carry no name: a kompaan tries each (there are rarely more than two).

const (
	layoutFiled   = 2
	wrapSym       = 1 // group wrap under the group key
	wrapPub       = 2 // group wrap to the group's X25519 public key
	wrapMember    = 3 // in the associated data of a member wrap
	wrapLen       = nonceSize + keySize + tagSize
	ephemeralLen  = 32
	wrapPubLen    = ephemeralLen + wrapLen
	maxWraps      = 255
	filedHeadSize = 2
)

// filedValue is a parsed stored value of a per-record-key kind. Its slices
// point into the bytes it was parsed from.
type filedValue struct {
	groupType byte
	group     []byte
	members   [][]byte
	envelope  []byte
}

var errBadFiled = errors.New("malformed key wraps")

func parseFiled(b []byte) (filedValue, error) {
	var f filedValue
	if len(b) < filedHeadSize || b[0] != layoutFiled {
		return f, errBadFiled
	}
	f.groupType = b[1]
	n := wrapLen
	switch f.groupType {
	case wrapSym:
	case wrapPub:
		n = wrapPubLen
	default:
		return f, errBadFiled
	}
	rest := b[filedHeadSize:]
	if len(rest) < n+1 {
		return f, errBadFiled
	}
	f.group, rest = rest[:n], rest[n:]
	m := int(rest[0])
	rest = rest[1:]
	if len(rest) < m*wrapLen+envelopeMin {
		return f, errBadFiled
	}
	f.members = make([][]byte, m)
	for i := range m {
		f.members[i], rest = rest[:wrapLen], rest[wrapLen:]
	}
	f.envelope = rest
	return f, nil
}

func (f filedValue) encode() []byte {
	out := make([]byte, 0, filedHeadSize+len(f.group)+1+len(f.members)*wrapLen+len(f.envelope))
	out = append(out, layoutFiled, f.groupType)
	out = append(out, f.group...)
	out = append(out, byte(len(f.members)))
	for _, m := range f.members {
		out = append(out, m...)
	}
	return append(out, f.envelope...)
}

// wrapAD is the associated data of a key wrap:
//
//	"spreekuur-wrap" ‖ 0x00 ‖ u32be(format version) ‖ u16be(len(bucket)) ‖
//	bucket ‖ u16be(len(id)) ‖ id ‖ u8(wrap kind: 1 group, 2 group public key, 3 member)
//
// so a wrap opens only for the record it was made for, in its place.
func wrapAD(version uint32, bucket, id string, kind byte) []byte {
	return append(placeAD("spreekuur-wrap\x00", version, bucket, id, 1), kind)
}

// sealWrap seals a data key under a (a wrapping key's AEAD).
func sealWrap(a cipher.AEAD, ad, dataKey []byte) ([]byte, error) {
	var nonce [nonceSize]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, fmt.Errorf("store: random nonce: %w", err)
	}
	return sealWrapNonce(a, nonce[:], ad, dataKey), nil
}

func sealWrapNonce(a cipher.AEAD, nonce, ad, dataKey []byte) []byte {
	out := make([]byte, 0, wrapLen)
	out = append(out, nonce...)
	return a.Seal(out, nonce, dataKey, ad)
}

// openWrap returns the data key in w, in fresh memory the caller clears.
func openWrap(a cipher.AEAD, ad, w []byte) ([]byte, error) {
	if a == nil || len(w) != wrapLen {
		return nil, errOpen
	}
	k, err := a.Open(nil, w[:nonceSize], w[nonceSize:], ad)
	if err != nil || len(k) != keySize {
		clear(k)
		return nil, errOpen
	}
	return k, nil
}

// publicKEK derives the one-time key of a value sealed to an X25519 public
// key: HKDF-SHA-256 over the shared secret, salt ephemeral ‖ recipient,
// and info naming what is sealed (wrapInfo, logInfo, failedInfo).
func publicKEK(shared, ephemeral, recipient []byte, info string) ([]byte, error) {
	salt := make([]byte, 0, 64)
	salt = append(append(salt, ephemeral...), recipient...)
	return hkdf.Key(sha256.New, shared, salt, info, keySize)
}

const wrapInfo = "spreekuur-wrap-x25519"

// toPublic seals to the X25519 public key pub with the ephemeral key eph
// (a new one when nil): the result is eph's public key (32 bytes) ‖ what
// sealWith makes under publicKEK(…, info).
func toPublic(eph *ecdh.PrivateKey, pub []byte, info string, sealWith func(cipher.AEAD) ([]byte, error)) ([]byte, error) {
	peer, err := ecdh.X25519().NewPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("store: group public key: %w", err)
	}
	if eph == nil {
		if eph, err = ecdh.X25519().GenerateKey(rand.Reader); err != nil {
			return nil, err
		}
	}
	shared, err := eph.ECDH(peer)
	if err != nil {
		return nil, err
	}
	defer clear(shared)
	epub := eph.PublicKey().Bytes()
	kek, err := publicKEK(shared, epub, pub, info)
	if err != nil {
		return nil, err
	}
	defer clear(kek)
	var out []byte
	err = withKey(kek, func(a cipher.AEAD) error {
		var err error
		out, err = sealWith(a)
		return err
	})
	if err != nil {
		return nil, err
	}
	return append(epub, out...), nil
}

// fromPublic opens what toPublic made (sealed is at least ephemeralLen
// long) with the private key; every failure is errOpen.
func fromPublic(priv *ecdh.PrivateKey, info string, sealed []byte, openWith func(cipher.AEAD, []byte) ([]byte, error)) ([]byte, error) {
	peer, err := ecdh.X25519().NewPublicKey(sealed[:ephemeralLen])
	if err != nil {
		return nil, errOpen
	}
	shared, err := priv.ECDH(peer)
	if err != nil {
		return nil, errOpen
	}
	defer clear(shared)
	kek, err := publicKEK(shared, sealed[:ephemeralLen], priv.PublicKey().Bytes(), info)
	if err != nil {
		return nil, errOpen
	}
	defer clear(kek)
	var out []byte
	err = withKey(kek, func(a cipher.AEAD) error {
		var err error
		out, err = openWith(a, sealed[ephemeralLen:])
		return err
	})
	return out, err
}

// sealWrapTo wraps a data key to the X25519 public key pub (the group's),
// for a writer who does not hold the group key: a kompaan.
func sealWrapTo(pub, ad, dataKey []byte) ([]byte, error) {
	return sealWrapToWith(nil, pub, ad, dataKey)
}

// sealWrapToWith is sealWrapTo with a given ephemeral key (test vectors).
func sealWrapToWith(eph *ecdh.PrivateKey, pub, ad, dataKey []byte) ([]byte, error) {
	return toPublic(eph, pub, wrapInfo, func(a cipher.AEAD) ([]byte, error) { return sealWrap(a, ad, dataKey) })
}

// openWrapWith opens a wrap made by sealWrapTo with the private key.
func openWrapWith(priv *ecdh.PrivateKey, ad, w []byte) ([]byte, error) {
	if priv == nil || len(w) != wrapPubLen {
		return nil, errOpen
	}
	return fromPublic(priv, wrapInfo, w, func(a cipher.AEAD, sealed []byte) ([]byte, error) { return openWrap(a, ad, sealed) })
}

// groupPrivate derives the group's X25519 key pair from the group key:
// the private key is subkey(group key, "group-x25519"), clamped by X25519.
func groupPrivate(group *secretKey) (*ecdh.PrivateKey, error) {
	seed := subkey(group, "group-x25519")
	defer clear(seed)
	return ecdh.X25519().NewPrivateKey(seed)
}

// sealFiledEnvelope seals plain under the data key.
func sealFiledEnvelope(dataKey, ad, plain []byte) ([]byte, error) {
	var out []byte
	err := withKey(dataKey, func(a cipher.AEAD) error {
		var err error
		out, err = seal(a, ad, plain)
		return err
	})
	return out, err
}

// openFiledEnvelope opens the envelope of a filed value with its data key.
func openFiledEnvelope(dataKey, ad, envelope []byte) ([]byte, error) {
	var plain []byte
	err := withKey(dataKey, func(a cipher.AEAD) error {
		var err error
		plain, err = openEnvelope(a, ad, envelope)
		return err
	})
	return plain, err
}
