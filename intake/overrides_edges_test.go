package intake

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestOverridesDuplicateKey: a key given twice in one object is an error
// with its line (encoding/json would keep the last one silently).
func TestOverridesDuplicateKey(t *testing.T) {
	tests := []struct {
		name, data, field string
		line              int
	}{
		{"top level", "{\n  \"version\": 1,\n  \"version\": 1\n}\n", "version", 3},
		{"in an entry", "{\"version\": 1,\n\"locations\": [\n {\"code\": \"a\",\n  \"code\": \"b\", \"name\": \"B\"}\n]}\n", "code", 4},
		{"in a name", "{\"version\": 1, \"routes\": [{\"code\": \"r\", \"name\": {\"nl\": \"x\",\n \"nl\": \"y\"}}]}", "nl", 2},
	}
	for _, tt := range tests {
		_, err := ParseOverrides("lokaal.json", []byte(tt.data))
		var oe *OverrideError
		if !errors.As(err, &oe) || oe.Line != tt.line || oe.Field != tt.field || oe.Msg != msgOvDupKey {
			t.Errorf("%s: %v (%+v), want line %d field %q", tt.name, err, oe, tt.line, tt.field)
		}
	}
	// Equal keys in different objects are fine.
	if _, err := ParseOverrides("ok.json", []byte(goodOverrides)); err != nil {
		t.Fatal(err)
	}
}

// TestOverridesNotARegularFile: a FIFO (or a device, or a directory) named
// spreekuur-local.json is refused at once instead of hanging the program.
func TestOverridesNotARegularFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs among files")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, OverridesFile)
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, path := range []string{fifo, os.DevNull, dir} {
		done := make(chan error, 1)
		go func() { _, err := LoadOverrides(path); done <- err }()
		select {
		case err := <-done:
			var oe *OverrideError
			if !errors.As(err, &oe) || oe.Msg.EN != "This is not a regular file." {
				t.Errorf("%s: %v", path, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: LoadOverrides hangs", path)
		}
	}
}
