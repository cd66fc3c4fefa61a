package store

import (
	"fmt"
	"runtime/debug"
)

// safely runs fn, which reads the vault's memory-mapped file through
// bbolt, so that damage in the file never crashes the program: a read
// outside the mapped file (a page reference checkFile could not see, such
// as a leaf element pointing past its page) becomes a panic instead of a
// fatal SIGSEGV/SIGBUS (debug.SetPanicOnFault, which holds for this
// goroutine only), and any panic inside — bbolt's own "unexpected page
// type", an index out of range on garbage — becomes ErrDamaged. bbolt
// rolls back a write transaction that panics, so the file lock and the
// transaction lock are released and the file is left as it was.
//
// A panic in a caller's function given to View or Update ends up here
// too and is reported as damage: the store cannot tell them apart, and a
// sentence is better than a crash.
func safely(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: the file's structure is damaged", ErrDamaged)
		}
	}()
	return fn()
}
