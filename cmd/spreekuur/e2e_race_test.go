//go:build race && !windows

package main

const raceEnabled = true
