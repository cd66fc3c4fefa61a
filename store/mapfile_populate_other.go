//go:build darwin || freebsd || netbsd || openbsd

package store

// populate: no MAP_POPULATE here; each page is mapped at its first read.
func populate(bool) int { return 0 }
