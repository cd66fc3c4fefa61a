//go:build darwin || freebsd || netbsd || openbsd

package main

import "golang.org/x/sys/unix"

// harden: no core file (RLIMIT_CORE 0). These systems have no
// PR_SET_DUMPABLE; see harden_linux.go.
func harden() {
	_ = unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0})
}
