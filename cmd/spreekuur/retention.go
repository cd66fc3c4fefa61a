package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"golang.org/x/term"
)

const retentionUsage = "spreekuur [--db PATH] retention [--apply [--yes] [--compact|--no-compact]]"

// runRetention lists the residents whose last contact is longer ago than
// the retention period (a vault setting: `spreekuur settings retention`),
// with what still runs for them; --apply erases those for whom nothing
// runs, after a j/n (--yes for scripts). Flagged residents are never
// erased here: a supporter looks at them first.
func runRetention(g *globalOptions, args []string) int {
	fs := subcommandFlags("retention", g)
	apply := fs.Bool("apply", false, "erase the listed residents for whom nothing runs any more")
	yes := fs.Bool("yes", false, "with --apply: do not ask (for scripts)")
	compactChosen := compactFlags(fs)
	pos, done, code := parseArgs(fs, retentionUsage, args)
	if done {
		return code
	}
	compact, err := compactChosen()
	if err != nil {
		return fail(err)
	}
	if len(pos) > 0 || (*yes && !*apply) {
		return fail(usagef("usage: %s", retentionUsage))
	}
	if *apply && !*yes && !term.IsTerminal(int(os.Stdin.Fd())) {
		return fail(usagef("erasing asks for a yes first; without a terminal, add --yes (usage: %s)", retentionUsage))
	}
	v, cat, err := openWithCatalogue(g, forWriting)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	sess := newSession(v, cat, g.Lang)
	months, items, err := sess.RetentionList()
	if err != nil {
		return fail(logWritable(err))
	}
	fmt.Fprintf(os.Stdout, say("Bewaartermijn: %d maanden na het laatste contact. Te wissen: %d bewoner(s).\n",
		"Retention period: %d months after the last contact. To erase: %d resident(s).\n"), months, len(items))
	if len(items) == 0 {
		return exitOK
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, say("NUMMER\tNAAM\tLAATSTE CONTACT\tTERMIJN OM\tGESPREKKEN\tLOOPT NOG", "NUMBER\tNAME\tLAST CONTACT\tPERIOD ENDED\tCONVERSATIONS\tSTILL RUNNING"))
	var free []session.RetentionItem
	for _, it := range items {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\n", session.ShortID(it.Resident.ID), intake.Inert(it.Resident.Pseudonym),
			intake.DateOf(it.LastContact).String(), it.Due.String(), len(it.Intakes), flagWords(it.Flags))
		if !it.Flagged() {
			free = append(free, it)
		}
	}
	_ = w.Flush()
	if !*apply {
		fmt.Fprintln(os.Stdout, say("Dit is een voorbeeld; er is niets gewist. Met --apply worden de bewoners zonder iets dat nog loopt gewist.",
			"This is a preview; nothing was erased. With --apply the residents for whom nothing runs any more are erased."))
		return exitOK
	}
	if len(free) == 0 {
		fmt.Fprintln(os.Stdout, say("Bij iedereen loopt nog iets: niets gewist. Kijk eerst naar die afspraken en termijnen.",
			"Something still runs for everyone: nothing was erased. Look at those agreements and periods first."))
		return exitOK
	}
	if !*yes {
		ok, err := askYes(fmt.Sprintf(say("%d bewoner(s) met al hun gesprekken voorgoed wissen? Typ j voor ja: ",
			"Erase %d resident(s) with all their conversations, for good? Type y for yes: "), len(free)))
		if err != nil {
			return fail(err)
		}
		if !ok {
			fmt.Fprintln(os.Stdout, say("Niets gewist.", "Nothing was erased."))
			return exitOK
		}
	}
	n := 0
	for _, it := range free {
		if _, err := sess.Erase(it.Plan(), store.EraseRetention); err != nil {
			fmt.Fprintf(os.Stdout, say("%d gewist; daarna ging het mis.\n", "%d erased; then it failed.\n"), n)
			return fail(err)
		}
		n++
	}
	fmt.Fprintf(os.Stdout, say("%d bewoner(s) gewist, %d niet (er loopt nog iets).\n", "%d resident(s) erased, %d not (something still runs).\n"), n, len(items)-n)
	if n > 0 {
		if err := compactAfter(sess, "erase", compact, !*yes); err != nil {
			return fail(err)
		}
	}
	return exitOK
}

// flagWords says what still runs, briefly: "afspraak 2026-04-03, termijn 2026-05-01".
func flagWords(flags []session.RetentionFlag) string {
	var out []string
	for _, f := range flags {
		w := map[string]string{
			session.FlagAgreement:   say("open afspraak", "open agreement"),
			session.FlagDeadline:    say("termijn", "period"),
			session.FlagAppointment: say("afspraak gepland", "appointment"),
		}[f.Kind]
		if !f.Due.IsZero() {
			w += " " + f.Due.String()
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return "-"
	}
	return strings.Join(out, ", ")
}
