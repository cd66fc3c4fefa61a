//go:build !unix

package main

import "time"

// processCPU: not measured here (see cputime_unix_test.go).
func processCPU() time.Duration { return 0 }
