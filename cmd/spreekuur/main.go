// Command spreekuur is the laptop tool for outreach consultation hours.
// main only parses flags and wires the packages together.
package main

import (
	"os"
)

// Exit codes, DESIGN §5.
const (
	exitOK            = 0
	exitFailure       = 1
	exitUsage         = 2
	exitWrongPassword = 3
	exitVaultInUse    = 4
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) > 0 && args[0] == "version" {
		return runVersion(os.Stdout)
	}
	return exitUsage
}
