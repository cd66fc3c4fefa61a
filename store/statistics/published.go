package statistics

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
)

// published is what a report publishes before it is laid out: every
// non-zero count after perturbation, keyed by table, row and column, and
// the figures computed from true values (already rounded). The first time
// a report is exported, this is kept in the vault (sealed with the
// statistics key) for its months; every later report over the same months
// is built from it, so a period's published figures never change — not
// when an old intake is edited, closed, imported or unlinked (docs/
// STATISTICS.md, "Published figures stay"). It holds no record keys and
// no true counts.
type published struct {
	V       int                 `json:"v"`
	From    intake.Month        `json:"from"`
	To      intake.Month        `json:"to"`
	Date    string              `json:"published,omitempty"` // YYYY-MM-DD of the first export
	Counts  map[string]int      `json:"counts"`
	Figures map[string]*float64 `json:"figures"`
}

const publishedVersion = 1

// maxPublished bounds what decodePublished reads: a year's report holds a
// few hundred counts.
const maxPublished = 1 << 20

func cellID(table, row, col string) string { return table + "|" + row + "|" + col }

// errPublished is wrapped by every problem decoding kept figures.
var errPublished = errors.New("statistics: the published figures kept in the vault are not valid")

// knownFigures are the figures a published record may hold.
var knownFigures = map[string]bool{"appreciation_mean": true, "turnaround_median": true, "turnaround_p90": true}

// decodePublished reads kept figures strictly: the version, months, and
// every key and value checked, nothing unknown.
func decodePublished(b []byte) (*published, error) {
	if len(b) > maxPublished {
		return nil, fmt.Errorf("%w: %d bytes", errPublished, len(b))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var p published
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%w: %v", errPublished, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the record", errPublished)
	}
	switch {
	case p.V != publishedVersion:
		return nil, fmt.Errorf("%w: version %d", errPublished, p.V)
	case !p.From.Valid() || !p.To.Valid() || p.From > p.To:
		return nil, fmt.Errorf("%w: months %q to %q", errPublished, p.From, p.To)
	case p.Date != "" && !validDate(p.Date):
		return nil, fmt.Errorf("%w: date %q", errPublished, p.Date)
	}
	if p.Counts == nil {
		p.Counts = map[string]int{}
	}
	for k, v := range p.Counts {
		parts := strings.Split(k, "|")
		if len(parts) != 3 || !validKeyPart(parts[0], false) || !validKeyPart(parts[1], true) || !validKeyPart(parts[2], true) {
			return nil, fmt.Errorf("%w: cell %q", errPublished, k)
		}
		if v <= 0 || v > 1e9 {
			return nil, fmt.Errorf("%w: count %d", errPublished, v)
		}
	}
	if p.Figures == nil {
		p.Figures = map[string]*float64{}
	}
	for k, v := range p.Figures {
		if !knownFigures[k] || (v != nil && (math.IsNaN(*v) || *v < 0 || *v > 1e6)) {
			return nil, fmt.Errorf("%w: figure %q", errPublished, k)
		}
	}
	return &p, nil
}

// validKeyPart: what the tables key rows and columns with — codes, age
// bands ("45_66"), months, steps, numbers — or "" (unknown, where allowed):
// lower-case letters, digits, '_' and '-', at most 32 bytes.
func validKeyPart(s string, empty bool) bool {
	if s == "" {
		return empty
	}
	if len(s) > intake.MaxCodeLen {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func validDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	return intake.Month(s[:7]).Valid() && s[8] >= '0' && s[8] <= '3' && s[9] >= '0' && s[9] <= '9'
}

func (p *published) encode() ([]byte, error) { return json.Marshal(p) }

// count is the published count of a cell (0 if none was kept).
func (p *published) count(table, row, col string) int { return p.Counts[cellID(table, row, col)] }

// rows and cols list the row and column keys a table has counts for.
func (p *published) rows(table string) map[string]bool { return p.keys(table, 1) }
func (p *published) cols(table string) map[string]bool { return p.keys(table, 2) }

func (p *published) keys(table string, part int) map[string]bool {
	out := map[string]bool{}
	for k := range p.Counts {
		if parts := strings.SplitN(k, "|", 3); len(parts) == 3 && parts[0] == table {
			out[parts[part]] = true
		}
	}
	return out
}
