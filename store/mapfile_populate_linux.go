package store

import "golang.org/x/sys/unix"

// populate asks Linux to map the pages of b that are in the page cache
// at once (MADV_POPULATE_READ, Linux 5.14): fewer faults for a walk that
// reads them all. A page it cannot map is left to its first read (an
// older kernel says EINVAL; nothing to do then).
func populate(b []byte) { _ = unix.Madvise(b, unix.MADV_POPULATE_READ) }
