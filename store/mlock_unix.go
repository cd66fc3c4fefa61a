//go:build linux || darwin || freebsd || netbsd || openbsd

package store

import "golang.org/x/sys/unix"

// lockMemory asks the OS to keep the pages holding b out of swap (mlock).
// Best effort: a failure (RLIMIT_MEMLOCK, no permission) is ignored, and
// pages are never unlocked, as other keys may share them. Go does not move
// heap objects, so the lock stays on the key's memory.
func lockMemory(b []byte) {
	if len(b) > 0 {
		_ = unix.Mlock(b)
	}
}
