package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spreekuur/spreekuur/store"
)

const settingsUsage = "spreekuur [--db PATH] settings [stats-threshold [N]]"

// runSettings shows the vault's settings, or changes one. Today there is
// one: stats-threshold, the minimum cell size of published statistics.
// Anyone unlocked may see it; only a supporter may change it. The setting
// records who changed it and when (until the access log exists).
func runSettings(g *globalOptions, args []string) int {
	fs := subcommandFlags("settings", g)
	pos, done, code := parseArgs(fs, settingsUsage, args)
	if done {
		return code
	}
	if len(pos) > 0 && pos[0] != "stats-threshold" {
		return fail(usagef(say("onbekende instelling %q; er is er één: stats-threshold (gebruik: %s)", "unknown setting %q; there is one: stats-threshold (usage: %s)"), pos[0], settingsUsage))
	}
	if len(pos) > 2 {
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
	v, err := openUnlocked(g, set == 0) // reading the setting changes nothing
	if err != nil {
		return fail(err)
	}
	defer v.Close()
	var s store.StatSettings
	if set != 0 {
		s, err = v.SetStatThreshold(set, clock())
	} else {
		s, err = v.StatSettings()
	}
	if err != nil {
		return fail(err)
	}
	who := say("de standaard, nooit veranderd", "the default, never changed")
	if !s.ChangedAt.IsZero() {
		who = fmt.Sprintf(say("ingesteld door %s op %s", "set by %s on %s"), s.ChangedBy, s.ChangedAt.Local().Format(time.DateTime))
	}
	fmt.Fprintf(os.Stdout, say("stats-threshold %d (%s): gepubliceerde aantallen onder %d staan er als <%d.\n",
		"stats-threshold %d (%s): published counts below %d are shown as <%d.\n"), s.Threshold, who, s.Threshold, s.Threshold)
	return exitOK
}
