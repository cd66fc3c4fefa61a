package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/store/bundle"
	"github.com/spreekuur/spreekuur/store/exportfile"
)

const importUsage = "spreekuur [--db PATH] import FILE --identity AGE_IDENTITY_FILE"

// runImport merges a handover bundle into the vault (bundle.ImportFile):
// the whole bundle is decrypted and verified first — a damaged, cut-off or
// foreign file imports nothing —, then merged in batches, reading the
// file a second time; an import that stops half-way is finished by
// importing the same file again.
func runImport(g *globalOptions, args []string) int {
	fs := subcommandFlags("import", g)
	identity := fs.String("identity", "", "the age identity file (AGE-SECRET-KEY-1…) the bundle was encrypted to")
	pos, done, code := parseArgs(fs, importUsage, args)
	if done {
		return code
	}
	switch {
	case len(pos) != 1:
		return fail(usagef("give exactly one bundle file (usage: %s)", importUsage))
	case *identity == "":
		return fail(usagef("give the age identity file with --identity KEYFILE (usage: %s)", importUsage))
	}
	file := pos[0]

	ids, err := readIdentities(*identity)
	if err != nil {
		return failBundle(err, *identity)
	}
	open := func() (io.ReadCloser, error) { return openBundleFile(file) }
	// The whole bundle is checked before the vault is opened.
	f, err := open()
	if err != nil {
		return failBundle(err, file)
	}
	checked := newProgress(os.Stderr, say("controleren", "checking"), say("gegevens", "records"), false)
	m, err := bundle.Scan(f, time.Now(), func(done, total int) { checked.update(int64(done), int64(total)) }, ids...)
	checked.done()
	_ = f.Close()
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return fail(fmt.Errorf("cannot read %s: %w", file, pe.Err))
		}
		return failBundle(fmt.Errorf("%w (nothing was imported)", err), file)
	}
	v, cat, err := openWithCatalogue(g, forWriting)
	if err != nil {
		return failBundle(err, "")
	}
	defer v.Close()
	imported := newProgress(os.Stderr, say("importeren", "importing"), say("gegevens", "records"), false)
	res, err := bundle.ImportScanned(v, m, open, cat, time.Now(), bundle.StreamOptions{Identities: ids,
		Imported: func(done, total int) { imported.update(int64(done), int64(total)) }})
	imported.done()
	var partial *bundle.PartialError
	if errors.As(err, &partial) {
		return failBundle(fmt.Errorf("%w (%d of %d records were imported; import the same file again to finish: what is there already is skipped)",
			partial.Err, partial.Done, partial.Total), "")
	}
	if err != nil {
		return failBundle(err, "")
	}
	fmt.Fprintf(os.Stdout, "Imported %s (made %s).\n", file, m.Header.Created.Local().Format("2006-01-02 15:04"))
	fmt.Fprintf(os.Stdout, "intakes:   %d added, %d updated, %d skipped (unchanged or older)\n", res.Intakes.Added, res.Intakes.Updated, res.Intakes.Skipped)
	fmt.Fprintf(os.Stdout, "residents: %d added, %d updated, %d skipped (unchanged or older)\n", res.Residents.Added, res.Residents.Updated, res.Residents.Skipped)
	return exitOK
}

// readIdentities reads the age identity file.
func readIdentities(identityFile string) ([]age.Identity, error) {
	kf, err := os.Open(identityFile)
	if err != nil {
		return nil, fmt.Errorf("cannot read the identity file %s: %w", identityFile, exportfile.Reason(err))
	}
	ids, err := bundle.ParseIdentities(kf)
	_ = kf.Close()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", identityFile, bundle.ErrBadIdentity)
	}
	return ids, nil
}

// openBundleFile opens a bundle file for reading; a folder is not a bundle.
func openBundleFile(file string) (*os.File, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", file, exportfile.Reason(err))
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		_ = f.Close()
		return nil, fmt.Errorf("%s: %w", file, bundle.ErrNotBundle)
	}
	return f, nil
}
