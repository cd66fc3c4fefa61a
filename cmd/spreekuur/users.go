package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
)

const usersUsage = "spreekuur [--db PATH] users add NAME --role supporter|kompaan|coordinator [--new-passphrase-file FILE] | users list | users remove NAME [--rotate | --no-rotate]"

// runUsers adds, lists or removes users. --user and --passphrase-file are
// those of the person doing it; adding and removing need a supporter.
func runUsers(g *globalOptions, args []string) int {
	fs := subcommandFlags("users", g)
	role := fs.String("role", "", "with add: the new user's role: supporter, kompaan or coordinator")
	newFile := fs.String("new-passphrase-file", "", "with add: read the new user's passphrase from this file (else "+envNewPassphrase+" or a prompt)")
	rotate := fs.Bool("rotate", false, "with remove: renew every key of the vault in the same step (asked when a supporter or coordinator is removed at a terminal)")
	noRotate := fs.Bool("no-rotate", false, "with remove: do not renew the keys, and do not ask")
	pos, done, code := parseArgs(fs, usersUsage, args)
	if done {
		return code
	}
	if len(pos) == 0 {
		return fail(usagef(say("zeg wat er moet gebeuren (gebruik: %s)", "say what to do (usage: %s)"), usersUsage))
	}
	switch {
	case pos[0] == "list" && len(pos) == 1:
		return usersList(g)
	case pos[0] == "add" && len(pos) == 2:
		if *role == "" {
			return fail(usageError{say("geef de rol van de nieuwe gebruiker met --role supporter, kompaan of coordinator", "give the new user's role with --role supporter, kompaan or coordinator")})
		}
		if !store.Role(*role).Valid() {
			return fail(store.ErrInvalidRole)
		}
		return usersAdd(g, pos[1], store.Role(*role), *newFile)
	case pos[0] == "remove" && len(pos) == 2:
		if *rotate && *noRotate {
			return fail(usagef("%s", say("--rotate en --no-rotate gaan niet samen", "--rotate and --no-rotate cannot go together")))
		}
		return usersRemove(g, pos[1], *rotate, *noRotate)
	}
	return fail(usagef(say("gebruik: %s", "usage: %s"), usersUsage))
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
	fmt.Fprintln(w, say("NAAM\tROL", "NAME\tROLE"))
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
	pass, err := newPassphrase(newFile, fmt.Sprintf(say("Wachtwoordzin voor de nieuwe gebruiker %s: ", "Passphrase for the new user %s: "), intake.Inert(name)), envNewPassphrase)
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
	fmt.Fprintf(os.Stdout, say("Gebruiker toegevoegd als %s.\n", "User added as %s.\n"), role)
	return exitOK
}

func usersRemove(g *globalOptions, name string, rotate, noRotate bool) int {
	v, err := openUnlocked(g, forWriting)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	// Someone who held the group or statistics key keeps a copy of it:
	// offer to renew every key (docs/FORMAT.md §11).
	if !rotate && !noRotate && term.IsTerminal(int(os.Stdin.Fd())) {
		if role, ok := userRole(v, name); ok && role != store.RoleKompaan {
			fmt.Fprintln(os.Stdout, say(
				"Deze gebruiker had de sleutels van de kluis. Met een kopie daarvan opent hij of zij ook later een kopie van het bestand.\nAlle sleutels vernieuwen maakt dat onmogelijk. Iedereen die blijft, krijgt de nieuwe sleutels bij het volgende openen; er komt een nieuwe herstelcode.",
				"This user held the vault's keys. With a copy of them they can open a copy of the file later too.\nRenewing every key prevents that. Everyone who stays gets the new keys when they next open the vault; there will be a new recovery code."))
			if rotate, err = askYes(say("Alle sleutels vernieuwen? Typ j voor ja: ", "Renew every key? Type y for yes: ")); err != nil {
				return fail(err)
			}
		}
	}
	if rotate {
		return usersRemoveRotate(v, name)
	}
	if err := v.RemoveUser(name); err != nil {
		return fail(err)
	}
	if err := logEvent(v, session.Event{Action: store.ActUserRemove, Purpose: store.PurposeSecurity}); err != nil {
		return fail(err)
	}
	fmt.Fprintln(os.Stdout, say("Gebruiker verwijderd. Die wachtwoordzin opent deze kluis niet meer.", "User removed. Their passphrase no longer opens this vault."))
	return exitOK
}

// userRole is the role of the user called name.
func userRole(v *store.Vault, name string) (store.Role, bool) {
	users, err := v.Users()
	if err != nil {
		return "", false
	}
	for _, u := range users {
		if strings.EqualFold(u.Name, strings.TrimSpace(name)) {
			return u.Role, true
		}
	}
	return "", false
}

// usersRemoveRotate removes the user and renews every key in one
// transaction, with progress on stderr, and shows the new recovery code.
func usersRemoveRotate(v *store.Vault, name string) int {
	t0 := time.Now()
	last := time.Time{}
	res, err := v.RotateKeys(store.RotateOptions{Remove: name, Progress: func(done, total int) {
		if time.Since(last) > 200*time.Millisecond || done == total {
			last = time.Now()
			fmt.Fprintf(os.Stderr, say("\rSleutels vernieuwen: %d van %d", "\rRenewing keys: %d of %d"), done, total)
		}
	}})
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return fail(err)
	}
	defer clear(res.RecoveryCode)
	if err := logEvent(v, session.Event{Action: store.ActKeyRotation, Purpose: store.PurposeSecurity, Detail: fmt.Sprint(res.Records)}); err != nil {
		fmt.Fprintf(os.Stderr, "spreekuur: %s.\n", say("de sleutels zijn vernieuwd, maar het logboek kon het niet vastleggen", "the keys were renewed, but the access log could not record it"))
	}
	_ = logEvent(v, session.Event{Action: store.ActUserRemove, Purpose: store.PurposeSecurity})
	fmt.Fprintf(os.Stdout, say("Gebruiker verwijderd en alle sleutels vernieuwd: %d gegevens opnieuw versleuteld in %s.\n",
		"User removed and every key renewed: %d values encrypted again in %s.\n"), res.Records, time.Since(t0).Round(time.Millisecond))
	fmt.Fprintf(os.Stdout, say("Nieuwe herstelcode, alleen nu te zien (de oude werkt niet meer):\n\n    %s\n\n", "New recovery code, shown only this once (the old one no longer works):\n\n    %s\n\n"), res.RecoveryCode)
	fmt.Fprintln(os.Stdout, say("Schrijf hem nu op papier en bewaar hem veilig, niet bij deze laptop.", "Write it down on paper now and keep it somewhere safe, away from this laptop."))
	if len(res.Reached) > 0 {
		fmt.Fprintf(os.Stdout, say("Krijgen de nieuwe sleutels bij het volgende openen: %s.\n", "Get the new keys when they next open the vault: %s.\n"), strings.Join(res.Reached, ", "))
	}
	if len(res.NeedReset) > 0 {
		fmt.Fprintf(os.Stdout, say("Hebben een nieuwe wachtwoordzin nodig (spreekuur passwd --recovery --user NAAM): %s.\n",
			"Need a new passphrase (spreekuur passwd --recovery --user NAME): %s.\n"), strings.Join(res.NeedReset, ", "))
	}
	// The values under the old keys stay in the freed pages until the
	// file is rewritten: a rotation always compacts.
	if err := compactAfter(newSession(v, nil, msgLang), "rotation", compactYes, false); err != nil {
		return fail(err)
	}
	return exitOK
}
