package store

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// A sealed value on disk is
//
//	nonce (24 bytes, random) ‖ XChaCha20-Poly1305 ciphertext ‖ tag (16 bytes)
//
// The plaintext is padded (see pad) before sealing so ciphertext lengths only
// reveal the size to within padBlock bytes. The associated data binds the
// value to where it is stored; see recordAD and slotAD.

const (
	nonceSize   = chacha20poly1305.NonceSizeX // 24
	tagSize     = chacha20poly1305.Overhead   // 16
	envelopeMin = nonceSize + tagSize
	padBlock    = 256
	// maxValueSize bounds what we accept to seal and to open.
	maxValueSize = 64 << 20
)

// errOpen is the internal failure of an AEAD open; callers wrap ErrTampered
// with the bucket and ID.
var errOpen = errors.New("authentication failed")

// recordAD is the associated data of a record value:
//
//	"spreekuur-record" ‖ 0x00 ‖ u32be(format version) ‖
//	u16be(len(bucket)) ‖ bucket ‖ u16be(len(id)) ‖ id
//
// Length prefixes make the encoding unambiguous ("ab"+"c" ≠ "a"+"bc").
func recordAD(version uint32, bucket, id string) []byte {
	return placeAD("spreekuur-record\x00", version, bucket, id, 0)
}

// placeAD is label ‖ u32be(version) ‖ u16be(len(bucket)) ‖ bucket ‖
// u16be(len(id)) ‖ id, with extra bytes of room.
func placeAD(label string, version uint32, bucket, id string, extra int) []byte {
	return appendPlaceAD(make([]byte, 0, len(label)+4+2+len(bucket)+2+len(id)+extra), label, version, bucket, id)
}

// appendPlaceAD appends placeAD's bytes to ad.
func appendPlaceAD(ad []byte, label string, version uint32, bucket, id string) []byte {
	ad = append(ad, label...)
	ad = binary.BigEndian.AppendUint32(ad, version)
	ad = binary.BigEndian.AppendUint16(ad, uint16(len(bucket)))
	ad = append(ad, bucket...)
	ad = binary.BigEndian.AppendUint16(ad, uint16(len(id)))
	return append(ad, id...)
}

// seal encrypts plaintext with aead (the unlocked vault's AEAD for a data
// key, see secretKey) under a fresh random nonce.
func seal(aead cipher.AEAD, ad, plaintext []byte) ([]byte, error) {
	var nonce [nonceSize]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, fmt.Errorf("store: random nonce: %w", err)
	}
	return sealWithNonce(aead, nonce[:], ad, plaintext)
}

func sealWithNonce(aead cipher.AEAD, nonce, ad, plaintext []byte) ([]byte, error) {
	if len(plaintext) > maxValueSize {
		return nil, fmt.Errorf("store: value of %d bytes is too large", len(plaintext))
	}
	// Padded in the output's own memory and sealed in place: the padded
	// plaintext is overwritten by its ciphertext, and no second buffer is
	// made (one per value written; an import writes hundreds of thousands).
	n := paddedLen(len(plaintext))
	out := make([]byte, nonceSize+n, nonceSize+n+tagSize)
	copy(out, nonce)
	padded := padInto(out[nonceSize:], plaintext)
	return aead.Seal(out[:nonceSize], nonce, padded, ad), nil
}

// openEnvelope authenticates and decrypts a sealed value. Any failure —
// short input, wrong key, edited byte, wrong AD, bad padding — is errOpen;
// nothing is returned but an error in that case.
func openEnvelope(aead cipher.AEAD, ad, sealed []byte) ([]byte, error) {
	plain, _, err := openEnvelopeTo(nil, aead, ad, sealed)
	return plain, err
}

// openEnvelopeTo is openEnvelope in dst's memory when it is large enough,
// for opening many values one after another: plain lies in buf, which the
// caller clears and may pass again (buf is dst, or what replaced it).
func openEnvelopeTo(dst []byte, aead cipher.AEAD, ad, sealed []byte) (plain, buf []byte, err error) {
	if aead == nil || len(sealed) < envelopeMin || len(sealed) > maxValueSize+padBlock+envelopeMin {
		return nil, dst, errOpen
	}
	nonce, ct := sealed[:nonceSize], sealed[nonceSize:]
	padded, err := aead.Open(dst[:0], nonce, ct, ad)
	if err != nil {
		return nil, dst, errOpen
	}
	buf = padded[:cap(padded)]
	plain, err = unpad(padded)
	if err != nil {
		clear(padded)
		return nil, buf, errOpen
	}
	return plain, buf, nil
}

// pad appends 0x80 and zero bytes up to a multiple of padBlock
// (ISO/IEC 7816-4 padding). The result is a new slice.
func pad(b []byte) []byte { return padInto(make([]byte, paddedLen(len(b))), b) }

// padInto writes b padded into dst, which is paddedLen(len(b)) zero bytes.
func padInto(dst, b []byte) []byte {
	copy(dst, b)
	dst[len(b)] = 0x80
	return dst
}

// paddedLen is the length of n bytes padded.
func paddedLen(n int) int { return (n/padBlock + 1) * padBlock }

// unpad reverses pad. It returns a sub-slice of b.
func unpad(b []byte) ([]byte, error) {
	if len(b) == 0 || len(b)%padBlock != 0 {
		return nil, errors.New("bad padding length")
	}
	i := bytes.LastIndexByte(b, 0x80)
	if i < 0 || i < len(b)-padBlock {
		return nil, errors.New("bad padding")
	}
	for _, c := range b[i+1:] {
		if c != 0 {
			return nil, errors.New("bad padding")
		}
	}
	return b[:i], nil
}
