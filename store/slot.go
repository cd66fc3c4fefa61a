package store

import (
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
)

// A key slot, stored in plaintext under its random slot ID in the "slots"
// bucket:
//
//	offset size
//	0      1    slot format version (1)
//	1      1    slot type: 1 passphrase, 2 recovery code
//	2      1    KDF: 1 = Argon2id
//	3      4    Argon2 time, u32be
//	7      4    Argon2 memory in KiB, u32be
//	11     1    Argon2 threads
//	12     16   salt
//	28     ..   sealed payload (envelope: nonce ‖ ciphertext ‖ tag) under the
//	            KEK = Argon2id(secret, salt, params), AD = slotAD(id, header)
//
// The payload (see slotPayload) holds the user's name, role and the data
// keys of that role. Nothing in the header was typed by a person.

const (
	slotVersion         = 1
	slotHeaderSize      = 28
	kdfArgon2id         = 1
	slotPayloadV1       = 1
	maxNameBytes        = 1024
	maskNotes      byte = 1 << 0
	maskStats      byte = 1 << 1
)

type slotType byte

const (
	slotPassphrase slotType = 1
	slotRecovery   slotType = 2
)

type slotHeader struct {
	Type slotType
	KDF  KDFParams
	Salt [saltSize]byte
}

func (h slotHeader) encode() []byte {
	b := make([]byte, 0, slotHeaderSize)
	b = append(b, slotVersion, byte(h.Type), kdfArgon2id)
	b = binary.BigEndian.AppendUint32(b, h.KDF.Time)
	b = binary.BigEndian.AppendUint32(b, h.KDF.MemoryKiB)
	b = append(b, h.KDF.Threads)
	b = append(b, h.Salt[:]...)
	return b
}

// slotAD binds a slot's payload to its ID and its plaintext header, so
// neither the parameters nor the slot's place can be changed unnoticed.
// It does not include the vault format version: slots must survive format
// migrations, which cannot re-wrap slots without every passphrase.
func slotAD(id string, header []byte) []byte {
	ad := make([]byte, 0, 15+2+len(id)+len(header))
	ad = append(ad, "spreekuur-slot\x00"...)
	ad = binary.BigEndian.AppendUint16(ad, uint16(len(id)))
	ad = append(ad, id...)
	ad = append(ad, header...)
	return ad
}

var errBadSlot = errors.New("malformed key slot")

// decodeSlot splits a stored slot into its header and sealed payload. It
// checks the structure and the KDF bounds, never the secret part.
func decodeSlot(b []byte) (slotHeader, []byte, error) {
	var h slotHeader
	if len(b) < slotHeaderSize+envelopeMin {
		return h, nil, fmt.Errorf("%w: %d bytes", errBadSlot, len(b))
	}
	if b[0] != slotVersion {
		return h, nil, fmt.Errorf("%w: slot version %d", errBadSlot, b[0])
	}
	h.Type = slotType(b[1])
	if h.Type != slotPassphrase && h.Type != slotRecovery {
		return h, nil, fmt.Errorf("%w: slot type %d", errBadSlot, b[1])
	}
	if b[2] != kdfArgon2id {
		return h, nil, fmt.Errorf("%w: kdf %d", errBadSlot, b[2])
	}
	h.KDF = KDFParams{
		Time:      binary.BigEndian.Uint32(b[3:7]),
		MemoryKiB: binary.BigEndian.Uint32(b[7:11]),
		Threads:   b[11],
	}
	if err := h.KDF.validate(); err != nil {
		return h, nil, fmt.Errorf("%w: %w", errBadSlot, err)
	}
	copy(h.Salt[:], b[12:28])
	return h, b[slotHeaderSize:], nil
}

// slotPayload is the secret part of a slot.
//
//	0  1   payload version: 1 (formats 1 and 2), 2 (format 3), 3 (format 3 with a user key)
//	1  1   role code (0 recovery, 1 supporter, 2 kompaan, 3 coordinator)
//	2  1   key mask: bit 0 group (notes) key, bit 1 statistics key,
//	       bit 2 member key, bit 3 group public key (these two: version 2 on),
//	       bit 4 the user's X25519 private key (version 3, not the recovery slot)
//	3  2   name length n, u16be
//	5  n   name (UTF-8)
//	.. 32  each key of the mask, in the order of its bits
//
// The mask must be the role's: see wantMask. A version-1 kompaan slot
// holds the group key (formats 1 and 2 had one notes key for all); Unlock turns
// it into a version-2 slot at that kompaan's first unlock after the
// upgrade (see Vault.convertKompaanSlot).
type slotPayload struct {
	Version  byte
	Role     Role // "" for the recovery slot
	Name     string
	Notes    []byte // the group key
	Stats    []byte
	Member   []byte // a kompaan's member key
	GroupPub []byte // the group's X25519 public key (in a kompaan's slot)
	// User is the user's own X25519 private key (version 3): a key
	// rotation seals the new keys to its public key (in the user
	// directory), and the user's next unlock takes them (docs/FORMAT.md §11).
	User []byte
}

const (
	slotPayloadV2        = 2
	slotPayloadV3        = 3
	maskMember      byte = 1 << 2
	maskGroupPublic byte = 1 << 3
	maskUser        byte = 1 << 4
)

