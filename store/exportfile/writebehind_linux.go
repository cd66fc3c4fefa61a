package exportfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// platformWriteBehind uses sync_file_range(2): start writing the new
// range, then wait for the one before (the pattern its manual page gives
// for streaming writes). It does not make the file durable (no metadata,
// no cache flush of the disk itself): the final fsync still does that.
func platformWriteBehind(f *os.File, wait, start, end int64) (err error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	cerr := rc.Control(func(fd uintptr) {
		err = unix.SyncFileRange(int(fd), start, end-start, unix.SYNC_FILE_RANGE_WRITE)
		if err == nil && start > wait {
			err = unix.SyncFileRange(int(fd), wait, start-wait,
				unix.SYNC_FILE_RANGE_WAIT_BEFORE|unix.SYNC_FILE_RANGE_WRITE|unix.SYNC_FILE_RANGE_WAIT_AFTER)
		}
	})
	if cerr != nil {
		return cerr
	}
	return err
}
