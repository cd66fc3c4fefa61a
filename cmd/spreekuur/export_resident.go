package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
)

// The resident's papers: the preparation sheet, the draft personal plan and
// the data-access export. They hold personal data, so they need a role
// with the notes key (supporter or kompaan), go only to the file named
// with -o, and are readable by the user only (0600).

const (
	exportSheetUsage  = "spreekuur [--db PATH] export sheet --intake ID [--format pdf|txt] [--lang nl|en] -o FILE [--force]"
	exportPlanUsage   = "spreekuur [--db PATH] export plan --intake ID [--report-date YYYY-MM-DD] [--format pdf|txt] [--lang nl|en] -o FILE [--force]"
	exportLetterUsage = "spreekuur [--db PATH] export letter --intake ID [--late N] [--format pdf|txt] [--lang nl|en] -o FILE [--force]"
	exportAccessUsage = "spreekuur [--db PATH] export access --resident ID [--request-date YYYY-MM-DD] [--format pdf|txt|json] [--lang nl|en] -o FILE [--force]"
)

// Sentences for the resident's exports. They name no record contents.
var (
	errNoNotesKey      = errors.New("a coordinator cannot export a resident's papers: this needs a supporter or kompaan, who hold the notes key")
	errUnknownIntake   = errors.New("there is no intake with that ID in this vault")
	errKompaanPapers   = errors.New("a kompaan can export only the papers of conversations they took part in")
	errKompaanAccess   = errors.New("a kompaan cannot export a resident's whole file; ask the supporter")
	errUnknownResident = errors.New("there is no resident with that ID in this vault")
	errNotLate         = errors.New("the municipality is not late in this intake: there is no letter to make (a letter is made when the term of an application or a Wmo report has passed without an answer)")
)

// runExportSheet writes the preparation sheet of one intake.
func runExportSheet(g *globalOptions, args []string) int {
	return runExportPaper(g, args, papers.KindSheet, exportSheetUsage)
}

// runExportPlan writes the draft personal plan of one intake.
func runExportPlan(g *globalOptions, args []string) int {
	return runExportPaper(g, args, papers.KindPlan, exportPlanUsage)
}

// runExportLetter writes the letter for a late decision of one intake:
// the ingebrekestelling after an application, the application after a
// Wmo report not investigated in time.
func runExportLetter(g *globalOptions, args []string) int {
	return runExportPaper(g, args, papers.KindLetter, exportLetterUsage)
}

func runExportPaper(g *globalOptions, args []string, kind, usageLine string) int {
	fs := subcommandFlags("export "+kind, g)
	id := fs.String("intake", "", "the ID of the intake, or its first 6 or more characters (required)")
	format := fs.String("format", "", "pdf or txt (default: from the file name, else pdf)")
	out := fs.String("o", "", "the file to write (required)")
	force := fs.Bool("force", false, "overwrite the file if it exists")
	var report *string
	if kind == papers.KindPlan {
		report = fs.String("report-date", "", "the day of the Wmo report, YYYY-MM-DD (default: from the intake's letters)")
	}
	var which *int
	if kind == papers.KindLetter {
		which = fs.Int("late", 1, "which late decision of the intake, when there are several: 1 is the one late longest")
	}
	pos, done, code := parseArgs(fs, usageLine, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fail(usagef(say("export %s neemt geen argumenten (gebruik: %s)", "export %s takes no arguments (usage: %s)"), kind, usageLine))
	}
	f, err := paperFlags(*id, "--intake", *format, *out, g.Lang, []string{"pdf", "txt"}, usageLine)
	if err != nil {
		return fail(err)
	}
	var reportDate intake.Date
	if report != nil && *report != "" {
		if reportDate, err = intake.ParseDate(*report); err != nil {
			return fail(usagef(say("--report-date is een datum zoals 2024-03-01 (gebruik: %s)", "--report-date must be a date like 2024-03-01 (usage: %s)"), usageLine))
		}
	}
	if err := checkExportTarget(*out, *force); err != nil {
		return fail(err)
	}
	// Writable where it can be: the paper is logged (a read-only vault
	// refuses the export with a sentence that says why).
	v, cat, err := openWithCatalogue(g, !vaultWritable(g))
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	if !v.CanReadNotes() {
		return fail(errNoNotesKey)
	}
	// A short ID (any unique prefix of at least 6 characters) is enough;
	// the session applies the kompaan rule, as the app does, and puts the
	// user and the organisation on the paper.
	sess := newSession(v, cat, g.Lang)
	req := session.PaperRequest{Kind: kind, Report: reportDate}
	asked := *id
	req.IntakeID, err = sess.ResolveIntake(*id)
	if err == nil && which != nil {
		var late []intake.LateDecision
		if late, err = sess.LateDecisions(req.IntakeID); err == nil {
			if *which < 1 || *which > max(1, len(late)) {
				err = usagef("--late must be from 1 to %d: this intake has %d late decision(s) (usage: %s)", max(1, len(late)), len(late), usageLine)
			} else if len(late) > 0 {
				req.Late = late[*which-1].Ref()
			}
		}
	}
	var doc papers.Doc
	if err == nil {
		doc, err = sess.Paper(req) // logged by the session
		err = logWritable(err)
	}
	if _, role := v.User(); errors.Is(err, store.ErrNotFound) && role == store.RoleKompaan {
		// A kompaan's keys do not show intakes they did not take part in;
		// the IDs, plaintext in the file, do.
		_ = v.View(func(tx *store.Tx) error {
			if len(asked) >= session.MinIDPrefix && len(tx.IDs(store.KindIntake, asked)) > 0 {
				err = store.ErrNoAccess
			}
			return nil
		})
	}
	v.Lock()
	switch {
	case errors.Is(err, session.ErrNotYours), errors.Is(err, store.ErrNoAccess):
		// The store holds no key of it for a kompaan who did not take
		// part (docs/FORMAT.md §3); the session's rule says the same.
		return fail(errKompaanPapers)
	case errors.Is(err, store.ErrNotFound):
		return fail(errUnknownIntake)
	case errors.Is(err, session.ErrNotLate):
		return fail(errNotLate)
	case err != nil:
		return fail(err)
	}

	var data []byte
	if f == "txt" {
		data = []byte(doc.Text())
	} else if data, err = doc.PDF(); err != nil {
		return fail(err)
	}
	what := map[string]string{papers.KindSheet: say("het voorbereidingsblad", "the preparation sheet"), papers.KindPlan: say("het persoonlijk plan (concept)", "the draft personal plan"), papers.KindLetter: say("de brief aan de gemeente", "the letter to the municipality")}[kind]
	return writePaper(*out, data, *force, what, f)
}

