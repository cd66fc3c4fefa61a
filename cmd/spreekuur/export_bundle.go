package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/bundle"
)

const exportBundleUsage = "spreekuur [--db PATH] export bundle --to AGE_RECIPIENT [--since-last] [--resident ID] -o FILE [--force]"

// runExportBundle writes a handover bundle (docs/BUNDLE.md): the intakes
// whose consent covers handover, with their residents, encrypted with age
// to the office's public key. This laptop cannot decrypt it afterwards.
func runExportBundle(g *globalOptions, args []string) int {
	fs := subcommandFlags("export bundle", g)
	to := fs.String("to", "", "the office's age public key (age1…), from age-keygen")
	sinceLast := fs.Bool("since-last", false, "only intakes changed since the last export to this key")
	resident := fs.String("resident", "", "only this resident and their intakes (handover to another supporter)")
	out := fs.String("o", "", "the file to write (required)")
	force := fs.Bool("force", false, "overwrite the file if it exists")
	pos, done, code := parseArgs(fs, exportBundleUsage, args)
	if done {
		return code
	}
	switch {
	case len(pos) > 0:
		return fail(usagef("export bundle takes no arguments, got %q (usage: %s)", pos[0], exportBundleUsage))
	case *to == "":
		return fail(usagef("give the office's public key with --to age1… (usage: %s)", exportBundleUsage))
	case *out == "":
		return fail(usagef("give the file to write with -o FILE (usage: %s)", exportBundleUsage))
	case *sinceLast && *resident != "":
		return fail(usagef("use either --since-last or --resident, not both"))
	}
	recipient, err := bundle.ParseRecipient(*to)
	if err != nil {
		return failBundle(err, "")
	}
	if err := checkExportTarget(*out, *force); err != nil {
		return fail(err)
	}

	// The bundle records when it was made (for --since-last), and the
	// access log records the handover: a vault that can only be read
	// here exports nothing (the unlock is opened read-only to say so).
	v, err := openUnlocked(g, !vaultWritable(g))
	if err != nil {
		return failBundle(err, "")
	}
	defer v.Close()
	if v.ReadOnly() {
		return fail(errLogReadOnly)
	}
	opt := bundle.ExportOptions{To: recipient, SinceLast: *sinceLast, Resident: *resident, Now: time.Now()}
	res, err := writeBundle(v, *out, *force, opt)
	if errors.Is(err, bundle.ErrNothingToExport) {
		if *resident != "" {
			fmt.Fprintln(os.Stderr, "spreekuur: this resident has no intakes with consent to hand over; no file was written.")
			return exitFailure
		}
		what := "there are no intakes with consent to hand over"
		if *sinceLast {
			what = "no intakes with consent to hand over changed since the last export to this key"
		}
		fmt.Fprintf(os.Stdout, "Nothing to export: %s. No file was written.\n", what)
		return exitOK
	}
	if err != nil {
		return failBundle(err, "")
	}
	// The access log gets the handover (one entry; the resident when one
	// was chosen). An export that cannot be logged has still been written:
	// say so.
	if err := logEvent(v, session.Event{Action: store.ActExport, Purpose: store.PurposeHandover, Resident: *resident, Detail: "bundle"}); err != nil {
		fmt.Fprintf(os.Stderr, "spreekuur: %s.\n", say("de bundel is geschreven, maar het logboek kon het niet vastleggen", "the bundle was written, but the access log could not record it"))
	}
	// Only now, with the file complete, does it count as the last export.
	if err := bundle.MarkExported(v, res); err != nil {
		fmt.Fprintf(os.Stderr, "spreekuur: the bundle was written, but the time of this export could not be saved (%v); the next --since-last export will include these intakes again.\n", err)
	}
	where, err := filepath.Abs(*out)
	if err != nil {
		where = *out
	}
	h := res.Header
	sel := "all intakes"
	switch h.Selection {
	case bundle.SelectChanged:
		sel = "intakes changed since the last export"
		if !h.Since.IsZero() {
			sel += " (" + h.Since.Local().Format("2006-01-02 15:04") + ")"
		} else {
			sel += " (none before: all)"
		}
	case bundle.SelectResident:
		sel = "one resident"
	}
	fmt.Fprintf(os.Stdout, "Wrote %d intake(s) and %d resident(s) (%s) to %s, encrypted to %s.\n",
		h.Intakes, h.Residents, sel, where, recipient)
	if res.LeftOut > 0 {
		fmt.Fprintf(os.Stdout, "%d intake(s) without consent to hand over were left out.\n", res.LeftOut)
	}
	return exitOK
}

