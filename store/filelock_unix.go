//go:build !windows

package store

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// lockShared takes a shared advisory lock on f the way bbolt does
// (flock), waiting up to timeout: ErrVaultInUse when another process
// holds the file for writing.
func lockShared(f *os.File, timeout time.Duration) error {
	start := time.Now()
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case !errors.Is(err, syscall.EWOULDBLOCK):
			return nil // no locks on this file system: bbolt will say
		case time.Since(start) > timeout:
			return ErrVaultInUse
		}
		time.Sleep(50 * time.Millisecond)
	}
}
