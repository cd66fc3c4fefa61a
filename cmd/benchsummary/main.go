// Command benchsummary turns the output of scripts/bench-report.sh (one
// file per part in a folder) into the table of docs/PERFORMANCE.md: each
// figure per size, with its floor and the ratio where it has one, the
// median over the report's runs, and the load before each part.
//
//	go run ./cmd/benchsummary bench-out > bench-out/summary.md
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: benchsummary DIR (the output folder of scripts/bench-report.sh)")
		os.Exit(2)
	}
	r, err := read(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchsummary:", err)
		os.Exit(1)
	}
	if len(r.sizes) == 0 {
		fmt.Fprintln(os.Stderr, "benchsummary: no figures per size in", os.Args[1])
		os.Exit(1)
	}
	r.write(os.Stdout)
}

// report is what the folder holds: Go benchmark metrics by benchmark
// (its size taken out of the name) and unit, every run's value; the
// whole-process figures by size and command; the load before each part.
type report struct {
	bench   map[string]map[int]map[string][]float64 // name → size → unit → values
	process map[int]map[string][2]float64           // size → command → wall s, max RSS MB
	peer    map[int]map[string]float64              // size → peer → wall s
	sizes   []int
	loads   []string // "part: load"
	machine string
}

var (
	// The name, without the -N that Go adds when GOMAXPROCS is not 1.
	benchLine  = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)
	sizeInName = regexp.MustCompile(`/residents=(\d+)`)
	section    = regexp.MustCompile(`^## N=(\d+) residents`)
	// A whole-process figure: the command, then wall seconds and max RSS.
	processLine = regexp.MustCompile(`^(\S.*?)\s+([0-9.]+)\s+([0-9.]+)$`)
	peerLine    = regexp.MustCompile(`^\s+peer: (\S+) \(.*\)\s+([0-9.]+)$`)
)

