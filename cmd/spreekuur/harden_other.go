//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd

package main

// harden: Windows writes no core files by itself (a crash dump needs
// Windows Error Reporting's LocalDumps set up by an administrator), and
// offers no switch a program can use to refuse one. docs/FORMAT.md §5.
func harden() {}
