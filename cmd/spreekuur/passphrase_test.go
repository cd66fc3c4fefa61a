package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/store"
)

// TestSecretEnvUnset: once a secret has been read, its environment
// variables are gone, so a child process (a clipboard helper) cannot
// inherit them — whether the secret came from the environment or a file.
func TestSecretEnvUnset(t *testing.T) {
	all := []string{envPassphrase, envNewPassphrase, envRecoveryCode}
	setAll := func(t *testing.T) {
		for _, name := range all {
			t.Setenv(name, "secret in "+name+" for tests")
		}
	}
	lookup := func(name string) bool { _, ok := os.LookupEnv(name); return ok }

	t.Run("current passphrase", func(t *testing.T) {
		setAll(t)
		p, err := currentPassphrase(&globalOptions{})
		if err != nil || string(p) != "secret in "+envPassphrase+" for tests" {
			t.Fatalf("currentPassphrase = %q, %v", p, err)
		}
		if lookup(envPassphrase) {
			t.Fatalf("%s still set after it was read", envPassphrase)
		}
		if !lookup(envNewPassphrase) || !lookup(envRecoveryCode) {
			t.Fatal("variables for later reads were removed too early")
		}
	})
	t.Run("new passphrase with fallback", func(t *testing.T) {
		setAll(t)
		p, err := newPassphrase("", "", envNewPassphrase, envPassphrase)
		if err != nil || string(p) != "secret in "+envNewPassphrase+" for tests" {
			t.Fatalf("newPassphrase = %q, %v", p, err)
		}
		if lookup(envNewPassphrase) || lookup(envPassphrase) {
			t.Fatal("a passphrase variable is still set after reading")
		}
	})
	t.Run("recovery code", func(t *testing.T) {
		setAll(t)
		if _, err := readSecret(secretSource{env: []string{envRecoveryCode}, what: "recovery code"}); err != nil {
			t.Fatal(err)
		}
		if lookup(envRecoveryCode) {
			t.Fatalf("%s still set after it was read", envRecoveryCode)
		}
	})
	t.Run("file given, variable set as well", func(t *testing.T) {
		setAll(t)
		p, err := currentPassphrase(&globalOptions{PassphraseFile: writeSecret(t, annaPass)})
		if err != nil || string(p) != annaPass {
			t.Fatalf("currentPassphrase = %q, %v", p, err)
		}
		if lookup(envPassphrase) {
			t.Fatalf("%s still set after the passphrase was read from a file", envPassphrase)
		}
	})
}

// TestSecretFile: the first line of a passphrase file is the secret; a
// file larger than 4 KiB is refused with a clear sentence, without being
// read whole.
func TestSecretFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	exact := strings.Repeat("a", maxSecretFile)
	tests := []struct {
		name, file, want, err string
	}{
		{"one line", write("one", "geheim zinnetje\n"), "geheim zinnetje", ""},
		{"crlf", write("crlf", "geheim zinnetje\r\nrest\r\n"), "geheim zinnetje", ""},
		{"no newline", write("nonl", "geheim zinnetje"), "geheim zinnetje", ""},
		{"empty", write("empty", ""), "", "is empty on its first line"},
		{"empty first line", write("emptyline", "\ngeheim\n"), "", "is empty on its first line"},
		{"spaces only", write("spaces", "   \t \r\n"), "", "is empty on its first line"},
		{"byte order mark", write("bom", "\xef\xbb\xbfgeheim zinnetje\r\n"), "geheim zinnetje", ""},
		{"byte order mark only", write("bomonly", "\xef\xbb\xbf\n"), "", "is empty on its first line"},
		{"exactly 4 KiB", write("exact", exact), exact, ""},
		{"4 KiB and one byte", write("big", exact+"\n"), "", "larger than 4 KiB"},
		{"a megabyte", write("huge", "pass\n"+strings.Repeat("x", 1<<20)), "", "larger than 4 KiB"},
		{"directory", dir, "", "is a directory"},
		{"missing", filepath.Join(dir, "nope"), "", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := currentPassphrase(&globalOptions{PassphraseFile: tt.file})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}

	// Through the binary: one sentence, exit 1.
	db, _ := initVault(t)
	r := spreekuur(t, nil, "--db", db, "check", "--passphrase-file", filepath.Join(dir, "huge"))
	if r.code != 1 || r.stderr != "spreekuur: the passphrase file is larger than 4 KiB; it should hold only the passphrase, on its first line.\n" {
		t.Fatalf("exit %d\nstderr: %s", r.code, r.stderr)
	}
	// An empty file is refused before the key derivation: at once, exit 2.
	start := time.Now()
	r = spreekuur(t, nil, "--db", db, "check", "--passphrase-file", filepath.Join(dir, "spaces"))
	if r.code != exitUsage || !strings.Contains(r.stderr, "is empty") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("empty passphrase file: exit %d\nstderr: %s", r.code, r.stderr)
	}
	t.Logf("refused in %v", time.Since(start))
	for _, env := range []string{"SPREEKUUR_PASSPHRASE=", "SPREEKUUR_PASSPHRASE=   "} {
		if r := spreekuur(t, []string{env}, "--db", db, "check"); r.code != exitUsage || !strings.Contains(r.stderr, "empty") {
			t.Fatalf("%s: exit %d\nstderr: %s", env, r.code, r.stderr)
		}
	}
}

// TestNewPassphraseLength counts characters, not bytes.
func TestNewPassphraseLength(t *testing.T) {
	n := store.MinPassphraseLen
	tests := []struct {
		name, pass string
		ok         bool
	}{
		{"ascii, long enough", strings.Repeat("a", n), true},
		{"ascii, one short", strings.Repeat("a", n-1), false},
		{"accents, long enough", strings.Repeat("é", n), true},
		{"accents, one short (twice as many bytes)", strings.Repeat("é", n-1), false},
		{"emoji, one short", strings.Repeat("🙂", n-1), false},
		{"spaces only", strings.Repeat(" ", n+2), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := newPassphrase(writeSecret(t, tt.pass), "")
			if tt.ok != (err == nil) {
				t.Fatalf("newPassphrase(%d runes) = %v, want ok=%v", len([]rune(tt.pass)), err, tt.ok)
			}
			var ue usageError
			if err != nil && !errors.Is(err, store.ErrPassphraseTooShort) && !errors.As(err, &ue) {
				t.Fatalf("error %v, want ErrPassphraseTooShort or a usage error", err)
			}
			if err == nil && string(p) != tt.pass {
				t.Fatalf("got %q", p)
			}
		})
	}
}
