package statistics

import (
	"cmp"
	"slices"

	"github.com/spreekuur/spreekuur/intake"
)

// category is a row before protection: a code, its name and its count.
type category struct {
	key   string
	label intake.Text
	n     int
}

var (
	unknownLabel = label("Onbekend", "Unknown")
	totalLabel   = label("Totaal", "Total")
	countColumn  = []Column{{Key: "intakes", Label: label("Intakes", "Intakes")}}
)

// categories lists the catalogue's codes in catalogue order, then codes the
// catalogue does not know (from a local override file) sorted, then
// unknown (""); each with its count. Every catalogue code is listed, also
// with a count of zero, so tables keep their shape from month to month.
func categories[K ~string](counts map[K]int, known []K, name func(K) intake.Text, withUnknown bool) []category {
	out := make([]category, 0, len(known)+2)
	seen := make(map[K]bool, len(known))
	for _, k := range known {
		seen[k] = true
		out = append(out, category{string(k), name(k), counts[k]})
	}
	var extra []category
	for k, n := range counts {
		if k != "" && !seen[k] {
			extra = append(extra, category{string(k), label(string(k), string(k)), n})
		}
	}
	slices.SortFunc(extra, func(a, b category) int { return cmp.Compare(a.key, b.key) })
	out = append(out, extra...)
	if withUnknown {
		out = append(out, category{"", unknownLabel, counts[""]})
	}
	return out
}

func codes[T any, K ~string](list []T, code func(T) K) []K {
	out := make([]K, len(list))
	for i, x := range list {
		out[i] = code(x)
	}
	return out
}

