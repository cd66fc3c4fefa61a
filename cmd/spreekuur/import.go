package main

import (
	"fmt"
	"os"
)

const importUsage = "spreekuur [--db PATH] import FILE [--identity AGE_IDENTITY_FILE] [--progress]"

// runImport merges a signed handover bundle into the vault: the signature
// (FILE.minisig) is checked against the laptops registered here before
// anything is decrypted, the whole bundle is decrypted (with --identity,
// else this vault's own receiving key) and verified line by line, keeping
// only IDs and versions (an unsigned, foreign, damaged or cut-off file
// imports nothing); then the file is read again and merged in batches. An
// import stopped half-way (killed, disk full) is finished by importing the
// same file again. The app's import screen goes the same way
// (session.OpenBundle, session.Import).
func runImport(g *globalOptions, args []string) int {
	fs := subcommandFlags("import", g)
	identity := fs.String("identity", "", "the age identity file (AGE-SECRET-KEY-1…) the bundle was encrypted to (default: this vault's own key)")
	progress := fs.Bool("progress", false, "say on stderr how far it is: the check (in tens of percents), then the records imported after each batch")
	pos, done, code := parseArgs(fs, importUsage, args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return fail(usagef(say("geef precies één bestand (gebruik: %s)", "give exactly one bundle file (usage: %s)"), importUsage))
	}
	file := pos[0]
	v, cat, err := openWithCatalogue(g, forWriting)
	if err != nil {
		return failBundle(err)
	}
	defer v.Close()
	sess := newSession(v, cat, msgLang)
	var checked func(done, total int64)
	var imported func(done, total int)
	if *progress {
		last := int64(-1)
		checked = func(done, total int64) {
			if total <= 0 {
				return
			}
			if p := 10 * done / total; p != last {
				last = p
				fmt.Fprintf(os.Stderr, say("gecontroleerd: %d%%\n", "checked: %d%%\n"), 10*p)
			}
		}
		imported = func(done, total int) {
			fmt.Fprintf(os.Stderr, say("ingelezen: %d van %d gegevens\n", "imported: %d of %d records\n"), done, total)
		}
	}
	in, err := sess.OpenBundle(file, *identity, checked)
	if err != nil {
		return failBundle(err)
	}
	defer in.Close()
	res, err := sess.Import(in, imported)
	if err != nil {
		return failBundle(err)
	}
	from := in.From
	fmt.Fprintf(os.Stdout, say("%s ingelezen: van laptop %q (%s), ondertekend %s, gemaakt %s.\n", "Imported %s: from laptop %q (%s), signed %s, made %s.\n"),
		file, from.Laptop, from.Signed.User, from.Signed.Date.Local().Format("2006-01-02 15:04"), in.Created.Local().Format("2006-01-02 15:04"))
	fmt.Fprintf(os.Stdout, say("gesprekken: %d nieuw, %d bijgewerkt, %d overgeslagen (gelijk of ouder)\n", "intakes:   %d added, %d updated, %d skipped (unchanged or older)\n"),
		res.Intakes.Added, res.Intakes.Updated, res.Intakes.Skipped)
	fmt.Fprintf(os.Stdout, say("bewoners:   %d nieuw, %d bijgewerkt, %d overgeslagen (gelijk of ouder)\n", "residents: %d added, %d updated, %d skipped (unchanged or older)\n"),
		res.Residents.Added, res.Residents.Updated, res.Residents.Skipped)
	if t := res.Tombstones; t.Added+t.Skipped > 0 {
		fmt.Fprintf(os.Stdout, say("gewist:     %d bewoner(s) hier gewist, %d al gewist\n", "erased:    %d resident(s) erased here, %d erased before\n"), t.Added, t.Skipped)
	}
	if w := res.Withdrawals; w.Added+w.Skipped > 0 {
		fmt.Fprintf(os.Stdout, say("ingetrokken: %d gesprek(ken) zonder toestemming meer hier weggehaald, %d al bekend of hier nieuwer\n",
			"withdrawn: %d intake(s) without consent any more removed here, %d known before or newer here\n"), w.Added, w.Skipped)
	}
	return exitOK
}