// writeBundle exports the bundle straight into the file with writeExport:
// mode 0600, a temporary file synced and only then put in place (by a hard
// link that fails if path exists, unless force). On any error no file is
// left behind; an error of bundle.Export comes back as it is.
func writeBundle(v *store.Vault, path string, force bool, opt bundle.ExportOptions) (res bundle.ExportResult, err error) {
	err = writeExport(path, force, func(w io.Writer) error {
		var err error
		res, err = bundle.Export(v, w, opt)
		return err
	})
	return res, err
}

// bundleErrors are the sentences for the bundle package's errors; file is
// the bundle or identity file named in the sentence.
func bundleMessage(err error, file string) (string, int, bool) {
	name := func(s string) string {
		if file == "" {
			return s
		}
		return file
	}
	var re *bundle.RecordError
	switch {
	case errors.As(err, &re):
		id := re.ID
		if id == "" {
			id = "with an invalid ID"
		}
		return fmt.Sprintf("the bundle's %s %s is not safe to import (%s: a malformed code or ID, a value or date out of range, or text that is too long or holds control characters); nothing was imported",
			re.Kind, id, strings.Join(re.Fields, ", ")), exitFailure, true
	case errors.Is(err, bundle.ErrInvalidRecord):
		return "a record in the bundle is not safe to import; nothing was imported", exitFailure, true
	case errors.Is(err, bundle.ErrBadRecipient):
		return "--to must be an age public key starting with age1…, as printed by age-keygen", exitUsage, true
	case errors.Is(err, bundle.ErrBadIdentity):
		return name("the identity file") + " holds no age identity (a line starting with AGE-SECRET-KEY-1)", exitFailure, true
	case errors.Is(err, bundle.ErrNotBundle):
		return name("the file") + " is not a spreekuur bundle; nothing was imported", exitFailure, true
	case errors.Is(err, bundle.ErrWrongIdentity):
		return "this bundle was not encrypted to this identity (wrong key file); nothing was imported", exitFailure, true
	case errors.Is(err, bundle.ErrDamaged):
		return "the bundle is damaged or incomplete (it failed its integrity check); nothing was imported — ask for it to be sent again", exitFailure, true
	case errors.Is(err, bundle.ErrUnsupportedVersion):
		return "this bundle was made by a newer version of spreekuur; update spreekuur to import it — nothing was imported", exitFailure, true
	case errors.Is(err, bundle.ErrMalformed):
		return "the bundle does not follow the spreekuur bundle format; nothing was imported", exitFailure, true
	case errors.Is(err, bundle.ErrUnknownResident):
		return "there is no resident with that ID in this vault; no file was written", exitFailure, true
	case errors.Is(err, store.ErrNoAccess):
		return "a coordinator cannot export or import handover bundles: they hold residents' notes, which only a supporter may move", exitFailure, true
	case errors.Is(err, store.ErrNotPermitted):
		return "only a supporter can export or import handover bundles", exitFailure, true
	}
	return "", 0, false
}

// failBundle prints err as one sentence, with the bundle sentences first.
func failBundle(err error, file string) int {
	if msg, code, ok := bundleMessage(err, file); ok {
		fmt.Fprintf(os.Stderr, "spreekuur: %s.\n", msg)
		return code
	}
	return fail(err)
}
