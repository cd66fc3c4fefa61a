package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/bundle"
	"github.com/spreekuur/spreekuur/store/exportfile"
)

const importUsage = "spreekuur [--db PATH] import FILE --identity AGE_IDENTITY_FILE"

// runImport merges a handover bundle into the vault. The whole bundle is
// decrypted and verified before the vault is even opened, and merged in
// one transaction: a damaged, cut-off or foreign file imports nothing.
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

	b, err := openBundle(file, *identity)
	if err != nil {
		if errors.Is(err, bundle.ErrBadIdentity) {
			return failBundle(err, *identity)
		}
		return failBundle(err, file)
	}
	v, cat, err := openWithCatalogue(g, forWriting)
	if err != nil {
		return failBundle(err, "")
	}
	defer v.Close()
	res, err := bundle.Import(v, b, cat, time.Now())
	if err != nil {
		return failBundle(fmt.Errorf("%w (nothing was imported)", err), "")
	}
	if err := logImport(v, b); err != nil {
		fmt.Fprintf(os.Stderr, "spreekuur: %s.\n", say("de bundel is ingelezen, maar het logboek kon het niet vastleggen", "the bundle was imported, but the access log could not record it"))
	}
	fmt.Fprintf(os.Stdout, "Imported %s (made %s).\n", file, b.Header.Created.Local().Format("2006-01-02 15:04"))
	fmt.Fprintf(os.Stdout, "intakes:   %d added, %d updated, %d skipped (unchanged or older)\n", res.Intakes.Added, res.Intakes.Updated, res.Intakes.Skipped)
	fmt.Fprintf(os.Stdout, "residents: %d added, %d updated, %d skipped (unchanged or older)\n", res.Residents.Added, res.Residents.Updated, res.Residents.Skipped)
	return exitOK
}

// openBundle reads the identity file and decrypts, verifies and decodes
// the whole bundle.
func openBundle(file, identityFile string) (*bundle.Bundle, error) {
	kf, err := os.Open(identityFile)
	if err != nil {
		return nil, fmt.Errorf("cannot read the identity file %s: %w", identityFile, exportfile.Reason(err))
	}
	ids, err := bundle.ParseIdentities(kf)
	_ = kf.Close()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", identityFile, bundle.ErrBadIdentity)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", file, exportfile.Reason(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s: %w", file, bundle.ErrNotBundle)
	}
	b, err := bundle.Open(f, ids...)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("cannot read %s: %w", file, pe.Err)
		}
		return nil, err
	}
	return b, nil
}

// logImport puts the import in the access log: one entry per resident the
// bundle carried (so their "who saw my file" shows it), and one for the
// intakes without a resident.
func logImport(v *store.Vault, b *bundle.Bundle) error {
	sess := newSession(v, nil, cli.Lang)
	for _, rr := range b.Residents {
		if err := sess.Log(session.Event{Action: store.ActImport, Purpose: store.PurposeHandover, Resident: rr.Resident.ID, Detail: "bundle"}); err != nil {
			return err
		}
	}
	return sess.Log(session.Event{Action: store.ActImport, Purpose: store.PurposeHandover, Detail: "bundle"})
}
