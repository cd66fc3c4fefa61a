package store

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// lockShared takes a shared lock on f the way bbolt does (LockFileEx on
// the byte range -1..0), waiting up to timeout: ErrVaultInUse when
// another process holds the file for writing.
func lockShared(f *os.File, timeout time.Duration) error {
	start := time.Now()
	const m1 = ^uint32(0)
	for {
		err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &windows.Overlapped{Offset: m1, OffsetHigh: m1})
		switch {
		case err == nil:
			return nil
		case !errors.Is(err, windows.ERROR_LOCK_VIOLATION):
			return nil
		case time.Since(start) > timeout:
			return ErrVaultInUse
		}
		time.Sleep(50 * time.Millisecond)
	}
}
