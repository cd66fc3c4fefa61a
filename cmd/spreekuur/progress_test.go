package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestProgressDone: on a terminal, done ends the line the percentages
// were written on, and writes nothing when none was (nothing to export,
// or a refusal before the work).
func TestProgressDone(t *testing.T) {
	var b bytes.Buffer
	p := &progress{w: &b, name: "export bundle", unit: "intakes", tty: true}
	p.done()
	if b.Len() != 0 {
		t.Fatalf("done without a line wrote %q", b.String())
	}
	p.update(1, 2)
	p.update(2, 2)
	p.done()
	if got := b.String(); !strings.HasSuffix(got, "100%  2 of 2 intakes\n") || strings.Count(got, "\n") != 1 {
		t.Fatalf("after two updates and done: %q", got)
	}
}
