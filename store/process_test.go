package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The test binary doubles as a helper process that holds a vault open, so
// the lock is tested across processes, as two copies of the app would meet.
func TestMain(m *testing.M) {
	if path := os.Getenv("SPREEKUUR_STORE_HOLD"); path != "" {
		v, err := Open(path, testOpt)
		if err != nil {
			os.Stdout.WriteString("error: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("holding\n")
		_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes stdin
		_ = v.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestVaultInUseByAnotherProcess(t *testing.T) {
	v, path, _ := newVault(t)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SPREEKUUR_STORE_HOLD="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stdin.Close(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "holding\n" {
		t.Fatalf("helper: %q %v", line, err)
	}

	start := time.Now()
	v2, err := Open(path, Options{}) // default timeout
	elapsed := time.Since(start)
	if !errors.Is(err, ErrVaultInUse) {
		if v2 != nil {
			v2.Close()
		}
		t.Fatalf("Open while another process holds the vault = %v, want ErrVaultInUse", err)
	}
	if elapsed > 2*time.Second {
		t.Fatalf("gave up after %v, want < 2s", elapsed)
	}

	_ = stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	v3, err := Open(path, testOpt)
	if err != nil {
		t.Fatalf("Open after the other process closed: %v", err)
	}
	v3.Close()
}

// TestDefaultKDFParams creates one vault with the default parameters (the
// only test that pays for them) and checks they are what is stored.
func TestDefaultKDFParams(t *testing.T) {
	if testing.Short() {
		t.Skip("default Argon2id parameters are slow")
	}
	path := filepath.Join(t.TempDir(), "v.db")
	v, _, err := Create(path, testUser, RoleSupporter, []byte(testPass), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for id, raw := range slotBytes(t, v) {
		h, _, err := decodeSlot(raw)
		if err != nil {
			t.Fatalf("slot %s: %v", id, err)
		}
		if h.KDF != (KDFParams{Time: 3, MemoryKiB: 65536, Threads: 4}) {
			t.Fatalf("slot KDF = %v, want RFC 9106 second recommendation", h.KDF)
		}
		if binary.BigEndian.Uint32(raw[7:11]) != 65536 || len(h.Salt) != 16 {
			t.Fatal("header layout")
		}
	}
}

func TestDataDir(t *testing.T) {
	home := func() (string, error) { return "/home/anna", nil }
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", nil, "/home/anna/.local/share/spreekuur"},
		{"linux", map[string]string{"XDG_DATA_HOME": "/data"}, "/data/spreekuur"},
		{"linux", map[string]string{"XDG_DATA_HOME": "relative"}, "/home/anna/.local/share/spreekuur"},
		{"darwin", nil, "/home/anna/Library/Application Support/spreekuur"},
		{"windows", map[string]string{"AppData": "/appdata"}, filepath.Join("/appdata", "spreekuur")},
	}
	for _, tt := range tests {
		got, err := dataDir(tt.goos, env(tt.env), home)
		if err != nil || got != filepath.FromSlash(tt.want) {
			t.Errorf("%s %v: %q %v, want %q", tt.goos, tt.env, got, err, tt.want)
		}
	}
	if _, err := dataDir("windows", env(nil), home); err == nil {
		t.Error("windows without AppData: no error")
	}
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	p, err := DefaultPath()
	if err != nil || filepath.Base(p) != FileName {
		t.Fatalf("DefaultPath = %q %v", p, err)
	}
	if fi, err := os.Stat(filepath.Dir(p)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("data dir: %v %v", fi, err)
	}
}

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if len(id) != 32 || validID(id) != nil || seen[id] {
			t.Fatalf("NewID gave %q", id)
		}
		seen[id] = true
	}
}
