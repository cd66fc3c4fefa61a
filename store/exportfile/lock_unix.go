//go:build !windows

package exportfile

import (
	"os"
	"syscall"
)

// lockTemp takes an exclusive advisory lock on a temporary file for as
// long as it is open.
func lockTemp(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) }

// stale reports whether no running Write holds the temporary file at path.
func stale(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}
