//go:build unix

package main

import (
	"syscall"
	"time"
)

// processCPU is the processor time this process has used so far (user
// and system, every thread): a benchmark's work, less sensitive than wall
// time to other programs on a shared machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
