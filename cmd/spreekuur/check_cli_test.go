package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/store"
	bolt "go.etcd.io/bbolt"
)

// TestCheckPrintsInert: a bucket and a key planted in the file with
// terminal escapes (issue 12: `\e]0;PWNED\a\e[2J` was written raw to the
// terminal) are shown escaped, and named as findings.
func TestCheckPrintsInert(t *testing.T) {
	db, _ := initVault(t)
	planted := "\x1b]0;PWNED\a\x1b[2J"
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte(planted))
		if err != nil {
			return err
		}
		if err := b.Put([]byte(planted), []byte("x")); err != nil {
			return err
		}
		return tx.Bucket([]byte("meta")).Put([]byte(planted+"key"), []byte("y"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatal(err)
	}
	r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, "--db", db, "check")
	if r.code != exitFailure {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if strings.ContainsAny(r.stdout+r.stderr, "\x1b\a") {
		t.Fatalf("check wrote control characters to the terminal:\n%q", r.stdout)
	}
	for _, want := range []string{`bucket "\x1b]0;PWNED\a\x1b[2J": unknown`, `record "\x1b]0;PWNED\a\x1b[2Jkey": does not authenticate`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestCheckNamesDeletedRecord: a record deleted from the file behind the
// program's back is named by check (the digest), with its kind.
func TestCheckNamesDeletedRecord(t *testing.T) {
	db, _ := initVault(t)
	pass := "SPREEKUUR_PASSPHRASE=" + annaPass
	v, err := store.Open(db, store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("", []byte(annaPass)); err != nil {
		t.Fatal(err)
	}
	id := store.NewID()
	if err := v.Update(func(tx *store.Tx) error { return tx.Put(store.KindMeta, id, map[string]string{"a": "b"}) }); err != nil {
		t.Fatal(err)
	}
	v.Close()
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Delete([]byte(id)) }); err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	r := spreekuur(t, []string{pass}, "--db", db, "check")
	if r.code != exitFailure || !strings.Contains(r.stdout, "FAILED bucket meta, record "+id+": deleted") ||
		!regexp.MustCompile(`findings: 1 deleted\n`).MatchString(r.stdout) {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

// TestReadCommandsOpenReadOnly: check and users list only read, so they
// open the vault read-only — they run while another reader holds the
// file, and on a file the user may only read. (export stats writes the
// figures it publishes first, so it opens the vault for writing.)
func TestReadCommandsOpenReadOnly(t *testing.T) {
	db, _ := initVault(t)
	pass := "SPREEKUUR_PASSPHRASE=" + annaPass
	other, err := store.Open(db, store.Options{ReadOnly: true}) // a shared lock, as a second reader
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"check"}, {"users", "list"}} {
		if r := spreekuur(t, []string{pass}, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Errorf("%v beside another reader: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	// A command that writes waits for the reader, and says the vault is in use.
	if r := spreekuur(t, []string{pass, "SPREEKUUR_NEW_PASSPHRASE=another passphrase"}, "--db", db, "passwd"); r.code != exitVaultInUse {
		t.Errorf("passwd beside a reader: exit %d\n%s", r.code, r.stderr)
	}
	other.Close()
	if os.Geteuid() == 0 {
		t.Log("running as root: file permissions do not stop writing, the read-only file mode is not tested")
		return
	}
	if err := os.Chmod(db, 0o400); err != nil {
		t.Fatal(err)
	}
	if r := spreekuur(t, []string{pass}, "--db", db, "check"); r.code != 0 {
		t.Errorf("check of a read-only file: exit %d\n%s", r.code, r.stderr)
	}
}

// TestCheckDeep: --deep says it decoded every record and compared the
// intakes with their index entries; without it, check says nothing of it.
func TestCheckDeep(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	pass := "SPREEKUUR_PASSPHRASE=" + annaPass
	if r := spreekuur(t, []string{pass}, "--db", db, "demo", "--user", "Anna", "--residents", "3"); r.code != exitOK {
		t.Fatalf("demo: %d %s", r.code, r.stderr)
	}
	for _, tt := range []struct {
		args []string
		deep bool
	}{{[]string{"check"}, false}, {[]string{"check", "--deep"}, true}} {
		r := spreekuur(t, []string{pass}, append([]string{"--db", db}, tt.args...)...)
		if r.code != exitOK {
			t.Fatalf("%v: exit %d\n%s%s", tt.args, r.code, r.stdout, r.stderr)
		}
		if got := strings.Contains(r.stdout, "deep: every JSON record decoded"); got != tt.deep {
			t.Errorf("%v: deep line %v, want %v:\n%s", tt.args, got, tt.deep, r.stdout)
		}
		if !strings.Contains(r.stdout, "intakeindex") {
			t.Errorf("%v: the index is not counted:\n%s", tt.args, r.stdout)
		}
	}
}
