package statistics

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
)

// rec is a closed statistics record with sensible defaults.
func rec(month string, mod func(*intake.StatRecord)) intake.StatRecord {
	r := intake.StatRecord{
		V: intake.StatVersion, Month: intake.Month(month), Location: "library", Route: "poster",
		AgeBand: intake.Age27to44, QuestionType: intake.QuestionAccess, Status: intake.StatusClosed, Closed: true,
		TurnaroundDays: 10, Appreciation: 4, StateBetter: intake.AnswerYes, MoreControl: intake.AnswerYes, Contacts: 2,
		Domains: []intake.DomainStep{{Domain: "money", Scale: intake.Worries}},
	}
	if mod != nil {
		mod(&r)
	}
	return r
}

func many(n int, month string, mod func(*intake.StatRecord)) []intake.StatRecord {
	out := make([]intake.StatRecord, n)
	for i := range out {
		out[i] = rec(month, mod)
	}
	return out
}

func cell(t *testing.T, r *Report, table, row string, col int) Cell {
	t.Helper()
	tb, ok := r.Table(table)
	if !ok {
		t.Fatalf("no table %q", table)
	}
	for _, rw := range tb.Rows {
		if rw.Key == row {
			return rw.Cells[col]
		}
	}
	t.Fatalf("table %q has no row %q", table, row)
	return Cell{}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		opt     Options
		wantErr error
	}{
		{Options{}, nil},
		{Options{Threshold: 5}, nil},
		{Options{Threshold: 4}, ErrThreshold},
		{Options{Threshold: 1}, ErrThreshold},
		{Options{Threshold: -3}, ErrThreshold},
		{Options{From: "2025-13"}, ErrMonthRange},
		{Options{From: "2025-06", To: "2025-01"}, ErrMonthRange},
		{Options{From: "2025-01", To: "2025-01"}, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.opt), func(t *testing.T) {
			_, err := NewAggregator(tt.opt)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestAggregateCounts(t *testing.T) {
	var recs []intake.StatRecord
	recs = append(recs, many(30, "2025-01", nil)...)
	recs = append(recs, many(20, "2025-02", func(r *intake.StatRecord) {
		r.Location, r.Kompaan, r.TurnaroundDays, r.Appreciation = "shelter", true, 30, 5
	})...)
	recs = append(recs, many(3, "2025-03", func(r *intake.StatRecord) { r.Location = "phone" })...)
	recs = append(recs, many(5, "2024-12", nil)...) // outside the range
	r, err := Aggregate(recs, Options{From: "2025-01", To: "2025-03"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		table, row string
		col        int
		want       Cell
	}{
		{"overview", "intakes", 0, Cell{N: 53}},
		{"overview", "contacts", 0, Cell{N: 106}},
		{"month", "2025-01", 0, Cell{N: 30}},
		{"month", "2025-02", 0, Cell{Hidden: Secondary}}, // the next smallest after the small March
		{"month", "2025-03", 0, Cell{Hidden: Small}},
		{"month", "2025-03", 1, Cell{Hidden: Secondary}}, // contacts hidden with the intakes
		{"month", "2025-01", 1, Cell{N: 60}},
		{"month", "total", 1, Cell{N: 106}},
		{"month", "total", 0, Cell{N: 53}},
		{"location", "library", 0, Cell{N: 30}},
		{"location", "shelter", 0, Cell{Hidden: Secondary}}, // next smallest after the small "phone"
		{"location", "phone", 0, Cell{Hidden: Small}},
		{"location", "office", 0, Cell{N: 0}}, // zeros are shown
		{"kompaan", "yes", 0, Cell{N: 20}},
		{"status", "closed", 0, Cell{N: 53}},
		{"domain_step", "money", 2, Cell{N: 53}},
		{"appreciation", "5", 0, Cell{N: 20}},
	}
	for _, tt := range tests {
		if got := cell(t, r, tt.table, tt.row, tt.col); got != tt.want {
			t.Errorf("%s/%s[%d] = %+v, want %+v", tt.table, tt.row, tt.col, got, tt.want)
		}
	}
	// Month range rows: every month of the range, none outside it.
	if tb, _ := r.Table("month"); len(tb.Rows) != 4 {
		t.Errorf("month rows %d, want 3 months and a total", len(tb.Rows))
	}
	if r.From != "2025-01" || r.To != "2025-03" {
		t.Errorf("range %s..%s", r.From, r.To)
	}
	// Turnaround: 33 × 10 days, 20 × 30 days → median 10, p90 30.
	med, _ := r.Figure("turnaround_median")
	p90, _ := r.Figure("turnaround_p90")
	if med.Reason != ReasonNone || med.Value != 10 || p90.Value != 30 {
		t.Errorf("turnaround median %v (%s), p90 %v", med.Value, med.Reason, p90.Value)
	}
	// Appreciation: 33 × 4, 20 × 5; no score hidden (1–3 are zero).
	mean, _ := r.Figure("appreciation_mean")
	if want := float64(33*4+20*5) / 53; mean.Reason != ReasonNone || mean.Value != want {
		t.Errorf("appreciation mean %v (%s), want %v", mean.Value, mean.Reason, want)
	}
	if f, _ := r.Figure("state_better_yes"); f.Reason != ReasonNone || f.Value != 100 {
		t.Errorf("state better %v %s", f.Value, f.Reason)
	}
}

func TestMedianPercentile(t *testing.T) {
	tests := []struct {
		days     []int
		med      float64
		p90, p50 int
	}{
		{[]int{5}, 5, 5, 5},
		{[]int{1, 3}, 2, 3, 1},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9, 5},
		{[]int{0, 0, 0, 100}, 0, 100, 0},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10, 6},
	}
	for _, tt := range tests {
		var hist []int
		for _, d := range tt.days {
			for d >= len(hist) {
				hist = append(hist, 0)
			}
			hist[d]++
		}
		n := len(tt.days)
		if got := median(hist, n); got != tt.med {
			t.Errorf("%v: median %v, want %v", tt.days, got, tt.med)
		}
		if got := percentile(hist, n, 90); got != tt.p90 {
			t.Errorf("%v: p90 %v, want %v", tt.days, got, tt.p90)
		}
		if got := percentile(hist, n, 50); got != tt.p50 {
			t.Errorf("%v: p50 %v, want %v", tt.days, got, tt.p50)
		}
	}
}

// TestSmallBases: below MinN there is no percentage and no mean; and a
// mean that could give away hidden score counts is not given either.
func TestSmallBases(t *testing.T) {
	t.Run("n below 10", func(t *testing.T) {
		r, _ := Aggregate(many(7, "2025-01", nil), Options{}, nil)
		for _, f := range r.Figures {
			if f.Reason == ReasonNone {
				t.Errorf("figure %s given with n=7: %v", f.ID, f.Value)
			}
		}
		for ti := range r.Tables {
			tb := &r.Tables[ti]
			for ri := range tb.Rows {
				if tb.hasShares() {
					if _, why := tb.Share(ri, 0, r.MinN); why == ReasonNone {
						t.Errorf("%s: a percentage with n=7", tb.ID)
					}
				}
			}
		}
		if c := cell(t, r, "overview", "intakes", 0); c.Hidden != Small || c.N != 0 {
			t.Errorf("overall count 7 published as %+v", c)
		}
	})
	t.Run("percentile needs 10 closed", func(t *testing.T) {
		recs := many(40, "2025-01", func(r *intake.StatRecord) {
			r.Status, r.Closed, r.TurnaroundDays = intake.StatusOpen, false, 0
		})
		recs = append(recs, many(9, "2025-01", nil)...)
		r, _ := Aggregate(recs, Options{}, nil)
		if f, _ := r.Figure("turnaround_median"); f.Reason == ReasonNone {
			t.Errorf("median over 9 closed intakes given")
		}
	})
	t.Run("mean hidden when a score is hidden", func(t *testing.T) {
		recs := many(40, "2025-01", nil)
		recs = append(recs, many(2, "2025-01", func(r *intake.StatRecord) { r.Appreciation = 1 })...)
		recs = append(recs, many(12, "2025-01", func(r *intake.StatRecord) { r.Appreciation = 2 })...)
		r, _ := Aggregate(recs, Options{}, nil)
		if f, _ := r.Figure("appreciation_mean"); f.Reason != ReasonSuppressed {
			t.Errorf("mean %v reason %q, want suppressed", f.Value, f.Reason)
		}
	})
	t.Run("share of a hidden count", func(t *testing.T) {
		recs := many(40, "2025-01", func(r *intake.StatRecord) { r.StateBetter = intake.AnswerNo })
		recs = append(recs, many(3, "2025-01", nil)...) // 3 × yes
		r, _ := Aggregate(recs, Options{}, nil)
		if f, _ := r.Figure("state_better_yes"); f.Reason != ReasonSuppressed {
			t.Errorf("share of 3 yes given: %v %q", f.Value, f.Reason)
		}
	})
}

// TestReportTablesSafe checks every published table of reports on random
// data: no small count shown, no hidden value by subtraction from a total.
func TestReportTablesSafe(t *testing.T) {
	cat := intake.DefaultCatalogue()
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 7))
		recs := randomRecords(rng, cat, 20+rng.IntN(200))
		thr := 5 + rng.IntN(8)
		r, err := Aggregate(recs, Options{Threshold: thr}, cat)
		if err != nil {
			t.Fatal(err)
		}
		for ti := range r.Tables {
			tb := &r.Tables[ti]
			for _, row := range tb.Rows {
				for _, c := range row.Cells {
					if c.Visible() && c.N > 0 && c.N < thr {
						t.Errorf("seed %d: %s %s shows %d", seed, tb.ID, row.Key, c.N)
					}
					if !c.Visible() && c.N != 0 {
						t.Errorf("seed %d: hidden cell carries its value", seed)
					}
				}
			}
			if tb.Multi || tb.Withheld {
				continue
			}
			// Columns: a visible total with exactly one hidden body cell.
			tot, ok := tb.TotalRow()
			if !ok {
				continue
			}
			for col := range tb.Columns {
				hidden := 0
				for _, row := range tb.Rows {
					if !row.Cells[col].Visible() {
						hidden++
					}
				}
				if hidden == 1 {
					t.Errorf("seed %d: %s column %d: one hidden cell, derivable from the total %v", seed, tb.ID, col, tot.Cells[col])
				}
			}
			if tb.ID == "domain_step" { // rows with their row total
				for _, row := range tb.Rows {
					hidden := 0
					for _, c := range row.Cells {
						if !c.Visible() {
							hidden++
						}
					}
					if hidden == 1 {
						t.Errorf("seed %d: domain row %s: one hidden cell", seed, row.Key)
					}
				}
			}
		}
	}
}

