package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// TestCompact: the copy holds every record as it was (Check passes, the
// digest included), is smaller, keeps the file's permissions, and no
// longer holds the old key slot a passphrase change left in a freed page.
func TestCompact(t *testing.T) {
	for _, mode := range []os.FileMode{0o600, 0o640} {
		t.Run(mode.String(), func(t *testing.T) {
			v, path, _ := newVault(t)
			now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
			cat := intake.DefaultCatalogue()
			ins := sampleIntakes(40, now)
			for round := range 5 { // rewrites leave freed pages behind
				err := v.Update(func(tx *Tx) error {
					for _, in := range ins {
						in.Updated = in.Updated.Add(time.Duration(round) * time.Minute)
						if err := tx.SaveIntake(in, cat, now); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			oldSlot := slotBytes(t, v)
			if err := v.ChangePassphrase([]byte("een nieuwe wachtwoordzin")); err != nil {
				t.Fatal(err)
			}
			for id, raw := range slotBytes(t, v) {
				if bytes.Equal(raw, oldSlot[id]) {
					delete(oldSlot, id) // unchanged (the recovery slot): it stays
				}
			}
			if len(oldSlot) != 1 {
				t.Fatalf("%d slots changed with the passphrase", len(oldSlot))
			}
			before := indexMatches(t, v)
			if err := v.Close(); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, mode); err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(path); !containsAny(b, oldSlot) {
				t.Fatal("the old key slot is not in a freed page before compaction: the test shows nothing")
			}
			stale := path + ".deadbeef" + compactTmpSuffix // an interrupted run's
			if err := os.WriteFile(stale, []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			old := time.Now().Add(-time.Hour)
			_ = os.Chtimes(stale, old, old)
			var calls int
			var last, total int64
			res, err := Compact(path, testOpt, func(done, all int64) { calls++; last, total = done, all })
			if err != nil {
				t.Fatal(err)
			}
			fi, _ := os.Stat(path)
			if res.After >= res.Before || fi.Size() != res.After || fi.Mode().Perm() != mode {
				t.Errorf("before %d after %d (file %d, mode %v, want %v)", res.Before, res.After, fi.Size(), fi.Mode().Perm(), mode)
			}
			if calls == 0 || last != total {
				t.Errorf("progress called %d times, last %d of %d", calls, last, total)
			}
			if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the stale copy of an interrupted run is still there: %v", err)
			}
			if left, _ := filepath.Glob(path + ".*" + compactTmpSuffix); len(left) != 0 {
				t.Errorf("temporary files left: %v", left)
			}
			if b, _ := os.ReadFile(path); containsAny(b, oldSlot) {
				t.Error("the old key slot is still in the file")
			}
			v, err = Open(path, testOpt)
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			if err := v.Unlock("", []byte("een nieuwe wachtwoordzin")); err != nil {
				t.Fatal(err)
			}
			after := indexMatches(t, v)
			if len(after) != len(before) || len(after) != len(ins) {
				t.Errorf("%d entries after, %d before", len(after), len(before))
			}
			if rep, err := v.CheckDeep(); err != nil || !rep.OK() || !rep.Digest {
				t.Errorf("CheckDeep after compaction: %v %+v", err, rep.Failures)
			}
		})
	}
}

// TestCompactRefuses: a vault in use is left alone; so is a file that is
// not a vault; nothing is left behind.
func TestCompactRefuses(t *testing.T) {
	v, path, _ := newVault(t)
	if _, err := Compact(path, Options{KDF: cheapKDF, Timeout: 100 * time.Millisecond}, nil); !errors.Is(err, ErrVaultInUse) {
		t.Errorf("compact of an open vault: %v, want ErrVaultInUse", err)
	}
	_ = v.Close()
	notVault := filepath.Join(t.TempDir(), "x.db")
	if err := os.WriteFile(notVault, bytes.Repeat([]byte("x"), 8192), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Compact(notVault, testOpt, nil); !errors.Is(err, ErrNotVault) && !errors.Is(err, ErrDamaged) {
		t.Errorf("compact of a file that is no vault: %v", err)
	}
	if _, err := Compact(filepath.Join(t.TempDir(), "none.db"), testOpt, nil); !errors.Is(err, ErrNoVault) {
		t.Errorf("compact of no file: %v", err)
	}
	for _, dir := range []string{filepath.Dir(path), filepath.Dir(notVault)} {
		if left, _ := filepath.Glob(filepath.Join(dir, "*"+compactTmpSuffix)); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	}
}

// TestOpenSeesAReplacedFile: a handle whose file was renamed over (Compact
// finished while it waited for the lock) knows it.
func TestOpenSeesAReplacedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.db")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if replaced(path, f) {
		t.Fatal("the same file counts as replaced")
	}
	if err := os.WriteFile(path+".new", []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
	if !replaced(path, f) {
		t.Fatal("a file renamed over the one opened does not count as replaced")
	}
}

func containsAny(b []byte, values map[string][]byte) bool {
	for _, v := range values {
		if bytes.Contains(b, v) {
			return true
		}
	}
	return false
}
