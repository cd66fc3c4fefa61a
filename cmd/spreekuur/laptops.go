package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spreekuur/spreekuur/session"
)

const laptopsUsage = "spreekuur [--db PATH] laptops self | add NAME PUBKEY | list | remove NAME"

// runLaptops shows this laptop's signing key and keeps the list of laptops
// whose bundles this vault accepts (docs/BUNDLE.md §9). `self` prints the
// public key in minisign's public-key file format, for the office (and
// for `minisign -V -p`); PUBKEY is that file, its "RW…" line, or the name
// of the file. Supporters only: the keys are sealed with the notes key.
func runLaptops(g *globalOptions, args []string) int {
	fs := subcommandFlags("laptops", g)
	pos, done, code := parseArgs(fs, laptopsUsage, args)
	if done {
		return code
	}
	var run func(*session.Session) error
	switch {
	case len(pos) == 1 && pos[0] == "self":
		run = laptopsSelf
	case len(pos) == 1 && pos[0] == "list":
		run = laptopsList
	case len(pos) == 3 && pos[0] == "add":
		run = func(s *session.Session) error { return laptopsAdd(s, pos[1], pos[2]) }
	case len(pos) == 2 && pos[0] == "remove":
		run = func(s *session.Session) error { return laptopsRemove(s, pos[1]) }
	default:
		return fail(usagef(say("gebruik: %s", "usage: %s"), laptopsUsage))
	}
	// self and list only read, once this laptop's keys exist.
	v, cat, err := openWithCatalogue(g, (pos[0] == "self" || pos[0] == "list") && !vaultWritable(g))
	if err != nil {
		return failBundle(err)
	}
	defer v.Close()
	if err := run(newSession(v, cat, msgLang)); err != nil {
		return failBundle(err)
	}
	return exitOK
}

func laptopsSelf(s *session.Session) error {
	pub, _, err := s.LaptopSelf()
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(pub)
	return err
}

func laptopsList(s *session.Session) error {
	list, err := s.Laptops()
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(os.Stdout, say("Er is nog geen laptop aangemeld. Meld er een aan met: spreekuur laptops add NAAM SLEUTEL",
			"No laptop is registered yet. Register one with: spreekuur laptops add NAME KEY"))
		return nil
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, say("NAAM\tSLEUTEL\tAANGEMELD\tDOOR\tVERWIJDERD", "NAME\tKEY\tADDED\tBY\tREMOVED"))
	for _, l := range list {
		removed := ""
		if l.Removed() {
			removed = l.RemovedAt.Local().Format("2006-01-02") + " (" + l.RemovedBy + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", l.Name, session.GroupKeyID(l.KeyID()), l.AddedAt.Local().Format("2006-01-02"), l.AddedBy, removed)
	}
	return w.Flush()
}

func laptopsAdd(s *session.Session, name, key string) error {
	l, err := s.AddLaptop(name, key)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stdout, say("Laptop %q is aangemeld (sleutel %s). Bestanden die hij ondertekent, worden vanaf nu ingelezen.\n",
		"Laptop %q is registered (key %s). Bundles it signs are imported from now on.\n"), l.Name, session.GroupKeyID(l.KeyID()))
	return nil
}

func laptopsRemove(s *session.Session, name string) error {
	l, err := s.RemoveLaptop(name)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stdout, say("Laptop %q is van de lijst gehaald. Bestanden die hij ondertekent, worden vanaf nu geweigerd.\n",
		"Laptop %q is taken off the list. Bundles it signs are refused from now on.\n"), l.Name)
	return nil
}
