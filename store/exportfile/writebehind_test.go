package exportfile

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestWriteBehind: a file of several chunks, written in pieces of odd
// sizes, is handed to the disk chunk after chunk while it is written —
// each range starting where the one before ended, each waited for by the
// next — and arrives whole.
func TestWriteBehind(t *testing.T) {
	type call struct{ wait, start, end int64 }
	var calls []call
	was := writeBehind
	writeBehind = func(f *os.File, wait, start, end int64) error {
		calls = append(calls, call{wait, start, end})
		return was(f, wait, start, end) // the platform's own, on a real file
	}
	t.Cleanup(func() { writeBehind = was })

	const piece = 1<<20 + 7
	want := make([]byte, 7*writeBehindChunk/2+3)
	for i := range want {
		want[i] = byte(i * 31)
	}
	path := filepath.Join(t.TempDir(), "big")
	err := Write(path, false, func(w io.Writer) error {
		for p := want; len(p) > 0; {
			n := min(piece, len(p))
			if _, err := w.Write(p[:n]); err != nil {
				return err
			}
			p = p[n:]
		}
		return nil
	})
	must(t, err)
	got, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(got, want) {
		t.Fatalf("the file differs from what was written (%d bytes, want %d)", len(got), len(want))
	}

	if len(calls) != 3 {
		t.Fatalf("%d ranges handed to the disk, want 3 for %d bytes in chunks of %d: %v", len(calls), len(want), writeBehindChunk, calls)
	}
	var prev call
	for i, c := range calls {
		if c.wait != prev.start || c.start != prev.end {
			t.Errorf("range %d %v does not follow %v: it must wait for the one before and start where it ended", i, c, prev)
		}
		if n := c.end - c.start; n < writeBehindChunk || n >= writeBehindChunk+piece {
			t.Errorf("range %d %v is %d bytes, want a chunk (%d) and less than one more piece", i, c, n, writeBehindChunk)
		}
		prev = c
	}
}

// TestPlatformWriteBehind: the call itself works on a regular file (wrong
// flags would be refused here, and the advice silently lost).
func TestPlatformWriteBehind(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "f")
	must(t, err)
	defer f.Close()
	_, err = f.Write(make([]byte, 3<<20))
	must(t, err)
	if err := platformWriteBehind(f, 0, 1<<20, 3<<20); err != nil {
		t.Fatalf("on %s: %v", runtime.GOOS, err)
	}
}
