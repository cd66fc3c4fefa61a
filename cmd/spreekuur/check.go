package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
)

const checkUsage = "spreekuur [--db PATH] check [--deep] [--user NAME] [--passphrase-file FILE]"

// runCheck verifies everything the user's role can see (store.Vault.Check,
// with --deep store.Vault.CheckDeep: also what is inside every JSON
// record, and every intake against its index entry): prints the counts
// per bucket, whether the digest and the cross-checks ran, and names every
// finding with its kind. Exit 1 on any finding. The vault is opened
// read-only, so a read-only file can be checked.
//
// Bucket names, record IDs and user names come from a file that may be
// hostile: they are printed inert (a planted key holding terminal escapes
// is shown as escapes, not obeyed).
func runCheck(g *globalOptions, args []string) int {
	fs := subcommandFlags("check", g)
	deep := fs.Bool("deep", false, "also check what is inside every record (slower): valid JSON, every intake against its index entry")
	pos, done, code := parseArgs(fs, checkUsage, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fail(usagef(say("check neemt geen argumenten (gebruik: %s)", "check takes no arguments (usage: %s)"), checkUsage))
	}
	v, err := openUnlocked(g, forReading)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	check := v.Check
	if *deep {
		check = v.CheckDeep
	}
	rep, err := check()
	if err != nil {
		return fail(err)
	}
	out := os.Stdout
	fmt.Fprintf(out, say("kluis %s, formaatversie %d, %d sleutelplekken\n", "vault %s, format version %d, %d key slots\n"), inertWord(v.Path()), rep.Format, rep.Slots)
	for _, b := range rep.Buckets() {
		if n := rep.Counts[b]; n > 0 || rep.Skipped[b] == 0 {
			fmt.Fprintf(out, "  %-10s %6d %s\n", inertWord(b), n, say("goed", "ok"))
		}
		if n := rep.Skipped[b]; n > 0 {
			fmt.Fprintf(out, "  %-10s %6d %s\n", inertWord(b), n, say("niet gecontroleerd: uw rol heeft er geen sleutel voor", "not checked: your role holds no key for them"))
		}
	}
	switch {
	case rep.Digest:
		fmt.Fprintf(out, say("controlegetal: vergeleken met elk gegeven in het bestand (%d keer geschreven sinds het gemaakt is)\n", "digest: compared with every record in the file (%d writes since it was made)\n"), rep.DigestWrites)
	case rep.Format < 2:
		fmt.Fprintln(out, say("controlegetal: geen in formaat 1; het komt er als een cliëntondersteuner de kluis weer opent om iets te veranderen", "digest: none in format 1; it is made when a supporter next opens the vault to change it"))
	}
	if rep.Deep {
		fmt.Fprintln(out, "deep: every JSON record decoded, every intake compared with its index entry")
	}
	if rep.CrossChecked {
		fmt.Fprintln(out, say("onderlinge controle: gesprekken, hun cijfers en bewoners vergeleken", "cross-check: intakes, their statistics records and residents compared"))
	} else {
		fmt.Fprintln(out, say("onderlinge controle: niet gedaan; uw rol kan niet elk gesprek lezen", "cross-check: not done; your role cannot read every intake"))
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(out, say("let op: %s\n", "warning: %s\n"), w)
	}
	kinds := map[string]int{}
	for _, f := range rep.Failures {
		kinds[f.Kind]++
		where := say("opbouw van het bestand", "file structure")
		if f.Bucket != "" {
			where = say("bak ", "bucket ") + inertWord(f.Bucket)
			if f.ID != "" {
				where += say(", gegeven ", ", record ") + inertWord(f.ID)
			}
			if f.User != "" {
				where += say(" (gebruiker ", " (user ") + intake.Inert(f.User) + ")"
			}
		}
		msg := strings.TrimPrefix(strings.TrimPrefix(f.Err.Error(), "store: "), "record failed its integrity check: ")
		fmt.Fprintf(out, say("FOUT %s: %s: %s\n", "FAILED %s: %s: %s\n"), where, f.Kind, intake.Inert(msg))
	}
	if !rep.OK() {
		names := make([]string, 0, len(kinds))
		for k := range kinds {
			names = append(names, k)
		}
		sort.Strings(names)
		var parts []string
		for _, k := range names {
			parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
		}
		fmt.Fprintf(out, say("bevindingen: %s\n", "findings: %s\n"), strings.Join(parts, ", "))
		fmt.Fprintf(os.Stderr, say("spreekuur: %d bevinding(en); het kluisbestand is veranderd of beschadigd.\n", "spreekuur: %d finding(s); the vault file has been changed or damaged.\n"), len(rep.Failures))
		return exitFailure
	}
	fmt.Fprintln(out, say("goed: elk gegeven is te ontsleutelen en echt", "ok: every record decrypts and authenticates"))
	return exitOK
}

// inertWord shows a name or ID read from the file as it is when it is
// plain printable ASCII, else quoted with every other byte escaped, so
// nothing in it reaches the terminal as a control sequence.
func inertWord(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e || s[i] == '"' || s[i] == '\\' {
			return strconv.QuoteToASCII(s)
		}
	}
	return s
}