func randomRecords(rng *rand.Rand, cat *intake.Catalogue, n int) []intake.StatRecord {
	out := make([]intake.StatRecord, n)
	for i := range out {
		r := intake.StatRecord{V: intake.StatVersion, Contacts: 1 + rng.IntN(4), Status: intake.StatusOpen}
		r.Month = intake.Month(fmt.Sprintf("2025-%02d", 1+rng.IntN(12)))
		if rng.IntN(10) > 0 {
			r.Location = cat.Locations[rng.IntN(min(3, len(cat.Locations)))].Code
		}
		r.Route = cat.Routes[rng.IntN(len(cat.Routes))].Code
		r.QuestionType = cat.QuestionTypes[rng.IntN(3)].Code
		r.AgeBand = intake.AgeBands()[rng.IntN(5)]
		if rng.IntN(2) == 0 {
			r.TargetGroups = []intake.TargetGroupCode{cat.TargetGroups[rng.IntN(len(cat.TargetGroups))].Code}
		}
		for j := 0; j < 1+rng.IntN(4); j++ {
			d := cat.Domains[rng.IntN(6)].Code
			dup := false
			for _, x := range r.Domains {
				dup = dup || x.Domain == d
			}
			if !dup {
				r.Domains = append(r.Domains, intake.DomainStep{Domain: d, Scale: intake.Scale(1 + rng.IntN(5))})
			}
		}
		r.Kompaan = rng.IntN(3) == 0
		if rng.IntN(2) == 0 {
			r.Status, r.Closed, r.TurnaroundDays = intake.StatusClosed, true, rng.IntN(90)
			r.Appreciation = 1 + rng.IntN(5)
			r.StateBetter = []intake.Answer{intake.AnswerYes, intake.AnswerPartly, intake.AnswerNo}[rng.IntN(3)]
		}
		out[i] = r
	}
	return out
}

