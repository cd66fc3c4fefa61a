package store

import (
	"encoding/binary"
	"errors"
	"fmt"
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
//	0  1   payload version (1)
//	1  1   role code (0 recovery, 1 supporter, 2 kompaan, 3 coordinator)
//	2  1   key mask: bit 0 notes key, bit 1 statistics key
//	3  2   name length n, u16be
//	5  n   name (UTF-8)
//	.. 32  notes key, if bit 0
//	.. 32  statistics key, if bit 1
type slotPayload struct {
	Role  Role // "" for the recovery slot
	Name  string
	Notes []byte
	Stats []byte
}

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

// wantMask is the key mask each role must have: the recovery slot and
// supporters and kompanen hold both keys, a coordinator only statistics.
func wantMask(r Role) byte {
	if r == RoleCoordinator {
		return maskStats
	}
	return maskNotes | maskStats
}

func (p slotPayload) encode() ([]byte, error) {
	code, ok := roleCode(p.Role)
	if !ok {
		return nil, ErrInvalidRole
	}
	if len(p.Name) > maxNameBytes {
		return nil, ErrInvalidName
	}
	mask := wantMask(p.Role)
	b := make([]byte, 0, 5+len(p.Name)+2*keySize)
	b = append(b, slotPayloadV1, code, mask)
	b = binary.BigEndian.AppendUint16(b, uint16(len(p.Name)))
	b = append(b, p.Name...)
	if mask&maskNotes != 0 {
		if len(p.Notes) != keySize {
			return nil, errors.New("store: slot needs the notes key")
		}
		b = append(b, p.Notes...)
	}
	if len(p.Stats) != keySize {
		return nil, errors.New("store: slot needs the statistics key")
	}
	b = append(b, p.Stats...)
	return b, nil
}

// decodeSlotPayload parses an opened payload. Keys are copied into fresh
// slices; the caller clears b and, later, the keys.
func decodeSlotPayload(b []byte) (slotPayload, error) {
	var p slotPayload
	if len(b) < 5 || b[0] != slotPayloadV1 || int(b[1]) >= len(roleByCode) {
		return p, errBadSlot
	}
	p.Role = roleByCode[b[1]]
	mask := b[2]
	if mask != wantMask(p.Role) {
		return p, errBadSlot
	}
	n := int(binary.BigEndian.Uint16(b[3:5]))
	if n > maxNameBytes {
		return p, errBadSlot
	}
	want := 5 + n + keySize
	if mask&maskNotes != 0 {
		want += keySize
	}
	if len(b) != want {
		return p, errBadSlot
	}
	p.Name = string(b[5 : 5+n])
	rest := b[5+n:]
	if mask&maskNotes != 0 {
		p.Notes = append([]byte(nil), rest[:keySize]...)
		rest = rest[keySize:]
	}
	p.Stats = append([]byte(nil), rest[:keySize]...)
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
	sealed, err := seal(kek, slotAD(id, header), plain)
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
	plain, err := openEnvelope(kek, slotAD(id, raw[:slotHeaderSize]), sealed)
	if err != nil {
		return h, slotPayload{}, err
	}
	defer clear(plain)
	p, err := decodeSlotPayload(plain)
	return h, p, err
}
