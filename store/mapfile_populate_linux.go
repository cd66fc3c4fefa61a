package store

import "golang.org/x/sys/unix"

// populate: Linux maps a file's pages in the page cache at mmap time.
func populate(all bool) int {
	if all {
		return unix.MAP_POPULATE
	}
	return 0
}