// Report applies disclosure control to the counts and returns the report.
// cat supplies names (nil: the embedded catalogue).
func (a *Aggregator) Report(cat *intake.Catalogue) *Report {
	if cat == nil {
		cat = intake.DefaultCatalogue()
	}
	t := a.opt.threshold()
	r := &Report{From: a.opt.From, To: a.opt.To, Threshold: t, MinN: max(MinN, t)}
	if r.From == "" || r.To == "" {
		for m := range a.months {
			if r.From == "" || m < r.From {
				r.From = m
			}
			if r.To == "" || m > r.To {
				r.To = m
			}
		}
		if a.opt.From != "" {
			r.From = a.opt.From
		}
		if a.opt.To != "" {
			r.To = a.opt.To
		}
	}
	nCell := protectOne(a.n, t)

	// Overview: intakes and contacts; contacts are hidden with the intakes.
	contacts := Cell{N: a.contacts}
	if !nCell.Visible() {
		contacts = Cell{Hidden: Secondary}
	}
	r.Tables = append(r.Tables, Table{
		ID: "overview", Title: label("Overzicht", "Overview"), Category: label("Wat", "What"),
		Columns: []Column{{Key: "value", Label: label("Aantal", "Number")}},
		Rows: []Row{
			{Key: "intakes", Label: label("Intakes", "Intakes"), Cells: []Cell{nCell}},
			{Key: "contacts", Label: label("Contacten", "Contacts"), Cells: []Cell{contacts}},
		},
	})
	r.Tables = append(r.Tables, a.monthTable(r.From, r.To, t))

	oneWay := func(id string, title, head intake.Text, cats []category) {
		r.Tables = append(r.Tables, singleTable(id, title, head, cats, a.n, t, true))
	}
	oneWay("location", label("Locatie", "Location"), label("Locatie", "Location"),
		categories(a.location, codes(cat.Locations, func(l intake.Location) intake.LocationCode { return l.Code }),
			func(c intake.LocationCode) intake.Text { l, _ := cat.Location(c); return l.Name }, true))
	oneWay("route", label("Hoe bij ons gekomen", "Route in"), label("Route", "Route"),
		categories(a.route, codes(cat.Routes, func(x intake.Route) intake.RouteCode { return x.Code }),
			func(c intake.RouteCode) intake.Text { x, _ := cat.Route(c); return x.Name }, true))
	r.Tables = append(r.Tables, multiTable("target_group", label("Doelgroep", "Target group"), label("Doelgroep", "Target group"),
		append(categories(a.target, codes(cat.TargetGroups, func(x intake.TargetGroup) intake.TargetGroupCode { return x.Code }),
			func(c intake.TargetGroupCode) intake.Text { x, _ := cat.TargetGroup(c); return x.Name }, false),
			category{"", label("Niet vastgelegd", "Not recorded"), a.noTarget}), t,
		label("Eén intake kan bij meer doelgroepen horen; doelgroepen worden alleen met toestemming vastgelegd.",
			"One intake can belong to several target groups; target groups are recorded only with consent.")))
	oneWay("age_band", label("Leeftijdsgroep", "Age band"), label("Leeftijd", "Age"),
		categories(a.age, intake.AgeBands(), ageLabel, true))
	oneWay("question_type", label("Soort vraag", "Question type"), label("Soort vraag", "Question type"),
		categories(a.qtype, codes(cat.QuestionTypes, func(x intake.QuestionType) intake.QuestionTypeCode { return x.Code }),
			func(c intake.QuestionTypeCode) intake.Text { x, _ := cat.QuestionType(c); return x.Name }, true))
	oneWay("kompaan", label("Kompaan aanwezig", "Kompaan present"), label("Kompaan", "Kompaan"), []category{
		{"yes", label("Ja", "Yes"), a.kompaan[1]},
		{"no", label("Nee", "No"), a.kompaan[0]},
	})
	oneWay("status", label("Stand van de intake", "Status of the intake"), label("Stand", "Status"), []category{
		{string(intake.StatusDraft), label("Concept", "Draft"), a.status[intake.StatusDraft]},
		{string(intake.StatusOpen), label("Lopend", "Open"), a.status[intake.StatusOpen]},
		{string(intake.StatusClosed), label("Afgesloten", "Closed"), a.status[intake.StatusClosed]},
	})
	r.Tables = append(r.Tables, a.domainTable(cat, t))
	r.Tables = append(r.Tables, multiTable("clarified", label("Domeinen uitgediept", "Domains clarified in depth"), label("Domein", "Domain"),
		categories(a.clarified, codes(cat.Domains, func(x intake.Domain) intake.DomainCode { return x.Code }),
			func(c intake.DomainCode) intake.Text { x, _ := cat.Domain(c); return x.Name }, false), t,
		label("Eén intake kan bij meer domeinen horen.", "One intake can count for several domains.")))

	appr := make([]category, 5)
	for s := 1; s <= 5; s++ {
		appr[s-1] = category{string(rune('0' + s)), label(string(rune('0'+s)), string(rune('0'+s))), a.appreciation[s]}
	}
	answered := a.appreciation[1] + a.appreciation[2] + a.appreciation[3] + a.appreciation[4] + a.appreciation[5]
	apprTable := singleTable("appreciation", label("Waardering (1 = slecht, 5 = heel goed)", "Appreciation (1 = poor, 5 = very good)"),
		label("Cijfer", "Score"), appr, answered, t, false)
	apprTable.Rows[len(apprTable.Rows)-1].Label = label("Totaal beantwoord", "Total answered")
	r.Tables = append(r.Tables, apprTable)

	answers := func(id string, title intake.Text, m map[intake.Answer]int) *Table {
		cats := []category{
			{string(intake.AnswerYes), label("Ja", "Yes"), m[intake.AnswerYes]},
			{string(intake.AnswerPartly), label("Een beetje", "Partly"), m[intake.AnswerPartly]},
			{string(intake.AnswerNo), label("Nee", "No"), m[intake.AnswerNo]},
		}
		tb := singleTable(id, title, label("Antwoord", "Answer"), cats, cats[0].n+cats[1].n+cats[2].n, t, false)
		tb.Rows[len(tb.Rows)-1].Label = label("Totaal beantwoord", "Total answered")
		r.Tables = append(r.Tables, tb)
		return &r.Tables[len(r.Tables)-1]
	}
	answers("state_better", label("Kan de vraag nu beter verwoorden", "Can state the question better now"), a.better)
	answers("more_control", label("Heeft meer regie", "Feels more in control"), a.control)

	r.Figures = a.figures(r)
	return r
}

