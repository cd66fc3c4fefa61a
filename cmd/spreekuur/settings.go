package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
)

const settingsUsage = "spreekuur [--db PATH] settings [stats-threshold [N] | organisation [--name NAME] [--phone PHONE] | retention [MONTHS] | access-names [on|off]]"

// runSettings shows the vault's settings, or changes one:
//   - stats-threshold, the minimum cell size of published statistics:
//     anyone unlocked may see it, only a supporter may change it;
//   - organisation, the name and phone number on the resident's papers:
//     everyone unlocked may see it, only a supporter may change it;
//   - retention, the months after the last contact a resident's file is
//     kept, and access-names, whether a resident's access export names who
//     looked at their file or only their role (docs/PRIVACY.md).
//
// A change is in the access log.
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
	case "retention", "access-names":
		if len(pos) > 2 {
			return fail(usagef(say("gebruik: %s", "usage: %s"), settingsUsage))
		}
		return runPrivacySetting(g, pos)
	default:
		return fail(usagef(say("onbekende instelling %q; er zijn: stats-threshold, organisation, retention en access-names (gebruik: %s)", "unknown setting %q; there are: stats-threshold, organisation, retention and access-names (usage: %s)"), which, settingsUsage))
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
		if s, err = v.SetStatThreshold(set, clock()); err == nil {
			err = logEvent(v, session.Event{Action: store.ActSetting, Purpose: store.PurposeSecurity, Detail: "stats-threshold"})
		}
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
		p, err := v.Privacy()
		if err != nil {
			return fail(err)
		}
		printPrivacy(p)
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
		if err := logEvent(v, session.Event{Action: store.ActSetting, Purpose: store.PurposeSecurity, Detail: "organisation"}); err != nil {
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

// runPrivacySetting shows or changes retention or access-names.
func runPrivacySetting(g *globalOptions, pos []string) int {
	change := len(pos) == 2
	var months int
	var names bool
	if change {
		switch pos[0] {
		case "retention":
			n, err := strconv.Atoi(pos[1])
			if err != nil || n < store.MinRetentionMonths || n > store.MaxRetentionMonths {
				return fail(usagef(say("de bewaartermijn is een heel aantal maanden van %d tot %d, niet %q", "the retention period is a whole number of months from %d to %d, not %q"), store.MinRetentionMonths, store.MaxRetentionMonths, pos[1]))
			}
			months = n
		case "access-names":
			switch pos[1] {
			case "on", "aan":
				names = true
			case "off", "uit":
			default:
				return fail(usagef(say("access-names is on of off, niet %q", "access-names is on or off, not %q"), pos[1]))
			}
		}
	}
	v, cat, err := openWithCatalogue(g, !change)
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	sess := newSession(v, cat, g.Lang)
	p, err := sess.Privacy()
	if err != nil {
		return fail(err)
	}
	if change {
		if pos[0] == "retention" {
			p.RetentionMonths = months
		} else {
			p.NamesInAccess = names
		}
		if p, err = sess.SetPrivacy(p); err != nil {
			return fail(err)
		}
	}
	printPrivacy(p)
	return exitOK
}

func printPrivacy(p store.Privacy) {
	who := changed(p.ChangedBy, p.ChangedAt, say("de standaard, nooit veranderd", "the default, never changed"))
	fmt.Fprintf(os.Stdout, say("retention %d (%s): het dossier van een bewoner komt %d maanden na het laatste contact op de lijst 'te wissen'.\n",
		"retention %d (%s): a resident's file goes on the list to erase %d months after the last contact.\n"), p.Retention(), who, p.Retention())
	if p.NamesInAccess {
		fmt.Fprintln(os.Stdout, say("access-names on: het inzage-overzicht noemt de namen van wie het dossier bekeek.", "access-names on: the access export names who looked at the file."))
	} else {
		fmt.Fprintln(os.Stdout, say("access-names off: het inzage-overzicht noemt alleen de rol van wie het dossier bekeek.", "access-names off: the access export names only the role of who looked at the file."))
	}
}
