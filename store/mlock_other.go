//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !windows

package store

// lockMemory: this system offers no way to keep pages out of swap.
func lockMemory([]byte) {}
