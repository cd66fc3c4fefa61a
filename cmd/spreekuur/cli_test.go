package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/store"
)

// The test binary doubles as the spreekuur binary: with SPREEKUUR_TEST_MAIN
// set it runs run() and exits, so tests see real exit codes, stdout and
// stderr of a separate process. Only here are the key slots made with cheap
// Argon2 parameters.
func TestMain(m *testing.M) {
	if os.Getenv("SPREEKUUR_TEST_MAIN") == "1" {
		kdfParams = cheapKDF
		if s := os.Getenv("SPREEKUUR_TEST_NOW"); s != "" { // the clock of export stats and settings
			now, err := time.Parse(time.RFC3339, s)
			if err != nil {
				panic(err)
			}
			clock = func() time.Time { return now }
		}
		os.Exit(run(os.Args[1:]))
	}
	// Under -cover the test binary run as spreekuur writes coverage data,
	// and warns on stderr when it has nowhere to: give it somewhere.
	if testing.CoverMode() != "" && os.Getenv("GOCOVERDIR") == "" {
		dir, err := os.MkdirTemp("", "spreekuur-cover-")
		if err == nil {
			childCoverDir = dir
			defer os.RemoveAll(dir)
		}
	}
	code := m.Run()
	if childCoverDir != "" {
		_ = os.RemoveAll(childCoverDir)
	}
	os.Exit(code)
}

// childCoverDir is GOCOVERDIR for the test binary run as spreekuur.
var childCoverDir string

// childEnv is the environment of the test binary run as spreekuur.
func childEnv(env ...string) []string {
	env = append([]string{"SPREEKUUR_TEST_MAIN=1"}, env...)
	if d := os.Getenv("GOCOVERDIR"); d != "" {
		return append(env, "GOCOVERDIR="+d)
	}
	if childCoverDir != "" {
		return append(env, "GOCOVERDIR="+childCoverDir)
	}
	return env
}

var cheapKDF = store.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}

type result struct {
	stdout, stderr string
	code           int
}

// spreekuur runs the binary with args; env entries are KEY=VALUE. The
// caller's SPREEKUUR_* variables are dropped and HOME points to a temp dir.
func spreekuur(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	home := t.TempDir()
	cmd.Env = childEnv("HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"), "PATH="+os.Getenv("PATH"))
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Stdin = strings.NewReader("") // never a terminal: no prompts
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run: %v", err)
	}
	r := result{out.String(), errb.String(), code}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
		t.Fatalf("stack trace on stderr:\n%s", r.stderr)
	}
	return r
}

func writeSecret(t *testing.T, s string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(p, []byte(s+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	annaPass = "anna's passphrase for tests"
	bramPass = "bram's passphrase for tests"
)

var codeRE = regexp.MustCompile(`[A-Z2-7]{4}(-[A-Z2-7]{4}){7}`)

// initVault runs `init` for Anna and returns the path and recovery code.
func initVault(t *testing.T) (string, string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "v.db")
	r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, "--db", db, "init", "--user", "Anna")
	if r.code != 0 {
		t.Fatalf("init: %d %s", r.code, r.stderr)
	}
	code := codeRE.FindString(r.stdout)
	if code == "" {
		t.Fatalf("no recovery code in init output:\n%s", r.stdout)
	}
	return db, code
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	tests := []struct {
		name     string
		env      []string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"no user, no terminal", []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, []string{"--db", db, "init"}, 2, "", "--user"},
		{"no passphrase, no terminal", nil, []string{"--db", db, "init", "--user", "Anna"}, 2, "", "--new-passphrase-file"},
		{"short passphrase", []string{"SPREEKUUR_PASSPHRASE=kort"}, []string{"--db", db, "init", "--user", "Anna"}, 1, "", "too short"},
		{"empty passphrase file", nil, []string{"--db", db, "init", "--user", "Anna", "--new-passphrase-file", writeSecret(t, "")}, 2, "", "is empty on its first line"},
		{"kompaan first", []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, []string{"--db", db, "init", "--user", "Anna", "--role", "kompaan"}, 2, "", "supporter"},
		{"bad flag", nil, []string{"--db", db, "init", "--bogus"}, 2, "", "bogus"},
		{"ok from file", nil, []string{"init", "--db", db, "--user", "Anna", "--new-passphrase-file", writeSecret(t, annaPass)}, 0, "Write this code down", ""},
		{"exists", []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, []string{"--db", db, "init", "--user", "Anna"}, 1, "", "already exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := spreekuur(t, tt.env, tt.args...)
			if r.code != tt.wantCode || !strings.Contains(r.stdout, tt.wantOut) || !strings.Contains(r.stderr, tt.wantErr) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.wantCode, r.stdout, r.stderr)
			}
			if tt.wantCode != 0 && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("stderr is not one line:\n%s", r.stderr)
			}
			if tt.wantCode == 0 && !codeRE.MatchString(r.stdout) {
				t.Errorf("no recovery code printed:\n%s", r.stdout)
			}
		})
	}
	if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("vault file mode: %v %v", fi, err)
	}
}

