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

// decimals is the number of decimals a figure is published with.
func (f Figure) decimals() int {
	if f.ID == "turnaround_p90" {
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

// legend explains the marks, in lang.
func legend(r *Report, lang string) [][2]string {
	t := strconv.Itoa(r.Threshold)
	return [][2]string{
		{"<" + t, label("1 tot en met "+strconv.Itoa(r.Threshold-1)+": kleine aantallen worden niet getoond.",
			"1 to "+strconv.Itoa(r.Threshold-1)+": small counts are not shown.").In(lang)},
		{"x", label("Verborgen zodat een klein aantal niet uit de totalen is terug te rekenen.",
			"Hidden so that a small count cannot be worked out from the totals.").In(lang)},
		{dash, label("Percentages en gemiddelden alleen bij "+strconv.Itoa(r.MinN)+" of meer intakes, en alleen als ze geen verborgen aantal verraden.",
			"Percentages and means only with "+strconv.Itoa(r.MinN)+" or more intakes, and only if they give away no hidden count.").In(lang)},
	}
}

func period(r *Report, lang string) string {
	if r.From == "" {
		return label("geen gegevens", "no data").In(lang)
	}
	return string(r.From) + label(" t/m ", " to ").In(lang) + string(r.To)
}

// hasShares reports whether the table has a percentage column (its rows
// add up to a published total).
func (t *Table) hasShares() bool {
	_, ok := t.TotalRow()
	return ok && !t.Multi && !t.Withheld && t.ID != "domain_step"
}
