package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
)

const usersUsage = "spreekuur [--db PATH] users add NAME --role supporter|kompaan|coordinator [--new-passphrase-file FILE] | users list | users remove NAME"

// runUsers adds, lists or removes users. --user and --passphrase-file are
// those of the person doing it; adding and removing need a supporter.
func runUsers(g *globalOptions, args []string) int {
	fs := subcommandFlags("users", g)
	role := fs.String("role", "", "with add: the new user's role: supporter, kompaan or coordinator")
	newFile := fs.String("new-passphrase-file", "", "with add: read the new user's passphrase from this file (else "+envNewPassphrase+" or a prompt)")
	pos, done, code := parseArgs(fs, usersUsage, args)
	if done {
		return code
	}
	if len(pos) == 0 {
		return fail(usagef("say what to do (usage: %s)", usersUsage))
	}
	switch {
	case pos[0] == "list" && len(pos) == 1:
		return usersList(g)
	case pos[0] == "add" && len(pos) == 2:
		if *role == "" {
			return fail(usagef("give the new user's role with --role supporter, kompaan or coordinator"))
		}
		if !store.Role(*role).Valid() {
			return fail(store.ErrInvalidRole)
		}
		return usersAdd(g, pos[1], store.Role(*role), *newFile)
	case pos[0] == "remove" && len(pos) == 2:
		return usersRemove(g, pos[1])
	}
	return fail(usagef("usage: %s", usersUsage))
}

func usersList(g *globalOptions) int {
	v, err := openUnlocked(g, forReading)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	users, err := v.Users()
	if err != nil {
		return fail(err)
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLE")
	for _, u := range users {
		fmt.Fprintf(w, "%s\t%s\n", u.Name, u.Role)
	}
	_ = w.Flush()
	return exitOK
}

func usersAdd(g *globalOptions, name string, role store.Role, newFile string) int {
	v, err := openUnlocked(g, forWriting)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	if _, r := v.User(); r != store.RoleSupporter {
		return fail(store.ErrNotPermitted) // before asking for a passphrase in vain
	}
	pass, err := newPassphrase(newFile, "Passphrase for the new user: ", envNewPassphrase)
	if err != nil {
		return fail(err)
	}
	defer clear(pass)
	if err := v.AddUser(name, role, pass); err != nil {
		return fail(err)
	}
	if err := logEvent(v, session.Event{Action: store.ActUserAdd, Purpose: store.PurposeSecurity, Detail: string(role)}); err != nil {
		return fail(err)
	}
	fmt.Fprintf(os.Stdout, "User added as %s.\n", role)
	return exitOK
}

func usersRemove(g *globalOptions, name string) int {
	v, err := openUnlocked(g, forWriting)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	if err := v.RemoveUser(name); err != nil {
		return fail(err)
	}
	if err := logEvent(v, session.Event{Action: store.ActUserRemove, Purpose: store.PurposeSecurity}); err != nil {
		return fail(err)
	}
	fmt.Fprintln(os.Stdout, "User removed. Their passphrase no longer opens this vault.")
	return exitOK
}
