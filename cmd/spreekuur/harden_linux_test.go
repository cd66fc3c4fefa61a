package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestHarden: after harden the process is not dumpable and may write no
// core file (checked in a child process, which harden changes for good).
func TestHarden(t *testing.T) {
	if os.Getenv("SPREEKUUR_TEST_HARDEN") == "1" {
		harden()
		dumpable, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
		var lim unix.Rlimit
		if err == nil {
			err = unix.Getrlimit(unix.RLIMIT_CORE, &lim)
		}
		if err != nil || dumpable != 0 || lim.Cur != 0 || lim.Max != 0 {
			t.Fatalf("dumpable %d, core limit %d/%d, %v", dumpable, lim.Cur, lim.Max, err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHarden$", "-test.v")
	cmd.Env = append(os.Environ(), "SPREEKUUR_TEST_HARDEN=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestHarden") {
		t.Fatalf("%v\n%s", err, out)
	}
}
