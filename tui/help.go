package tui

import "strings"

// renderHelp is the help page (? or F1): the keys of the current screen and
// those that work everywhere, each with a plain explanation.
func renderHelp(e *env, cur screen, w, h int) string {
	tx, th := e.tx, e.th
	var b strings.Builder
	b.WriteString("\n" + wrapIndent(th.Text, tx.get(tHelpIntro), w-4, "  ") + "\n\n")
	if e.isKompaan() {
		b.WriteString(wrapIndent(th.Text, tx.get(tKompaanRule), w-4, "  ") + "\n\n")
	}
	line := func(k, what string) {
		b.WriteString("  " + th.HelpKey.Render(padRight(k, 10)) + " " + th.Text.Render(what) + "\n")
	}
	for _, it := range cur.help() {
		line(it.key, it.what)
	}
	b.WriteString("\n")
	line("F2", tx.get(tHelpResidentView))
	line("ctrl+t", tx.get(tHelpContrast))
	line("ctrl+l", tx.get(tHelpLockLong))
	line("ctrl+c", tx.get(tHelpQuitLong))
	return b.String()
}
