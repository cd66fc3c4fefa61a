package store

import (
	"bytes"
	"errors"
	"testing"
)

// Every decoder of file content gets a fuzz test: none may panic, and none
// may accept what it should not.

func FuzzOpenEnvelope(f *testing.F) {
	key := testAEAD(f, bytes.Repeat([]byte{7}, keySize))
	ad := recordAD(1, "intakes", "abc")
	// A fixed nonce: fuzz workers re-run this set-up and must agree on good.
	good, err := sealWithNonce(key, make([]byte, nonceSize), ad, []byte(`{"text":"hallo"}`))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte{})
	f.Add(make([]byte, envelopeMin))
	f.Fuzz(func(t *testing.T, b []byte) {
		plain, err := openEnvelope(key, ad, b)
		if err == nil && !bytes.Equal(b, good) {
			t.Fatalf("a value that was never sealed opened: %q (%d vs %d bytes)", plain, len(b), len(good))
		}
	})
}

func FuzzUnpad(f *testing.F) {
	f.Add(pad([]byte("x")))
	f.Add(pad(nil))
	f.Add(make([]byte, padBlock))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := unpad(b)
		if err != nil {
			return
		}
		if !bytes.Equal(pad(out), b) {
			t.Fatalf("unpad accepted non-canonical padding")
		}
	})
}

func FuzzDecodeSlot(f *testing.F) {
	h := slotHeader{Type: slotPassphrase, KDF: cheapKDF}
	f.Add(append(h.encode(), make([]byte, envelopeMin)...))
	f.Add(h.encode())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, sealed, err := decodeSlot(b)
		if err != nil {
			return
		}
		if h.KDF.validate() != nil {
			t.Fatalf("accepted out-of-range KDF parameters %v", h.KDF)
		}
		if len(sealed) < envelopeMin || !bytes.Equal(h.encode(), b[:slotHeaderSize]) {
			t.Fatalf("header does not round-trip")
		}
	})
}

func FuzzDecodeSlotPayload(f *testing.F) {
	k := bytes.Repeat([]byte{1}, keySize)
	for _, p := range []slotPayload{
		{Role: RoleSupporter, Name: "Anna", Notes: k, Stats: k},
		{Role: RoleCoordinator, Name: "Cees", Stats: k},
		{Notes: k, Stats: k},
	} {
		b, err := p.encode()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := decodeSlotPayload(b)
		if err != nil {
			return
		}
		if p.Role == RoleCoordinator && p.Notes != nil {
			t.Fatal("a coordinator payload with a notes key was accepted")
		}
		re, err := p.encode()
		if err != nil || !bytes.Equal(re, b) {
			t.Fatalf("payload does not round-trip: %v", err)
		}
	})
}

func FuzzParseRecoveryCode(f *testing.F) {
	_, code, err := newRecoveryCode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(code)
	f.Add([]byte("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		secret, err := parseRecoveryCode(b)
		if err != nil {
			return
		}
		if len(secret) != recoverySecretSize {
			t.Fatalf("secret of %d bytes", len(secret))
		}
		again, err := parseRecoveryCode(formatRecoveryCode(secret))
		if err != nil || !bytes.Equal(again, secret) {
			t.Fatalf("code does not round-trip: %v", err)
		}
	})
}

func FuzzDecodeVersion(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1})
	f.Add([]byte{0, 0, 0, 0})
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := decodeVersion(b)
		if err == nil && (len(b) != 4 || v == 0) {
			t.Fatalf("accepted %x as version %d", b, v)
		}
	})
}

// FuzzAccessLog feeds the access log's readers (a stored entry of either
// seal, the head, an entry's key) bytes from a hostile file: none panics,
// and nothing that was never sealed opens.
func FuzzAccessLog(f *testing.F) {
	group, _ := newSecretKey(bytes.Repeat([]byte{0x10}, keySize))
	stats, _ := newSecretKey(bytes.Repeat([]byte{0x40}, keySize))
	tx := &Tx{v: &Vault{version: currentFormat}, keys: &keySet{group: group, stats: stats}}
	env, err := sealWithNonce(group.aead, make([]byte, nonceSize), recordAD(currentFormat, bucketLog, logKey(1)), []byte(`{"seq":1}`))
	if err != nil {
		f.Fatal(err)
	}
	good := append([]byte{logLayout, logSealGroup}, env...)
	f.Add(good)
	f.Add(append([]byte{logLayout, logSealPublic}, make([]byte, ephemeralLen+envelopeMin)...))
	f.Add(logHead{seq: 7}.encode())
	f.Add([]byte("0000000000000001"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := tx.openLogEntry([]byte(logKey(1)), b); err == nil && !bytes.Equal(b, good) {
			t.Fatalf("an entry that was never sealed opened")
		}
		if h, err := decodeLogHead(b); err == nil && !bytes.Equal(h.encode(), b) {
			t.Fatalf("a head with two encodings")
		}
		if n, ok := parseLogKey(b); ok && logKey(n) != string(b) {
			t.Fatalf("key %q parsed to %d", b, n)
		}
	})
}

// FuzzParseTombstone: a tombstone from a bundle (a later step) is parsed
// strictly; nothing invalid passes, nothing panics.
func FuzzParseTombstone(f *testing.F) {
	f.Add([]byte(`{"v":1,"resident":"r1","intakes":["a","b"],"erased":"2026-03-14T10:00:00Z","reason":"request","device":"d"}`))
	f.Add([]byte(`{"v":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := ParseTombstone(b)
		if err == nil && tb.Valid() != nil {
			t.Fatalf("accepted an invalid tombstone: %+v", tb)
		}
	})
}

// FuzzDecodeRekey: the new keys left for a user after a rotation are
// decoded strictly for each role.
func FuzzDecodeRekey(f *testing.F) {
	k := bytes.Repeat([]byte{7}, keySize)
	f.Add(encodeRekey(slotPayload{Role: RoleSupporter, Notes: k, Stats: k}))
	f.Add(encodeRekey(slotPayload{Role: RoleKompaan, Stats: k, Member: k, GroupPub: k}))
	f.Add([]byte{rekeyVersion})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, r := range []Role{RoleSupporter, RoleKompaan, RoleCoordinator} {
			n, s, m, g, err := decodeRekey(b, r)
			if err != nil {
				continue
			}
			if !bytes.Equal(encodeRekey(slotPayload{Role: r, Notes: n, Stats: s, Member: m, GroupPub: g}), b) {
				t.Fatalf("%s: two encodings of one rekey entry", r)
			}
		}
	})
}

// FuzzHomeStampRecord: any bytes where the kept list's stamp record would
// be either fail to decode (ErrTampered) or decode to a record that
// encodes to the same bytes — never a panic.
func FuzzHomeStampRecord(f *testing.F) {
	rec := homeStampRecord{listVersion: 2}
	good, _ := rec.MarshalBinary()
	f.Add(good)
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		var r homeStampRecord
		if err := r.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, ErrTampered) {
				t.Fatalf("not ErrTampered: %v", err)
			}
			return
		}
		again, err := r.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("% x came back as % x (%v)", b, again, err)
		}
	})
}
