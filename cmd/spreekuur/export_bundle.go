package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/bundle"
)

const exportBundleUsage = "spreekuur [--db PATH] export bundle [--to AGE_RECIPIENT] [--since-last | --resident ID [--colleague NAME]] -o FILE [--force] [--progress]"

// runExportBundle writes a signed handover bundle (docs/BUNDLE.md): the
// intakes whose consent covers handover, with their residents, encrypted
// with age to the office's public key (--to, else the one in the
// settings), and FILE.minisig beside it. This laptop cannot decrypt it
// afterwards. The app's "Naar kantoor" screen goes the same way
// (session.Handover).
func runExportBundle(g *globalOptions, args []string) int {
	fs := subcommandFlags("export bundle", g)
	to := fs.String("to", "", "the age public key (age1…) to encrypt to (default: the office's, from the settings)")
	sinceLast := fs.Bool("since-last", false, "only intakes changed since the last export to this key")
	resident := fs.String("resident", "", "only this resident and their intakes (handover to another supporter)")
	colleague := fs.String("colleague", "", "with --resident: the colleague it goes to; the resident is then marked as handed over")
	out := fs.String("o", "", "the file to write (required); its signature goes to FILE.minisig")
	force := fs.Bool("force", false, "overwrite the file (and its signature) if it exists")
	progress := fs.Bool("progress", false, "say on stderr how far it is: the intakes written")
	pos, done, code := parseArgs(fs, exportBundleUsage, args)
	if done {
		return code
	}
	switch {
	case len(pos) > 0:
		return fail(usagef(say("export bundle neemt geen argumenten, maar kreeg %q (gebruik: %s)", "export bundle takes no arguments, got %q (usage: %s)"), pos[0], exportBundleUsage))
	case *out == "":
		return fail(usagef(say("geef het bestand om te schrijven met -o FILE (gebruik: %s)", "give the file to write with -o FILE (usage: %s)"), exportBundleUsage))
	case *sinceLast && *resident != "":
		return fail(usageError{say("gebruik --since-last of --resident, niet allebei", "use either --since-last or --resident, not both")})
	case *colleague != "" && *resident == "":
		return fail(usageError{say("--colleague hoort bij --resident: één bewoner gaat naar één collega", "--colleague goes with --resident: one resident goes to one colleague")})
	}
	if *to != "" {
		if _, err := bundle.ParseRecipient(*to); err != nil {
			return failBundle(err)
		}
	}
	if err := checkExportTarget(*out, *force); err != nil {
		return fail(err)
	}
	if err := checkExportTarget(session.SignaturePath(*out), *force); err != nil {
		return fail(err)
	}

	// The handover records when it was made (for --since-last) and makes
	// this laptop's keys the first time, and the access log records it: a
	// vault that can only be read here hands nothing over.
	v, cat, err := openWithCatalogue(g, !vaultWritable(g))
	if err != nil {
		return failBundle(err)
	}
	defer v.Close()
	if v.ReadOnly() {
		return fail(errLogReadOnly)
	}
	sess := newSession(v, cat, msgLang)
	req := session.HandoverRequest{Recipient: *to, SinceLast: *sinceLast, Resident: *resident, Colleague: *colleague, Path: *out, Force: *force}
	if *resident != "" {
		id, err := sess.ResolveResident(*resident)
		if err != nil {
			return failBundle(err)
		}
		req.Resident = id
	}
	p := newProgress(os.Stderr, "export bundle", say("gesprekken", "intakes"), !*progress)
	req.Progress = func(done, total int) { p.update(int64(done), int64(total)) }
	res, err := sess.Handover(req)
	p.done()
	if err != nil {
		return failBundle(err)
	}
	if res.Nothing() {
		if *resident != "" {
			fmt.Fprintln(os.Stderr, "spreekuur: "+say("deze bewoner heeft geen gesprekken met toestemming om over te dragen; er is geen bestand geschreven.",
				"this resident has no intakes with consent to hand over; no file was written."))
			return exitFailure
		}
		what := say("er zijn geen gesprekken met toestemming om over te dragen", "there are no intakes with consent to hand over")
		if *sinceLast {
			what = say("er is sinds de vorige overdracht naar deze sleutel geen gesprek met toestemming veranderd",
				"no intakes with consent to hand over changed since the last export to this key")
		}
		fmt.Fprintf(os.Stdout, say("Niets over te dragen: %s. Er is geen bestand geschreven.\n", "Nothing to export: %s. No file was written.\n"), what)
		return exitOK
	}
	if res.MarkErr != nil {
		fmt.Fprintln(os.Stderr, "spreekuur: "+say("het bestand is geschreven, maar de kluis kon de overdracht niet vastleggen; een volgende overdracht met --since-last neemt deze gesprekken opnieuw mee.",
			"the bundle was written, but the vault could not record the export; the next --since-last export will include these intakes again."))
	}
	sel := say("alle gesprekken", "all intakes")
	switch res.Selection {
	case "changed":
		sel = say("gesprekken veranderd sinds de vorige overdracht", "intakes changed since the last export")
		if !res.Since.IsZero() {
			sel += " (" + res.Since.Local().Format("2006-01-02 15:04") + ")"
		} else {
			sel += say(" (geen eerdere: alle)", " (none before: all)")
		}
	case "resident":
		sel = say("één bewoner", "one resident")
	}
	fmt.Fprintf(os.Stdout, say("%d gesprek(ken) en %d bewoner(s) (%s) geschreven naar %s, versleuteld voor %s (vingerafdruk %s).\n",
		"Wrote %d intake(s) and %d resident(s) (%s) to %s, encrypted to %s (fingerprint %s).\n"),
		res.Intakes, res.Residents, sel, res.Path, res.Recipient, session.Fingerprint(res.Recipient))
	fmt.Fprintf(os.Stdout, say("Ondertekend door laptop %q (%s): %s\n", "Signed by laptop %q (%s): %s\n"),
		res.Signed.Laptop, res.Signed.User, session.SignaturePath(res.Path))
	if res.LeftOut > 0 {
		fmt.Fprintf(os.Stdout, say("%d gesprek(ken) zonder toestemming om over te dragen bleven hier.\n",
			"%d intake(s) without consent to hand over were left out.\n"), res.LeftOut)
	}
	if res.Erased+res.Withdrawn > 0 {
		fmt.Fprintf(os.Stdout, say("Mee: %d gewiste bewoner(s) en %d gesprek(ken) met ingetrokken toestemming; de ontvanger wist ze ook.\n",
			"Also carried: %d erased resident(s) and %d intake(s) with withdrawn consent; the recipient erases them too.\n"), res.Erased, res.Withdrawn)
	}
	if *colleague != "" {
		fmt.Fprintf(os.Stdout, say("De bewoner is gemarkeerd als overgedragen aan %s.\n", "The resident is marked as handed over to %s.\n"), strings.TrimSpace(*colleague))
	}
	return exitOK
}

