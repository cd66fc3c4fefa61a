package statistics

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// utf8BOM makes Excel read the file as UTF-8.
const utf8BOM = "\ufeff"

// WriteCSV writes the report in long format for Dutch Excel: UTF-8 with a
// byte-order mark, semicolons, CRLF line ends, decimal commas. Every line
// is one number: table;category;subcategory;value;percentage;note. The
// subcategory is the column of the table (e.g. the scale step); hidden
// counts are "<10", figures not given are "–" with the reason as
// the note. See docs/STATISTICS.md.
func WriteCSV(w io.Writer, r *Report, o RenderOptions) error {
	lang := o.lang()
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	put := func(fields ...string) {
		for i, f := range fields {
			fields[i] = csvSafe(f)
		}
		_ = cw.Write(fields) // errors surface at Flush
	}
	put(label("tabel", "table").In(lang), label("categorie", "category").In(lang), label("subcategorie", "subcategory").In(lang),
		label("waarde", "value").In(lang), label("percentage", "percentage").In(lang), label("toelichting", "note").In(lang))

	about := label("Over dit bestand", "About this file").In(lang)
	put(about, label("Periode", "Period").In(lang), "", period(r, lang), "", "")
	if r.Provisional {
		put(about, label("Voorlopig", "Provisional").In(lang), "", label("ja", "yes").In(lang), "", provisionalNote.In(lang))
	}
	put(about, label("Drempel", "Threshold").In(lang), "", strconv.Itoa(r.Threshold), "", label("Aantallen onder de drempel worden niet getoond.", "Counts below the threshold are not shown.").In(lang))
	put(about, label("Vastgesteld", "Fixed").In(lang), "", r.Published, "", publishedNote(r, lang))
	if !o.Generated.IsZero() {
		put(about, label("Gemaakt op", "Generated").In(lang), "", o.Generated.Format(time.DateOnly), "", "")
	}
	for _, l := range legend(r, lang) {
		put(about, label("Teken", "Mark").In(lang), "", l[0], "", l[1])
	}

	for ti := range r.Tables {
		t := &r.Tables[ti]
		title := t.Title.In(lang)
		shares := t.HasShares()
		for ri, row := range t.Rows {
			for ci, col := range t.Columns {
				pct, note := "", ""
				if shares && ci == 0 {
					v, why := t.Share(ri, 0, r.MinN)
					if why == ReasonNone {
						pct = number(v, 1, true)
					} else {
						pct = dash
					}
				}
				if ci == 0 && ri == 0 && t.Note.In(lang) != "" {
					note = t.Note.In(lang)
				}
				put(title, row.Label.In(lang), col.Label.In(lang), row.Cells[ci].Text(r.Threshold), pct, note)
			}
		}
	}

	figures := label("Kengetallen", "Key figures").In(lang)
	for _, f := range r.Figures {
		value, note := dash, f.Reason.Explain(lang)
		if f.Reason == ReasonNone {
			value = number(f.Value, f.decimals(), true)
			note = "n = " + f.N.Text(r.Threshold)
		}
		pct := ""
		if f.Unit == UnitPercent {
			value, pct = "", value
		}
		put(figures, f.Label.In(lang), "", value, pct, note)
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a field as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
