package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/app"
	"github.com/spreekuur/spreekuur/tui/linemode"
)

// Environment settings of the terminal app (until they get flags of their
// own in main.go):
//
//	SPREEKUUR_LOCK_AFTER     idle time before the app locks: "5m" (default), "90s", "off"
//	SPREEKUUR_HIGH_CONTRAST  "1" starts in the high-contrast theme (ctrl+t toggles)
//	NO_COLOR                 any value: no colours, only bold and reverse
const (
	envLockAfter    = "SPREEKUUR_LOCK_AFTER"
	envHighContrast = "SPREEKUUR_HIGH_CONTRAST"
)

// crashSentence is all that is said when the app stops on an internal error:
// never the panic value or a stack trace, which can hold what a resident said.
func crashSentence() string {
	return say("spreekuur is gestopt door een fout in het programma; de kluis is op slot en wat u typte is bewaard.",
		"spreekuur stopped because of an internal error; the vault is locked and what you typed is saved.")
}

// runTUI opens (or, the first time, lets the user create) the vault and runs
// the terminal app, or the line-by-line mode with --accessible.
func runTUI(g *globalOptions) (code int) {
	// Bubble Tea writes a panic's value and stack to a plaintext
	// bubbletea-panic-*.log in the working directory when TEA_DEBUG is set.
	_ = os.Unsetenv("TEA_DEBUG")
	// A panic that gets past the app (the accessible mode, set-up) ends
	// here, after the deferred Lock below, with one plain sentence.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(os.Stderr, crashSentence())
			code = exitFailure
		}
	}()
	lockAfter, err := parseLockAfter(g.LockAfter)
	if err != nil {
		return fail(err)
	}
	path, err := vaultPath(g)
	if err != nil {
		return fail(err)
	}
	// Local overrides (a municipality's own locations and routes) live next
	// to the vault; a bad file stops here with file, line and field.
	cat, err := vaultCatalogue(path)
	if err != nil {
		return fail(err)
	}
	exists := store.Exists(path)
	clearUnusedSecrets(exists)
	lang := g.Lang
	now := time.Now

	var sv *store.Vault // the open vault, closed on the way out
	var pending *session.Pending
	defer func() {
		if pending != nil {
			pending.Abandon() // stopped before the recovery code was typed back: no vault
		}
		if sv != nil {
			sv.Lock()
			_ = sv.Close()
		}
	}()
	var sess *session.Session
	if exists {
		sv, err = store.Open(path, storeOptions())
		if err != nil {
			return fail(err)
		}
		if g.PassphraseFile != "" || os.Getenv(envPassphrase) != "" {
			// Non-interactive passphrase (scripts, tests): unlock first.
			pass, err := currentPassphrase(g)
			if err != nil {
				return fail(err)
			}
			err = sv.Unlock(g.User, pass)
			clear(pass)
			if err != nil {
				return fail(err)
			}
		}
		sess = session.New(session.FromVault(sv, cat, now), cat, now, lang)
	}
	create := func(user string, pass []byte) (*session.Pending, error) {
		p, err := session.CreateVault(path, user, pass, storeOptions())
		if err == nil {
			pending = p
		}
		return p, err
	}
	open := func(p *session.Pending, typed string) (*session.Session, error) {
		v, err := p.Confirm(typed)
		if err != nil {
			return nil, err
		}
		pending, sv = nil, v
		return session.New(session.FromVault(v, cat, now), cat, now, lang), nil
	}

	if g.Accessible {
		err := linemode.Run(os.Stdin, os.Stdout, linemode.Options{
			Lang: lang, LockAfter: lockAfter, User: g.User, Session: sess, Create: create, Open: open, Now: now,
		})
		if err != nil && !errors.Is(err, io.EOF) {
			return fail(err)
		}
		return exitOK
	}
	noColor := os.Getenv("NO_COLOR") != ""
	var progOpts []tea.ProgramOption
	if noColor {
		progOpts = append(progOpts, tea.WithColorProfile(colorprofile.Ascii))
	}
	a := app.New(app.Options{
		Lang:         lang,
		HighContrast: os.Getenv(envHighContrast) == "1",
		NoColor:      noColor,
		LockAfter:    lockAfter,
		User:         g.User,
		Session:      sess,
		Create:       create,
		Open:         open,
		Now:          now,
	})
	_, err = runProgram(tea.NewProgram(a, progOpts...))
	if a.Crashed() || errors.Is(err, tea.ErrProgramPanic) {
		// The app caught a panic, locked the vault and quit (tui/app).
		fmt.Fprintln(os.Stderr, crashSentence())
		return exitFailure
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, say("spreekuur: het programma stopte onverwacht.", "spreekuur: the terminal app stopped unexpectedly."))
		return exitFailure
	}
	return exitOK
}

// runProgram runs p with os.Stderr pointed at the null device: should a
// panic ever get past the app's own recover, Bubble Tea's handler prints its
// value and stack trace there, and nothing of it reaches the terminal.
func runProgram(p *tea.Program) (tea.Model, error) {
	if null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		old := os.Stderr
		os.Stderr = null
		defer func() { os.Stderr = old; _ = null.Close() }()
	}
	return p.Run()
}

// parseLockAfter reads --lock-after, falling back to SPREEKUUR_LOCK_AFTER.
// It returns 0 for the default (5 minutes) and -1 for never: "off",
// "never", "0" and any zero duration ("0s", "0m") all mean never.
func parseLockAfter(flagValue string) (time.Duration, error) {
	s := strings.TrimSpace(flagValue)
	if s == "" {
		s = strings.TrimSpace(os.Getenv(envLockAfter))
	}
	switch strings.ToLower(s) {
	case "":
		return 0, nil
	case "off", "never", "0":
		return -1, nil
	}
	d, err := time.ParseDuration(s)
	switch {
	case err == nil && d == 0:
		return -1, nil
	case err != nil || d < 0:
		return 0, usagef(say("--lock-after (of %s) is een tijd zoals 5m of 90s, of off (0 is ook uit)", "--lock-after (or %s) must be a duration like 5m or 90s, or off (0 means off too)"), envLockAfter)
	}
	return d, nil
}

// clearUnusedSecrets removes the secret variables the app will not read, so
// no child process (a clipboard helper) inherits them: the app never takes a
// new passphrase or recovery code from the environment, and without a vault
// it does not read the passphrase either (the first-run screen asks).
// currentPassphrase removes SPREEKUUR_PASSPHRASE once it has read it.
func clearUnusedSecrets(vaultExists bool) {
	unused := []string{envNewPassphrase, envRecoveryCode}
	if !vaultExists {
		unused = append(unused, envPassphrase)
	}
	unsetEnv(unused)
}
