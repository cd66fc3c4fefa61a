package main

import (
	"fmt"
	"os"
)

// runTUI is a placeholder until its issue lands; it says so rather than pretending.
func runTUI(g *globalOptions) int {
	fmt.Fprintln(os.Stderr, "spreekuur: this part is not available in this build yet")
	return exitFailure
}
