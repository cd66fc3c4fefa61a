package statistics

import (
	"fmt"
	"html"
	"io"
	"strings"
	"time"
)

// htmlStyle is the whole style sheet: no fonts, images or anything else
// from outside the file. Printed, charts keep their colour and tables are
// not split across pages where it can be avoided.
const htmlStyle = `
:root { color-scheme: light; }
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 52rem; padding: 0 1rem; color: #1a1a1a; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .4rem; border-bottom: 1px solid #bbb; }
p.meta, p.note { color: #444; margin: .2rem 0 .6rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: .15rem .5rem; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #eef2f5; }
tr.total td { font-weight: bold; border-top: 2px solid #888; }
dl.legend { display: grid; grid-template-columns: 4rem 1fr; gap: .1rem .8rem; }
dl.legend dt { font-weight: bold; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg.chart .bar { fill: #2b5d8a; }
svg.chart text { font-size: 12px; fill: #1a1a1a; }
p.provisional { font-weight: bold; border: 2px solid #a15c00; background: #fff4e0; padding: .4rem .6rem; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; }
  svg.chart .bar { fill: #2b5d8a; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`

// WriteHTML writes one self-contained HTML page: inline style, inline SVG
// bar charts, no scripts and no references to anything outside the file.
func WriteHTML(w io.Writer, r *Report, o RenderOptions) error {
	lang := o.lang()
	comma := lang == "nl"
	var b strings.Builder
	esc := html.EscapeString
	title := label("Statistieken spreekuur", "Consultation hour statistics").In(lang) + " " + r.Period.String()
	if r.Provisional {
		title += label(" (voorlopig)", " (provisional)").In(lang)
	}
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
		lang, esc(title), htmlStyle)
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(title))
	if r.Provisional {
		fmt.Fprintf(&b, "<p class=\"provisional\">%s</p>\n", esc(provisionalNote.In(lang)))
	}
	fmt.Fprintf(&b, "<p class=\"meta\">%s: %s. %s: %d. %s",
		esc(label("Periode", "Period").In(lang)), esc(period(r, lang)),
		esc(label("Drempel", "Threshold").In(lang)), r.Threshold, esc(publishedNote(r, lang)))
	if !o.Generated.IsZero() {
		fmt.Fprintf(&b, " %s: %s.", esc(label("Gemaakt op", "Generated").In(lang)), o.Generated.Format(time.DateOnly))
	}
	b.WriteString("</p>\n<dl class=\"legend\">\n")
	for _, l := range legend(r, lang) {
		fmt.Fprintf(&b, "<dt>%s</dt><dd>%s</dd>\n", esc(l[0]), esc(l[1]))
	}
	b.WriteString("</dl>\n")

	// Key figures first: what a reader looks for.
	fmt.Fprintf(&b, "<section>\n<h2>%s</h2>\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>n</th></tr></thead>\n<tbody>\n",
		esc(label("Kengetallen", "Key figures").In(lang)), esc(label("Kengetal", "Figure").In(lang)), esc(label("Waarde", "Value").In(lang)))
	for _, f := range r.Figures {
		value := dash
		if f.Reason == ReasonNone {
			value = number(f.Value, f.decimals(), comma)
			if f.Unit == UnitPercent {
				value += "%"
			}
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td title=\"%s\">%s</td><td>%s</td></tr>\n",
			esc(f.Label.In(lang)), esc(f.Reason.Explain(lang)), esc(value), esc(f.N.Text(r.Threshold)))
	}
	b.WriteString("</tbody>\n</table>\n</section>\n")

	for ti := range r.Tables {
		writeHTMLTable(&b, r, &r.Tables[ti], lang, comma)
	}
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeHTMLTable(b *strings.Builder, r *Report, t *Table, lang string, comma bool) {
	esc := html.EscapeString
	fmt.Fprintf(b, "<section id=\"%s\">\n<h2>%s</h2>\n", esc(t.ID), esc(t.Title.In(lang)))
	if n := t.Note.In(lang); n != "" {
		fmt.Fprintf(b, "<p class=\"note\">%s</p>\n", esc(n))
	}
	if t.ID != "overview" {
		writeChart(b, r, t, lang)
	}
	shares := t.HasShares()
	fmt.Fprintf(b, "<table>\n<thead><tr><th>%s</th>", esc(t.Category.In(lang)))
	for _, c := range t.Columns {
		fmt.Fprintf(b, "<th>%s</th>", esc(c.Label.In(lang)))
	}
	if shares {
		b.WriteString("<th>%</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for ri, row := range t.Rows {
		if row.Total {
			b.WriteString("<tr class=\"total\">")
		} else {
			b.WriteString("<tr>")
		}
		fmt.Fprintf(b, "<td>%s</td>", esc(row.Label.In(lang)))
		for _, c := range row.Cells {
			fmt.Fprintf(b, "<td>%s</td>", esc(c.Text(r.Threshold)))
		}
		if shares {
			v, why := t.Share(ri, 0, r.MinN)
			if why == ReasonNone {
				fmt.Fprintf(b, "<td>%s</td>", number(v, 1, comma))
			} else {
				fmt.Fprintf(b, "<td title=\"%s\">%s</td>", esc(why.Explain(lang)), dash)
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n</section>\n")
}

// writeChart draws a horizontal bar chart of the table's main column
// (Table.MainColumn). Hidden counts get no bar, only their mark, so a
// chart never shows more than the table.
func writeChart(b *strings.Builder, r *Report, t *Table, lang string) {
	col := t.MainColumn()
	var rows []Row
	maxN := 0
	for _, row := range t.Rows {
		if row.Total {
			continue
		}
		rows = append(rows, row)
		if c := row.Cells[col]; c.Visible() && c.N > maxN {
			maxN = c.N
		}
	}
	if len(rows) == 0 {
		return
	}
	const (
		width, labelW, barH, gap, valueW = 640, 230, 16, 6, 50
		barMax                           = width - labelW - valueW
	)
	height := len(rows)*(barH+gap) + gap
	esc := html.EscapeString
	fmt.Fprintf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">\n",
		width, height, width, height, esc(t.Title.In(lang)))
	for i, row := range rows {
		y := gap + i*(barH+gap)
		c := row.Cells[col]
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelW-8, y+barH-4, esc(truncate(row.Label.In(lang), 34)))
		w := 0
		if c.Visible() && maxN > 0 {
			w = c.N * barMax / maxN
			if c.N > 0 && w == 0 {
				w = 1
			}
			fmt.Fprintf(b, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"></rect>", labelW, y, w, barH)
		}
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\">%s</text>\n", labelW+w+6, y+barH-4, esc(c.Text(r.Threshold)))
	}
	b.WriteString("</svg>\n")
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
