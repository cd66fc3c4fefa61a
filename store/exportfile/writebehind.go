package exportfile

import (
	"errors"
	"os"
)

// writeBehindChunk is how many bytes a file takes before Write hands
// them to the disk. Without it a large export (a handover bundle of an
// office vault is hundreds of MB) sits in the page cache until the final
// sync, which then writes all of it while the screen says it is done:
// on a slow USB stick, a minute of nothing. With it the disk writes while
// the export is still being made, and at most two chunks are waiting.
const writeBehindChunk = 8 << 20

// writeBehind starts writing [start, end) of f to the disk and waits until
// [wait, start) is written (platform: writebehind_linux.go; elsewhere it
// does nothing and the final sync writes everything). The error of the
// wait is a write error of the file, and only the wait reports it: on
// Linux it takes the error off the file, so the final sync no longer
// does (a failing USB stick would leave a damaged file in place,
// reported as written). errNoWriteBehind says it cannot be done here:
// no error, and the rest of the file is left to the final sync. A
// variable, so a test can see the ranges and fail them.
var writeBehind = platformWriteBehind

var errNoWriteBehind = errors.New("no write-behind here")

// behind tracks what fileWriter has handed to writeBehind.
type behind struct {
	off     bool  // the system or the file cannot (errNoWriteBehind)
	written int64 // bytes written to the file
	started int64 // [waited, started) is being written by the disk
	waited  int64 // [0, waited) is on the disk (as far as writeBehind knows)
}

// wrote counts n more bytes written to f and, once a chunk has gathered,
// starts it and waits for the one before. An error is the file's: the
// caller fails the export with it.
func (b *behind) wrote(f *os.File, n int) error {
	b.written += int64(n)
	if b.off || b.written-b.started < writeBehindChunk {
		return nil
	}
	err := writeBehind(f, b.waited, b.started, b.written)
	b.waited, b.started = b.started, b.written
	if errors.Is(err, errNoWriteBehind) {
		b.off, err = true, nil
	}
	return err
}