func TestInitDefaultPath(t *testing.T) {
	home := t.TempDir()
	r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + annaPass, "XDG_DATA_HOME=" + home}, "init", "--user", "Anna")
	if r.code != 0 {
		t.Fatalf("init: %d %s", r.code, r.stderr)
	}
	if !store.Exists(filepath.Join(home, "spreekuur", store.FileName)) {
		t.Fatalf("no vault in $XDG_DATA_HOME/spreekuur:\n%s", r.stdout)
	}
}

func TestCheck(t *testing.T) {
	db, _ := initVault(t)
	pass := "SPREEKUUR_PASSPHRASE=" + annaPass

	// Put records through the store, then damage one in the raw file.
	v, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("", []byte(annaPass)); err != nil {
		t.Fatal(err)
	}
	good, bad := store.NewID(), store.NewID()
	marker := "UNIQUE-MARKER-" + store.NewID()
	err = v.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.KindIntake, good, map[string]string{"q": "ok"}); err != nil {
			return err
		}
		return tx.Put(store.KindIntake, bad, map[string]string{"q": marker})
	})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()

	r := spreekuur(t, []string{pass}, "--db", db, "check")
	if r.code != 0 || !regexp.MustCompile(`intakes\s+2 ok`).MatchString(r.stdout) || !strings.Contains(r.stdout, "ok: every record") {
		t.Fatalf("check on a good vault: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	tests := []struct {
		name string
		env  []string
		args []string
		code int
		err  string
	}{
		{"wrong passphrase", []string{"SPREEKUUR_PASSPHRASE=not the passphrase"}, []string{"--db", db, "check"}, 3, "passphrase is not correct"},
		{"wrong user", []string{pass}, []string{"--db", db, "--user", "Bram", "check"}, 3, "passphrase is not correct"},
		{"passphrase file", nil, []string{"--db", db, "check", "--passphrase-file", writeSecret(t, annaPass)}, 0, ""},
		{"missing passphrase file", nil, []string{"--db", db, "check", "--passphrase-file", filepath.Join(t.TempDir(), "nope")}, 1, "cannot read"},
		{"no vault", []string{pass}, []string{"--db", filepath.Join(t.TempDir(), "none.db"), "check"}, 1, "no vault here"},
		{"not a vault", []string{pass}, []string{"--db", writeSecret(t, strings.Repeat("x", 5000)), "check"}, 1, "not a spreekuur vault"},
		{"argument", []string{pass}, []string{"--db", db, "check", "extra"}, 2, "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := spreekuur(t, tt.env, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.err) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
		})
	}

	// Flip one ciphertext byte in every copy of the value stored under
	// `bad` (bbolt may keep an older copy of a page).
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(marker)) || bytes.Contains(raw, []byte("Anna")) {
		t.Fatal("plaintext marker or user name found in the vault file")
	}
	sealed := sealedValue(t, db, bad)
	for i := bytes.Index(raw, sealed); i >= 0; i = bytes.Index(raw, sealed) {
		raw[i+30] ^= 0x80
	}
	if err := os.WriteFile(db, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	r = spreekuur(t, []string{pass}, "--db", db, "check")
	if r.code != 1 || !strings.Contains(r.stdout, "FAILED bucket intakes, record "+bad) || strings.Contains(r.stdout, good) {
		t.Fatalf("check on a tampered vault: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !regexp.MustCompile(`intakes\s+1 ok`).MatchString(r.stdout) {
		t.Fatalf("counts after tampering:\n%s", r.stdout)
	}
}

// sealedValue returns the first 48 bytes of the value stored under id, read
// from the raw file: in a bbolt leaf page each value directly follows its
// key, so these are the value's nonce and the start of its ciphertext.
func sealedValue(t *testing.T, db, id string) []byte {
	t.Helper()
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(raw, []byte(id))
	if i < 0 {
		t.Fatal("record ID not in the file")
	}
	return bytes.Clone(raw[i+len(id) : i+len(id)+48])
}

func TestVaultInUseExitCode(t *testing.T) {
	db, _ := initVault(t)
	v, err := store.Open(db, store.Options{}) // this process holds the lock
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	start := time.Now()
	r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, "--db", db, "check")
	elapsed := time.Since(start)
	if r.code != 4 || !strings.Contains(r.stderr, "already open") {
		t.Fatalf("exit %d, want 4: %s", r.code, r.stderr)
	}
	if elapsed > 2*time.Second {
		t.Fatalf("second process took %v to give up", elapsed)
	}
}