func roleCode(r Role) (byte, bool) {
	switch r {
	case "":
		return 0, true
	case RoleSupporter:
		return 1, true
	case RoleKompaan:
		return 2, true
	case RoleCoordinator:
		return 3, true
	}
	return 0, false
}

var roleByCode = [...]Role{"", RoleSupporter, RoleKompaan, RoleCoordinator}

// wantMask is the key mask a role must have in a payload of the given
// version: the recovery slot and supporters hold the group and statistics
// keys; a coordinator only the statistics key; a kompaan in version 1 the
// same as a supporter, in version 2 the statistics key, their member key
// and the group's public key — never the group key.
func wantMask(version byte, r Role) byte {
	var m byte
	switch {
	case r == RoleCoordinator:
		m = maskStats
	case r == RoleKompaan && version >= slotPayloadV2:
		m = maskStats | maskMember | maskGroupPublic
	default:
		m = maskNotes | maskStats
	}
	if version >= slotPayloadV3 && r != "" {
		m |= maskUser // the recovery slot has no user of its own
	}
	return m
}

func (p slotPayload) encode() ([]byte, error) {
	code, ok := roleCode(p.Role)
	if !ok {
		return nil, ErrInvalidRole
	}
	if len(p.Name) > maxNameBytes {
		return nil, ErrInvalidName
	}
	version := p.Version
	if version == 0 {
		version = slotPayloadV2
		if p.User != nil {
			version = slotPayloadV3
		}
	}
	if version != slotPayloadV1 && version != slotPayloadV2 && version != slotPayloadV3 {
		return nil, errBadSlot
	}
	mask := wantMask(version, p.Role)
	b := make([]byte, 0, 5+len(p.Name)+4*keySize)
	b = append(b, version, code, mask)
	b = binary.BigEndian.AppendUint16(b, uint16(len(p.Name)))
	b = append(b, p.Name...)
	for _, k := range []struct {
		bit  byte
		key  []byte
		what string
	}{{maskNotes, p.Notes, "group"}, {maskStats, p.Stats, "statistics"}, {maskMember, p.Member, "member"}, {maskGroupPublic, p.GroupPub, "group public"}, {maskUser, p.User, "user"}} {
		if mask&k.bit == 0 {
			continue
		}
		if len(k.key) != keySize {
			clear(b)
			return nil, fmt.Errorf("store: slot needs the %s key", k.what)
		}
		b = append(b, k.key...)
	}
	return b, nil
}

// decodeSlotPayload parses an opened payload. Keys are copied into fresh
// slices; the caller clears b and, later, the keys.
func decodeSlotPayload(b []byte) (slotPayload, error) {
	var p slotPayload
	if len(b) < 5 || b[0] < slotPayloadV1 || b[0] > slotPayloadV3 || int(b[1]) >= len(roleByCode) {
		return p, errBadSlot
	}
	p.Version = b[0]
	p.Role = roleByCode[b[1]]
	mask := b[2]
	if mask != wantMask(p.Version, p.Role) {
		return p, errBadSlot
	}
	n := int(binary.BigEndian.Uint16(b[3:5]))
	if n > maxNameBytes {
		return p, errBadSlot
	}
	want := 5 + n + keySize*bits.OnesCount8(mask)
	if len(b) != want {
		return p, errBadSlot
	}
	p.Name = string(b[5 : 5+n])
	rest := b[5+n:]
	take := func(bit byte) []byte {
		if mask&bit == 0 {
			return nil
		}
		k := append([]byte(nil), rest[:keySize]...)
		rest = rest[keySize:]
		return k
	}
	p.Notes, p.Stats, p.Member, p.GroupPub, p.User = take(maskNotes), take(maskStats), take(maskMember), take(maskGroupPublic), take(maskUser)
	return p, nil
}

// sealSlot builds a complete slot for id: a fresh salt, the KEK from secret,
// and the payload sealed under it.
func sealSlot(id string, typ slotType, kdf KDFParams, secret []byte, p slotPayload) ([]byte, error) {
	if err := kdf.validate(); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	h := slotHeader{Type: typ, KDF: kdf}
	if err := randRead(h.Salt[:]); err != nil {
		return nil, err
	}
	header := h.encode()
	plain, err := p.encode()
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	kek := deriveKEK(secret, h.Salt[:], kdf)
	defer clear(kek)
	var sealed []byte
	err = withKey(kek, func(a cipher.AEAD) error {
		var err error
		sealed, err = seal(a, slotAD(id, header), plain)
		return err
	})
	if err != nil {
		return nil, err
	}
	return append(header, sealed...), nil
}

// openSlot tries secret on a stored slot. errOpen means "not this secret".
func openSlot(id string, raw, secret []byte) (slotHeader, slotPayload, error) {
	h, sealed, err := decodeSlot(raw)
	if err != nil {
		return h, slotPayload{}, err
	}
	kek := deriveKEK(secret, h.Salt[:], h.KDF)
	defer clear(kek)
	var plain []byte
	err = withKey(kek, func(a cipher.AEAD) error {
		var err error
		plain, err = openEnvelope(a, slotAD(id, raw[:slotHeaderSize]), sealed)
		return err
	})
	if err != nil {
		return h, slotPayload{}, err
	}
	defer clear(plain)
	p, err := decodeSlotPayload(plain)
	return h, p, err
}
