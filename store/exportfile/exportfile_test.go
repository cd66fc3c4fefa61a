package exportfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(t *testing.T, path string) // what is at path before
		overwrite bool
		wantErr   error // nil: success
		want      string
	}{
		{"new file", nil, false, nil, "new"},
		{"new file, overwrite allowed", nil, true, nil, "new"},
		{"existing refused", func(t *testing.T, p string) { must(t, os.WriteFile(p, []byte("old"), 0o644)) }, false, ErrExists, "old"},
		{"existing overwritten", func(t *testing.T, p string) { must(t, os.WriteFile(p, []byte("old"), 0o644)) }, true, nil, "new"},
		{"dangling symlink refused", func(t *testing.T, p string) { must(t, os.Symlink(filepath.Join(filepath.Dir(p), "target"), p)) }, false, ErrExists, ""},
		{"symlink replaced, target untouched", func(t *testing.T, p string) {
			target := filepath.Join(filepath.Dir(p), "target")
			must(t, os.WriteFile(target, []byte("target"), 0o644))
			must(t, os.Symlink(target, p))
		}, true, nil, "new"},
		{"directory", func(t *testing.T, p string) { must(t, os.Mkdir(p, 0o700)) }, false, ErrIsDir, ""},
		{"directory, overwrite", func(t *testing.T, p string) { must(t, os.Mkdir(p, 0o700)) }, true, ErrIsDir, ""},
		{"symlink to a directory", func(t *testing.T, p string) {
			target := filepath.Join(filepath.Dir(p), "target")
			must(t, os.Mkdir(target, 0o700))
			must(t, os.Symlink(target, p))
		}, true, ErrIsDir, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "export.csv")
			if tt.setup != nil {
				tt.setup(t, path)
			}
			if err := Check(path, tt.overwrite); !errors.Is(err, tt.wantErr) {
				t.Fatalf("Check = %v, want %v", err, tt.wantErr)
			}
			err := Write(path, tt.overwrite, writeString("new"))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if errors.Is(err, ErrIsDir) && !strings.Contains(err.Error(), "is a directory") {
				t.Fatalf("error %q does not say it is a directory", err)
			}
			if err == nil {
				fi, err := os.Lstat(path)
				if err != nil {
					t.Fatal(err)
				}
				if !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
					t.Errorf("mode %v, want a regular file with 0600", fi.Mode())
				}
			}
			if tt.want != "" {
				if b, _ := os.ReadFile(path); string(b) != tt.want {
					t.Errorf("content %q, want %q", b, tt.want)
				}
			}
			if b, err := os.ReadFile(filepath.Join(dir, "target")); err == nil && string(b) != "target" {
				t.Error("the symlink's target was written")
			}
			noTemp(t, dir)
		})
	}
}

// TestWriteRace: the name is checked again when the file is put in place,
// so a file that appears while the export is written is not replaced.
func TestWriteRace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bundle.age")
	err := Write(path, false, func(w io.Writer) error {
		must(t, os.WriteFile(path, []byte("someone else's"), 0o600))
		_, err := io.WriteString(w, "mine")
		return err
	})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("err = %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "someone else's" {
		t.Fatalf("the other file was replaced: %q", b)
	}
	noTemp(t, dir)
}

// TestWriteWithoutHardLinks: on a file system without hard links (FAT on
// a USB stick) a new file is still written, and an existing one still
// refused.
func TestWriteWithoutHardLinks(t *testing.T) {
	link = func(oldname, newname string) error {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: syscall.EPERM}
	}
	t.Cleanup(func() { link = os.Link })
	dir := t.TempDir()
	path := filepath.Join(dir, "bundle.age")
	if err := Write(path, false, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Fatalf("content %q", b)
	}
	if err := Write(path, false, writeString("second")); !errors.Is(err, ErrExists) {
		t.Fatalf("err = %v, want ErrExists", err)
	}
	// A file that appears while the export is written is not replaced.
	other := filepath.Join(dir, "other.age")
	err := Write(other, false, func(w io.Writer) error {
		must(t, os.WriteFile(other, []byte("someone else's"), 0o600))
		_, err := io.WriteString(w, "mine")
		return err
	})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("err = %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(other); string(b) != "someone else's" {
		t.Fatalf("the other file was replaced: %q", b)
	}
	noTemp(t, dir)
}

func TestWriteFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "export.csv")

	// An error of the producer comes back as it is; no file is left.
	errProducer := errors.New("nothing to export")
	err := Write(path, false, func(w io.Writer) error {
		_, _ = io.WriteString(w, strings.Repeat("half ", 100_000))
		return errProducer
	})
	if err != errProducer {
		t.Fatalf("err = %v, want the producer's error as it is", err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file was left after a failed export: %v", err)
	}
	noTemp(t, dir)

	if err := Write(filepath.Join(dir, "missing", "x.csv"), false, writeString("x")); err == nil || !strings.Contains(err.Error(), "cannot write in") {
		t.Errorf("missing directory: %v", err)
	}
	if err := Write("", false, writeString("x")); err == nil {
		t.Error("empty path accepted")
	}
}

func TestReason(t *testing.T) {
	_, err := os.Open(filepath.Join(t.TempDir(), "nope"))
	if got := Reason(err); got.Error() != "no such file or directory" {
		t.Fatalf("Reason = %q", got)
	}
	err = os.Link(filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b"))
	if got := Reason(err); strings.Contains(got.Error(), "link") {
		t.Fatalf("Reason = %q names the system call", got)
	}
	plain := errors.New("plain")
	if Reason(plain) != plain {
		t.Fatal("a plain error was changed")
	}
}

func noTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestCleanStale: what an interrupted Write left is removed; a temporary
// file that a running Write still holds, and files of other names, stay.
func TestCleanStale(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{".b.age.tmp-123456", ".stats.csv.tmp-42", "b.age", ".b.age.tmp-", "notes.tmp-1"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A Write in progress: its temporary file is open and locked.
	running, carryOn, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- Write(filepath.Join(dir, "busy.txt"), false, func(w io.Writer) error {
			close(running)
			<-carryOn
			_, err := w.Write([]byte("klaar"))
			return err
		})
	}()
	<-running
	removed, err := CleanStale(dir)
	close(carryOn)
	if werr := <-done; werr != nil {
		t.Fatal(werr)
	}
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(removed)
	want := []string{".b.age.tmp-123456", ".stats.csv.tmp-42"}
	if runtime.GOOS == "windows" { // only files older than an hour there
		want = nil
	}
	if !slices.Equal(removed, want) {
		t.Fatalf("removed %v, want %v", removed, want)
	}
	for _, name := range []string{"b.age", ".b.age.tmp-", "notes.tmp-1", "busy.txt"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
