//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestScrubFreedMemory: the real binary runs with GODEBUG clobberfree=1
// (it starts itself again with it), keeping the rest of GODEBUG.
func TestScrubFreedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	// The version command of a process shows nothing of its environment,
	// so look at it from outside: /proc/PID/environ of a running app.
	v := newE2EVault(t, bin)
	v.extraEnv = []string{"GODEBUG=madvdontneed=1"}
	app := v.start(t)
	app.waitFor("Wachtwoordzin:")
	env, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(app.cmd.Process.Pid), "environ"))
	if err != nil {
		t.Skipf("cannot read the app's environment: %v", err)
	}
	var godebug []string
	for _, kv := range strings.Split(string(env), "\x00") {
		if strings.HasPrefix(kv, "GODEBUG=") {
			godebug = append(godebug, kv)
		}
	}
	if len(godebug) != 1 || godebug[0] != "GODEBUG=clobberfree=1,madvdontneed=1" {
		t.Fatalf("the app runs with %q", godebug)
	}
	app.quit()
}
