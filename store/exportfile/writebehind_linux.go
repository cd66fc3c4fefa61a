package exportfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// platformWriteBehind uses sync_file_range(2): start writing the new
// range, then wait for the one before (the pattern its manual page gives
// for streaming writes). It does not make the file durable (no metadata,
// no cache flush of the disk itself): the final fsync still does that.
//
// Only the wait's error is the file's: the wait takes it off the file
// (the final fsync would not see it again). Starting writes without
// waiting, and the kernel may refuse that for reasons the final fsync
// gets past (no memory for a moment, room a commit will free, a pipe, a
// kernel without the call): then it is errNoWriteBehind, and the rest
// of the file is left to that fsync.
func platformWriteBehind(f *os.File, wait, start, end int64) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return errNoWriteBehind
	}
	var started, waited error
	if cerr := rc.Control(func(fd uintptr) {
		started = unix.SyncFileRange(int(fd), start, end-start, unix.SYNC_FILE_RANGE_WRITE)
		if started == nil && start > wait {
			waited = unix.SyncFileRange(int(fd), wait, start-wait,
				unix.SYNC_FILE_RANGE_WAIT_BEFORE|unix.SYNC_FILE_RANGE_WRITE|unix.SYNC_FILE_RANGE_WAIT_AFTER)
		}
	}); cerr != nil || started != nil {
		return errNoWriteBehind
	}
	return waited
}
