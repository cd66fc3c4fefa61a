package store

import (
	"encoding/binary"
	"errors"
	"testing"
)

// TestKDFBounds checks the bounds a slot's Argon2id parameters must meet
// before any work is done: one planted or damaged slot must not make every
// unlock allocate gigabytes or run for minutes.
func TestKDFBounds(t *testing.T) {
	tests := []struct {
		name string
		p    KDFParams
		ok   bool
	}{
		{"default", DefaultKDF, true},
		{"cheap", KDFParams{Time: 1, MemoryKiB: 8, Threads: 1}, true},
		{"maximum", KDFParams{Time: 16, MemoryKiB: 1 << 20, Threads: 16}, true},
		{"raised later", KDFParams{Time: 4, MemoryKiB: 256 * 1024, Threads: 8}, true},
		{"time zero", KDFParams{Time: 0, MemoryKiB: 64 * 1024, Threads: 4}, false},
		{"time 17", KDFParams{Time: 17, MemoryKiB: 64 * 1024, Threads: 4}, false},
		{"time 64", KDFParams{Time: 64, MemoryKiB: 64 * 1024, Threads: 4}, false},
		{"threads zero", KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 0}, false},
		{"threads 17", KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 17}, false},
		{"threads 255", KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 255}, false},
		{"memory below 8 per lane", KDFParams{Time: 3, MemoryKiB: 31, Threads: 4}, false},
		{"memory 1 GiB + 1 KiB", KDFParams{Time: 3, MemoryKiB: 1<<20 + 1, Threads: 4}, false},
		{"memory 4 GiB", KDFParams{Time: 3, MemoryKiB: 4 << 20, Threads: 4}, false},
		{"memory max u32", KDFParams{Time: 3, MemoryKiB: ^uint32(0), Threads: 4}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.validate()
			if (err == nil) != tt.ok {
				t.Fatalf("validate(%v) = %v, want ok=%v", tt.p, err, tt.ok)
			}

			// The same bounds hold when a slot is read from disk.
			h := slotHeader{Type: slotPassphrase, KDF: tt.p}
			b := append(h.encode(), make([]byte, envelopeMin)...)
			got, _, err := decodeSlot(b)
			if tt.ok {
				if err != nil {
					t.Fatalf("decodeSlot: %v", err)
				}
				if got.KDF != tt.p {
					t.Fatalf("decodeSlot KDF = %v, want %v", got.KDF, tt.p)
				}
				return
			}
			if !errors.Is(err, errBadSlot) {
				t.Fatalf("decodeSlot(%v) = %v, want errBadSlot", tt.p, err)
			}
			if m := binary.BigEndian.Uint32(b[7:11]); m != tt.p.MemoryKiB {
				t.Fatalf("header memory %d, want %d", m, tt.p.MemoryKiB)
			}
		})
	}
}
