//go:build !windows

package store

import (
	"errors"
	"syscall"
)

// isDiskFull reports whether err says the disk or the quota is full.
func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
