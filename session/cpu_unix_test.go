//go:build unix

package session_test

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has used (user and
// system, all threads): a figure the machine's other load inflates far
// less than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
