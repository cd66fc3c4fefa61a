//go:build !windows

package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"

	"github.com/spreekuur/spreekuur/store/bundle"
)

var importedRE = regexp.MustCompile(`^(?:ingelezen|imported): (\d+) (?:van|of) (\d+)`)

// TestImportKilled: `spreekuur import` killed with SIGKILL half-way
// through its second pass (after its first batch, the residents, is in
// the vault; while it writes the intakes) leaves a vault that checks out;
// importing the same file again then gives what one clean import gives:
// the same counts, a clean check, and an export of the same records.
func TestImportKilled(t *testing.T) {
	laptop := filepath.Join(t.TempDir(), "laptop.db")
	if r := spreekuur(t, annaEnv, "--db", laptop, "demo", "--user", "Anna", "--residents", "600", "--seed", "1"); r.code != 0 {
		t.Fatalf("demo: %d %s", r.code, r.stderr)
	}
	key, recipient := officeKey(t)
	file := filepath.Join(t.TempDir(), "naar-kantoor.age")
	if r := spreekuur(t, annaEnv, "--db", laptop, "export", "bundle", "--to", recipient, "-o", file); r.code != 0 {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	office := func() string {
		db, _ := initVault(t)
		registerLaptop(t, db, laptop, "Demo")
		return db
	}
	clean, killed := office(), office()
	if r := spreekuur(t, annaEnv, "--db", clean, "import", file, "--identity", key); r.code != 0 {
		t.Fatalf("clean import: %d %s", r.code, r.stderr)
	}

	cmd := exec.Command(os.Args[0], "--db", killed, "import", file, "--identity", key, "--progress")
	home := t.TempDir()
	cmd.Env = append(childEnv("HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"), "PATH="+os.Getenv("PATH")), annaEnv...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var done, total int
	lines := bufio.NewScanner(stderr)
	for lines.Scan() {
		if m := importedRE.FindStringSubmatch(lines.Text()); m != nil {
			done, _ = strconv.Atoi(m[1])
			total, _ = strconv.Atoi(m[2])
			_ = cmd.Process.Kill()
			break
		}
	}
	for lines.Scan() { // drain
	}
	err = cmd.Wait()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the import was not killed in its second pass (after %d of %d records): %v", done, total, err)
	}
	if done == 0 || done >= total {
		t.Fatalf("killed after %d of %d records", done, total)
	}
	want := vaultCounts(t, clean)
	if got := vaultCounts(t, killed); got == want {
		t.Fatalf("killed after %d of %d records, yet the vault holds all: %s", done, total, got)
	}
	if r := spreekuur(t, annaEnv, "--db", killed, "check"); r.code != 0 {
		t.Fatalf("check after the kill: %d %s", r.code, r.stderr)
	}

	r := spreekuur(t, annaEnv, "--db", killed, "import", file, "--identity", key)
	if r.code != 0 {
		t.Fatalf("import again: %d %s", r.code, r.stderr)
	}
	if m := countsRE.FindStringSubmatch(r.stdout); m == nil || m[1] == "0" {
		t.Fatalf("import again added no intakes:\n%s", r.stdout)
	}
	if got := vaultCounts(t, killed); got != want {
		t.Fatalf("after the kill and an import again: %s; one clean import: %s", got, want)
	}
	for _, db := range []string{clean, killed} {
		if r := spreekuur(t, annaEnv, "--db", db, "check"); r.code != 0 {
			t.Fatalf("check: %d %s", r.code, r.stderr)
		}
	}
	if a, b := exported(t, clean, recipient, key), exported(t, killed, recipient, key); a != b {
		t.Fatal("the vault imported again after the kill exports other records than the clean one")
	}
}

// exported is every record of an export bundle of db, decrypted.
func exported(t *testing.T, db, recipient, key string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "export.age")
	if r := spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "-o", out); r.code != 0 {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	kf, err := os.Open(key)
	if err != nil {
		t.Fatal(err)
	}
	defer kf.Close()
	ids, err := bundle.ParseIdentities(kf)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := bundle.Open(f, ids...)
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal([]any{b.Residents, b.Intakes})
	if err != nil {
		t.Fatal(err)
	}
	return string(j)
}
