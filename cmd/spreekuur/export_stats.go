package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store/statistics"
)

const exportStatsUsage = "spreekuur [--db PATH] export stats --format csv|json|html [--from YYYY-MM] [--to YYYY-MM] [--threshold N] -o FILE [--force]"

// runExportStats writes the anonymised statistics, with disclosure control,
// to one file. It reads only the statistics records, so a coordinator (who
// holds no notes key) can run it as well as a supporter.
func runExportStats(g *globalOptions, args []string) int {
	fs := subcommandFlags("export stats", g)
	format := fs.String("format", "", "csv, json or html")
	from := fs.String("from", "", "first month to count, YYYY-MM (default: the first with data)")
	to := fs.String("to", "", "last month to count, YYYY-MM (default: the last with data)")
	threshold := fs.Int("threshold", statistics.DefaultThreshold, fmt.Sprintf("counts below this are hidden (at least %d)", statistics.MinThreshold))
	out := fs.String("o", "", "the file to write (required)")
	force := fs.Bool("force", false, "overwrite the file if it exists")
	pos, done, code := parseArgs(fs, exportStatsUsage, args)
	if done {
		return code
	}
	opt, f, err := statsFlags(pos, *format, *from, *to, *threshold, *out)
	if err != nil {
		return fail(err)
	}
	if err := checkExportTarget(*out, *force); err != nil {
		return fail(err)
	}

	// Labels for a municipality's own locations and routes come from the
	// local override file next to the vault.
	v, cat, err := openWithCatalogue(g, forReading)
	if err != nil {
		return fail(err)
	}
	rep, info, err := statistics.Load(v, opt, cat)
	v.Close()
	if err != nil {
		return fail(err)
	}
	ropt := statistics.RenderOptions{Lang: g.Lang, Generated: time.Now()}
	if err := writeExport(*out, *force, func(w io.Writer) error { return statistics.Write(w, rep, f, ropt) }); err != nil {
		return fail(err)
	}
	where, _ := filepath.Abs(*out)
	if where == "" {
		where = *out
	}
	fmt.Fprintf(os.Stdout, "wrote statistics (%s, %d of %d records counted, months %s to %s, threshold %d) to %s\n",
		f, info.Counted, info.Read, orNone(rep.From), orNone(rep.To), rep.Threshold, where)
	if info.Skipped > 0 {
		fmt.Fprintf(os.Stderr, "spreekuur: note: %d statistics record(s) could not be read and were left out.\n", info.Skipped)
	}
	return exitOK
}

func orNone(m intake.Month) string {
	if m == "" {
		return "-"
	}
	return string(m)
}

// statsFlags checks the flags; every problem is a usage error (exit 2).
func statsFlags(pos []string, format, from, to string, threshold int, out string) (statistics.Options, statistics.Format, error) {
	var opt statistics.Options
	if len(pos) > 0 {
		return opt, "", usagef("export stats takes no arguments, got %q (usage: %s)", pos[0], exportStatsUsage)
	}
	if format == "" {
		return opt, "", usagef("give the format with --format csv, json or html")
	}
	f, err := statistics.ParseFormat(format)
	if err != nil {
		return opt, "", usagef("%v", err)
	}
	if out == "" {
		return opt, "", usagef("give the file to write with -o FILE")
	}
	for _, m := range []struct {
		flag, val string
		dst       *intake.Month
	}{{"--from", from, &opt.From}, {"--to", to, &opt.To}} {
		if m.val == "" {
			continue
		}
		mm, err := statistics.ParseMonth(m.val)
		if err != nil {
			return opt, "", usagef("%s must be a month like 2025-01, not %q", m.flag, m.val)
		}
		*m.dst = mm
	}
	opt.Threshold = threshold
	if err := opt.Validate(); err != nil {
		if errors.Is(err, statistics.ErrThreshold) {
			return opt, "", usagef("--threshold must be at least %d (and at most %d): smaller counts could identify someone", statistics.MinThreshold, statistics.MaxThreshold)
		}
		return opt, "", usagef("--from must not be after --to")
	}
	return opt, f, nil
}
