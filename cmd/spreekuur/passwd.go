package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
)

const passwdUsage = "spreekuur [--db PATH] passwd [--user NAME] [--new-passphrase-file FILE] [--recovery [--recovery-file FILE] | --new-recovery]"

// runPasswd changes the user's own passphrase, or with --recovery resets a
// user's passphrase with the recovery code.
func runPasswd(g *globalOptions, args []string) int {
	fs := subcommandFlags("passwd", g)
	newFile := fs.String("new-passphrase-file", "", "read the new passphrase from this file (else "+envNewPassphrase+" or a prompt)")
	recovery := fs.Bool("recovery", false, "reset a forgotten passphrase with the recovery code shown at init")
	recoveryFile := fs.String("recovery-file", "", "with --recovery: read the recovery code from this file (else "+envRecoveryCode+" or a prompt)")
	newRecovery := fs.Bool("new-recovery", false, "issue a new recovery code and void the old one (a supporter, with their passphrase)")
	pos, done, code := parseArgs(fs, passwdUsage, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fail(usagef(say("passwd neemt geen argumenten (gebruik: %s)", "passwd takes no arguments (usage: %s)"), passwdUsage))
	}
	if *recovery && *newRecovery {
		return fail(usagef(say("--recovery en --new-recovery gaan niet samen (gebruik: %s)", "--recovery and --new-recovery cannot go together (usage: %s)"), passwdUsage))
	}
	if *recovery {
		return passwdRecovery(g, *recoveryFile, *newFile)
	}
	if *newRecovery {
		return passwdNewRecovery(g)
	}
	if *recoveryFile != "" {
		return fail(usageError{say("--recovery-file hoort bij --recovery", "--recovery-file needs --recovery")})
	}
	v, err := openUnlocked(g, forWriting)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	name, _ := v.User()
	pass, err := newPassphrase(*newFile, newPassphraseOf(name), envNewPassphrase)
	if err != nil {
		return fail(err)
	}
	defer clear(pass)
	if err := v.ChangePassphrase(pass); err != nil {
		return fail(err)
	}
	if err := logEvent(v, session.Event{Action: store.ActPassphrase, Purpose: store.PurposeSecurity, Detail: "own"}); err != nil {
		return fail(err)
	}
	fmt.Fprintf(os.Stdout, say("Wachtwoordzin van %s veranderd.\n", "Passphrase changed for %s.\n"), name)
	return exitOK
}

func passwdRecovery(g *globalOptions, recoveryFile, newFile string) int {
	path, err := vaultPath(g)
	if err != nil {
		return fail(err)
	}
	v, err := store.Open(path, storeOptions())
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	code, err := readSecret(secretSource{
		file:   recoveryFile,
		env:    []string{envRecoveryCode},
		prompt: say("Herstelcode: ", "Recovery code: "),
		what:   say("herstelcode", "recovery code"),
		flags:  say("--recovery-file of ", "--recovery-file or ") + envRecoveryCode,
	})
	if err != nil {
		return fail(err)
	}
	err = v.UnlockWithRecovery(code)
	clear(code)
	if errors.Is(err, store.ErrBadRecoveryCode) {
		_ = v.RecordFailedUnlock(store.RecoveryUser, clock()) // for the access log, at a supporter's next unlock
	}
	if err != nil {
		return fail(err)
	}
	_ = logEvent(v, session.Event{Action: store.ActUnlock, Purpose: store.PurposeSecurity, Detail: "recovery-code"})
	users, err := v.Users()
	if err != nil {
		return fail(err)
	}
	target := g.User
	if target == "" {
		if len(users) != 1 {
			return fail(usagef(say("deze kluis heeft %d gebruikers: zeg met --user NAAM wiens wachtwoordzin opnieuw moet", "this vault has %d users: say whose passphrase to reset with --user NAME"), len(users)))
		}
		target = users[0].Name
	}
	pass, err := newPassphrase(newFile, newPassphraseOf(target), envNewPassphrase)
	if err != nil {
		return fail(err)
	}
	defer clear(pass)
	if err := v.SetPassphraseWithRecovery(target, pass); err != nil {
		return fail(err)
	}
	if err := logEvent(v, session.Event{Action: store.ActPassphrase, Purpose: store.PurposeSecurity, Detail: "reset-with-recovery-code"}); err != nil {
		return fail(err)
	}
	fmt.Fprintln(os.Stdout, say("Wachtwoordzin opnieuw ingesteld. De herstelcode blijft geldig: bewaar hem goed.", "Passphrase reset. The recovery code stays valid: keep it safe."))
	return exitOK
}

// passwdNewRecovery issues a new recovery code (the old one stops working)
// and shows it once.
func passwdNewRecovery(g *globalOptions) int {
	v, err := openUnlocked(g, forWriting)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	code, err := v.NewRecoveryCode()
	if err != nil {
		return fail(err)
	}
	if err := logEvent(v, session.Event{Action: store.ActPassphrase, Purpose: store.PurposeSecurity, Detail: "new-recovery-code"}); err != nil {
		clear(code)
		return fail(err)
	}
	defer clear(code)
	fmt.Fprintf(os.Stdout, say("Nieuwe herstelcode, maar één keer te zien (de oude werkt niet meer):\n\n    %s\n\n",
		"New recovery code, shown only this once (the old code no longer works):\n\n    %s\n\n"), code)
	fmt.Fprintln(os.Stdout, say("Schrijf hem nu op papier en bewaar hem op een veilige plek, niet bij deze laptop.", "Write it down on paper now and keep it somewhere safe, away from this laptop."))
	fmt.Fprintln(os.Stdout, say("Met de code kunt u een vergeten wachtwoordzin opnieuw instellen (spreekuur passwd --recovery);", "With it a forgotten passphrase can be reset (spreekuur passwd --recovery);"))
	fmt.Fprintln(os.Stdout, say("wie de code heeft, kan alles in deze kluis lezen.", "anyone who has it can read every record in this vault."))
	return exitOK
}
