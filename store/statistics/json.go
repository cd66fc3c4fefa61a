package statistics

import (
	"encoding/json"
	"io"
	"strconv"
	"time"
)

// JSONFormat and JSONVersion identify the JSON export (docs/STATISTICS.md).
const (
	JSONFormat  = "spreekuur-statistics"
	JSONVersion = 1
)

type jsonReport struct {
	Format    string       `json:"format"`
	Version   int          `json:"version"`
	Lang      string       `json:"lang"`
	Generated string       `json:"generated,omitempty"`
	From      string       `json:"from"`
	To        string       `json:"to"`
	Threshold int          `json:"threshold"`
	MinN      int          `json:"min_n"`
	Tables    []jsonTable  `json:"tables"`
	Figures   []jsonFigure `json:"figures"`
}

type jsonTable struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Category string       `json:"category"`
	Note     string       `json:"note,omitempty"`
	Multi    bool         `json:"multi"`
	Withheld bool         `json:"withheld"`
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
// {"suppressed": true, "display": "<10", "why": "small"|"secondary"|"withheld"}.
type jsonCell struct {
	c         Cell
	threshold int
}

func (j jsonCell) MarshalJSON() ([]byte, error) {
	if j.c.Visible() {
		return strconv.AppendInt(nil, int64(j.c.N), 10), nil
	}
	return json.Marshal(struct {
		Suppressed bool   `json:"suppressed"`
		Display    string `json:"display"`
		Why        Hidden `json:"why"`
	}{true, j.c.Text(j.threshold), j.c.Hidden})
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
		From: string(r.From), To: string(r.To), Threshold: r.Threshold, MinN: r.MinN,
		Tables: make([]jsonTable, 0, len(r.Tables)), Figures: make([]jsonFigure, 0, len(r.Figures)),
	}
	if !o.Generated.IsZero() {
		out.Generated = o.Generated.Format(time.DateOnly)
	}
	for ti := range r.Tables {
		t := &r.Tables[ti]
		jt := jsonTable{ID: t.ID, Title: t.Title.In(lang), Category: t.Category.In(lang), Note: t.Note.In(lang),
			Multi: t.Multi, Withheld: t.Withheld, Columns: []jsonColumn{}, Rows: []jsonRow{}}
		for _, c := range t.Columns {
			jt.Columns = append(jt.Columns, jsonColumn{c.Key, c.Label.In(lang)})
		}
		shares := t.hasShares()
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
	return enc.Encode(out)
}
