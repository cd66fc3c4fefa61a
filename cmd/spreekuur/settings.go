package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spreekuur/spreekuur/store"
)

const settingsUsage = "spreekuur [--db PATH] settings [stats-threshold [N] | organisation [--name NAME] [--phone PHONE]]"

// runSettings shows the vault's settings, or changes one:
//   - stats-threshold, the minimum cell size of published statistics:
//     anyone unlocked may see it, only a supporter may change it;
//   - organisation, the name and phone number on the resident's papers:
//     everyone unlocked may see it, only a supporter may change it.
//
// A setting records who changed it and when. The settings screen of the
// app (issue 16) uses the same store calls.
func runSettings(g *globalOptions, args []string) int {
	fs := subcommandFlags("settings", g)
	name := fs.String("name", "", "organisation: its name, as the papers print it (at most 80 characters)")
	phone := fs.String("phone", "", "organisation: its phone number (digits, spaces and + - ( ) .; at most 30)")
	pos, done, code := parseArgs(fs, settingsUsage, args)
	if done {
		return code
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	which := ""
	if len(pos) > 0 {
		which = pos[0]
	}
	switch which {
	case "", "stats-threshold", "organisation", "organization":
	default:
		return fail(usagef(say("onbekende instelling %q; er zijn er twee: stats-threshold en organisation (gebruik: %s)", "unknown setting %q; there are two: stats-threshold and organisation (usage: %s)"), which, settingsUsage))
	}
	if (given["name"] || given["phone"]) && which != "organisation" && which != "organization" {
		return fail(usagef("%s", say("--name en --phone stellen de organisatie in: spreekuur settings organisation --name NAAM --phone TELEFOON", "--name and --phone set the organisation: spreekuur settings organisation --name NAME --phone PHONE")))
	}
	if len(pos) > 2 || (len(pos) == 2 && which != "stats-threshold") {
		return fail(usagef(say("gebruik: %s", "usage: %s"), settingsUsage))
	}
	set := 0
	if len(pos) == 2 {
		n, err := strconv.Atoi(pos[1])
		if err != nil || n < store.MinStatThreshold || n > store.MaxStatThreshold {
			return fail(usagef(say("het kleinste aantal is een heel getal van %d tot %d, niet %q", "the minimum cell size must be a whole number from %d to %d, not %q"), store.MinStatThreshold, store.MaxStatThreshold, pos[1]))
		}
		set = n
	}
	// Reading the settings changes nothing.
	v, err := openUnlocked(g, set == 0 && !given["name"] && !given["phone"])
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	if which == "organisation" || which == "organization" {
		return organisationSetting(v, *name, *phone, given["name"], given["phone"])
	}
	var s store.StatSettings
	if set != 0 {
		s, err = v.SetStatThreshold(set, clock())
	} else {
		s, err = v.StatSettings()
	}
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(os.Stdout, say("stats-threshold %d (%s): gepubliceerde aantallen onder %d staan er als <%d.\n",
		"stats-threshold %d (%s): published counts below %d are shown as <%d.\n"), s.Threshold, changed(s.ChangedBy, s.ChangedAt, say("de standaard, nooit veranderd", "the default, never changed")), s.Threshold, s.Threshold)
	if which == "" {
		o, err := v.Organisation()
		if err != nil {
			return fail(err)
		}
		printOrganisation(o)
	}
	return exitOK
}

// organisationSetting shows the organisation, or sets what was given (a
// flag not given keeps its value; an empty one clears it).
func organisationSetting(v *store.Vault, name, phone string, setName, setPhone bool) int {
	o, err := v.Organisation()
	if errors.Is(err, store.ErrNoAccess) {
		return fail(store.ErrNotPermitted) // a coordinator: the papers are not theirs
	}
	if err != nil {
		return fail(err)
	}
	if setName || setPhone {
		if !setName {
			name = o.Name
		}
		if !setPhone {
			phone = o.Phone
		}
		if o, err = v.SetOrganisation(name, phone, clock()); err != nil {
			return fail(err)
		}
	}
	printOrganisation(o)
	return exitOK
}

func printOrganisation(o store.Organisation) {
	show := func(s string) string {
		if s == "" {
			return say("(niet ingesteld)", "(not set)")
		}
		return strconv.Quote(s)
	}
	fmt.Fprintf(os.Stdout, say("organisatie %s, telefoon %s (%s): staat op het voorbereidingsblad en het plan van de bewoner.\n",
		"organisation %s, phone %s (%s): printed on the resident's sheet and plan.\n"),
		show(o.Name), show(o.Phone), changed(o.ChangedBy, o.ChangedAt, say("nooit ingesteld", "never set")))
}

// changed says who changed a setting when, or never.
func changed(by string, at time.Time, never string) string {
	if at.IsZero() {
		return never
	}
	return fmt.Sprintf(say("ingesteld door %s op %s", "set by %s on %s"), by, at.Local().Format(time.DateTime))
}
