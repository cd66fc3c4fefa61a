package main

import (
	"fmt"
	"os"
	"strings"
)

const checkUsage = "spreekuur [--db PATH] check [--user NAME] [--passphrase-file FILE]"

// runCheck verifies that every record decrypts and authenticates, prints
// the counts per bucket and names every failing record. Exit 1 on any
// failure.
func runCheck(g *globalOptions, args []string) int {
	fs := subcommandFlags("check", g)
	pos, done, code := parseArgs(fs, checkUsage, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fail(usagef("check takes no arguments (usage: %s)", checkUsage))
	}
	v, err := openUnlocked(g)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	rep, err := v.Check()
	if err != nil {
		return fail(err)
	}
	out := os.Stdout
	fmt.Fprintf(out, "vault %s, format version %d, %d key slots\n", v.Path(), rep.Format, rep.Slots)
	for _, b := range rep.Buckets() {
		if n := rep.Counts[b]; n > 0 || rep.Skipped[b] == 0 {
			fmt.Fprintf(out, "  %-10s %6d ok\n", b, n)
		}
		if n := rep.Skipped[b]; n > 0 {
			fmt.Fprintf(out, "  %-10s %6d not checked: your role holds no key for them\n", b, n)
		}
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(out, "warning: %s\n", w)
	}
	for _, f := range rep.Failures {
		where := "file structure"
		if f.Bucket != "" {
			where = "bucket " + f.Bucket
			if f.ID != "" {
				where += ", record " + f.ID
			}
		}
		fmt.Fprintf(out, "FAILED %s: %s\n", where, strings.TrimPrefix(f.Err.Error(), "store: "))
	}
	if !rep.OK() {
		fmt.Fprintf(os.Stderr, "spreekuur: %d record(s) failed the check; the vault file has been changed or damaged.\n", len(rep.Failures))
		return exitFailure
	}
	fmt.Fprintln(out, "ok: every record decrypts and authenticates")
	return exitOK
}
