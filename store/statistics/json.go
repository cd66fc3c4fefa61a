package statistics

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"time"
)

// JSONFormat and JSONVersion identify the JSON export (docs/STATISTICS.md).
const (
	JSONFormat  = "spreekuur-statistics"
	JSONVersion = 2
)

type jsonReport struct {
	Format      string       `json:"format"`
	Version     int          `json:"version"`
	Lang        string       `json:"lang"`
	Generated   string       `json:"generated,omitempty"`
	Period      string       `json:"period"`
	From        string       `json:"from"`
	To          string       `json:"to"`
	Provisional bool         `json:"provisional"`
	Published   string       `json:"published,omitempty"`
	Threshold   int          `json:"threshold"`
	MinN        int          `json:"min_n"`
	MinFigureN  int          `json:"min_figure_n"`
	Method      jsonMethod   `json:"method"`
	Notes       []string     `json:"notes"`
	Tables      []jsonTable  `json:"tables"`
	Figures     []jsonFigure `json:"figures"`
}

// jsonMethod states the perturbation so a reader can take it into
// account (its table is in docs/STATISTICS.md).
type jsonMethod struct {
	Name            string `json:"name"`
	MaxDeviation    int    `json:"max_deviation"`
	Variance        int    `json:"variance"`
	Blocked         []int  `json:"never_published"`
	TotalsPerturbed bool   `json:"totals_perturbed_separately"`
}

type jsonTable struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Category string       `json:"category"`
	Note     string       `json:"note,omitempty"`
	Multi    bool         `json:"multi"`
	Columns  []jsonColumn `json:"columns"`
	Rows     []jsonRow    `json:"rows"`
}

type jsonColumn struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

type jsonRow struct {
	Key   string     `json:"key"`
	Label string     `json:"label"`
	Total bool       `json:"total,omitempty"`
	Cells []jsonCell `json:"cells"`
	// Share is the percentage of the first column's total (tables whose
	// rows add up only); null when not given.
	Share *float64 `json:"share,omitempty"`
	// ShareReason says why the share is null.
	ShareReason Reason `json:"share_reason,omitempty"`
}

// jsonCell is a number, or for a hidden count an object
// {"suppressed": true, "display": "<10", "why": "small"}.
type jsonCell struct {
	c         Cell
	threshold int
}

func (j jsonCell) MarshalJSON() ([]byte, error) {
	if j.c.Visible() {
		return strconv.AppendInt(nil, int64(j.c.N), 10), nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(struct {
		Suppressed bool   `json:"suppressed"`
		Display    string `json:"display"`
		Why        Hidden `json:"why"`
	}{true, j.c.Text(j.threshold), j.c.Hidden})
	return bytes.TrimSpace(b.Bytes()), err
}

type jsonFigure struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"`
	Unit   Unit     `json:"unit"`
	Value  *float64 `json:"value"` // null when not given
	Reason Reason   `json:"reason,omitempty"`
	N      jsonCell `json:"n"`
}

// WriteJSON writes the report as one JSON document (docs/STATISTICS.md).
func WriteJSON(w io.Writer, r *Report, o RenderOptions) error {
	lang := o.lang()
	out := jsonReport{
		Format: JSONFormat, Version: JSONVersion, Lang: lang,
		Period: r.Period.String(), From: string(r.From), To: string(r.To), Provisional: r.Provisional, Published: r.Published,
		Threshold: r.Threshold, MinN: r.MinN, MinFigureN: r.MinFigureN,
		Method: jsonMethod{Name: "cell-key perturbation", MaxDeviation: PTableMaxDeviation, Variance: PTableVariance,
			Blocked: []int{1, PTableBlocked}, TotalsPerturbed: true},
		Notes:  []string{methodNote.In(lang), publishedNote(r, lang)},
		Tables: make([]jsonTable, 0, len(r.Tables)), Figures: make([]jsonFigure, 0, len(r.Figures)),
	}
	if r.Provisional {
		out.Notes = append([]string{provisionalNote.In(lang)}, out.Notes...)
	}
	if !o.Generated.IsZero() {
		out.Generated = o.Generated.Format(time.DateOnly)
	}
	for ti := range r.Tables {
		t := &r.Tables[ti]
		jt := jsonTable{ID: t.ID, Title: t.Title.In(lang), Category: t.Category.In(lang), Note: t.Note.In(lang),
			Multi: t.Multi, Columns: []jsonColumn{}, Rows: []jsonRow{}}
		for _, c := range t.Columns {
			jt.Columns = append(jt.Columns, jsonColumn{c.Key, c.Label.In(lang)})
		}
		shares := t.HasShares()
		for ri, row := range t.Rows {
			jr := jsonRow{Key: row.Key, Label: row.Label.In(lang), Total: row.Total}
			for _, c := range row.Cells {
				jr.Cells = append(jr.Cells, jsonCell{c, r.Threshold})
			}
			if shares {
				if v, why := t.Share(ri, 0, r.MinN); why == ReasonNone {
					v = round(v, 1)
					jr.Share = &v
				} else {
					jr.ShareReason = why
				}
			}
			jt.Rows = append(jt.Rows, jr)
		}
		out.Tables = append(out.Tables, jt)
	}
	for _, f := range r.Figures {
		jf := jsonFigure{ID: f.ID, Label: f.Label.In(lang), Unit: f.Unit, Reason: f.Reason, N: jsonCell{f.N, r.Threshold}}
		if f.Reason == ReasonNone {
			v := round(f.Value, f.decimals())
			jf.Value = &v
		}
		out.Figures = append(out.Figures, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "<10", not "\u003c10"
	return enc.Encode(out)
}
