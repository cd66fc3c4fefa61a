package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/session"
)

// TestCLILaptops: `laptops self` prints minisign's public-key file, which
// the real minisign tool uses to verify a bundle's signature; add, list
// and remove keep the office's list, in Dutch when LANG says so.
func TestCLILaptops(t *testing.T) {
	db, _ := initVault(t)
	fillVault(t, db, 1)
	office, _ := initVault(t)
	self := spreekuur(t, annaEnv, "--db", db, "laptops", "self")
	if self.code != 0 || !regexp.MustCompile(`^untrusted comment: minisign public key: [0-9A-F]+\nRW[A-Za-z0-9+/]{54}\n$`).MatchString(self.stdout) {
		t.Fatalf("laptops self: %d %q %s", self.code, self.stdout, self.stderr)
	}
	if again := spreekuur(t, annaEnv, "--db", db, "laptops", "self"); again.stdout != self.stdout {
		t.Fatal("the key changed between two calls")
	}
	// minisign's comment leaves out leading zeros; the app shows 16 digits.
	keyID := fmt.Sprintf("%016s", strings.TrimPrefix(strings.SplitN(self.stdout, "\n", 2)[0], "untrusted comment: minisign public key: "))
	pub := filepath.Join(t.TempDir(), "laptop.pub")
	if err := os.WriteFile(pub, []byte(self.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	line := strings.Split(self.stdout, "\n")[1]

	nl := append([]string{"LANG=nl_NL.UTF-8"}, annaEnv...)
	steps := []struct {
		env  []string
		args []string
		code int
		out  string // in stdout (code 0) or stderr
	}{
		{annaEnv, []string{"list"}, 0, "No laptop is registered yet"},
		{nl, []string{"list"}, 0, "Er is nog geen laptop aangemeld"},
		{annaEnv, []string{"add", "Laptop Anna", pub}, 0, `Laptop "Laptop Anna" is registered`},
		{nl, []string{"add", "Tweede", line}, 1, "er staat al een laptop met deze naam of met deze sleutel"},
		{annaEnv, []string{"add", "Tweede", "RWQnotakey"}, 1, "not a laptop's public key"},
		{annaEnv, []string{"list"}, 0, "Laptop Anna"},
		{annaEnv, []string{"remove", "niemand"}, 1, "no laptop of this name"},
		{nl, []string{"--lang", "en", "remove", "LAPTOP ANNA"}, 0, "taken off the list"},
		{annaEnv, []string{"add"}, 2, "usage"},
	}
	for _, st := range steps {
		r := spreekuur(t, st.env, append([]string{"--db", office, "laptops"}, st.args...)...)
		got := r.stdout
		if st.code != 0 {
			got = r.stderr
			oneLine(t, r)
		}
		if r.code != st.code || !strings.Contains(got, st.out) {
			t.Fatalf("laptops %v: %d\n%s\n%s", st.args, r.code, r.stdout, r.stderr)
		}
	}
	list := spreekuur(t, annaEnv, "--db", office, "laptops", "list")
	if !strings.Contains(list.stdout, "Laptop Anna") || !strings.Contains(list.stdout, "(Anna)") ||
		!strings.Contains(list.stdout, session.GroupKeyID(keyID)) {
		t.Fatalf("list after remove: %s", list.stdout)
	}

	// The real minisign verifies an exported bundle with that file.
	bin, err := exec.LookPath("minisign")
	if err != nil {
		if os.Getenv("SPREEKUUR_REQUIRE_MINISIGN") != "" {
			t.Fatal("minisign is not installed, but SPREEKUUR_REQUIRE_MINISIGN is set")
		}
		t.Skip("minisign is not installed")
	}
	_, recipient := officeKey(t)
	out := filepath.Join(t.TempDir(), "b.age")
	if r := spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "-o", out); r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	res, err := exec.Command(bin, "-V", "-p", pub, "-m", out).CombinedOutput()
	if err != nil || !strings.Contains(string(res), `spreekuur-bundle-signature v1 {"laptop":`) || !strings.Contains(string(res), `"user":"Anna"`) {
		t.Fatalf("minisign -V: %v\n%s", err, res)
	}
}
