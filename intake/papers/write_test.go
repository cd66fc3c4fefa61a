package papers

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFile(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(t *testing.T, path string) // what is at path before
		overwrite bool
		wantErr   error // nil: success
		want      string
	}{
		{"new file", nil, false, nil, "new"},
		{"existing refused", func(t *testing.T, p string) { must(t, os.WriteFile(p, []byte("old"), 0o644)) }, false, ErrExists, "old"},
		{"existing overwritten", func(t *testing.T, p string) { must(t, os.WriteFile(p, []byte("old"), 0o644)) }, true, nil, "new"},
		{"dangling symlink refused", func(t *testing.T, p string) { must(t, os.Symlink(filepath.Join(filepath.Dir(p), "target"), p)) }, false, ErrExists, ""},
		{"symlink replaced, target untouched", func(t *testing.T, p string) {
			target := filepath.Join(filepath.Dir(p), "target")
			must(t, os.WriteFile(target, []byte("target"), 0o644))
			must(t, os.Symlink(target, p))
		}, true, nil, "new"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "paper.pdf")
			if tt.setup != nil {
				tt.setup(t, path)
			}
			err := WriteFile(path, []byte("new"), tt.overwrite)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
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

func TestWriteFileFails(t *testing.T) {
	dir := t.TempDir()
	// A directory where the file should go: the rename fails after the
	// temporary file was written; it must be removed.
	path := filepath.Join(dir, "paper.pdf")
	must(t, os.Mkdir(path, 0o700))
	if err := WriteFile(path, []byte("x"), true); err == nil {
		t.Fatal("writing over a directory succeeded")
	}
	noTemp(t, dir)
	if err := WriteFile(filepath.Join(dir, "missing", "paper.pdf"), []byte("x"), false); err == nil || !strings.Contains(err.Error(), "cannot write in") {
		t.Errorf("missing directory: %v", err)
	}
	if err := WriteFile("", []byte("x"), false); err == nil {
		t.Error("empty path accepted")
	}
}

func noTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
