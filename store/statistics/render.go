package statistics

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// Format is an output format of Write.
type Format string

const (
	FormatCSV  Format = "csv"
	FormatJSON Format = "json"
	FormatHTML Format = "html"
)

// ParseFormat accepts csv, json or html.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case FormatCSV, FormatJSON, FormatHTML:
		return f, nil
	}
	return "", fmt.Errorf("the format must be csv, json or html, not %q", s)
}

// RenderOptions are shared by the renderers.
type RenderOptions struct {
	Lang      string    // "nl" (default) or "en"
	Generated time.Time // when the export was made; zero leaves it out
}

func (o RenderOptions) lang() string { return intake.NormLang(o.Lang) }

// Write renders the report in format f.
func Write(w io.Writer, r *Report, f Format, o RenderOptions) error {
	switch f {
	case FormatCSV:
		return WriteCSV(w, r, o)
	case FormatJSON:
		return WriteJSON(w, r, o)
	case FormatHTML:
		return WriteHTML(w, r, o)
	}
	return fmt.Errorf("statistics: unknown format %q", f)
}

// round rounds to the given number of decimals, halves away from zero.
func round(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(v*p) / p
}

// decimals is the number of decimals a figure is published with: days
// are whole (rounded to RoundDays), means and percentages have one.
func (f Figure) decimals() int {
	if f.Unit == UnitDays {
		return 0
	}
	return 1
}

// number formats v with the given decimals and a decimal comma (comma=true)
// or point.
func number(v float64, decimals int, comma bool) string {
	s := strconv.FormatFloat(round(v, decimals), 'f', decimals, 64)
	if comma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// dash is shown where a percentage or figure is not given.
const dash = "–"

// legend explains the marks and the method, in lang.
func legend(r *Report, lang string) [][2]string {
	t := strconv.Itoa(r.Threshold)
	return [][2]string{
		{"<" + t, label("Minder dan "+t+" (0 meegeteld): kleine aantallen worden niet getoond.",
			"Fewer than "+t+" (0 included): small counts are not shown.").In(lang)},
		{label("ruis", "noise").In(lang), methodNote.In(lang)},
		{dash, label("Percentages alleen bij "+strconv.Itoa(r.MinN)+" of meer intakes; gemiddelden, medianen en percentielen bij "+strconv.Itoa(r.MinFigureN)+" of meer.",
			"Percentages only with "+strconv.Itoa(r.MinN)+" or more intakes; means, medians and percentiles with "+strconv.Itoa(r.MinFigureN)+" or more.").In(lang)},
	}
}

// methodNote says what the perturbation does to every number, and that
// totals are perturbed on their own (so rows need not add up to them).
var methodNote = label(
	"Elk aantal is met een kleine afwijking gepubliceerd (ten hoogste "+strconv.Itoa(PTableMaxDeviation)+" meer of minder; 1 en 2 komen niet voor), zodat niemand uit verschillen tussen tabellen of perioden te herleiden is. Totalen hebben hun eigen afwijking: de rijen tellen niet altijd precies op tot het totaal.",
	"Every count is published with a small deviation (at most "+strconv.Itoa(PTableMaxDeviation)+" more or less; 1 and 2 never appear), so that no one can be traced from differences between tables or periods. Totals have their own deviation: rows do not always add up exactly to the total.")

// period names the period and the months counted: "2026-Q3 (2026-07 t/m
// 2026-09)", and for a period that is not over "2026-Q4, voorlopig:
// 2026-10 t/m 2026-10".
func period(r *Report, lang string) string {
	months := string(r.From) + label(" t/m ", " to ").In(lang) + string(r.To)
	if r.Provisional {
		return r.Period.String() + label(", voorlopig: ", ", provisional: ").In(lang) + months
	}
	if r.From == r.To {
		return r.Period.String()
	}
	return r.Period.String() + " (" + months + ")"
}

// provisionalNote explains a provisional report.
var provisionalNote = label(
	"Voorlopig: de periode is nog niet voorbij. Alleen de maanden die al voorbij zijn, zijn geteld.",
	"Provisional: the period is not over yet. Only the months that are over are counted.")

// publishedNote says since when the figures are fixed.
func publishedNote(r *Report, lang string) string {
	if r.Published == "" {
		return label("Nog niet eerder geëxporteerd.", "Not exported before.").In(lang)
	}
	return label("Vastgesteld bij de eerste export op ", "Fixed at the first export on ").In(lang) + r.Published +
		label(": latere exports van deze maanden geven dezelfde cijfers.", ": later exports of these months give the same figures.").In(lang)
}

// HasShares reports whether the table has a percentage column (its rows
// split a published total).
func (t *Table) HasShares() bool {
	_, ok := t.TotalRow()
	return ok && !t.Multi && t.ID != "domain_step"
}
