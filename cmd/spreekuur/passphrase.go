package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"golang.org/x/term"
)

// Environment variables for non-interactive use (scripts, tests). Prefer the
// file flags: the environment of a process can be visible to other
// programs of the same user.
const (
	envPassphrase    = "SPREEKUUR_PASSPHRASE"     // the passphrase that unlocks
	envNewPassphrase = "SPREEKUUR_NEW_PASSPHRASE" // a passphrase being set
	envRecoveryCode  = "SPREEKUUR_RECOVERY_CODE"  // for passwd --recovery
)

// kdfParams are the Argon2id parameters for new key slots. Zero means the
// store's default; only tests of this package change it.
var kdfParams store.KDFParams

func storeOptions() store.Options { return store.Options{KDF: kdfParams} }

func vaultPath(g *globalOptions) (string, error) {
	if g.DB != "" {
		return g.DB, nil
	}
	return store.DefaultPath()
}

// vaultCatalogue is the catalogue for the vault at path: the built-in one
// with the local overrides next to the vault (a municipality's own
// locations, routes and social map; intake.OverridesPath).
func vaultCatalogue(path string) (*intake.Catalogue, error) {
	return intake.CatalogueWithOverrides(intake.OverridesPath(path))
}

// secretSource says where one secret may come from, in order: a file, an
// environment variable, an echo-free prompt on the terminal.
type secretSource struct {
	file    string // path from a flag, "" if not given
	env     []string
	prompt  string
	confirm bool   // ask twice when prompting (setting a new secret)
	what    string // for messages: "passphrase", "new passphrase", …
	flags   string // for messages: how to give it non-interactively
}

// maxSecretFile is the largest passphrase or recovery-code file read. The
// secret is the first line; a larger file is the wrong file, and is not
// read into memory.
const maxSecretFile = 4 << 10

// readSecret returns the secret; the caller clears it. The environment
// variables of s are removed from the environment whichever source is
// used, so no child process (a clipboard helper, a browser) inherits them.
func readSecret(s secretSource) ([]byte, error) {
	defer unsetEnv(s.env)
	if s.file != "" {
		return readSecretFile(s.file, s.what)
	}
	for _, name := range s.env {
		if val, ok := os.LookupEnv(name); ok {
			return []byte(val), nil
		}
	}
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return nil, usagef(say("geen %s gegeven: gebruik %s, of start in een terminal om ernaar gevraagd te worden",
			"no %s given: use %s, or run in a terminal to be asked"), s.what, s.flags)
	}
	first, err := prompt(s.prompt)
	if err != nil {
		return nil, err
	}
	if !s.confirm {
		return first, nil
	}
	second, err := prompt(say("Typ hem nog een keer: ", "Type it again: "))
	defer clear(second)
	if err != nil {
		clear(first)
		return nil, err
	}
	if !bytes.Equal(first, second) {
		clear(first)
		return nil, usagef(say("de twee keer getypte %s is niet gelijk; er is niets veranderd", "the two %ss are not the same; nothing was changed"), s.what)
	}
	return first, nil
}

// unsetEnv removes the secret variables names from the environment.
func unsetEnv(names []string) {
	for _, name := range names {
		_ = os.Unsetenv(name)
	}
}

// readSecretFile returns the first line of file (without "\n" or "\r\n"),
// reading at most maxSecretFile bytes. Every buffer but the result is
// cleared.
func readSecretFile(file, what string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf(say("kan het bestand met de %s niet lezen: %s", "cannot read the %s file: %s"), what, reason(err))
	}
	defer f.Close()
	buf := make([]byte, maxSecretFile+1)
	defer clear(buf)
	n, err := io.ReadFull(f, buf)
	switch {
	case err == nil:
		return nil, fmt.Errorf(say("het bestand met de %s is groter dan %d KiB; er hoort alleen de %s in te staan, op de eerste regel",
			"the %s file is larger than %d KiB; it should hold only the %s, on its first line"), what, maxSecretFile>>10, what)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
	default:
		return nil, fmt.Errorf(say("kan het bestand met de %s niet lezen: %s", "cannot read the %s file: %s"), what, reason(err))
	}
	line := buf[:n]
	// A byte order mark, as some Windows editors write, is not part of it.
	line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(bytes.TrimSpace(line)) == 0 {
		// Said before any slow key derivation: an empty first line is the
		// wrong file, not a passphrase.
		return nil, usagef(say("het bestand %[2]s met de %[1]s is leeg op de eerste regel (of heeft alleen spaties); zet de %[1]s op de eerste regel",
			"the %s file %s is empty on its first line (or holds only spaces); put the %s on the first line"), what, file, what)
	}
	return bytes.Clone(line), nil
}

