//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd

package store

import (
	"io"
	"os"
)

// mapFile: here the pages are read with ReadAt (see mapfile_unix.go).
func mapFile(f *os.File, size int64) (io.ReaderAt, func(), error) {
	return f, func() {}, nil
}
