// Command spreekuur is the laptop tool for outreach consultation hours.
// main only parses flags and wires the packages together; each subcommand
// lives in its own file.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit codes, DESIGN §5. Scripts rely on them: keep them stable.
const (
	exitOK            = 0
	exitFailure       = 1
	exitUsage         = 2
	exitWrongPassword = 3
	exitVaultInUse    = 4
)

// globalOptions are accepted before the subcommand and, for convenience,
// after it as well.
type globalOptions struct {
	DB             string // vault file; "" means store.DefaultPath()
	Lang           string // "nl" (default) or "en"
	Accessible     bool   // line-by-line mode for screen readers
	User           string // user name; "" means the only user
	PassphraseFile string // non-interactive passphrase
	LockAfter      string // idle time before the app locks: "5m", "90s" or "off"
}

func (g *globalOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&g.DB, "db", g.DB, "vault file (default: in the user's data directory)")
	fs.StringVar(&g.Lang, "lang", g.Lang, "language of the screens: nl or en")
	fs.BoolVar(&g.Accessible, "accessible", g.Accessible, "line-by-line mode for screen readers")
	fs.StringVar(&g.User, "user", g.User, "user name (default: the only user)")
	fs.StringVar(&g.PassphraseFile, "passphrase-file", g.PassphraseFile, "read the passphrase from this file")
	fs.StringVar(&g.LockAfter, "lock-after", g.LockAfter, "lock the app after this idle time, e.g. 5m, 90s or off (default 5m; env SPREEKUUR_LOCK_AFTER)")
}

// command is one subcommand: its file defines run and help.
type command struct {
	name      string
	summaryNL string
	summaryEN string
	run       func(g *globalOptions, args []string) int
}

func commands() []command {
	return []command{
		{"init", "een kluis maken, met de eerste gebruiker en een herstelcode", "create a vault, the first user and a recovery code", runInit},
		{"check", "nagaan of elk gegeven te ontsleutelen en echt is", "verify that every record decrypts and authenticates", runCheck},
		{"compact", "het kluisbestand opnieuw schrijven zonder vrije ruimte", "rewrite the vault file without freed pages", runCompact},
		{"passwd", "een wachtwoordzin veranderen (of er een herstellen met de herstelcode)", "change a passphrase (or reset one with the recovery code)", runPasswd},
		{"users", "gebruikers toevoegen, tonen of verwijderen (add|list|remove)", "add, list or remove users (add|list|remove)", runUsers},
		{"demo", "een kluis vullen met verzonnen bewoners en gesprekken", "fill a vault with synthetic residents and intakes", runDemo},
		{"export", "cijfers, een overdracht of de papieren van een bewoner exporteren", "export statistics, a handover bundle or a resident's papers", runExport},
		{"import", "een overdracht van een andere laptop inlezen", "import a handover bundle from another laptop", runImport},
		{"laptops", "de ondertekensleutel van deze laptop, en de laptops waarvan overdrachten worden ingelezen (self|add|list|remove)",
			"this laptop's signing key, and the laptops whose bundles are accepted (self|add|list|remove)", runLaptops},
		{"settings", "een instelling van de kluis tonen of veranderen (stats-threshold, organisation, retention, access-names)",
			"show or change a vault setting (stats-threshold, organisation, retention, access-names)", runSettings},
		{"log", "het logboek tonen: wie deed wat met wiens dossier, wanneer en waarom", "show the access log: who did what with whose file, when and why", runLog},
		{"erase", "een bewoner wissen op eigen verzoek, met een bewijs", "erase a resident at their request, with a receipt", runErase},
		{"retention", "bewoners van wie de bewaartermijn voorbij is; --apply wist ze", "residents past the retention period; --apply erases them", runRetention},
		{"version", "de versie tonen", "print the version", func(*globalOptions, []string) int { return runVersion(os.Stdout) }},
	}
}

func main() {
	scrubFreedMemory()
	harden()
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	g := &globalOptions{Lang: "nl"}
	fs := flag.NewFlagSet("spreekuur", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			usage(os.Stdout, fs)
			return exitOK
		}
		fmt.Fprintf(os.Stderr, "spreekuur: %v\n", err)
		usage(os.Stderr, fs)
		return exitUsage
	}
	if g.Lang != "nl" && g.Lang != "en" {
		fmt.Fprintf(os.Stderr, say("spreekuur: --lang is nl of en, niet %q\n", "spreekuur: --lang must be nl or en, not %q\n"), g.Lang)
		return exitUsage
	}
	noteFlags(fs)
	// Every command checks --lock-after (and SPREEKUUR_LOCK_AFTER), not
	// only the terminal app that uses it: a typo is said at once.
	if _, err := parseLockAfter(g.LockAfter); err != nil {
		return fail(err)
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return runTUI(g)
	}
	if rest[0] == "help" {
		usage(os.Stdout, fs)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == rest[0] {
			return c.run(g, rest[1:])
		}
	}
	fmt.Fprintf(os.Stderr, say("spreekuur: onbekende opdracht %q (probeer: spreekuur help)\n", "spreekuur: unknown command %q (try: spreekuur help)\n"), rest[0])
	return exitUsage
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, say("gebruik: spreekuur [--db PAD] [--lang nl|en] [--accessible] [opdracht]", "usage: spreekuur [--db PATH] [--lang nl|en] [--accessible] [command]"))
	fmt.Fprintln(w, say("\nZonder opdracht opent spreekuur het programma in de terminal.\n\nopdrachten:", "\nWithout a command, spreekuur opens the terminal app.\n\ncommands:"))
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, say(c.summaryNL, c.summaryEN))
	}
	fmt.Fprintln(w, say("\nopties voor elke opdracht:", "\nglobal flags:"))
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprintln(w, say("\nDe wachtwoordzin kan ook uit de omgevingsvariabele SPREEKUUR_PASSPHRASE komen.", "\nThe passphrase can also come from the environment variable SPREEKUUR_PASSPHRASE."))
	fmt.Fprintln(w, say("afsluitcodes: 0 goed, 1 mislukt, 2 verkeerd gebruik, 3 verkeerde wachtwoordzin, 4 kluis al open", "exit codes: 0 ok, 1 failure, 2 usage, 3 wrong passphrase, 4 vault in use"))
}

// noteFlags takes what applies to every command from parsed flags: an
// explicit --lang sets the language of the messages.
func noteFlags(fs *flag.FlagSet) {
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "lang" && (f.Value.String() == "nl" || f.Value.String() == "en") {
			msgLang = f.Value.String()
		}
	})
}

// subcommandFlags returns a flag set for a subcommand that also accepts the
// global flags, so `spreekuur check --db x` works like `spreekuur --db x check`.
func subcommandFlags(name string, g *globalOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("spreekuur "+name, flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	g.register(fs)
	return fs
}