func read(dir string) (*report, error) {
	r := &report{bench: map[string]map[int]map[string][]float64{}, process: map[int]map[string][2]float64{}, peer: map[int]map[string]float64{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no part files (*.txt) in %s", dir)
	}
	slices.Sort(files)
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		err = r.readPart(strings.TrimSuffix(filepath.Base(name), ".txt"), f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	slices.Sort(r.sizes)
	return r, nil
}

func (r *report) addSize(n int) {
	if !slices.Contains(r.sizes, n) {
		r.sizes = append(r.sizes, n)
	}
}

func (r *report) readPart(part string, in io.Reader) error {
	sc := bufio.NewScanner(in)
	size, first := 0, true
	for sc.Scan() {
		line := sc.Text()
		switch {
		case first && strings.HasPrefix(line, "# load before: "):
			r.loads = append(r.loads, part+": "+strings.TrimPrefix(line, "# load before: "))
			first = false
		case strings.HasPrefix(line, "# 20") && strings.Contains(line, "cores"):
			r.machine = strings.TrimPrefix(line, "# ")
		case benchLine.MatchString(line):
			m := benchLine.FindStringSubmatch(line)
			name, n := m[1], 0
			if s := sizeInName.FindStringSubmatch(name); s != nil {
				n, _ = strconv.Atoi(s[1])
				name = strings.Replace(name, s[0], "", 1)
			}
			fields := strings.Fields(m[2])
			for i := 0; i+1 < len(fields); i += 2 {
				v, err := strconv.ParseFloat(fields[i], 64)
				if err != nil {
					continue
				}
				r.addBench(name, n, fields[i+1], v)
			}
		case section.MatchString(line):
			size, _ = strconv.Atoi(section.FindStringSubmatch(line)[1])
			r.addSize(size)
		case size > 0 && peerLine.MatchString(line):
			m := peerLine.FindStringSubmatch(line)
			v, _ := strconv.ParseFloat(m[2], 64)
			if r.peer[size] == nil {
				r.peer[size] = map[string]float64{}
			}
			r.peer[size][m[1]] = v
		case size > 0 && processLine.MatchString(line):
			m := processLine.FindStringSubmatch(line)
			wall, _ := strconv.ParseFloat(m[2], 64)
			rss, _ := strconv.ParseFloat(m[3], 64)
			if r.process[size] == nil {
				r.process[size] = map[string][2]float64{}
			}
			r.process[size][m[1]] = [2]float64{wall, rss}
		}
	}
	return sc.Err()
}

func (r *report) addBench(name string, n int, unit string, v float64) {
	if r.bench[name] == nil {
		r.bench[name] = map[int]map[string][]float64{}
	}
	if r.bench[name][n] == nil {
		r.bench[name][n] = map[string][]float64{}
	}
	r.bench[name][n][unit] = append(r.bench[name][n][unit], v)
	if n > 0 {
		r.addSize(n)
	}
}

// median of a benchmark's metric over the runs; ok false when it is not
// in the report.
func (r *report) median(name string, n int, unit string) (float64, bool) {
	vs := r.bench[name][n][unit]
	if len(vs) == 0 {
		return 0, false
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2, true
	}
	return s[len(s)/2], true
}

// A figure of the table: how to get its value (and its floor) at a size.
type figure struct {
	what    string
	unit    string
	value   func(r *report, n int) (float64, bool)
	floor   func(r *report, n int) (float64, bool) // nil: no floor
	floorIs string
}

func metric(name, unit string) func(*report, int) (float64, bool) {
	return func(r *report, n int) (float64, bool) { return r.median(name, n, unit) }
}

func wall(command string) func(*report, int) (float64, bool) {
	return func(r *report, n int) (float64, bool) {
		v, ok := r.process[n][command]
		return v[0], ok
	}
}

func rss(command string) func(*report, int) (float64, bool) {
	return func(r *report, n int) (float64, bool) {
		v, ok := r.process[n][command]
		return v[1], ok
	}
}

// sum of figures, all present.
func sum(parts ...func(*report, int) (float64, bool)) func(*report, int) (float64, bool) {
	return func(r *report, n int) (float64, bool) {
		t := 0.0
		for _, p := range parts {
			v, ok := p(r, n)
			if !ok {
				return 0, false
			}
			t += v
		}
		return t, true
	}
}

var figures = []figure{
	{what: "home ready after the unlock, its first screen kept (in process, cheap KDF)", unit: "ms", value: metric("BenchmarkHomeReady/first=kept", "home-ms")},
	{what: "· the whole list read first (after a change, or a new day)", unit: "ms", value: metric("BenchmarkHomeReady/first=whole", "home-ms"),
		floor: metric("BenchmarkFloorVault", "aead-home-ms"), floorIs: "AEAD of the index entries and residents"},
	{what: "· after a save, which kept it up to date", unit: "ms", value: metric("BenchmarkHomeReady/first=saved", "home-ms")},
	{what: "home: the filter works too", unit: "ms", value: metric("BenchmarkHomeReady/first=whole", "filter-ms")},
	{what: "home: its first screen kept for the next unlock (after the filter)", unit: "ms", value: metric("BenchmarkHomeReady/first=whole", "kept-ms")},
	{what: "home ready in a new process, its first screen kept (the binary on a terminal, cheap KDF)", unit: "ms", value: metric("BenchmarkHomeProcess/first=kept", "ready-ms")},
	{what: "· its max RSS", unit: "MB", value: metric("BenchmarkHomeProcess/first=kept", "max-rss-MB")},
	{what: "· after a save, which kept it up to date", unit: "ms", value: metric("BenchmarkHomeProcess/first=saved", "ready-ms")},
	{what: "· the whole list read first", unit: "ms", value: metric("BenchmarkHomeProcess/first=whole", "ready-ms")},
	{what: "· · its max RSS", unit: "MB", value: metric("BenchmarkHomeProcess/first=whole", "max-rss-MB")},
	{what: "fresh memory: first touch of 100 MB (this machine)", unit: "ms", value: func(r *report, _ int) (float64, bool) {
		return r.median("BenchmarkFloorFreshMemory", 0, "ms-per-100MB") // one figure, for every size
	}},
	{what: "agenda ready (in process)", unit: "ms", value: metric("BenchmarkAgendaReady", "agenda-ready-ms")},
	{what: "· reading the index as home does", unit: "ms", value: metric("BenchmarkHomeParts/index", "median-ms")},
	{what: "· reading every resident", unit: "ms", value: metric("BenchmarkHomeParts/residents", "median-ms")},
	{what: "· building the rows", unit: "ms", value: metric("BenchmarkHomeParts/rows", "median-ms")},
	{what: "first read of the index after opening, compacted vault", unit: "ms", value: metric("BenchmarkFirstRead/compacted", "index-ms")},
	{what: "· the same vault as filled (scattered pages)", unit: "ms", value: metric("BenchmarkFirstRead/scattered", "index-ms")},
	{what: "keystroke on home's list (median)", unit: "ms", value: metric("BenchmarkHomeKeystrokeDemo/view=list", "median-ms")},
	{what: "step save with its log entry (p99)", unit: "ms", value: metric("BenchmarkStepSaveLogged", "p99-ms"),
		floor: func(r *report, _ int) (float64, bool) {
			v, ok := r.median("BenchmarkFloorBoltCommit", 0, "ns/op")
			return v / 1e6, ok
		}, floorIs: "one bbolt commit with fsync"},
	{what: "· with home's first screen kept, which each save keeps up to date (p99)", unit: "ms", value: metric("BenchmarkStepSaveLogged/home=kept", "p99-ms")},
	{what: "· · a save that changes what home shows (p99)", unit: "ms", value: metric("BenchmarkStepSaveLogged/home=kept/save=shown", "p99-ms")},
	{what: "`check` (in process)", unit: "ms", value: metric("BenchmarkCheck", "check-ms"),
		floor: metric("BenchmarkFloorVault", "aead-all-ms"), floorIs: "AEAD of every stored value"},
	{what: "`check --deep` (in process)", unit: "ms", value: metric("BenchmarkCheck", "deep-ms")},
	{what: "statistics records counted (in process)", unit: "ms", value: func(r *report, n int) (float64, bool) {
		v, ok := r.median("BenchmarkStatsLoad", n, "ns/op")
		return v / 1e6, ok
	}},
	{what: "`users list`: open, KDF, exit", unit: "s", value: wall("users list (open + KDF + exit)")},
	{what: "`check`", unit: "s", value: wall("check (authenticate every record)")},
	{what: "`check` max RSS", unit: "MB", value: rss("check (authenticate every record)")},
	{what: "`export stats --format csv`", unit: "s", value: wall("export stats --format csv")},
	{what: "`export stats` max RSS", unit: "MB", value: rss("export stats --format csv")},
	{what: "· compacted vault", unit: "MB", value: rss("export stats --format csv (compacted vault)")},
	{what: "· imported vault", unit: "MB", value: rss("export stats --format csv (imported vault)")},
	{what: "`export bundle`", unit: "s", value: wall("export bundle (all intakes)"),
		floor: wall("floor: age -e of the same bytes"), floorIs: "age -e of the same bytes"},
	{what: "`import` into an empty vault", unit: "s", value: wall("import bundle (into an empty office vault)"),
		floor: sum(wall("floor: age -d of the bundle"), wall("floor: write the office vault's bytes + fsync")), floorIs: "age -d of the bundle + writing the vault's bytes with fsync"},
	{what: "`import` max RSS", unit: "MB", value: rss("import bundle (into an empty office vault)")},
	{what: "`import` of the same bundle again", unit: "s", value: wall("import bundle again (all already there)")},
	{what: "peer: the statistics GROUP BYs in sqlite3", unit: "s", value: func(r *report, n int) (float64, bool) { v, ok := r.peer[n]["sqlite3"]; return v, ok }},
	{what: "peer: the same in sqlcipher", unit: "s", value: func(r *report, n int) (float64, bool) { v, ok := r.peer[n]["sqlcipher"]; return v, ok }},
}

func (r *report) write(w io.Writer) {
	if r.machine != "" {
		fmt.Fprintf(w, "Machine: %s\n\n", r.machine)
	}
	fmt.Fprintf(w, "Medians of the report's runs. A cell with a floor reads *figure (floor, ratio)*.\n\n")
	fmt.Fprint(w, "| what |")
	for _, n := range r.sizes {
		fmt.Fprintf(w, " %s residents |", thousands(n))
	}
	fmt.Fprint(w, "\n|---|")
	for range r.sizes {
		fmt.Fprint(w, "---:|")
	}
	fmt.Fprintln(w)
	floors := map[string]bool{}
	for _, f := range figures {
		fmt.Fprintf(w, "| %s |", f.what)
		for _, n := range r.sizes {
			v, ok := f.value(r, n)
			if !ok {
				fmt.Fprint(w, " — |")
				continue
			}
			cell := amount(v, f.unit)
			if f.floor != nil {
				if fl, ok := f.floor(r, n); ok && fl > 0 {
					cell += fmt.Sprintf(" (%s, %.1f×)", amount(fl, f.unit), v/fl)
					floors[f.what+": "+f.floorIs] = true
				}
			}
			fmt.Fprintf(w, " %s |", cell)
		}
		fmt.Fprintln(w)
	}
	if len(floors) > 0 {
		fmt.Fprintln(w, "\nFloors:")
		keys := make([]string, 0, len(floors))
		for k := range floors {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "- %s\n", k)
		}
	}
	if len(r.loads) > 0 {
		fmt.Fprintf(w, "\nLoad before each part (1, 5, 15 min): %s.\n", strings.Join(r.loads, "; "))
	}
}

// amount writes v in unit with sensible digits.
func amount(v float64, unit string) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%s %s", thousands(int(v+0.5)), unit)
	case v >= 10:
		return fmt.Sprintf("%.1f %s", v, unit)
	}
	return fmt.Sprintf("%.2f %s", v, unit)
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
