package exportfile

import "os"

// writeBehindChunk is how many bytes a file takes before Write hands
// them to the disk. Without it a large export (a handover bundle of an
// office vault is hundreds of MB) sits in the page cache until the final
// sync, which then writes all of it while the screen says it is done:
// on a slow USB stick, a minute of nothing. With it the disk writes while
// the export is still being made, and at most two chunks are waiting.
const writeBehindChunk = 8 << 20

// writeBehind starts writing [start, end) of f to the disk and waits until
// [wait, start) is written (platform: writebehind_linux.go; elsewhere it
// does nothing and the final sync writes everything). It is advice: its
// error is left to that sync to report. A variable, so a test can see the
// ranges.
var writeBehind = platformWriteBehind

// behind tracks what fileWriter has handed to writeBehind.
type behind struct {
	written int64 // bytes written to the file
	started int64 // [waited, started) is being written by the disk
	waited  int64 // [0, waited) is on the disk (as far as writeBehind knows)
}

// wrote counts n more bytes written to f and, once a chunk has gathered,
// starts it and waits for the one before.
func (b *behind) wrote(f *os.File, n int) {
	b.written += int64(n)
	if b.written-b.started < writeBehindChunk {
		return
	}
	_ = writeBehind(f, b.waited, b.started, b.written) // advice: the final sync reports what failed
	b.waited, b.started = b.started, b.written
}