// protectOne protects a single count that is published on its own.
func protectOne(n, t int) Cell {
	if n >= 1 && n < t {
		return Cell{Hidden: Small}
	}
	return Cell{N: n}
}

func cellOf(g *grid, i int) Cell {
	switch g.state[i] {
	case statePrimary:
		return Cell{Hidden: Small}
	case stateSecondary:
		return Cell{Hidden: Secondary}
	}
	return Cell{N: g.val[i]}
}

// singleTable is a table whose rows add up to total (each intake in exactly
// one row). The total is published, so it is part of the equation; when it
// is the overall number of intakes it is published elsewhere too and is
// never hidden as a secondary cell.
func singleTable(id string, title, head intake.Text, cats []category, total, t int, fixedTotal bool) Table {
	vals := make([]int, len(cats)+1)
	parts := make([]int, len(cats))
	for i, c := range cats {
		vals[i], parts[i] = c.n, i
	}
	tot := len(cats)
	vals[tot] = total
	g := newGrid(vals)
	g.fixed[tot] = fixedTotal
	g.addEq(tot, parts)
	ok := g.protect(t)
	tb := Table{ID: id, Title: title, Category: head, Columns: countColumn}
	for i, c := range cats {
		tb.Rows = append(tb.Rows, Row{Key: c.key, Label: c.label, Cells: []Cell{cellOf(g, i)}})
	}
	tb.Rows = append(tb.Rows, Row{Key: "total", Label: totalLabel, Cells: []Cell{cellOf(g, tot)}, Total: true})
	if !ok {
		withhold(&tb)
	}
	return tb
}

// multiTable is a table where one intake can be in several rows or none:
// no total is published, so there is no equation to solve and primary
// suppression is enough.
func multiTable(id string, title, head intake.Text, cats []category, t int, note intake.Text) Table {
	tb := Table{ID: id, Title: title, Category: head, Columns: countColumn, Multi: true, Note: note}
	for _, c := range cats {
		tb.Rows = append(tb.Rows, Row{Key: c.key, Label: c.label, Cells: []Cell{protectOne(c.n, t)}})
	}
	return tb
}

// withhold hides every cell of a table that no pattern protects.
func withhold(tb *Table) {
	tb.Withheld = true
	for i := range tb.Rows {
		for j := range tb.Rows[i].Cells {
			tb.Rows[i].Cells[j] = Cell{Hidden: Withheld}
		}
	}
}

// monthTable counts intakes and contacts per month. The intakes column adds
// up to the overall number of intakes. A month's contacts are hidden
// whenever its intakes are; the contacts column is then protected on its
// own, knowing that a month has at least as many contacts as intakes.
func (a *Aggregator) monthTable(from, to intake.Month, t int) Table {
	var months []intake.Month
	if from != "" && to != "" {
		months = monthsBetween(from, to)
	}
	cats := make([]category, len(months))
	for i, m := range months {
		n := 0
		if c := a.months[m]; c != nil {
			n = c[0]
		}
		cats[i] = category{string(m), label(string(m), string(m)), n}
	}
	tb := singleTable("month", label("Per maand", "By month"), label("Maand", "Month"), cats, a.n, t, true)
	tb.Columns = []Column{countColumn[0], {Key: "contacts", Label: label("Contacten", "Contacts")}}

	vals := make([]int, len(months)+1)
	parts := make([]int, len(months))
	for i, m := range months {
		if c := a.months[m]; c != nil {
			vals[i] = c[1]
		}
		parts[i] = i
	}
	tot := len(months)
	vals[tot] = a.contacts
	g := newGrid(vals)
	g.addEq(tot, parts)
	g.fixed[tot] = true
	for i := range vals {
		in := tb.Rows[i].Cells[0]
		switch in.Hidden {
		case Shown:
			g.floor[i] = max(in.N, 1)
		case Small:
			g.floor[i] = 1
			g.state[i] = stateSecondary
		default:
			g.floor[i] = t
			g.state[i] = stateSecondary
		}
	}
	ok := g.secondary(t) && !tb.Withheld
	for i := range tb.Rows {
		tb.Rows[i].Cells = append(tb.Rows[i].Cells, cellOf(g, i))
	}
	if !ok {
		withhold(&tb)
	}
	return tb
}

