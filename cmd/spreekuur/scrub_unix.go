//go:build linux || darwin || freebsd || netbsd || openbsd

package main

import (
	"os"
	"strings"
	"syscall"
)

// scrubFreedMemory makes the Go runtime overwrite every object when it
// frees it (GODEBUG=clobberfree=1). Wiping what the program can reach is
// not enough: each keystroke makes a new string of the text typed, and
// the old ones stay in freed memory until it happens to be reused; the
// issue 12 memory scan found thousands of copies after lock. With this
// setting the collector overwrites them, and the runtime.GC that Lock
// runs (store.Vault.Lock) leaves no freed copy behind.
//
// The runtime reads this setting only when the program starts, so the
// program starts itself again with it: execve keeps the process ID, the
// terminal and every open file. GODEBUG=clobberfree=0 (or any
// clobberfree value) turns this off, for measuring what it costs.
// docs/FORMAT.md §5.
func scrubFreedMemory() {
	godebug := os.Getenv("GODEBUG")
	if strings.Contains(godebug, "clobberfree=") {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	if godebug != "" {
		godebug = "," + godebug
	}
	env := []string{"GODEBUG=clobberfree=1" + godebug}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GODEBUG=") {
			env = append(env, kv)
		}
	}
	_ = syscall.Exec(exe, os.Args, env) // returns only if it failed: run without
}