// prompt asks for a secret without echo. Echo is switched off before the
// prompt is shown (echoOff), so what someone types as soon as the prompt
// appears — or before — is not shown either.
func prompt(text string) ([]byte, error) {
	fd := int(os.Stdin.Fd())
	restore := echoOff(fd)
	defer restore()
	fmt.Fprint(os.Stderr, text)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return nil, fmt.Errorf(say("kan niet lezen uit de terminal: %w", "cannot read from the terminal: %w"), err)
	}
	return b, nil
}

// currentPassphrase is the passphrase that unlocks the vault. An empty
// one (only spaces) is refused before the key derivation. Asked on the
// terminal, the prompt says whose passphrase it is ("Wachtwoordzin van
// anna:"): without --user the name is asked first, as the app does (the
// vault cannot tell, its names are sealed); Enter alone means the only
// user, or whoever's passphrase it is.
func currentPassphrase(g *globalOptions) ([]byte, error) {
	src := secretSource{
		file:  g.PassphraseFile,
		env:   []string{envPassphrase},
		what:  say("wachtwoordzin", "passphrase"),
		flags: say("--passphrase-file of ", "--passphrase-file or ") + envPassphrase,
	}
	if src.prompted() && g.User == "" {
		name, err := readName(say("Uw naam (Enter: de enige gebruiker): ", "Your name (Enter: the only user): "))
		if err != nil {
			return nil, err
		}
		g.User = name
	}
	src.prompt = whosePassphrase(g.User)
	p, err := readSecret(src)
	if err == nil && len(bytes.TrimSpace(p)) == 0 {
		clear(p)
		return nil, usageError{say("de wachtwoordzin is leeg", "the passphrase is empty")}
	}
	return p, err
}

// choosePassphrase is the prompt for a new user's first passphrase.
func choosePassphrase(user string) string {
	return fmt.Sprintf(say("Kies een wachtwoordzin voor %s: ", "Choose a passphrase for %s: "), intake.Inert(user))
}

// newPassphraseOf is the prompt for user's new passphrase.
func newPassphraseOf(user string) string {
	return fmt.Sprintf(say("Nieuwe wachtwoordzin voor %s: ", "New passphrase for %s: "), intake.Inert(user))
}

// whosePassphrase is the prompt for user's passphrase.
func whosePassphrase(user string) string {
	if user == "" {
		return say("Wachtwoordzin: ", "Passphrase: ")
	}
	return fmt.Sprintf(say("Wachtwoordzin van %s: ", "Passphrase of %s: "), intake.Inert(user))
}

// prompted reports whether the secret will be asked on the terminal: no
// file, no environment variable, and a terminal to ask on.
func (s secretSource) prompted() bool {
	if s.file != "" {
		return false
	}
	for _, name := range s.env {
		if _, ok := os.LookupEnv(name); ok {
			return false
		}
	}
	return term.IsTerminal(int(os.Stdin.Fd()))
}

// newPassphrase asks for a passphrase being set, with confirmation when
// typed, and checks its length before any slow work.
func newPassphrase(file, promptText string, env ...string) ([]byte, error) {
	p, err := readSecret(secretSource{
		file:    file,
		env:     env,
		prompt:  promptText,
		confirm: true,
		what:    say("nieuwe wachtwoordzin", "new passphrase"),
		flags:   say("--new-passphrase-file of ", "--new-passphrase-file or ") + envNewPassphrase,
	})
	if err != nil {
		return nil, err
	}
	if utf8.RuneCount(p) < store.MinPassphraseLen || len(bytes.TrimSpace(p)) == 0 {
		clear(p)
		return nil, store.ErrPassphraseTooShort
	}
	return p, nil
}

// readName asks for a name on the terminal (with echo).
func readName(promptText string) (string, error) {
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return "", usageError{say("geen naam gegeven: gebruik --user NAAM", "no user name given: use --user NAME")}
	}
	fmt.Fprint(os.Stderr, promptText)
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf(say("kan niet lezen uit de terminal: %w", "cannot read from the terminal: %w"), err)
	}
	return strings.TrimSpace(line), nil
}

// Whether a command opens the vault to change it or only to read it.
// Commands that only read open it read-only (a shared lock, the file
// opened for reading), so a vault on read-only media, or with a file the
// user may only read, can still be checked and exported from.
const (
	forWriting = false
	forReading = true
)

