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
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui"
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
const crashSentence = "spreekuur stopped because of an internal error; the vault is locked and what you typed is saved."

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
			fmt.Fprintln(os.Stderr, crashSentence)
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
	opts := tui.Options{
		Lang:         g.Lang,
		HighContrast: os.Getenv(envHighContrast) == "1",
		NoColor:      os.Getenv("NO_COLOR") != "",
		LockAfter:    lockAfter,
		User:         g.User,
		Catalogue:    cat,
	}

	var sv *store.Vault // the open vault, closed on the way out
	defer func() {
		if sv != nil {
			sv.Lock()
			_ = sv.Close()
		}
	}()
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
		opts.Vault = &tuiVault{v: sv, cat: cat}
	} else {
		opts.Create = func(user string, pass []byte) (tui.Vault, []byte, error) {
			v, code, err := store.Create(path, user, store.RoleSupporter, pass, storeOptions())
			if err != nil {
				return nil, nil, mapStoreErr(err)
			}
			sv = v
			return &tuiVault{v: v, cat: cat}, code, nil
		}
	}

	if g.Accessible {
		if err := tui.RunAccessible(os.Stdin, os.Stdout, opts); err != nil && !errors.Is(err, io.EOF) {
			return fail(err)
		}
		return exitOK
	}
	var progOpts []tea.ProgramOption
	if opts.NoColor {
		progOpts = append(progOpts, tea.WithColorProfile(colorprofile.Ascii))
	}
	app := tui.New(opts)
	_, err = runProgram(tea.NewProgram(app, progOpts...))
	if app.Crashed() || errors.Is(err, tea.ErrProgramPanic) {
		// The app caught a panic, locked the vault and quit (tui/app.go).
		fmt.Fprintln(os.Stderr, crashSentence)
		return exitFailure
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "spreekuur: the terminal app stopped unexpectedly.")
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
		return 0, usagef("--lock-after (or %s) must be a duration like 5m or 90s, or off (0 means off too)", envLockAfter)
	}
	return d, nil
}

// tuiVault adapts *store.Vault to the narrow tui.Vault interface and turns
// store errors into the tui's sentinels (keeping the store error wrapped).
type tuiVault struct {
	v   *store.Vault
	cat *intake.Catalogue // for the statistics record written with each save
}

func mapStoreErr(err error) error {
	for _, m := range []struct{ from, to error }{
		{store.ErrWrongPassphrase, tui.ErrWrongPassphrase},
		{store.ErrLocked, tui.ErrLocked},
		{store.ErrNoAccess, tui.ErrNoAccess},
		{store.ErrVaultInUse, tui.ErrVaultInUse},
		{store.ErrNotFound, tui.ErrNotFound},
		{store.ErrPassphraseTooShort, tui.ErrPassphraseShort},
	} {
		if errors.Is(err, m.from) {
			return fmt.Errorf("%w: %w", m.to, err)
		}
	}
	return err
}

func (t *tuiVault) Unlock(user string, pass []byte) error {
	return mapStoreErr(t.v.Unlock(user, pass))
}

func (t *tuiVault) Lock()          { t.v.Lock() }
func (t *tuiVault) Unlocked() bool { return t.v.Unlocked() }

func (t *tuiVault) User() string {
	name, _ := t.v.User()
	return name
}

func (t *tuiVault) Role() string {
	_, role := t.v.User()
	return string(role)
}

func (t *tuiVault) CanReadNotes() bool { return t.v.CanReadNotes() }

// Statistics reads only the statistics records, so a coordinator can.
func (t *tuiVault) Statistics(opt statistics.Options) (*statistics.Report, error) {
	rep, _, err := statistics.Load(t.v, opt, t.cat)
	return rep, mapStoreErr(err)
}

func (t *tuiVault) Residents() ([]intake.Resident, error) {
	var out []intake.Resident
	err := t.v.View(func(tx *store.Tx) error {
		return tx.ForEach(store.KindResident, func(_ string, decode func(any) error) error {
			var r intake.Resident
			if err := decode(&r); err != nil {
				return err
			}
			out = append(out, r)
			return nil
		})
	})
	return out, mapStoreErr(err)
}

// IntakeHeaders decodes only the header fields of each intake: the JSON
// decoder skips the rest, which halves the time to a usable home screen.
func (t *tuiVault) IntakeHeaders() ([]intake.Header, error) {
	out := make([]intake.Header, 0, 64)
	err := t.v.View(func(tx *store.Tx) error {
		if n := tx.Count(store.KindIntake); n > cap(out) {
			out = make([]intake.Header, 0, n)
		}
		return tx.ForEach(store.KindIntake, func(_ string, decode func(any) error) error {
			var h intake.Header
			if err := decode(&h); err != nil {
				return err
			}
			out = append(out, h)
			return nil
		})
	})
	return out, mapStoreErr(err)
}

func (t *tuiVault) Resident(id string) (intake.Resident, error) {
	var r intake.Resident
	err := t.v.View(func(tx *store.Tx) error { return tx.Get(store.KindResident, id, &r) })
	return r, mapStoreErr(err)
}

func (t *tuiVault) Intake(id string) (intake.Intake, error) {
	var in intake.Intake
	err := t.v.View(func(tx *store.Tx) error { return tx.Get(store.KindIntake, id, &in) })
	return in, mapStoreErr(err)
}

func (t *tuiVault) SaveResident(r intake.Resident) error {
	return mapStoreErr(t.v.Update(func(tx *store.Tx) error { return tx.Put(store.KindResident, r.ID, r) }))
}

func (t *tuiVault) DeleteResident(id string) error {
	return mapStoreErr(t.v.Update(func(tx *store.Tx) error { return tx.Delete(store.KindResident, id) }))
}

func (t *tuiVault) SaveIntake(in intake.Intake) error {
	return mapStoreErr(t.v.Update(func(tx *store.Tx) error { return tx.SaveIntake(in, t.cat, time.Now()) }))
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
