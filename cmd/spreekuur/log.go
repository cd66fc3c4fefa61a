package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
)

const logUsage = "spreekuur [--db PATH] log [--resident ID] [--since YYYY-MM-DD]"

// saidError is a command's own sentence in both languages, said in the
// language of the messages when it is printed.
type saidError struct{ nl, en string }

func (e saidError) Error() string { return say(e.nl, e.en) }

// runLog shows the access log (docs/PRIVACY.md): every event on personal
// data, oldest first, to a supporter. Reading it is an event too.
func runLog(g *globalOptions, args []string) int {
	fs := subcommandFlags("log", g)
	resident := fs.String("resident", "", "only what concerns this resident: their ID, or its first 6 or more characters (erased residents too)")
	since := fs.String("since", "", "only entries from this day on, YYYY-MM-DD")
	pos, done, code := parseArgs(fs, logUsage, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fail(usagef("log takes no arguments (usage: %s)", logUsage))
	}
	var f session.LogFilter
	if *since != "" {
		d, err := intake.ParseDate(*since)
		if err != nil {
			return fail(usagef("--since must be a date like 2026-03-01 (usage: %s)", logUsage))
		}
		f.Since = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.Local)
	}
	f.Resident = strings.TrimSpace(*resident)
	v, err := openUnlocked(g, forWriting)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	sess := newSession(v, nil, g.Lang)
	if f.Resident != "" && len(f.Resident) >= session.MinIDPrefix {
		// The resident's intakes, while they exist, so their entries show too.
		f.Resident = residentByPrefix(sess, f.Resident)
		if ins, err := sess.IntakesOf(f.Resident); err == nil {
			for _, in := range ins {
				f.Intakes = append(f.Intakes, in.ID)
			}
		}
	}
	entries, err := sess.AccessLog(f)
	if err != nil {
		return fail(logWritable(err))
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, say("NR\tWANNEER\tWAT\tUITKOMST\tWIE\tDOEL\tBEWONER\tGESPREK\tDETAIL", "NO\tWHEN\tWHAT\tOUTCOME\tWHO\tPURPOSE\tRESIDENT\tCONVERSATION\tDETAIL"))
	for _, e := range entries {
		who := e.User
		if e.Role != "" {
			who += " (" + string(e.Role) + ")"
		}
		if e.OnBehalf != "" {
			who += say(" namens ", " for ") + e.OnBehalf
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.At.Local().Format("2006-01-02 15:04:05"),
			e.Action, e.Outcome, intake.Inert(who), e.Purpose, session.ShortID(e.Resident), session.ShortID(e.Intake), intake.Inert(e.Detail))
	}
	_ = w.Flush()
	fmt.Fprintf(os.Stderr, say("%d regel(s) uit het logboek.\n", "%d entr(y/ies) of the access log.\n"), len(entries))
	return exitOK
}

// residentByPrefix is the one resident whose ID starts with prefix, or
// prefix itself (an erased resident is not in the vault any more).
func residentByPrefix(sess *session.Session, prefix string) string {
	if id, err := sess.ResolveResident(prefix); err == nil {
		return id
	}
	return prefix
}
