//go:build !windows

package bundle

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/spreekuur/spreekuur/store"
)

// TestImportKilled: an import killed with SIGKILL half-way through its
// batches leaves a vault that checks out, and importing the same file
// again makes it exactly what one uninterrupted import makes.
func TestImportKilled(t *testing.T) {
	f := seed(t, 30) // 30 residents, 50 intakes to hand over
	office := newIdentity(t)
	data, _ := export(t, f.v, office, ExportOptions{})
	dir := t.TempDir()
	bundlePath, keyPath := filepath.Join(dir, "b.age"), filepath.Join(dir, "key.txt")
	if err := os.WriteFile(bundlePath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, []byte(office.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vaultPath := filepath.Join(dir, "office.db")
	v, _, err := store.Create(vaultPath, "Anna", store.RoleSupporter, []byte(testPass), testOpt)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}

	// The child imports in batches of 5 records and kills itself once 40
	// records are merged: 40 of 80 written, the rest not.
	cmd := exec.Command(os.Args[0], "-test.run", "^TestImportKilledChild$")
	cmd.Env = append(os.Environ(), "BUNDLE_KILL_VAULT="+vaultPath, "BUNDLE_KILL_FILE="+bundlePath, "BUNDLE_KILL_KEY="+keyPath, "BUNDLE_KILL_AFTER=40")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed: %v\n%s", err, out)
	}

	v, err = store.Open(vaultPath, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock("", []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if rep, err := v.CheckDeep(); err != nil || !rep.OK() {
		t.Fatalf("Check after the kill: %v %+v", err, rep.Failures)
	}
	// The statistics the killed import staged were written by the unlock.
	r, i, stats := count(t, v)
	if stats != i {
		t.Errorf("after the kill and an unlock: %d intakes, %d statistics records", i, stats)
	}
	if r+i < 40 || r+i >= len(f.residents)+len(f.intakes) {
		t.Fatalf("after the kill the vault holds %d residents and %d intakes: not half-way", r, i)
	}
	res, err := importBytes(v, data, office)
	if err != nil {
		t.Fatal(err)
	}
	if res.Intakes.Added+res.Residents.Added != len(f.residents)+len(f.intakes)-(r+i) {
		t.Errorf("the second import added %+v after %d were there", res, r+i)
	}
	clean := newVault(t)
	if _, err := importBytes(clean, data, office); err != nil {
		t.Fatal(err)
	}
	if jsonOf(t, dump(t, v)) != jsonOf(t, dump(t, clean)) {
		t.Error("killed and imported again differs from one import")
	}
	if rep, err := v.CheckDeep(); err != nil || !rep.OK() {
		t.Fatalf("Check after importing again: %v %+v", err, rep.Failures)
	}
}

// TestImportKilledChild is TestImportKilled's child process.
func TestImportKilledChild(t *testing.T) {
	vaultPath := os.Getenv("BUNDLE_KILL_VAULT")
	if vaultPath == "" {
		t.Skip("the child of TestImportKilled")
	}
	after, _ := strconv.Atoi(os.Getenv("BUNDLE_KILL_AFTER"))
	kf, err := os.Open(os.Getenv("BUNDLE_KILL_KEY"))
	if err != nil {
		t.Fatal(err)
	}
	ids, err := ParseIdentities(kf)
	if err != nil {
		t.Fatal(err)
	}
	v, err := store.Open(vaultPath, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("", []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	file := os.Getenv("BUNDLE_KILL_FILE")
	open := func() (io.ReadCloser, error) { return os.Open(file) }
	_, err = ImportFile(v, open, cat, t0, StreamOptions{Identities: ids, BatchRecords: 5, Imported: func(done, _ int) {
		if done >= after {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal comes
		}
	}})
	t.Fatalf("the import ended (%v) before it was killed", err)
}