// runExportAccess writes everything stored about one resident (GDPR
// article 15): their record and all their intakes, notes included, with
// what art. 15(1)(a-h) asks (purposes, categories, recipients, the
// retention period, the source, their rights) and the access log of their
// file, and the day the answer is due (art. 12(3): a month after the
// request).
func runExportAccess(g *globalOptions, args []string) int {
	fs := subcommandFlags("export access", g)
	id := fs.String("resident", "", "the ID of the resident, or its first 6 or more characters (required)")
	requested := fs.String("request-date", "", "the day the resident asked, YYYY-MM-DD (default: today); the answer is due a month later")
	format := fs.String("format", "", "pdf, txt or json (default: from the file name, else pdf)")
	out := fs.String("o", "", "the file to write (required)")
	force := fs.Bool("force", false, "overwrite the file if it exists")
	pos, done, code := parseArgs(fs, exportAccessUsage, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fail(usagef(say("export access neemt geen argumenten (gebruik: %s)", "export access takes no arguments (usage: %s)"), exportAccessUsage))
	}
	f, err := paperFlags(*id, "--resident", *format, *out, g.Lang, []string{"pdf", "txt", "json"}, exportAccessUsage)
	if err != nil {
		return fail(err)
	}
	var asked intake.Date
	if *requested != "" {
		if asked, err = intake.ParseDate(*requested); err != nil {
			return fail(usagef("--request-date must be a date like 2026-03-01 (usage: %s)", exportAccessUsage))
		}
	}
	if err := checkExportTarget(*out, *force); err != nil {
		return fail(err)
	}
	v, cat, err := openWithCatalogue(g, !vaultWritable(g))
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	if !v.CanReadNotes() {
		return fail(errNoNotesKey)
	}
	if _, role := v.User(); role == store.RoleKompaan {
		return fail(errKompaanAccess)
	}
	sess := newSession(v, cat, g.Lang)
	if *id, err = sess.ResolveResident(*id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			err = errUnknownResident
		}
		return fail(logWritable(err))
	}
	if asked.IsZero() {
		asked = intake.DateOf(clock())
	}
	a, err := sess.AccessRequest(*id, asked)
	v.Lock()
	if err != nil {
		return fail(logWritable(err))
	}
	var data []byte
	switch f {
	case "txt":
		data = []byte(a.Text(g.Lang))
	case "pdf":
		if data, err = a.PDF(g.Lang); err != nil {
			return fail(err)
		}
	default:
		if data, err = a.JSON(); err != nil {
			return fail(err)
		}
	}
	return writePaper(*out, data, *force, fmt.Sprintf(say("alles wat over deze bewoner bewaard is (%d gesprek(ken)), te beantwoorden uiterlijk %s", "everything stored about this resident (%d intake(s)), to answer by %s"), len(a.Intakes), a.AnswerBy.String()), f)
}

// paperFlags checks the flags every resident export shares and returns
// the format: the flag, else the file name's extension, else the first
// of formats.
func paperFlags(id, idFlag, format, out, lang string, formats []string, usageLine string) (string, error) {
	if id == "" {
		return "", usagef(say("%s ID is nodig (gebruik: %s)", "%s ID is required (usage: %s)"), idFlag, usageLine)
	}
	if out == "" {
		return "", usagef(say("-o BESTAND is nodig: papieren komen alleen waar u zegt (gebruik: %s)", "-o FILE is required: papers are written only where you say (usage: %s)"), usageLine)
	}
	if lang != intake.LangNL && lang != intake.LangEN {
		return "", usageError{say("--lang is nl of en", "--lang must be nl or en")}
	}
	if format == "" {
		format = formats[0]
		if ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), "."); ext != "" {
			for _, f := range formats {
				if ext == f {
					format = f
				}
			}
		}
	}
	for _, f := range formats {
		if format == f {
			return f, nil
		}
	}
	return "", usagef(say("--format is %s (gebruik: %s)", "--format must be %s (usage: %s)"), strings.Join(formats, say(" of ", " or ")), usageLine)
}

// writePaper writes data (0600, never half) and says where.
func writePaper(out string, data []byte, force bool, what, format string) int {
	err := writeExport(out, force, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	clear(data)
	if err != nil {
		return fail(err)
	}
	where, aerr := filepath.Abs(out)
	if aerr != nil {
		where = out
	}
	fmt.Fprintf(os.Stdout, say("%s (%s) geschreven naar %s; alleen u kunt dit bestand lezen\n", "wrote %s (%s) to %s; only you can read this file\n"), what, strings.ToUpper(format), where)
	return exitOK
}
