package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestDiskFull: on a full disk a command says so in one sentence — "the
// disk is full" / "de schijf is vol" — and the vault stays whole. It
// needs a small file system of its own: a tmpfs of 1 MiB, which only root
// may mount (skipped otherwise).
func TestDiskFull(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=1m,mode=0700"); err != nil {
		t.Skipf("cannot mount a small tmpfs: %v", err)
	}
	defer func() { _ = syscall.Unmount(dir, 0) }()
	db := filepath.Join(dir, "v.db")
	pass := "SPREEKUUR_PASSPHRASE=" + annaPass
	r := spreekuur(t, []string{pass}, "--db", db, "demo", "--residents", "2000", "--user", "Anna")
	if r.code != exitFailure || r.stderr != "spreekuur: the disk is full: nothing was changed. Make room and try again.\n" {
		t.Fatalf("demo on a full disk: exit %d\nstdout: %s\nstderr: %q", r.code, r.stdout, r.stderr)
	}
	r = spreekuur(t, []string{pass, "LANG=nl_NL.UTF-8"}, "--db", db, "demo", "--residents", "2000")
	if r.code != exitFailure || !strings.HasPrefix(r.stderr, "spreekuur: de schijf is vol") {
		t.Fatalf("in Dutch: exit %d\nstderr: %q", r.code, r.stderr)
	}
	if r := spreekuur(t, []string{pass}, "--db", db, "check"); r.code != 0 {
		t.Fatalf("check after the disk ran full: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}
