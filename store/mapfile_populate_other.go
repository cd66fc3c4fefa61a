//go:build !linux

package store

// populate: each page is mapped at its first read here.
func populate([]byte) {}
