//go:build !race && !windows

package main

const raceEnabled = false
