package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spreekuur/spreekuur/store"
)

const initUsage = "spreekuur [--db PATH] init --user NAME [--role supporter] [--new-passphrase-file FILE]"

// runInit creates a vault with its first user and prints the recovery code
// once.
func runInit(g *globalOptions, args []string) int {
	fs := subcommandFlags("init", g)
	role := fs.String("role", string(store.RoleSupporter), "role of the first user (must be supporter)")
	newFile := fs.String("new-passphrase-file", "", "read the new passphrase from this file (else --passphrase-file, "+envNewPassphrase+", "+envPassphrase+" or a prompt)")
	pos, done, code := parseArgs(fs, initUsage, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fail(usagef(say("init neemt geen argumenten (gebruik: %s)", "init takes no arguments (usage: %s)"), initUsage))
	}
	if store.Role(*role) != store.RoleSupporter {
		return fail(usageError{say("de eerste gebruiker is een cliëntondersteuner; die voegt daarna anderen toe met `spreekuur users add`", "the first user must be a supporter, who can then add others with `spreekuur users add`")})
	}
	path, err := vaultPath(g)
	if err != nil {
		return fail(err)
	}
	if store.Exists(path) {
		return fail(store.ErrVaultExists)
	}
	name := g.User
	if name == "" {
		if name, err = readName(say("Uw naam (als eerste cliëntondersteuner): ", "Your name (as the first supporter): ")); err != nil {
			return fail(err)
		}
	}
	file := *newFile
	if file == "" {
		file = g.PassphraseFile
	}
	pass, err := newPassphrase(file, choosePassphrase(name), envNewPassphrase, envPassphrase)
	if err != nil {
		return fail(err)
	}
	defer clear(pass)

	v, recovery, err := store.Create(path, name, store.RoleSupporter, pass, storeOptions())
	if err != nil {
		return fail(err)
	}
	defer clear(recovery)
	user, r := v.User()
	if err := v.Close(); err != nil {
		return fail(err)
	}
	printNewVault(os.Stdout, path, user, r, recovery)
	return exitOK
}

// printNewVault tells where the new vault is and who its first user is,
// and shows the recovery code, the only time it is ever shown (init and
// demo).
func printNewVault(out io.Writer, path, user string, role store.Role, recovery []byte) {
	fmt.Fprintf(out, say("Kluis gemaakt: %s\n", "Vault created: %s\n"), path)
	fmt.Fprintf(out, say("Eerste gebruiker: %s (%s)\n\n", "First user: %s (%s)\n\n"), user, role)
	fmt.Fprintf(out, say("Herstelcode, maar één keer te zien:\n\n    %s\n\n", "Recovery code, shown only this once:\n\n    %s\n\n"), recovery)
	fmt.Fprintln(out, say("Schrijf deze code nu op papier en bewaar hem op een veilige plek, niet bij deze laptop.", "Write this code down on paper now and keep it somewhere safe, away from this laptop."))
	fmt.Fprintln(out, say("Met de code kunt u een vergeten wachtwoordzin opnieuw instellen (spreekuur passwd --recovery);", "With it a forgotten passphrase can be reset (spreekuur passwd --recovery);"))
	fmt.Fprintln(out, say("wie de code heeft, kan alles in deze kluis lezen.", "anyone who has it can read every record in this vault."))
}
