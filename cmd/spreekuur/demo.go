package main

import (
	"fmt"
	"os"
)

// runDemo is a placeholder until its issue lands; it says so rather than pretending.
func runDemo(g *globalOptions, args []string) int {
	fmt.Fprintln(os.Stderr, "spreekuur: this part is not available in this build yet")
	return exitFailure
}