// domainTable counts, per domain, the intakes where it was discussed, by
// scale step: a two-way table with row totals (discussed), column totals
// (by step) and a grand total (domain mentions), protected as a whole.
func (a *Aggregator) domainTable(cat *intake.Catalogue, t int) Table {
	steps := []intake.Scale{intake.GoesWell, intake.MostlyFine, intake.Worries, intake.Serious, intake.Urgent}
	counts := map[intake.DomainCode]int{}
	for d := range a.domains {
		counts[d] = 1 // presence only: categories() lists the codes
	}
	cats := categories(counts, codes(cat.Domains, func(x intake.Domain) intake.DomainCode { return x.Code }),
		func(c intake.DomainCode) intake.Text { x, _ := cat.Domain(c); return x.Name }, false)
	R, C := len(cats), len(steps)
	// Layout: body R×C, then row totals R, then column totals C, then grand.
	body := func(i, j int) int { return i*C + j }
	rowTot := func(i int) int { return R*C + i }
	colTot := func(j int) int { return R*C + R + j }
	grand := R*C + R + C
	vals := make([]int, grand+1)
	for i, c := range cats {
		st := a.domains[intake.DomainCode(c.key)]
		for j, s := range steps {
			if st != nil {
				v := st[s]
				vals[body(i, j)] += v
				vals[rowTot(i)] += v
				vals[colTot(j)] += v
				vals[grand] += v
			}
		}
	}
	g := newGrid(vals)
	rowParts := make([]int, R)
	for i := range R {
		parts := make([]int, C)
		for j := range C {
			parts[j] = body(i, j)
		}
		g.addEq(rowTot(i), parts)
		rowParts[i] = rowTot(i)
	}
	colParts := make([]int, C)
	for j := range C {
		parts := make([]int, R)
		for i := range R {
			parts[i] = body(i, j)
		}
		g.addEq(colTot(j), parts)
		colParts[j] = colTot(j)
	}
	g.addEq(grand, rowParts)
	g.addEq(grand, colParts)
	ok := g.protect(t)

	tb := Table{ID: "domain_step", Title: label("Levensdomeinen besproken, naar stap", "Life domains discussed, by step"),
		Category: label("Domein", "Domain"),
		Note: label("Per domein het aantal intakes waarin het besproken is, naar de stap op de schaal; één intake telt bij elk besproken domein.",
			"Per domain the number of intakes in which it was discussed, by step on the scale; one intake counts for every domain discussed.")}
	for _, s := range steps {
		tb.Columns = append(tb.Columns, Column{Key: "step" + string(rune('0'+int(s))), Label: cat.Step(s).Name})
	}
	tb.Columns = append(tb.Columns, Column{Key: "discussed", Label: label("Besproken", "Discussed")})
	for i, c := range cats {
		row := Row{Key: c.key, Label: c.label}
		for j := range C {
			row.Cells = append(row.Cells, cellOf(g, body(i, j)))
		}
		row.Cells = append(row.Cells, cellOf(g, rowTot(i)))
		tb.Rows = append(tb.Rows, row)
	}
	totRow := Row{Key: "total", Label: totalLabel, Total: true}
	for j := range C {
		totRow.Cells = append(totRow.Cells, cellOf(g, colTot(j)))
	}
	totRow.Cells = append(totRow.Cells, cellOf(g, grand))
	tb.Rows = append(tb.Rows, totRow)
	if !ok {
		withhold(&tb)
	}
	return tb
}

