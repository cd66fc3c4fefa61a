package exportfile

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// platformWriteBehind uses sync_file_range(2): start writing the new
// range, then wait for the one before (the pattern its manual page gives
// for streaming writes). It does not make the file durable (no metadata,
// no cache flush of the disk itself): the final fsync still does that.
//
// When starting is refused as not possible here (not a regular file, a
// kernel or sandbox without the call) it is errNoWriteBehind. Any other
// error is the file's, and every error of the wait is: the wait takes it
// off the file.
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
	}); cerr != nil {
		return errNoWriteBehind
	}
	switch {
	case errors.Is(started, unix.ESPIPE), errors.Is(started, unix.ENOSYS), errors.Is(started, unix.EINVAL),
		errors.Is(started, unix.EPERM), errors.Is(started, unix.EOPNOTSUPP):
		return errNoWriteBehind
	case started != nil:
		return started
	}
	return waited
}
