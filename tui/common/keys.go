package common

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// Global keys work on every screen. They are function and ctrl keys only:
// a letter typed anywhere belongs to the field or is ignored with a word,
// and never switches screens.
type GlobalKeys struct {
	Help, Resident, Contrast, Lock, Quit key.Binding
}

type globalID int

const (
	gHelp globalID = iota
	gHelpLong
	gResident
	gResidentLong
	gContrast
	gContrastLong
	gLock
	gLockLong
	gQuit
	gQuitLong
)

var globalTexts = Texts[globalID]{
	NL: map[globalID]string{
		gHelp: "hulp", gHelpLong: "deze hulp: alle toetsen met uitleg",
		gResident: "bewoner", gResidentLong: "het scherm voor de bewoner: de vraag en de afspraken, groot",
		gContrast: "contrast", gContrastLong: "meer of minder contrast: zwart op wit, zonder kleuren",
		gLock: "slot", gLockLong: "op slot: het scherm is leeg tot iemand de wachtwoordzin typt",
		gQuit: "stop", gQuitLong: "stoppen (wat getypt is, is al bewaard)",
	},
	EN: map[globalID]string{
		gHelp: "help", gHelpLong: "this help: every key explained",
		gResident: "resident", gResidentLong: "the resident's screen: the question and the agreements, large",
		gContrast: "contrast", gContrastLong: "more or less contrast: black on white, without colours",
		gLock: "lock", gLockLong: "lock: the screen stays empty until someone types the passphrase",
		gQuit: "quit", gQuitLong: "quit (what was typed is already saved)",
	},
}

// Global returns the global keys with their help in lang.
func Global(lang string) GlobalKeys {
	t := func(id globalID) string { return globalTexts.Get(lang, id) }
	return GlobalKeys{
		Help:     Binding([]string{"f1"}, "F1", t(gHelp)),
		Resident: Binding([]string{"f2"}, "F2", t(gResident)),
		Contrast: Binding([]string{"ctrl+t"}, "ctrl+t", t(gContrast)),
		Lock:     Binding([]string{"ctrl+l"}, "ctrl+l", t(gLock)),
		Quit:     Binding([]string{"ctrl+c", "ctrl+q"}, "ctrl+c", t(gQuit)),
	}
}

// Long returns the help page's longer explanation of a global key.
func (g GlobalKeys) Long(lang string, b key.Binding) string {
	t := func(id globalID) string { return globalTexts.Get(lang, id) }
	switch b.Help().Key {
	case "F1":
		return t(gHelpLong)
	case "F2":
		return t(gResidentLong)
	case "ctrl+l":
		return t(gLockLong)
	case "ctrl+t":
		return t(gContrastLong)
	case "ctrl+c":
		return t(gQuitLong)
	}
	return b.Help().Desc
}

// HelpLine renders keys on one line of width w: the screen's keys, then
// the global ones. When it is too wide the screen's last keys are left off
// (the help page lists them all); the global keys always stay. The widths
// are counted on the plain text, so the line is drawn once per frame.
func HelpLine(th *Theme, screen, global []key.Binding, w int) string {
	const sep = " · "
	sepW := ansi.StringWidth(sep) // cells, not bytes: "·" is two bytes
	width := func(b key.Binding) int {
		return ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc)
	}
	used := 1
	for i, b := range global {
		if i > 0 {
			used += sepW
		}
		used += width(b)
	}
	var shown []key.Binding
	for _, b := range screen {
		if !b.Enabled() {
			continue
		}
		n := width(b) + sepW
		if used+n > w {
			break
		}
		shown = append(shown, b)
		used += n
	}
	h := help.New()
	h.ShortSeparator = sep
	h.Styles.ShortKey = th.HelpKey
	h.Styles.ShortDesc = th.Help
	h.Styles.ShortSeparator = th.Help
	h.Styles.Ellipsis = th.Help
	return ansi.Truncate(" "+h.ShortHelpView(append(shown, global...)), w, "")
}

// HelpPage lists every key of the screen and the global keys, one a line,
// with what it does.
func HelpPage(th *Theme, lang, intro string, screen []key.Binding, g GlobalKeys, w int) string {
	var b strings.Builder
	b.WriteString("\n" + Wrap(th.Text, intro, w-4, "  ") + "\n\n")
	line := func(k, what string) {
		// The explanation wraps under itself: a sentence is never cut.
		for i, l := range WrapLines(what, w-17) {
			lead := "  " + th.HelpKey.Render(PadRight(k, 12)) + " "
			if i > 0 {
				lead = strings.Repeat(" ", 15)
			}
			b.WriteString(lead + th.Text.Render(l) + "\n")
		}
	}
	for _, k := range screen {
		if k.Enabled() {
			line(k.Help().Key, k.Help().Desc)
		}
	}
	b.WriteString("\n")
	for _, k := range []key.Binding{g.Help, g.Resident, g.Contrast, g.Lock, g.Quit} {
		line(k.Help().Key, g.Long(lang, k))
	}
	return b.String()
}
