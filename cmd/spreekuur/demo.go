package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/demo"
	"github.com/spreekuur/spreekuur/store"
)

const demoUsage = "spreekuur [--db PATH] demo [--residents N] [--seed S] [--user NAME] [--passphrase-file FILE]"

const (
	demoDefaultResidents = 200
	demoMaxResidents     = 1_000_000 // about 1.35 million intakes, over 2 GB of vault
	demoBatch            = 500       // intakes per transaction
)

// runDemo fills a vault with synthetic residents and intakes: it creates
// the vault first when there is none (printing the recovery code, like
// init) and marks it as a demo vault, or adds to an existing one after
// unlocking — but only to a vault demo itself created: demo records in a
// real vault would end up in the municipality's figures and in office
// bundles. The same seed gives the same records (same IDs), so running it
// twice with one seed rewrites them: a demo vault is filled as of the
// moment it was made (its marker), since the records depend on that
// moment (about 1 run in 12 three seconds apart gave others).
func runDemo(g *globalOptions, args []string) int {
	fs := subcommandFlags("demo", g)
	n := fs.Int("residents", demoDefaultResidents, fmt.Sprintf("number of residents to make (1 to %d; anonymous contacts come on top)", demoMaxResidents))
	seed := fs.Uint64("seed", 1, "seed: the same seed makes the same residents and intakes")
	pos, done, code := parseArgs(fs, demoUsage, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fail(usagef(say("demo neemt geen argumenten (gebruik: %s)", "demo takes no arguments (usage: %s)"), demoUsage))
	}
	if *n <= 0 || *n > demoMaxResidents {
		return fail(usagef(say("--residents is een getal van 1 tot %d, niet %d", "--residents must be between 1 and %d, not %d"), demoMaxResidents, *n))
	}
	path, err := vaultPath(g)
	if err != nil {
		return fail(err)
	}
	cat, err := vaultCatalogue(path)
	if err != nil {
		return fail(err)
	}

	var v *store.Vault
	now := time.Now()
	if store.Exists(path) {
		if v, err = openUnlocked(g, forWriting); err != nil {
			return fail(err)
		}
		defer v.Close()
		if !v.CanReadNotes() {
			return fail(store.ErrNoAccess)
		}
		if now, err = demoMoment(v); err != nil {
			return fail(err)
		}
	} else {
		if v, err = createForDemo(g, path, now); err != nil {
			return fail(err)
		}
		defer v.Close()
	}

	p := newProgress(os.Stderr, "demo", say("bewoners", "residents"), *n < 2000)
	sum, err := fillDemo(v, cat, *seed, *n, now, func(done int) { p.update(int64(done), int64(*n)) })
	p.done()
	if err == nil {
		err = compactDemo(v, *n < 2000)
	}
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(os.Stdout, say("Voorbeeldgegevens geschreven naar %s (seed %d): %d bewoners, %d gesprekken (%d nog bezig, %d open, %d afgerond), waarvan %d zonder naam.\n",
		"Demo data written to %s (seed %d): %d residents, %d intakes (%d drafts, %d open, %d closed), %d of them anonymous contacts.\n"),
		path, *seed, sum.Residents, sum.Intakes, sum.Drafts, sum.Open, sum.Closed, sum.Anonymous)
	fmt.Fprintln(os.Stdout, say("Elke voorbeeldnaam eindigt op \"(demo)\". Open het programma met: spreekuur --db ", "Every demo pseudonym ends in \"(demo)\". Open the app with: spreekuur --db ")+path)
	return exitOK
}

// demoMarkerID is the ID of the sealed meta record that marks a vault made
// by demo. Only such a vault takes demo data.
const demoMarkerID = "demo"

// demoMarker is the content of that record.
type demoMarker struct {
	Created time.Time `json:"created"`
}

// errRealVault: demo was pointed at a vault it did not create.
var errRealVault = errors.New("this vault holds real data; use --db with a new file for demo data")

// markDemoVault seals the demo marker into a vault demo just created.
func markDemoVault(v *store.Vault, now time.Time) error {
	return v.Update(func(tx *store.Tx) error {
		return tx.Put(store.KindMeta, demoMarkerID, demoMarker{Created: now.UTC()})
	})
}

