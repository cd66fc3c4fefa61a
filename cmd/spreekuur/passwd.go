package main

import (
	"fmt"
	"os"

	"github.com/spreekuur/spreekuur/store"
)

const passwdUsage = "spreekuur [--db PATH] passwd [--user NAME] [--new-passphrase-file FILE] [--recovery [--recovery-file FILE]]"

// runPasswd changes the user's own passphrase, or with --recovery resets a
// user's passphrase with the recovery code.
func runPasswd(g *globalOptions, args []string) int {
	fs := subcommandFlags("passwd", g)
	newFile := fs.String("new-passphrase-file", "", "read the new passphrase from this file (else "+envNewPassphrase+" or a prompt)")
	recovery := fs.Bool("recovery", false, "reset a forgotten passphrase with the recovery code shown at init")
	recoveryFile := fs.String("recovery-file", "", "with --recovery: read the recovery code from this file (else "+envRecoveryCode+" or a prompt)")
	pos, done, code := parseArgs(fs, passwdUsage, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fail(usagef("passwd takes no arguments (usage: %s)", passwdUsage))
	}
	if *recovery {
		return passwdRecovery(g, *recoveryFile, *newFile)
	}
	if *recoveryFile != "" {
		return fail(usagef("--recovery-file needs --recovery"))
	}
	v, err := openUnlocked(g, forWriting)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	pass, err := newPassphrase(*newFile, "New passphrase: ", envNewPassphrase)
	if err != nil {
		return fail(err)
	}
	defer clear(pass)
	if err := v.ChangePassphrase(pass); err != nil {
		return fail(err)
	}
	name, _ := v.User()
	fmt.Fprintf(os.Stdout, "Passphrase changed for %s.\n", name)
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
		prompt: "Recovery code: ",
		what:   "recovery code",
		flags:  "--recovery-file or " + envRecoveryCode,
	})
	if err != nil {
		return fail(err)
	}
	err = v.UnlockWithRecovery(code)
	clear(code)
	if err != nil {
		return fail(err)
	}
	users, err := v.Users()
	if err != nil {
		return fail(err)
	}
	target := g.User
	if target == "" {
		if len(users) != 1 {
			return fail(usagef("this vault has %d users: say whose passphrase to reset with --user NAME", len(users)))
		}
		target = users[0].Name
	}
	pass, err := newPassphrase(newFile, "New passphrase: ", envNewPassphrase)
	if err != nil {
		return fail(err)
	}
	defer clear(pass)
	if err := v.SetPassphraseWithRecovery(target, pass); err != nil {
		return fail(err)
	}
	fmt.Fprintln(os.Stdout, "Passphrase reset. The recovery code stays valid: keep it safe.")
	return exitOK
}
