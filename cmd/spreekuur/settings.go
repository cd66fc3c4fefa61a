package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
)

const settingsUsage = "spreekuur [--db PATH] settings [stats-threshold [N] | retention [MONTHS] | access-names [on|off]]"

// runSettings shows the vault's settings, or changes one: stats-threshold
// (the minimum cell size of published statistics), retention (months after
// the last contact a resident's file is kept) and access-names (whether a
// resident's access export names who looked at their file, or only their
// role). Anyone unlocked may see them; only a supporter may change them.
// Each records who changed it and when, and a change is in the access log.
func runSettings(g *globalOptions, args []string) int {
	fs := subcommandFlags("settings", g)
	pos, done, code := parseArgs(fs, settingsUsage, args)
	if done {
		return code
	}
	if len(pos) > 2 {
		return fail(usagef("usage: %s", settingsUsage))
	}
	if len(pos) > 0 {
		switch pos[0] {
		case "stats-threshold":
		case "retention", "access-names":
			return runPrivacySetting(g, pos)
		default:
			return fail(usagef("unknown setting %q; there are: stats-threshold, retention, access-names (usage: %s)", pos[0], settingsUsage))
		}
	}
	set := 0
	if len(pos) == 2 {
		n, err := strconv.Atoi(pos[1])
		if err != nil || n < store.MinStatThreshold || n > store.MaxStatThreshold {
			return fail(usagef("the minimum cell size must be a whole number from %d to %d, not %q", store.MinStatThreshold, store.MaxStatThreshold, pos[1]))
		}
		set = n
	}
	v, err := openUnlocked(g, set == 0) // reading the setting changes nothing
	if err != nil {
		return fail(err)
	}
	defer v.Close()
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
	who := "the default, never changed"
	if !s.ChangedAt.IsZero() {
		who = fmt.Sprintf("set by %s on %s", s.ChangedBy, s.ChangedAt.Local().Format(time.DateTime))
	}
	fmt.Fprintf(os.Stdout, "stats-threshold %d (%s): published counts below %d are shown as <%d.\n", s.Threshold, who, s.Threshold, s.Threshold)
	if len(pos) == 0 {
		p, err := v.Privacy()
		if err != nil {
			return fail(err)
		}
		printPrivacy(p)
	}
	return exitOK
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
				return fail(usagef("the retention period is a whole number of months from %d to %d, not %q", store.MinRetentionMonths, store.MaxRetentionMonths, pos[1]))
			}
			months = n
		case "access-names":
			switch pos[1] {
			case "on", "aan":
				names = true
			case "off", "uit":
			default:
				return fail(usagef("access-names is on or off, not %q", pos[1]))
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
	who := say("nooit veranderd", "never changed")
	if !p.ChangedAt.IsZero() {
		who = fmt.Sprintf(say("gezet door %s op %s", "set by %s on %s"), p.ChangedBy, p.ChangedAt.Local().Format(time.DateTime))
	}
	def := ""
	if p.RetentionMonths == 0 {
		def = say(", de standaard", ", the default")
	}
	fmt.Fprintf(os.Stdout, say("retention %d (%s%s): het dossier van een bewoner wordt %d maanden na het laatste contact op de lijst 'te wissen' gezet.\n",
		"retention %d (%s%s): a resident's file goes on the list to erase %d months after the last contact.\n"), p.Retention(), who, def, p.Retention())
	if p.NamesInAccess {
		fmt.Fprintln(os.Stdout, say("access-names on: het inzage-overzicht noemt de namen van wie het dossier bekeek.", "access-names on: the access export names who looked at the file."))
	} else {
		fmt.Fprintln(os.Stdout, say("access-names off: het inzage-overzicht noemt alleen de rol van wie het dossier bekeek.", "access-names off: the access export names only the role of who looked at the file."))
	}
}
