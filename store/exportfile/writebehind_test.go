package exportfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

type wbCall struct{ wait, start, end int64 }

// recordWriteBehind replaces writeBehind for the test: it records each
// call and answers with answer(i) for the i-th (0-based).
func recordWriteBehind(t *testing.T, answer func(i int, f *os.File, c wbCall) error) *[]wbCall {
	t.Helper()
	var calls []wbCall
	was := writeBehind
	writeBehind = func(f *os.File, wait, start, end int64) error {
		c := wbCall{wait, start, end}
		calls = append(calls, c)
		return answer(len(calls)-1, f, c)
	}
	t.Cleanup(func() { writeBehind = was })
	return &calls
}

const wbPiece = 1<<20 + 7 // what the producers below write at a time

// bigExport is 3.5 chunks and a few bytes, and a producer that writes it
// in pieces of wbPiece (each reaches the file whole: larger than
// bufio's buffer) and stops at the first error.
func bigExport() ([]byte, func(io.Writer) error) {
	want := make([]byte, 7*writeBehindChunk/2+3)
	for i := range want {
		want[i] = byte(i * 31)
	}
	return want, func(w io.Writer) error {
		for p := want; len(p) > 0; {
			n := min(wbPiece, len(p))
			if _, err := w.Write(p[:n]); err != nil {
				return err
			}
			p = p[n:]
		}
		return nil
	}
}

// TestWriteBehind: a file of several chunks is handed to the disk chunk
// after chunk while it is written — each range starting where the one
// before ended, as soon as a chunk has gathered, each waited for by the
// next — and arrives whole.
func TestWriteBehind(t *testing.T) {
	calls := recordWriteBehind(t, func(_ int, f *os.File, c wbCall) error {
		err := platformWriteBehind(f, c.wait, c.start, c.end) // the platform's own, on a real file
		if errors.Is(err, errNoWriteBehind) && runtime.GOOS != "linux" {
			return nil
		}
		return err
	})
	want, write := bigExport()
	path := filepath.Join(t.TempDir(), "big")
	must(t, Write(path, false, write))
	got, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(got, want) {
		t.Fatalf("the file differs from what was written (%d bytes, want %d)", len(got), len(want))
	}
	// 8 pieces are the first to reach a chunk.
	const p = 8 * wbPiece
	wantCalls := []wbCall{{0, 0, p}, {0, p, 2 * p}, {p, 2 * p, 3 * p}}
	if len(*calls) != len(wantCalls) {
		t.Fatalf("ranges handed to the disk: %v, want %v", *calls, wantCalls)
	}
	for i, c := range *calls {
		if c != wantCalls[i] {
			t.Errorf("range %d is %v, want %v", i, c, wantCalls[i])
		}
	}
}

// TestWriteBehindFails: an error of the write-behind is a write error of
// the file (on Linux its wait takes the error off the file, so the final
// sync would not see it): the export stops, says it could not write the
// file, and leaves nothing.
func TestWriteBehindFails(t *testing.T) {
	calls := recordWriteBehind(t, func(i int, _ *os.File, _ wbCall) error {
		if i == 1 {
			return syscall.EIO
		}
		return nil
	})
	_, write := bigExport()
	dir := t.TempDir()
	path := filepath.Join(dir, "big")
	err := Write(path, false, write)
	if !errors.Is(err, syscall.EIO) || err.Error() != "cannot write "+path+": "+syscall.EIO.Error() {
		t.Fatalf("Write = %v, want the file's write error", err)
	}
	if len(*calls) != 2 {
		t.Errorf("%d calls, want the export to stop at the failing second", len(*calls))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
}

// TestWriteBehindNotHere: where the system or the file cannot do it, the
// export is written as before, without asking again.
func TestWriteBehindNotHere(t *testing.T) {
	calls := recordWriteBehind(t, func(int, *os.File, wbCall) error { return errNoWriteBehind })
	want, write := bigExport()
	path := filepath.Join(t.TempDir(), "big")
	must(t, Write(path, false, write))
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
		t.Fatal("the file differs from what was written")
	}
	if len(*calls) != 1 {
		t.Fatalf("%d calls, want 1: not asked again once the answer is 'not here'", len(*calls))
	}
}

// TestPlatformWriteBehind: on Linux the call works on a regular file (a
// wrong flag would be refused) and is "not here" on a pipe; elsewhere it
// is "not here".
func TestPlatformWriteBehind(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "f")
	must(t, err)
	defer f.Close()
	_, err = f.Write(make([]byte, 3<<20))
	must(t, err)
	err = platformWriteBehind(f, 0, 1<<20, 3<<20)
	if runtime.GOOS != "linux" {
		if !errors.Is(err, errNoWriteBehind) {
			t.Fatalf("on %s: %v, want errNoWriteBehind", runtime.GOOS, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("a regular file: %v", err)
	}
	r, w, err := os.Pipe()
	must(t, err)
	defer r.Close()
	defer w.Close()
	if err := platformWriteBehind(w, 0, 0, 1); !errors.Is(err, errNoWriteBehind) {
		t.Fatalf("a pipe: %v, want errNoWriteBehind", err)
	}
}