func sampleReport(t testing.TB) *Report {
	rng := rand.New(rand.NewPCG(1, 2))
	r, err := Aggregate(randomRecords(rng, intake.DefaultCatalogue(), 400), Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCSV(t *testing.T) {
	r := sampleReport(t)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	cr := csv.NewReader(bytes.NewReader(data[3:]))
	cr.Comma = ';'
	lines, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	if got := strings.Join(lines[0], ";"); got != "tabel;categorie;subcategorie;waarde;percentage;toelichting" {
		t.Errorf("header %q", got)
	}
	commas, small := 0, 0
	for _, l := range lines[1:] {
		if len(l) != 6 {
			t.Fatalf("line with %d fields: %q", len(l), l)
		}
		if strings.Contains(l[4], ".") || strings.Contains(l[3], ".") {
			t.Errorf("decimal point in %q", l)
		}
		if strings.Contains(l[4], ",") {
			commas++
		}
		if l[3] == "<10" {
			small++
		}
	}
	if commas == 0 || small == 0 {
		t.Errorf("expected decimal commas (%d) and hidden cells (%d) in the sample", commas, small)
	}
	if !bytes.Contains(data, []byte("\r\n")) || !strings.Contains(string(data), "Geld en schulden") {
		t.Error("no CRLF line ends or no Dutch domain names")
	}
	buf.Reset()
	_ = WriteCSV(&buf, r, RenderOptions{Lang: "en"})
	if !strings.Contains(buf.String(), "table;category;subcategory;value;percentage;note") || !strings.Contains(buf.String(), "Money and debts") {
		t.Error("English CSV lacks English labels")
	}
}

func TestJSON(t *testing.T) {
	r := sampleReport(t)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Format    string `json:"format"`
		Version   int    `json:"version"`
		Threshold int    `json:"threshold"`
		Tables    []struct {
			ID   string `json:"id"`
			Rows []struct {
				Cells []json.RawMessage `json:"cells"`
			} `json:"rows"`
		} `json:"tables"`
		Figures []struct {
			ID     string   `json:"id"`
			Value  *float64 `json:"value"`
			Reason string   `json:"reason"`
		} `json:"figures"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if doc.Format != JSONFormat || doc.Version != 1 || doc.Threshold != 10 || len(doc.Tables) != len(r.Tables) {
		t.Fatalf("header %+v", doc)
	}
	hidden := 0
	for _, tb := range doc.Tables {
		for _, row := range tb.Rows {
			for _, c := range row.Cells {
				var n int
				if json.Unmarshal(c, &n) == nil {
					continue
				}
				var s struct {
					Suppressed bool   `json:"suppressed"`
					Display    string `json:"display"`
					Why        string `json:"why"`
				}
				if err := json.Unmarshal(c, &s); err != nil || !s.Suppressed || (s.Display != "<10" && s.Display != "x") {
					t.Fatalf("cell %s", c)
				}
				hidden++
			}
		}
	}
	if hidden == 0 {
		t.Error("no hidden cells in the sample")
	}
	for _, f := range doc.Figures {
		if (f.Value == nil) == (f.Reason == "") {
			t.Errorf("figure %s: value %v reason %q", f.ID, f.Value, f.Reason)
		}
	}
}

func TestHTMLSelfContained(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		r := sampleReport(t)
		var buf bytes.Buffer
		if err := WriteHTML(&buf, r, RenderOptions{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		doc := strings.ToLower(buf.String())
		for _, bad := range []string{"http://", "https://", "//", "<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "href="} {
			if strings.Contains(doc, bad) {
				t.Errorf("%s: HTML contains %q", lang, bad)
			}
		}
		for _, want := range []string{"<!doctype html>", "<svg", "<rect", "@media print", `<html lang="` + lang + `">`} {
			if !strings.Contains(doc, want) {
				t.Errorf("%s: HTML lacks %q", lang, want)
			}
		}
	}
}

func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2025-01", "2025-13", "", "1999-01", "2025-1", "२०२५-०१"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err != nil {
			return
		}
		if string(m) != s || len(s) != 7 || !m.Valid() {
			t.Fatalf("accepted %q as %q", s, m)
		}
		if got := monthsBetween(m, m); len(got) != 1 || got[0] != m {
			t.Fatalf("monthsBetween(%q) = %v", m, got)
		}
	})
}

// BenchmarkAggregate100k counts 100,000 records and builds the protected
// report: the work of one export after the records are decoded.
func BenchmarkAggregate100k(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	recs := randomRecords(rng, intake.DefaultCatalogue(), 100_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Aggregate(recs, Options{}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeAggregate100k adds decoding each record from its binary encoding
// with intake.DecodeStatRecord, as Load does after decryption.
func BenchmarkDecodeAggregate100k(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	recs := randomRecords(rng, intake.DefaultCatalogue(), 100_000)
	enc := make([][]byte, len(recs))
	for i, r := range recs {
		var err error
		if enc[i], err = r.MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		a, _ := NewAggregator(Options{})
		for _, e := range enc {
			r, err := intake.DecodeStatRecord(e)
			if err != nil {
				b.Fatal(err)
			}
			a.Add(&r)
		}
		_ = a.Report(nil)
	}
}
