//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd

package main

// scrubFreedMemory: Windows has no execve to restart the program in place
// with GODEBUG=clobberfree=1; freed memory is not overwritten there (see
// scrub_unix.go and docs/FORMAT.md §5).
func scrubFreedMemory() {}