// openWithCatalogue loads the vault's catalogue (built-in plus the local
// overrides next to it) before it asks for the passphrase, so a bad
// override file stops at once, then opens and unlocks the vault.
func openWithCatalogue(g *globalOptions, readOnly bool) (*store.Vault, *intake.Catalogue, error) {
	path, err := vaultPath(g)
	if err != nil {
		return nil, nil, err
	}
	cat, err := vaultCatalogue(path)
	if err != nil {
		return nil, nil, err
	}
	v, err := openUnlocked(g, readOnly)
	if err != nil {
		return nil, nil, err
	}
	return v, cat, nil
}

// vaultWritable reports whether this user may open the vault file for
// writing (false on read-only media or for a file mode without write
// permission).
func vaultWritable(g *globalOptions) bool {
	path, err := vaultPath(g)
	if err != nil {
		return true // Open says what is wrong
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return !errors.Is(err, fs.ErrPermission) && !isReadOnlyFS(err)
	}
	_ = f.Close()
	return true
}

// openUnlocked opens the vault (read-only: forReading) and unlocks it as
// g.User with the current passphrase, through the session, so the unlock
// (or a wrong passphrase) is in the access log where the vault can be
// written. The caller closes it.
func openUnlocked(g *globalOptions, readOnly bool) (*store.Vault, error) {
	path, err := vaultPath(g)
	if err != nil {
		return nil, err
	}
	opt := storeOptions()
	opt.ReadOnly = readOnly
	v, err := store.Open(path, opt)
	if err != nil {
		return nil, err
	}
	pass, err := currentPassphrase(g)
	if err != nil {
		_ = v.Close()
		return nil, err
	}
	defer clear(pass)
	if err := newSession(v, nil, g.Lang).Unlock(g.User, pass); err != nil {
		_ = v.Close()
		return nil, err
	}
	return v, nil
}

// parseArgs parses a subcommand's flags, which may come before, between or
// after positional arguments ("users add NAME --role kompaan"), and returns
// the positional ones. -h prints the usage to stdout and returns done=true
// with exit code 0; a bad flag is one sentence and exit code 2.
func parseArgs(fs *flag.FlagSet, usageLine string, args []string) (pos []string, done bool, code int) {
	fs.SetOutput(io.Discard)
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(os.Stdout, say("gebruik: %s\n\nopties:\n", "usage: %s\n\nflags:\n"), usageLine)
			fs.SetOutput(os.Stdout)
			fs.PrintDefaults()
			return nil, true, exitOK
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, say("spreekuur: %v (gebruik: %s).\n", "spreekuur: %v (usage: %s).\n"), err, usageLine)
			return nil, true, exitUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			noteFlags(fs)
			if f := fs.Lookup("lock-after"); f != nil {
				if _, err := parseLockAfter(f.Value.String()); err != nil {
					return nil, true, fail(err)
				}
			}
			if f := fs.Lookup("lang"); f != nil && f.Value.String() != "nl" && f.Value.String() != "en" {
				return nil, true, fail(usagef(say("--lang is nl of en, niet %q", "--lang must be nl or en, not %q"), f.Value.String()))
			}
			return pos, false, 0
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newSession is the session over an open vault, for the rules the CLI
// shares with the app (short IDs, the kompaan rule).
func newSession(v *store.Vault, cat *intake.Catalogue, lang string) *session.Session {
	if cat == nil {
		cat = intake.DefaultCatalogue()
	}
	return session.New(session.FromVault(v, cat, clock), cat, clock, lang)
}

// logEvent writes what a command did to the access log (users, keys,
// settings, bundles: what the command line does outside the session's
// own calls). An event on personal data that cannot be logged fails the
// command before anything is shown or written.
func logEvent(v *store.Vault, ev session.Event) error {
	return newSession(v, nil, msgLang).Log(ev)
}

// errLogReadOnly: personal data leaves the vault only with an entry in
// the access log, which a read-only vault cannot take.
var errLogReadOnly = saidError{
	nl: "de kluis kan hier alleen gelezen worden, en persoonsgegevens gaan er alleen uit als het logboek dat kan vastleggen; open de kluis waar hij beschreven kan worden",
	en: "this vault can only be read here, and personal data is exported only when the access log can record it; open the vault where it can be written",
}

// logWritable turns the store's "read-only" from a log write into the
// sentence that says why an export needs to write.
func logWritable(err error) error {
	if errors.Is(err, store.ErrReadOnly) {
		return errLogReadOnly
	}
	return err
}
