package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// PathLines shows a path in full, cut into lines of width (a path has no
// spaces to wrap at), each rendered and indented.
func PathLines(render func(...string) string, p string, width int, indent string) string {
	var lines []string
	for _, l := range strings.Split(ansi.Hardwrap(Inert(p), max(10, width-len(indent)), false), "\n") {
		lines = append(lines, indent+render(l))
	}
	return strings.Join(lines, "\n")
}