// demoMoment returns the moment the demo vault v was made (in local
// time, as it was filled then), and errRealVault if v carries no demo
// marker.
func demoMoment(v *store.Vault) (time.Time, error) {
	var m demoMarker
	err := v.View(func(tx *store.Tx) error {
		err := tx.Get(store.KindMeta, demoMarkerID, &m)
		if errors.Is(err, store.ErrNotFound) {
			return errRealVault
		}
		return err
	})
	return m.Created.Local(), err
}

// createForDemo creates the vault with its first supporter, like init,
// marks it as a demo vault and prints the recovery code once. If marking
// fails the vault is left unmarked: demo will refuse it, never mistake a
// real vault for a demo one.
func createForDemo(g *globalOptions, path string, now time.Time) (*store.Vault, error) {
	name := g.User
	var err error
	if name == "" {
		if name, err = readName(say("Er is nog geen kluis; die wordt nu gemaakt. Uw naam (als eerste cliëntondersteuner): ",
			"There is no vault yet; one is made now. Your name (as the first supporter): ")); err != nil {
			return nil, err
		}
	}
	pass, err := newPassphrase(g.PassphraseFile, choosePassphrase(name), envNewPassphrase, envPassphrase)
	if err != nil {
		return nil, err
	}
	defer clear(pass)
	v, recovery, err := store.Create(path, name, store.RoleSupporter, pass, storeOptions())
	if err != nil {
		return nil, err
	}
	defer clear(recovery)
	if err := markDemoVault(v, now); err != nil {
		_ = v.Close()
		return nil, err
	}
	user, r := v.User()
	printNewVault(os.Stdout, path, user, r, recovery)
	fmt.Fprintln(os.Stdout)
	return v, nil
}

// compactDemo leaves a demo vault as compaction (or one import) leaves a
// vault: each bucket's pages together, in key order. Written in hundreds
// of transactions of random IDs, every bucket's pages lie scattered over
// the file, and on a virtual machine the first read of each page after
// opening the file is what reading a whole bucket costs (the first read
// of a 100,000-resident demo vault's intake index: 744 ms scattered,
// 445 ms compacted; BenchmarkFirstRead, docs/PERFORMANCE.md "Page order"). Figures measured
// on a demo vault are then those of a kept office vault, not of its worst
// case.
func compactDemo(v *store.Vault, quiet bool) error {
	p := newProgress(os.Stderr, "compact", "MB", quiet)
	_, err := v.Compact(func(done, total int64) { p.update(done>>20, max(1, total>>20)) })
	p.done()
	return err
}

// demoSummary counts what fillDemo wrote.
type demoSummary struct {
	Residents, Intakes, Anonymous int
	Drafts, Open, Closed          int
}

// fillDemo writes residents with their intakes until n residents are
// written, in transactions of about demoBatch intakes, each intake through
// SaveIntake so its statistics record exists. progress is called after
// every transaction with the residents written so far.
func fillDemo(v *store.Vault, cat *intake.Catalogue, seed uint64, n int, now time.Time, progress func(done int)) (demoSummary, error) {
	gen := demo.New(seed, cat, now)
	var sum demoSummary
	for sum.Residents < n {
		var batch []demo.Case
		intakes := 0
		for made := sum.Residents; made < n && intakes < demoBatch; {
			c := gen.Next()
			if c.Resident != nil {
				made++
			}
			intakes += len(c.Intakes)
			batch = append(batch, c)
		}
		err := v.Update(func(tx *store.Tx) error {
			for _, c := range batch {
				if c.Resident != nil {
					if err := tx.Put(store.KindResident, c.Resident.ID, *c.Resident); err != nil {
						return err
					}
				}
				for _, in := range c.Intakes {
					if err := tx.SaveIntake(in, cat, now); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return sum, err
		}
		for _, c := range batch {
			if c.Resident != nil {
				sum.Residents++
			} else {
				sum.Anonymous++
			}
			for _, in := range c.Intakes {
				sum.Intakes++
				switch in.Status {
				case intake.StatusDraft:
					sum.Drafts++
				case intake.StatusOpen:
					sum.Open++
				case intake.StatusClosed:
					sum.Closed++
				}
			}
		}
		if progress != nil {
			progress(sum.Residents)
		}
	}
	return sum, nil
}
