package main

import (
	"fmt"
	"os"

	"github.com/spreekuur/spreekuur/store"
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
