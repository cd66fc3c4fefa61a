package main

import (
	"fmt"
	"os"
)

// runImport is a placeholder until its issue lands; it says so rather than pretending.
func runImport(g *globalOptions, args []string) int {
	fmt.Fprintln(os.Stderr, "spreekuur: this part is not available in this build yet")
	return exitFailure
}
