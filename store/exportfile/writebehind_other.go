//go:build !linux

package exportfile

import "os"

// platformWriteBehind does nothing here: macOS and Windows have no call
// that starts writing a range without waiting for it, so the final sync
// writes the whole file.
func platformWriteBehind(f *os.File, wait, start, end int64) error { return errNoWriteBehind }
