// Package components holds pieces of screen used by more than one screen:
// the confirmation before anything is erased, the status line, the
// passphrase field.
package components

import (
	"strings"

	"github.com/spreekuur/spreekuur/tui/common"
)

// Confirm renders a question asked before something is erased: the
// question, what goes (one item a line), and how to answer. Only j (or y
// in English) says yes; the screen treats any other key as no.
func Confirm(ctx *common.Context, question string, items []string, w int) string {
	th := ctx.Theme
	var b strings.Builder
	b.WriteString("\n  " + th.Error.Render(ctx.Text(common.TConfirmTitle)) + "\n\n")
	b.WriteString(common.Wrap(th.Label, question, w-6, "  ") + "\n")
	if len(items) > 0 {
		b.WriteString("\n")
		for _, it := range items {
			lines := common.WrapLines(it, w-10)
			for i, l := range lines {
				lead := "    • "
				if i > 0 {
					lead = "      "
				}
				b.WriteString(lead + th.Text.Render(l) + "\n")
			}
		}
	}
	b.WriteString("\n" + common.Wrap(th.Notice, ctx.Text(common.TConfirmHint), w-6, "  ") + "\n")
	return b.String()
}
