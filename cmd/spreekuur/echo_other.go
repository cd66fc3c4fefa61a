//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd

package main

// echoOff: the Windows console shows nothing typed ahead until the program
// reads it, and term.ReadPassword reads without echo.
func echoOff(int) (restore func()) { return func() {} }
