package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

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
	if !*force {
		if _, err := os.Lstat(*out); err == nil {
			return fail(fmt.Errorf("%s already exists; choose another file or add --force to overwrite it", *out))
		}
	}

	v, err := openUnlocked(g)
	if err != nil {
		return failBundle(err, "")
	}
	defer v.Close()
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

// writeBundle streams the bundle into a temporary file (mode 0600) in the
// folder of path, syncs it, and only then puts it in place: with O_EXCL
// semantics (a hard link, which fails if path exists) unless force, else
// with a rename. On any error no file is left behind.
func writeBundle(v *store.Vault, path string, force bool, opt bundle.ExportOptions) (res bundle.ExportResult, err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return res, fmt.Errorf("cannot write in %s: %w", filepath.Clean(dir), unwrapPathErr(err))
	}
	tmpName := tmp.Name()
	defer func() {
		if tmp != nil {
			_ = tmp.Close()
		}
		_ = os.Remove(tmpName) // after a successful link or rename: nothing, or the spare name
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return res, fmt.Errorf("cannot write %s: %w", path, unwrapPathErr(err))
	}
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if res, err = bundle.Export(v, bw, opt); err != nil {
		return res, err
	}
	if err := bw.Flush(); err != nil {
		return res, fmt.Errorf("cannot write %s: %w", path, unwrapPathErr(err))
	}
	if err := tmp.Sync(); err != nil {
		return res, fmt.Errorf("cannot write %s: %w", path, unwrapPathErr(err))
	}
	err = tmp.Close()
	tmp = nil
	if err != nil {
		return res, fmt.Errorf("cannot write %s: %w", path, unwrapPathErr(err))
	}
	if force {
		err = os.Rename(tmpName, path)
	} else {
		err = os.Link(tmpName, path)
	}
	if errors.Is(err, fs.ErrExist) {
		return res, fmt.Errorf("%s already exists; choose another file or add --force to overwrite it", path)
	}
	if err != nil {
		return res, fmt.Errorf("cannot write %s: %w", path, unwrapPathErr(err))
	}
	if d, err := os.Open(filepath.Clean(dir)); err == nil { // make the new name durable
		_ = d.Sync()
		_ = d.Close()
	}
	return res, nil
}

// unwrapPathErr drops the path and operation of an *fs.PathError or
// *os.LinkError (the message names the file itself).
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
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
		return fmt.Sprintf("the bundle's %s %s is not valid in this vault (%s: a code this vault's catalogue does not know, a value out of range, or text that is too long or holds control characters); nothing was imported",
			re.Kind, id, strings.Join(re.Fields, ", ")), exitFailure, true
	case errors.Is(err, bundle.ErrInvalidRecord):
		return "a record in the bundle is not valid in this vault; nothing was imported", exitFailure, true
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
