//go:build !windows

package main

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/store"
)

// TestKilledInit: `spreekuur init` killed (SIGKILL) at any moment leaves
// either no vault or a complete one that opens with the passphrase —
// never a half-made file that blocks the next init (issue 12: 31 of 40
// kills left a 0/16/32 KiB file and a misleading "newer version").
func TestKilledInit(t *testing.T) {
	rounds := 30
	if testing.Short() || raceEnabled {
		rounds = 10
	}
	rng := rand.New(rand.NewPCG(3, 5))
	complete, none := 0, 0
	for i := range rounds {
		dir := t.TempDir()
		db := filepath.Join(dir, "v.db")
		cmd := exec.Command(os.Args[0], "--db", db, "init", "--user", "Anna")
		cmd.Env = []string{"SPREEKUUR_TEST_MAIN=1", "HOME=" + dir, "SPREEKUUR_PASSPHRASE=" + annaPass}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// An init takes some 100-200 ms here: kill before, during, after.
		time.Sleep(time.Duration(rng.IntN(250)) * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if !store.Exists(db) {
			none++
		} else {
			v, err := store.Open(db, store.Options{})
			if err == nil {
				err = v.Unlock("Anna", []byte(annaPass))
				v.Close()
			}
			if err != nil {
				t.Fatalf("kill %d: a vault file is there but does not open: %v", i, err)
			}
			complete++
		}
		// The next init either makes the vault or finds the complete one.
		r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, "--db", db, "init", "--user", "Anna")
		if r.code != 0 && !(r.code == 1 && r.stderr == "spreekuur: a vault already exists here. Nothing was changed.\n") {
			t.Fatalf("kill %d: init afterwards: exit %d %s", i, r.code, r.stderr)
		}
	}
	t.Logf("%d kills: %d left no vault, %d a complete one", rounds, none, complete)
}
