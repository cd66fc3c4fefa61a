package main

import "golang.org/x/sys/unix"

// harden keeps what is in this process's memory — keys, passphrases,
// what residents said — from leaving it by the back door: no core file
// (RLIMIT_CORE 0), and no longer "dumpable" (PR_SET_DUMPABLE 0), which
// also stops other processes of the same user from reading its memory
// through ptrace or /proc/PID/mem (root with CAP_SYS_PTRACE still can).
// Best effort: a failure is ignored. docs/FORMAT.md §5.
func harden() {
	_ = unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0})
	_ = unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
}
