package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/store/statistics"
)

const exportStatsUsage = "spreekuur [--db PATH] export stats --format csv|json|html [--period 2026-Q3|2026|2026-11] [--provisional] -o FILE [--force]"

// clock is the command line's time: the periods export stats judges
// (which are over), the day on the resident's papers, who changed a
// setting when. Tests set it.
var clock = time.Now

// runExportStats writes the published statistics of one fixed period to
// one file. It reads only the statistics records, so a coordinator (who
// holds no notes key) can run it as well as a supporter. The first export
// of a period fixes its figures in the vault. It prints no count of
// records: only the file holds figures, all of them published ones.
func runExportStats(g *globalOptions, args []string) int {
	if err := goneStatsFlag(args); err != nil {
		return fail(err)
	}
	fs := subcommandFlags("export stats", g)
	format := fs.String("format", "", "csv, json or html")
	periodFlag := fs.String("period", "", "a month (2026-11), quarter (2026-Q3) or year (2026); default: the last quarter that is over")
	provisional := fs.Bool("provisional", false, "allow a period that is not over yet: its months that are over are counted, marked provisional")
	out := fs.String("o", "", "the file to write (required)")
	force := fs.Bool("force", false, "overwrite the file if it exists")
	pos, done, code := parseArgs(fs, exportStatsUsage, args)
	if done {
		return code
	}
	opt, f, err := statsFlags(pos, *format, *periodFlag, *provisional, *out)
	if err != nil {
		return fail(err)
	}
	if err := checkExportTarget(*out, *force); err != nil {
		return fail(err)
	}

	// Labels for a municipality's own locations and routes come from the
	// local override file next to the vault. The vault is opened for
	// writing: the first export of a period keeps its figures in it
	// (docs/STATISTICS.md, "Published figures stay").
	v, cat, err := openWithCatalogue(g, forWriting)
	if err != nil {
		return fail(err)
	}
	rep, info, err := statistics.Load(v, opt, cat)
	v.Close()
	if err != nil {
		return fail(err)
	}
	ropt := statistics.RenderOptions{Lang: g.Lang, Generated: opt.Now}
	if err := writeExport(*out, *force, func(w io.Writer) error { return statistics.Write(w, rep, f, ropt) }); err != nil {
		return fail(err)
	}
	where, _ := filepath.Abs(*out)
	if where == "" {
		where = *out
	}
	what := fmt.Sprintf(say("%s, periode %s", "%s, period %s"), f, rep.Period)
	if rep.Provisional {
		what += fmt.Sprintf(say(", VOORLOPIG: geteld %s tot en met %s", ", PROVISIONAL: counted %s to %s"), rep.From, rep.To)
	}
	fixed := say("nu vastgelegd: latere exports van deze maanden geven dezelfde cijfers", "fixed now: later exports of these months give the same figures")
	if info.Kept {
		fixed = say("de cijfers zoals vastgelegd bij de eerste export op ", "the figures fixed at the first export on ") + rep.Published
	}
	fmt.Fprintf(os.Stdout, say("statistiek geschreven (%s, kleinste aantal %d; %s) naar %s\n", "wrote statistics (%s, minimum cell size %d; %s) to %s\n"), what, rep.Threshold, fixed, where)
	if info.Skipped {
		fmt.Fprintln(os.Stderr, say("spreekuur: let op: sommige cijfers konden niet gelezen worden en zijn weggelaten (doe `spreekuur check`).", "spreekuur: note: some statistics records could not be read and were left out (run `spreekuur check`)."))
	}
	return exitOK
}

// goneStatsFlag explains the flags export stats no longer has: any range
// of months, and a threshold per export, let a reader of the exports
// work out hidden counts (docs/STATISTICS.md).
func goneStatsFlag(args []string) error {
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			continue
		}
		switch name {
		case "from", "to":
			return usagef(say("--%s bestaat niet meer: de cijfers gaan over één vaste periode; gebruik --period 2026-Q3, --period 2026 of --period 2026-11", "--%s is gone: statistics cover one fixed period; use --period 2026-Q3, --period 2026 or --period 2026-11"), name)
		case "threshold":
			return usageError{say("--threshold bestaat niet meer: het kleinste aantal is een instelling van de kluis (spreekuur settings stats-threshold)", "--threshold is gone: the minimum cell size is a setting of the vault (spreekuur settings stats-threshold)")}
		}
	}
	return nil
}

// statsFlags checks the flags; every problem is a usage error (exit 2),
// found before the passphrase is asked.
func statsFlags(pos []string, format, periodFlag string, provisional bool, out string) (statistics.Options, statistics.Format, error) {
	opt := statistics.Options{Provisional: provisional, Now: clock(), Publish: true}
	if len(pos) > 0 {
		return opt, "", usagef(say("export stats neemt geen argumenten, maar kreeg %q (gebruik: %s)", "export stats takes no arguments, got %q (usage: %s)"), pos[0], exportStatsUsage)
	}
	if format == "" {
		return opt, "", usageError{say("geef de soort met --format csv, json of html", "give the format with --format csv, json or html")}
	}
	f, err := statistics.ParseFormat(format)
	if err != nil {
		return opt, "", usagef(say("--format is csv, json of html, niet %q", "the format must be csv, json or html, not %q"), format)
	}
	if out == "" {
		return opt, "", usageError{say("geef het bestand om te schrijven met -o BESTAND", "give the file to write with -o FILE")}
	}
	if periodFlag != "" {
		if opt.Period, err = statistics.ParsePeriod(periodFlag); err != nil {
			return opt, "", usagef(say("--period is een maand (2026-11), een kwartaal (2026-Q3) of een jaar (2026), niet %q", "--period must be a month (2026-11), a quarter (2026-Q3) or a year (2026), not %q"), periodFlag)
		}
	}
	if _, err := opt.Scope(); err != nil {
		p := periodFlag
		switch {
		case errors.Is(err, statistics.ErrPeriodOpen):
			return opt, "", usagef(say("%s is nog niet voorbij; voeg --provisional toe voor voorlopige cijfers van de maanden die voorbij zijn", "%s is not over yet; add --provisional for provisional figures of its months that are over"), p)
		case errors.Is(err, statistics.ErrPeriodNotStarted):
			return opt, "", usagef(say("nog geen maand van %s is voorbij, dus er is niets te tellen", "no month of %s is over yet, so there is nothing to count"), p)
		}
		return opt, "", usagef("%v", err)
	}
	return opt, f, nil
}