func ageLabel(b intake.AgeBand) intake.Text {
	switch b {
	case intake.AgeUnder18:
		return label("Jonger dan 18", "Under 18")
	case intake.Age18to26:
		return label("18 tot en met 26", "18 to 26")
	case intake.Age27to44:
		return label("27 tot en met 44", "27 to 44")
	case intake.Age45to66:
		return label("45 tot en met 66", "45 to 66")
	case intake.Age67Plus:
		return label("67 en ouder", "67 and over")
	}
	return unknownLabel
}

// figures computes the summary figures. Each is given only when its base is
// published and at least MinN, and when it cannot reveal a hidden count.
func (a *Aggregator) figures(r *Report) []Figure {
	var out []Figure
	// Appreciation mean: mean × n is the weighted sum of the distribution,
	// which with two hidden scores is an extra equation that can give them
	// away; so the mean is given only when no score count is hidden.
	appr, _ := r.Table("appreciation")
	tot, _ := appr.TotalRow()
	f := Figure{ID: "appreciation_mean", Label: label("Waardering, gemiddeld (1–5)", "Appreciation, mean (1–5)"), Unit: UnitScore, N: tot.Cells[0]}
	f.Reason = baseReason(tot.Cells[0], r.MinN)
	if f.Reason == ReasonNone {
		for _, row := range appr.Rows {
			if !row.Cells[0].Visible() {
				f.Reason = ReasonSuppressed
			}
		}
	}
	if f.Reason == ReasonNone {
		sum := 0
		for s := 1; s <= 5; s++ {
			sum += s * a.appreciation[s]
		}
		f.Value = float64(sum) / float64(tot.Cells[0].N)
	}
	out = append(out, f)

	// Turnaround of closed intakes: no distribution is published, so the
	// median and 90th percentile reveal nothing beyond themselves; they
	// need MinN closed intakes.
	status, _ := r.Table("status")
	var closed Cell
	for _, row := range status.Rows {
		if row.Key == string(intake.StatusClosed) {
			closed = row.Cells[0]
		}
	}
	med := Figure{ID: "turnaround_median", Label: label("Doorlooptijd afgesloten intakes, mediaan (dagen)", "Turnaround of closed intakes, median (days)"), Unit: UnitDays, N: closed}
	p90 := Figure{ID: "turnaround_p90", Label: label("Doorlooptijd afgesloten intakes, 90e percentiel (dagen)", "Turnaround of closed intakes, 90th percentile (days)"), Unit: UnitDays, N: closed}
	med.Reason = baseReason(closed, r.MinN)
	p90.Reason = med.Reason
	if med.Reason == ReasonNone {
		med.Value = median(a.turnaround, a.closed)
		p90.Value = float64(percentile(a.turnaround, a.closed, 90))
	}
	out = append(out, med, p90)

	for _, s := range []struct {
		id, table string
		name      intake.Text
	}{
		{"state_better_yes", "state_better", label("Kan de vraag nu beter verwoorden: ja (%)", "Can state the question better now: yes (%)")},
		{"more_control_yes", "more_control", label("Heeft meer regie: ja (%)", "Feels more in control: yes (%)")},
	} {
		tb, _ := r.Table(s.table)
		tot, _ := tb.TotalRow()
		f := Figure{ID: s.id, Label: s.name, Unit: UnitPercent, N: tot.Cells[0]}
		f.Value, f.Reason = tb.Share(0, 0, r.MinN)
		if f.Reason == ReasonSuppressed && !tot.Cells[0].Visible() {
			f.Reason = baseReason(tot.Cells[0], r.MinN)
		}
		out = append(out, f)
	}
	return out
}

// baseReason says whether a figure over n intakes may be given.
func baseReason(n Cell, minN int) Reason {
	switch {
	case n.Hidden == Small:
		return ReasonFewCases
	case !n.Visible():
		return ReasonSuppressed
	case n.N == 0:
		return ReasonNoData
	case n.N < minN:
		return ReasonFewCases
	}
	return ReasonNone
}
