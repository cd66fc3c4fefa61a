package store

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// lockMemory asks Windows to keep the pages holding b in memory
// (VirtualLock). Best effort: a failure (the working-set quota) is ignored.
func lockMemory(b []byte) {
	if len(b) > 0 {
		_ = windows.VirtualLock(uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	}
}
