package components

import (
	"fmt"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/tui/common"
)

// Progress draws a bar for done of total in w cells, with the count after
// it ("142 van 10.000"). It holds no state: the screen keeps the numbers.
// The bar is made of characters, so it reads the same without colours.
func Progress(ctx *common.Context, done, total, w int) string {
	total = max(total, 1)
	done = min(max(done, 0), total)
	of := " van "
	if ctx.Lang == intake.LangEN {
		of = " of "
	}
	count := Count(ctx.Lang, done) + of + Count(ctx.Lang, total)
	barW := max(10, w-len([]rune(count))-1)
	full := barW * done / total
	bar := strings.Repeat("█", full) + strings.Repeat("░", barW-full)
	return ctx.Theme.Notice.Render(bar) + " " + ctx.Theme.Text.Render(count)
}

// Count writes n with the thousands separator of lang: 10.000 in Dutch,
// 10,000 in English.
func Count(lang string, n int) string {
	s := fmt.Sprint(n)
	sep := "."
	if lang == intake.LangEN {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && c != '-' && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}