// bundleMessage is the sentence for the errors of a handover or an
// import that the command line says its own way; the rest are said by
// explain (session.CommandSentence, the same sentences the app shows).
func bundleMessage(err error) (string, int, bool) {
	switch {
	case errors.Is(err, store.ErrNoAccess) && errors.Is(err, store.ErrNotPermitted):
		return say("een coördinator kan geen overdrachten maken of inlezen: daarin staan notities over bewoners, en die mag alleen een cliëntondersteuner verplaatsen",
			"a coordinator cannot export or import handover bundles: they hold residents' notes, which only a supporter may move"), exitFailure, true
	case errors.Is(err, store.ErrNotPermitted):
		return say("alleen een cliëntondersteuner kan overdrachten maken of inlezen", "only a supporter can export or import handover bundles"), exitFailure, true
	case errors.Is(err, session.ErrNoOffice):
		return say("de sleutel van kantoor is nog niet ingesteld: geef hem met --to age1… (of stel hem in bij Instellingen in het programma)",
			"the office's key is not set: give it with --to age1… (or set it in the app's settings)"), exitUsage, true
	}
	return "", 0, false
}

// failBundle prints err as one sentence, with the bundle sentences first.
func failBundle(err error) int {
	if msg, code, ok := bundleMessage(err); ok {
		fmt.Fprintf(os.Stderr, "spreekuur: %s.\n", msg)
		return code
	}
	return fail(err)
}