func TestPasswd(t *testing.T) {
	db, code := initVault(t)
	old := "SPREEKUUR_PASSPHRASE=" + annaPass
	newPass := "anna's brand new passphrase"
	steps := []struct {
		name string
		env  []string
		args []string
		code int
		out  string
		err  string
	}{
		{"no new passphrase", []string{old}, []string{"--db", db, "passwd"}, 2, "", "--new-passphrase-file"},
		{"short new", []string{old, "SPREEKUUR_NEW_PASSPHRASE=short"}, []string{"--db", db, "passwd"}, 1, "", "too short"},
		{"wrong current", []string{"SPREEKUUR_PASSPHRASE=wrong wrong wrong", "SPREEKUUR_NEW_PASSPHRASE=" + newPass}, []string{"--db", db, "passwd"}, 3, "", "not correct"},
		{"change", []string{old}, []string{"--db", db, "passwd", "--new-passphrase-file", writeSecret(t, newPass)}, 0, "Passphrase changed for Anna", ""},
		{"old fails", []string{old}, []string{"--db", db, "check"}, 3, "", ""},
		{"new works", []string{"SPREEKUUR_PASSPHRASE=" + newPass}, []string{"--db", db, "check"}, 0, "ok", ""},
		{"recovery typo", []string{"SPREEKUUR_RECOVERY_CODE=AAAA-" + code[5:], "SPREEKUUR_NEW_PASSPHRASE=" + annaPass}, []string{"--db", db, "passwd", "--recovery"}, 3, "", "recovery code is not correct"},
		{"recovery-file without --recovery", nil, []string{"--db", db, "passwd", "--recovery-file", "x"}, 2, "", "--recovery"},
		{"recovery", []string{"SPREEKUUR_NEW_PASSPHRASE=" + annaPass}, []string{"--db", db, "passwd", "--recovery", "--recovery-file", writeSecret(t, strings.ToLower(code))}, 0, "Passphrase reset", ""},
		{"reset passphrase works", []string{old}, []string{"--db", db, "check"}, 0, "ok", ""},
	}
	for _, s := range steps {
		r := spreekuur(t, s.env, s.args...)
		if r.code != s.code || !strings.Contains(r.stdout, s.out) || !strings.Contains(r.stderr, s.err) {
			t.Fatalf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", s.name, r.code, s.code, r.stdout, r.stderr)
		}
	}
}

