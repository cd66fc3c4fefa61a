package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"golang.org/x/term"
)

const compactUsage = "spreekuur [--db PATH] compact"

// runCompact rewrites the vault file without its freed pages, each kind of
// record together (store.Compact): the file gets smaller, old sealed
// values in freed pages are gone, and reading every statistics record
// touches only their own pages. No passphrase is needed: nothing is
// decrypted, the records are copied as they are.
func runCompact(g *globalOptions, args []string) int {
	fs := subcommandFlags("compact", g)
	pos, done, code := parseArgs(fs, compactUsage, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fail(usagef("compact takes no arguments (usage: %s)", compactUsage))
	}
	path, err := vaultPath(g)
	if err != nil {
		return fail(err)
	}
	p := newProgress(os.Stderr, "compact", "MB", false)
	res, err := store.Compact(path, storeOptions(), func(done, total int64) { p.update(done>>20, max(1, total>>20)) })
	p.done()
	recordCompaction(path, err)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(os.Stdout, say("De kluis %s is opnieuw geschreven zonder vrije ruimte: %s, was %s (%d gegevens gekopieerd).\n",
		"The vault %s was rewritten without free space: %s, was %s (%d records copied).\n"),
		path, megabytes(res.After), megabytes(res.Before), res.Records)
	return exitOK
}

// megabytes says a file size in MB with one decimal.
func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// recordCompaction leaves the compaction for the access log: with no key
// at hand it waits, sealed to the supporters, for the next supporter's
// unlock (store.Vault.RecordCompaction). A vault that cannot take it (in
// use, older than format 5, never unlocked by a supporter) records none;
// the compaction itself is what counted.
func recordCompaction(path string, err error) {
	if errors.Is(err, store.ErrVaultInUse) || errors.Is(err, store.ErrNoVault) || errors.Is(err, store.ErrNotVault) {
		return
	}
	outcome := store.OutcomeOK
	if err != nil {
		outcome = store.OutcomeFailed
	}
	v, oerr := store.Open(path, storeOptions())
	if oerr != nil {
		return
	}
	_ = v.RecordCompaction(clock(), outcome)
	_ = v.Close()
}

// compactChoice is what an erasure or rotation does about compaction.
type compactChoice int

const (
	compactAsk compactChoice = iota // ask j/n at a terminal; elsewhere do not
	compactYes                      // compact (--compact)
	compactNo                       // do not, and do not ask (--no-compact)
)

// compactAfter offers compaction of the open vault after an erasure
// (why "erase") or does it after a rotation (why "rotation", compactYes):
// old sealed bytes of what was erased or re-keyed stay in the file's free
// pages until it is rewritten. askAllowed is false under --yes.
func compactAfter(sess *session.Session, why string, choice compactChoice, askAllowed bool) error {
	fmt.Fprintln(os.Stdout, say("Oude versies van wat gewist of vervangen is staan nog versleuteld in de vrije ruimte van het bestand, tot het opnieuw geschreven wordt.",
		"Old versions of what was erased or replaced are still in the file's free space, encrypted, until the file is rewritten."))
	if choice == compactAsk {
		choice = compactNo
		if askAllowed && term.IsTerminal(int(os.Stdin.Fd())) {
			ok, err := askYes(say("Het bestand nu opnieuw schrijven zonder die oude versies? Typ j voor ja: ",
				"Rewrite the file now without those old versions? Type y for yes: "))
			if err != nil {
				return err
			}
			if ok {
				choice = compactYes
			}
		}
	}
	if choice != compactYes {
		fmt.Fprintln(os.Stdout, say("Het bestand is niet opnieuw geschreven; `spreekuur compact` doet dat later.",
			"The file was not rewritten; `spreekuur compact` does that later."))
		return nil
	}
	p := newProgress(os.Stderr, "compact", "MB", false)
	res, err := sess.Compact(why, func(done, total int64) { p.update(done>>20, max(1, total>>20)) })
	p.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stdout, say("Het bestand is opnieuw geschreven zonder de oude versies: %s, was %s.\n",
		"The file was rewritten without the old versions: %s, was %s.\n"), megabytes(res.After), megabytes(res.Before))
	return nil
}

// compactFlags adds --compact and --no-compact to fs.
func compactFlags(fs *flag.FlagSet) func() (compactChoice, error) {
	yes := fs.Bool("compact", false, "afterwards, rewrite the file without the old versions of what was erased (for scripts)")
	no := fs.Bool("no-compact", false, "do not rewrite the file afterwards, and do not ask")
	return func() (compactChoice, error) {
		switch {
		case *yes && *no:
			return compactAsk, usagef("give --compact or --no-compact, not both")
		case *yes:
			return compactYes, nil
		case *no:
			return compactNo, nil
		}
		return compactAsk, nil
	}
}
