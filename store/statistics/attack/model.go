package attack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store/statistics"
)

// Cell names a count: a table, a row and a column, as the JSON export keys
// them (version 2 names; version 1 cells are translated, see canonical).
type Cell struct{ Table, Row, Col string }

func (c Cell) String() string { return c.Table + "/" + c.Row + "/" + c.Col }

// Export is one statistics export as any reader has it.
type Export struct {
	Version   int // 1: before issue 11 (suppression); 2: cell-key perturbation
	From, To  intake.Month
	Threshold int
	Values    map[Cell]string // every cell's text: "12", "<10", "x"
}

// ReadExport reads a JSON statistics export of version 1 or 2.
func ReadExport(data []byte) (*Export, error) {
	var doc struct {
		Format    string `json:"format"`
		Version   int    `json:"version"`
		From      string `json:"from"`
		To        string `json:"to"`
		Threshold int    `json:"threshold"`
		Tables    []struct {
			ID      string `json:"id"`
			Columns []struct {
				Key string `json:"key"`
			} `json:"columns"`
			Rows []struct {
				Key   string            `json:"key"`
				Cells []json.RawMessage `json:"cells"`
			} `json:"rows"`
		} `json:"tables"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Format != statistics.JSONFormat || (doc.Version != 1 && doc.Version != 2) {
		return nil, fmt.Errorf("attack: not a statistics export (%q version %d)", doc.Format, doc.Version)
	}
	e := &Export{Version: doc.Version, From: intake.Month(doc.From), To: intake.Month(doc.To), Threshold: doc.Threshold, Values: map[Cell]string{}}
	for _, t := range doc.Tables {
		for _, r := range t.Rows {
			for i, raw := range r.Cells {
				var text string
				if n, err := strconv.Atoi(string(raw)); err == nil {
					text = strconv.Itoa(n)
				} else {
					var h struct {
						Display string `json:"display"`
						Why     string `json:"why"`
					}
					if err := json.Unmarshal(raw, &h); err != nil {
						return nil, err
					}
					text = h.Display
					if h.Why == "withheld" { // version 1: a whole table hidden, zeros too
						text = "withheld"
					}
				}
				e.Values[Cell{t.ID, r.Key, t.Columns[i].Key}] = text
			}
		}
	}
	return e, nil
}

// big bounds a count from above where nothing smaller is known.
const big = 1e6

// Bounds is what a cell's text tells about its true count: the published
// method, as documented, applied backwards. A version 1 number was the
// true count; "<t" was 1 to t-1; "x" at least t. A version 2 number p is
// the true count perturbed by the table (statistics.TrueRange), "<t" a
// perturbed count below t, 0 included (statistics.HiddenRange).
func (e *Export) Bounds(text string) (lo, hi float64, err error) {
	if strings.HasPrefix(text, "<") {
		t, err := strconv.Atoi(text[1:])
		if err != nil {
			return 0, 0, err
		}
		if e.Version == 1 {
			return 1, float64(t - 1), nil
		}
		l, h := statistics.HiddenRange(t)
		return float64(l), float64(h), nil
	}
	if text == "x" && e.Version == 1 {
		return float64(e.Threshold), big, nil
	}
	if text == "withheld" {
		return 0, big, nil
	}
	p, err := strconv.Atoi(text)
	if err != nil {
		return 0, 0, fmt.Errorf("attack: cell %q", text)
	}
	if e.Version == 1 {
		return float64(p), float64(p), nil
	}
	l, h := statistics.TrueRange(p)
	if l < 0 {
		return 0, 0, fmt.Errorf("attack: %d is never published", p)
	}
	return float64(l), float64(h), nil
}

// canonical maps an export's cell to the count it is, and the months it
// covers (nil: the export's). ok is false for a cell the attack leaves
// out: version 1 contacts, status and closure tables (their true counts
// are not in version 2 records, so they are neither attacked nor used —
// the attacker of version 1 exports is the weaker for it) and the
// different residents of version 2 (not a sum over months).
func canonical(version int, c Cell) (Cell, []intake.Month, bool) {
	if c.Table == "month" {
		if c.Col != "intakes" {
			return c, nil, false
		}
		overview := Cell{"overview", "intakes", "n"}
		if c.Row == "total" {
			return overview, nil, true
		}
		return overview, []intake.Month{intake.Month(c.Row)}, true
	}
	switch c.Table {
	case "location", "route", "age_band", "question_type", "kompaan":
		if c.Row == "total" {
			return Cell{"overview", "intakes", "n"}, nil, true
		}
		return c, nil, true
	case "target_group":
		return c, nil, true
	}
	if version == 1 {
		switch {
		case c.Table == "overview" && c.Row == "intakes":
			return Cell{"overview", "intakes", "n"}, nil, true
		case c.Table == "domain_step" && c.Row == "total" && c.Col == "discussed":
			return Cell{"mentions", "all", "n"}, nil, true
		case c.Table == "domain_step" && c.Row == "total":
			return Cell{"mentions", c.Col, "n"}, nil, true
		case c.Table == "domain_step":
			return c, nil, true
		case c.Table == "clarified":
			return Cell{"clarified", c.Row, "total"}, nil, true
		}
		return c, nil, false
	}
	if c.Table == "overview" && c.Row == "residents" {
		return c, nil, false
	}
	if c.Table == "contacts" && c.Row == "total" { // the closed intakes again
		return Cell{"overview", "closed", "n"}, nil, true
	}
	return c, nil, true
}

// Truth counts what every canonical cell truly is, per month, from the
// statistics records: an implementation of the tables of its own, so the
// attack tests do not grade the statistics package with its own code.
type Truth map[Cell]map[intake.Month]int

// NewTruth counts the records.
func NewTruth(recs []intake.StatRecord) Truth {
	t := Truth{}
	add := func(c Cell, m intake.Month) {
		if t[c] == nil {
			t[c] = map[intake.Month]int{}
		}
		t[c][m]++
	}
	for i := range recs {
		r := &recs[i]
		m := r.Month
		add(Cell{"overview", "intakes", "n"}, m)
		add(Cell{"location", string(r.Location), "intakes"}, m)
		add(Cell{"route", string(r.Route), "intakes"}, m)
		add(Cell{"age_band", string(r.AgeBand), "intakes"}, m)
		add(Cell{"question_type", string(r.QuestionType), "intakes"}, m)
		add(Cell{"kompaan", map[bool]string{true: "yes", false: "no"}[r.Kompaan], "intakes"}, m)
		if len(r.TargetGroups) == 0 {
			add(Cell{"target_group", "", "intakes"}, m)
		}
		for _, g := range r.TargetGroups {
			add(Cell{"target_group", string(g), "intakes"}, m)
		}
		var at [6]bool
		for _, d := range r.Domains {
			step := "step" + strconv.Itoa(int(d.Scale))
			add(Cell{"domain_step", string(d.Domain), step}, m)
			add(Cell{"domain_step", string(d.Domain), "discussed"}, m)
			add(Cell{"mentions", step, "n"}, m)
			add(Cell{"mentions", "all", "n"}, m)
			at[0], at[d.Scale] = true, true
		}
		for s, yes := range at {
			if yes {
				col := "discussed"
				if s > 0 {
					col = "step" + strconv.Itoa(s)
				}
				add(Cell{"domain_step", "total", col}, m)
			}
		}
		for _, d := range r.Clarified {
			add(Cell{"clarified", string(d), string(r.QuestionType)}, m)
			add(Cell{"clarified", string(d), "total"}, m)
		}
		places, outcomes := map[string]bool{}, map[string]bool{}
		for _, x := range r.Referrals {
			add(Cell{"referral", string(x.To), string(x.Outcome)}, m)
			places[string(x.To)], outcomes[string(x.Outcome)] = true, true
		}
		for p := range places {
			add(Cell{"referral", p, "total"}, m)
		}
		for o := range outcomes {
			add(Cell{"referral", "total", o}, m)
		}
		if len(r.Referrals) > 0 {
			add(Cell{"referral", "total", "total"}, m)
		}
		if !r.Closed {
			continue
		}
		cm := r.ClosedMonth
		add(Cell{"overview", "closed", "n"}, cm)
		if r.Appreciation > 0 {
			add(Cell{"appreciation", strconv.Itoa(r.Appreciation), "intakes"}, cm)
			add(Cell{"appreciation", "total", "intakes"}, cm)
		}
		for _, x := range []struct {
			table string
			a     intake.Answer
		}{{"state_better", r.StateBetter}, {"more_control", r.MoreControl}} {
			if x.a != intake.AnswerNone {
				add(Cell{x.table, string(x.a), "intakes"}, cm)
				add(Cell{x.table, "total", "intakes"}, cm)
			}
		}
		add(Cell{"contacts", [...]string{"", "1", "2", "3_5", "6plus"}[r.Contacts], "intakes"}, cm)
	}
	return t
}

// Of is the true count of c over the months.
func (t Truth) Of(c Cell, months []intake.Month) int {
	n := 0
	for _, m := range months {
		n += t[c][m]
	}
	return n
}

// Attacker collects exports as constraints on the true count of every
// cell in every month (the unknowns), then reports the narrowest interval
// each count of a period can be put in.
type Attacker struct {
	p      Problem
	leaves map[leaf]int
	months map[intake.Month]bool
	s      *Solver
}

type leaf struct {
	c Cell
	m intake.Month
}

// NewAttacker returns an attacker who knows nothing yet.
func NewAttacker() *Attacker {
	return &Attacker{leaves: map[leaf]int{}, months: map[intake.Month]bool{}}
}

func (a *Attacker) leaf(c Cell, m intake.Month) int {
	l := leaf{c, m}
	v, ok := a.leaves[l]
	if !ok {
		v = a.p.AddVar(0, big)
		a.leaves[l] = v
	}
	return v
}

func (a *Attacker) sum(c Cell, months []intake.Month) []int {
	out := make([]int, len(months))
	for i, m := range months {
		out[i] = a.leaf(c, m)
	}
	return out
}

// Add takes in what one export tells.
func (a *Attacker) Add(e *Export) error {
	all := monthsBetween(e.From, e.To)
	for _, m := range all {
		a.months[m] = true
	}
	for c, text := range e.Values {
		cc, months, ok := canonical(e.Version, c)
		if !ok {
			continue
		}
		if months == nil {
			months = all
		}
		lo, hi, err := e.Bounds(text)
		if err != nil {
			return fmt.Errorf("%s: %w", c, err)
		}
		if len(months) == 1 { // a single unknown: its own bounds
			v := a.leaf(cc, months[0])
			a.p.Lo[v], a.p.Hi[v] = max(a.p.Lo[v], lo), min(a.p.Hi[v], hi)
			continue
		}
		a.p.AddRow(a.sum(cc, months), nil, lo, hi)
	}
	return nil
}

// identities adds what a reader knows holds in every month whatever the
// numbers: the rows of a table split its total; a domain is discussed at
// one step; and so on (docs/STATISTICS.md, the tables).
func (a *Attacker) identities() {
	byTable := map[string]map[string][]Cell{} // table → row → cells seen
	for l := range a.leaves {
		c := l.c
		if byTable[c.Table] == nil {
			byTable[c.Table] = map[string][]Cell{}
		}
		if !containsCell(byTable[c.Table][c.Row], c) {
			byTable[c.Table][c.Row] = append(byTable[c.Table][c.Row], c)
		}
	}
	for m := range a.months {
		eq := func(total Cell, parts []Cell) {
			vars := []int{a.leaf(total, m)}
			coef := []float64{-1}
			for _, p := range parts {
				vars, coef = append(vars, a.leaf(p, m)), append(coef, 1)
			}
			a.p.AddRow(vars, coef, 0, 0)
		}
		for _, table := range []string{"location", "route", "age_band", "question_type", "kompaan"} {
			var parts []Cell
			for _, cells := range byTable[table] {
				parts = append(parts, cells...)
			}
			if len(parts) > 0 {
				eq(Cell{"overview", "intakes", "n"}, parts)
			}
		}
		for row, cells := range byTable["domain_step"] {
			if row == "total" {
				continue
			}
			var steps []Cell
			for _, c := range cells {
				if strings.HasPrefix(c.Col, "step") {
					steps = append(steps, c)
				}
			}
			eq(Cell{"domain_step", row, "discussed"}, steps)
		}
		if byTable["mentions"] != nil { // version 1: column totals were sums
			for s := 1; s <= 5; s++ {
				step := "step" + strconv.Itoa(s)
				var parts []Cell
				for row := range byTable["domain_step"] {
					if row != "total" {
						parts = append(parts, Cell{"domain_step", row, step})
					}
				}
				eq(Cell{"mentions", step, "n"}, parts)
			}
		}
		for row, cells := range byTable["clarified"] {
			var layers []Cell
			for _, c := range cells {
				if c.Col != "total" {
					layers = append(layers, c)
				}
			}
			if len(layers) > 0 {
				eq(Cell{"clarified", row, "total"}, layers)
			}
		}
		for _, table := range []string{"appreciation", "state_better", "more_control"} {
			var parts []Cell
			for row, cells := range byTable[table] {
				if row != "total" {
					parts = append(parts, cells...)
				}
			}
			if len(parts) > 0 {
				eq(Cell{table, "total", "intakes"}, parts)
			}
		}
		if cells := byTable["contacts"]; cells != nil {
			var parts []Cell
			for _, cs := range cells {
				parts = append(parts, cs...)
			}
			eq(Cell{"overview", "closed", "n"}, parts)
		}
	}
}

func containsCell(cs []Cell, c Cell) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// Solve finishes the model; call it after the last Add.
func (a *Attacker) Solve() error {
	a.identities()
	s, err := NewSolver(&a.p)
	a.s = s
	return err
}

// Interval is the narrowest interval of the true count of c over the
// months that every export together allows.
func (a *Attacker) Interval(c Cell, months []intake.Month) (lo, hi int, err error) {
	for _, m := range months {
		if _, ok := a.leaves[leaf{c, m}]; !ok {
			return 0, 0, fmt.Errorf("attack: %s in %s was never published", c, m)
		}
	}
	flo, fhi, err := a.s.Range(a.sum(c, months))
	if err != nil {
		return 0, 0, err
	}
	lo, hi = IntRange(flo, fhi)
	return max(lo, 0), hi, nil
}

func monthsBetween(from, to intake.Month) []intake.Month {
	var out []intake.Month
	for m := from; m != "" && m <= to; m = m.AddMonths(1) {
		out = append(out, m)
	}
	return out
}

// JSON renders a report as a reader gets it (the JSON export), to be read
// back with ReadExport.
func JSON(r *statistics.Report) ([]byte, error) {
	var b bytes.Buffer
	err := statistics.WriteJSON(&b, r, statistics.RenderOptions{Lang: "en"})
	return b.Bytes(), err
}
