package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSummary: medians over the runs of each size, the floor and the
// ratio in the same cell, whole-process figures by size, a missing figure
// as a dash, and the load before each part.
func TestSummary(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("home.txt", `# load before: 0.10 0.20 0.30
BenchmarkHomeReady/residents=1000/first=whole-2   3   1 ns/op   30.00 home-ms   9 filter-ms
BenchmarkHomeReady/residents=1000/first=whole-2   3   1 ns/op   10.00 home-ms   9 filter-ms
BenchmarkHomeReady/residents=1000/first=whole-2   3   1 ns/op   20.00 home-ms   9 filter-ms
BenchmarkHomeReady/residents=10000/first=whole-2  3   1 ns/op   400 home-ms
BenchmarkHomeReady/residents=10000/first=kept-2   3   1 ns/op   12 home-ms   500 filter-ms
BenchmarkAgendaReady/residents=1000   3   1 ns/op   7 agenda-ready-ms
BenchmarkAgendaReady/residents=1000   3   1 ns/op   8 agenda-ready-ms
`)
	write("floorvault.txt", `# load before: 1.00 1.00 1.00
BenchmarkFloorVault/residents=1000-2   5   1 ns/op   5.000 aead-all-ms   2.000 aead-home-ms
BenchmarkFloorVault/residents=10000-2  5   1 ns/op   50.00 aead-all-ms   20.00 aead-home-ms
`)
	write("process.txt", `# 2026-11-27T21:28:29Z  2 cores  AMD EPYC  go1.26.8  /tmp/x
# load before: 2 2 2
command                                              wall s max RSS MB
## N=1000 residents: 1277 intakes, vault 8 MiB
export bundle (all intakes)                           1.000       89.2
   bundle: 1796 KiB, 805 intakes with handover consent
floor: age -e of the same bytes                       0.250        5.1
   peer: sqlite3 (GROUP BYs, whole process)                0.066
## N=10000 residents: 12000 intakes, vault 80 MiB
export bundle (all intakes)                           9.000      189.2
`)
	r, err := read(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	r.write(&b)
	out := b.String()
	for _, want := range []string{
		"| 1,000 residents | 10,000 residents |",
		"| · the whole list read first (after a change, or a new day) | 20.0 ms (2.00 ms, 10.0×) | 400 ms (20.0 ms, 20.0×) |",
		"| home ready after the unlock, its first screen kept (in process, cheap KDF) | — | 12.0 ms |",
		"| home: the filter works too | 9.00 ms | — |",
		"| agenda ready (in process) | 7.50 ms | — |",
		"| `export bundle` | 1.00 s (0.25 s, 4.0×) | 9.00 s |",
		"| peer: the statistics GROUP BYs in sqlite3 | 0.07 s | — |",
		"Machine: 2026-11-27T21:28:29Z  2 cores  AMD EPYC",
		"floorvault: 1.00 1.00 1.00",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}
