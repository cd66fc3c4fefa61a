package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"golang.org/x/term"
)

const eraseUsage = "spreekuur [--db PATH] erase --resident ID [--yes] [-o RECEIPT.pdf|RECEIPT.txt] [--force] [--compact|--no-compact]"

// runErase erases one resident at their request (AVG art. 17): it names
// what goes, asks j/n (--yes for scripts), erases in one transaction that
// leaves a tombstone, and writes the resident's receipt (-o, else the
// receipt's text on stdout). A supporter only.
func runErase(g *globalOptions, args []string) int {
	fs := subcommandFlags("erase", g)
	id := fs.String("resident", "", "the ID of the resident, or its first 6 or more characters (required)")
	yes := fs.Bool("yes", false, "do not ask: erase (for scripts)")
	out := fs.String("o", "", "write the receipt for the resident to this file (.pdf or .txt)")
	force := fs.Bool("force", false, "overwrite the receipt file if it exists")
	compactChosen := compactFlags(fs)
	pos, done, code := parseArgs(fs, eraseUsage, args)
	if done {
		return code
	}
	if len(pos) > 0 || *id == "" {
		return fail(usagef("give the resident with --resident ID (usage: %s)", eraseUsage))
	}
	compact, err := compactChosen()
	if err != nil {
		return fail(err)
	}
	format, err := receiptFormat(*out)
	if err != nil {
		return fail(err)
	}
	if *out != "" {
		if err := checkExportTarget(*out, *force); err != nil {
			return fail(err)
		}
	}
	if !*yes && !term.IsTerminal(int(os.Stdin.Fd())) {
		return fail(usagef("erasing asks for a yes first; without a terminal, add --yes (usage: %s)", eraseUsage))
	}
	v, cat, err := openWithCatalogue(g, forWriting)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	sess := newSession(v, cat, g.Lang)
	rid, err := sess.ResolveResident(*id)
	if errors.Is(err, store.ErrNotFound) {
		err = errUnknownResident
	}
	if err != nil {
		return fail(logWritable(err))
	}
	plan, err := sess.ErasePlan(rid)
	if err != nil {
		return fail(logWritable(err))
	}
	fmt.Fprintln(os.Stdout, say("Dit wordt gewist, voorgoed:", "This will be erased, for good:"))
	for _, it := range plan.Items(msgLang) {
		fmt.Fprintln(os.Stdout, "  - "+it)
	}
	if !*yes {
		ok, err := askYes(say("Wissen? Typ j voor ja: ", "Erase? Type y for yes: "))
		if err != nil {
			return fail(err)
		}
		if !ok {
			fmt.Fprintln(os.Stdout, say("Niets gewist.", "Nothing was erased."))
			return exitOK
		}
	}
	er, err := sess.Erase(plan, store.EraseRequest)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(os.Stdout, say("Gewist: bewoner %s en %d gesprek(ken), op %s. Er blijft alleen een regel met het nummer en de datum.\n",
		"Erased: resident %s and %d conversation(s), on %s. Only a line with the number and the date stays.\n"),
		session.ShortID(rid), len(er.Tombstone.Intakes), er.Tombstone.Erased.Local().Format("2006-01-02 15:04"))
	doc, err := sess.Receipt(er)
	if err != nil {
		return fail(err)
	}
	if *out == "" {
		fmt.Fprint(os.Stdout, "\n"+doc.Text()+"\n")
	} else {
		var data []byte
		if format == "txt" {
			data = []byte(doc.Text())
		} else if data, err = doc.PDF(); err != nil {
			return fail(err)
		}
		if code := writePaper(*out, data, *force, say("het bewijs van het wissen", "the receipt of the erasure"), format); code != exitOK {
			return code
		}
	}
	if err := compactAfter(sess, "erase", compact, !*yes); err != nil {
		return fail(err)
	}
	return exitOK
}

// receiptFormat is pdf or txt, from the file name (pdf when it has no
// other extension).
func receiptFormat(out string) (string, error) {
	switch strings.ToLower(filepath.Ext(out)) {
	case "", ".pdf":
		return "pdf", nil
	case ".txt":
		return "txt", nil
	}
	return "", usagef("the receipt is a .pdf or a .txt file (usage: %s)", eraseUsage)
}

// askYes asks a question on the terminal and reports whether the answer
// is j, ja, y or yes.
func askYes(question string) (bool, error) {
	fmt.Fprint(os.Stderr, question)
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return false, fmt.Errorf("cannot read from the terminal: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "j", "ja", "y", "yes":
		return true, nil
	}
	return false, nil
}