func TestUsersCommand(t *testing.T) {
	db, code := initVault(t)
	anna := "SPREEKUUR_PASSPHRASE=" + annaPass
	bram := "SPREEKUUR_PASSPHRASE=" + bramPass
	newBram := "SPREEKUUR_NEW_PASSPHRASE=" + bramPass
	steps := []struct {
		name string
		env  []string
		args []string
		code int
		out  string
		err  string
	}{
		{"no action", []string{anna}, []string{"--db", db, "users"}, 2, "", "usage"},
		{"unknown action", []string{anna}, []string{"--db", db, "users", "rename", "x"}, 2, "", "usage"},
		{"add without role", []string{anna, newBram}, []string{"--db", db, "users", "add", "Bram"}, 2, "", "--role"},
		{"add bad role", []string{anna, newBram}, []string{"--db", db, "users", "add", "Bram", "--role", "admin"}, 2, "", "supporter, kompaan or coordinator"},
		{"add kompaan", []string{anna, newBram}, []string{"--db", db, "users", "add", "Bram", "--role", "kompaan"}, 0, "added as kompaan", ""},
		{"add again", []string{anna, newBram}, []string{"--db", db, "users", "add", "bram", "--role", "kompaan"}, 1, "", "already exists"},
		{"add coordinator", []string{anna, "SPREEKUUR_NEW_PASSPHRASE=cees passphrase 123"}, []string{"--db", db, "users", "--role", "coordinator", "add", "Cees"}, 0, "added", ""},
		{"list", []string{anna}, []string{"--db", db, "users", "list"}, 0, "Bram  kompaan", ""},
		{"kompaan cannot add", []string{bram, newBram}, []string{"--db", db, "--user", "Bram", "users", "add", "Dirk", "--role", "kompaan"}, 1, "", "may not"},
		{"kompaan lists", []string{bram}, []string{"--db", db, "--user", "Bram", "users", "list"}, 0, "Cees  coordinator", ""},
		{"coordinator check skips notes", []string{"SPREEKUUR_PASSPHRASE=cees passphrase 123"}, []string{"--db", db, "check"}, 0, "users", ""},
		{"remove self", []string{anna}, []string{"--db", db, "users", "remove", "anna"}, 1, "", "yourself"},
		{"remove unknown", []string{anna}, []string{"--db", db, "users", "remove", "Zoë"}, 1, "", "no user with that name"},
		{"remove", []string{anna}, []string{"--db", db, "users", "remove", "Bram"}, 0, "removed", ""},
		{"removed cannot unlock", []string{bram}, []string{"--db", db, "check"}, 3, "", ""},
		{"recovery needs --user with several users", []string{"SPREEKUUR_RECOVERY_CODE=" + code, newBram}, []string{"--db", db, "passwd", "--recovery"}, 2, "", "--user"},
	}
	for _, s := range steps {
		r := spreekuur(t, s.env, s.args...)
		if r.code != s.code || !strings.Contains(r.stdout, s.out) || !strings.Contains(r.stderr, s.err) {
			t.Fatalf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", s.name, r.code, s.code, r.stdout, r.stderr)
		}
		if r.code != 0 && (strings.Contains(r.stderr, "Bram") || strings.Contains(r.stderr, "Anna")) {
			t.Errorf("%s: a user name in the error message: %s", s.name, r.stderr)
		}
	}
}

func TestHelpFlags(t *testing.T) {
	for _, cmd := range []string{"init", "check", "passwd", "users"} {
		r := spreekuur(t, nil, cmd, "-h")
		if r.code != 0 || !strings.Contains(r.stdout, "usage: spreekuur") {
			t.Errorf("%s -h: %d\n%s%s", cmd, r.code, r.stdout, r.stderr)
		}
	}
}

// TestNewRecoveryCode (issue 9.6): passwd --new-recovery shows a new code
// once; the old code stops working, the new one resets a passphrase.
func TestNewRecoveryCode(t *testing.T) {
	db, oldCode := initVault(t)
	r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, "--db", db, "passwd", "--new-recovery")
	newCode := codeRE.FindString(r.stdout)
	if r.code != 0 || newCode == "" || newCode == oldCode {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r = spreekuur(t, []string{"SPREEKUUR_RECOVERY_CODE=" + oldCode, "SPREEKUUR_NEW_PASSPHRASE=" + annaPass}, "--db", db, "passwd", "--recovery")
	if r.code != 3 {
		t.Fatalf("the old code still works: exit %d %s", r.code, r.stderr)
	}
	r = spreekuur(t, []string{"SPREEKUUR_RECOVERY_CODE=" + newCode, "SPREEKUUR_NEW_PASSPHRASE=a brand new passphrase"}, "--db", db, "passwd", "--recovery")
	if r.code != 0 {
		t.Fatalf("the new code: exit %d %s", r.code, r.stderr)
	}
	// Not with both flags, and not without the passphrase.
	if r = spreekuur(t, nil, "--db", db, "passwd", "--recovery", "--new-recovery"); r.code != 2 {
		t.Errorf("both flags: exit %d", r.code)
	}
	if r = spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=wrong wrong wrong"}, "--db", db, "passwd", "--new-recovery"); r.code != 3 {
		t.Errorf("wrong passphrase: exit %d", r.code)
	}
}
