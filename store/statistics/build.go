package statistics

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/spreekuur/spreekuur/intake"
)

// category is a row before it is laid out: a key (code, month …) and its name.
type category struct {
	key   string
	label intake.Text
}

var (
	unknownLabel = label("Onbekend", "Unknown")
	totalLabel   = label("Totaal", "Total")
	countColumn  = []Column{{Key: "intakes", Label: label("Intakes", "Intakes")}}
)

// categories lists the catalogue's codes in catalogue order, then codes the
// catalogue does not know (from a local override file) that have counts,
// sorted, then unknown ("") if withUnknown. Every catalogue code is listed,
// also without a count, so tables keep their shape from period to period.
func categories[K ~string](present map[string]bool, known []K, name func(K) intake.Text, withUnknown bool) []category {
	out := make([]category, 0, len(known)+2)
	seen := make(map[string]bool, len(known))
	for _, k := range known {
		seen[string(k)] = true
		out = append(out, category{string(k), name(k)})
	}
	var extra []category
	for k := range present {
		if k != "" && k != "total" && !seen[k] && intake.ValidCode(k) {
			extra = append(extra, category{k, label(k, k)})
		}
	}
	slices.SortFunc(extra, func(a, b category) int { return cmp.Compare(a.key, b.key) })
	out = append(out, extra...)
	if withUnknown {
		out = append(out, category{"", unknownLabel})
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

// builder lays out the published counts as tables.
type builder struct {
	p   *published
	t   int
	cat *intake.Catalogue
	r   *Report
}

// cell is a published count as shown at the minimum cell size: hidden
// below it, zero included (a zero that is shown would tell that a small
// count is not there; docs/STATISTICS.md, "Zeros").
func (b *builder) cell(table, row, col string) Cell {
	v := b.p.count(table, row, col)
	if v < b.t {
		return Cell{Hidden: Small}
	}
	return Cell{N: v}
}

// oneWay is a table whose rows split a published total: each intake in
// exactly one row. The total is its own perturbed count (the same cell,
// and so the same number, as totalCell everywhere it is published), so
// the rows need not add up to it.
func (b *builder) oneWay(id string, title, head intake.Text, cats []category, total Cell) Table {
	tb := Table{ID: id, Title: title, Category: head, Columns: countColumn}
	for _, c := range cats {
		tb.Rows = append(tb.Rows, Row{Key: c.key, Label: c.label, Cells: []Cell{b.cell(id, c.key, "intakes")}})
	}
	tb.Rows = append(tb.Rows, Row{Key: "total", Label: totalLabel, Cells: []Cell{total}, Total: true})
	return tb
}

// build lays out the report of published figures p over scope s at
// minimum cell size threshold; cat supplies the names (nil: the embedded
// catalogue).
func build(p *published, s Scope, threshold int, cat *intake.Catalogue) (*Report, error) {
	if threshold < MinThreshold || threshold > MaxThreshold {
		return nil, ErrThreshold
	}
	if cat == nil {
		cat = intake.DefaultCatalogue()
	}
	r := &Report{Period: s.Period, From: s.From, To: s.To, Provisional: s.Provisional, Published: p.Date,
		Threshold: threshold, MinN: max(MinN, threshold), MinFigureN: max(MinFigureN, threshold)}
	b := &builder{p: p, t: threshold, cat: cat, r: r}
	intakes, closed := b.cell("overview", "intakes", "n"), b.cell("overview", "closed", "n")

	r.Tables = append(r.Tables, Table{
		ID: "overview", Title: label("Overzicht", "Overview"), Category: label("Wat", "What"),
		Columns: []Column{{Key: "n", Label: label("Aantal", "Number")}},
		Rows: []Row{
			{Key: "intakes", Label: label("Intakes (eerste contact in de periode)", "Intakes (first contact in the period)"), Cells: []Cell{intakes}},
			{Key: "residents", Label: label("Verschillende bewoners", "Different residents"), Cells: []Cell{b.cell("overview", "residents", "n")}},
			{Key: "closed", Label: label("Intakes afgesloten in de periode", "Intakes closed in the period"), Cells: []Cell{closed}},
		},
		Note: label("Een bewoner zonder toestemming telt bij elke intake als een andere bewoner.",
			"A resident without consent counts as a different resident at every intake."),
	})
	if months := monthsBetween(s.From, s.To); len(months) > 1 {
		cats := make([]category, len(months))
		for i, m := range months {
			cats[i] = category{string(m), label(string(m), string(m))}
		}
		r.Tables = append(r.Tables, b.oneWay("month", label("Per maand", "By month"), label("Maand", "Month"), cats, intakes))
	}
	oneWay := func(id string, title, head intake.Text, cats []category) {
		r.Tables = append(r.Tables, b.oneWay(id, title, head, cats, intakes))
	}
	oneWay("location", label("Locatie", "Location"), label("Locatie", "Location"),
		categories(p.rows("location"), codes(cat.Locations, func(l intake.Location) intake.LocationCode { return l.Code }),
			func(c intake.LocationCode) intake.Text { l, _ := cat.Location(c); return l.Name }, true))
	oneWay("route", label("Hoe bij ons gekomen", "Route in"), label("Route", "Route"),
		categories(p.rows("route"), codes(cat.Routes, func(x intake.Route) intake.RouteCode { return x.Code }),
			func(c intake.RouteCode) intake.Text { x, _ := cat.Route(c); return x.Name }, true))
	oneWay("age_band", label("Leeftijdsgroep", "Age band"), label("Leeftijd", "Age"),
		categories(p.rows("age_band"), intake.AgeBands(), ageLabel, true))
	qtypes := codes(cat.QuestionTypes, func(x intake.QuestionType) intake.QuestionTypeCode { return x.Code })
	qtypeName := func(c intake.QuestionTypeCode) intake.Text { x, _ := cat.QuestionType(c); return x.Name }
	oneWay("question_type", label("Soort vraag (laag van cliëntondersteuning, VNG)", "Question type (layer of client support, VNG)"),
		label("Soort vraag", "Question type"), categories(p.rows("question_type"), qtypes, qtypeName, true))
	oneWay("kompaan", label("Kompaan aanwezig", "Kompaan present"), label("Kompaan", "Kompaan"), []category{
		{"yes", label("Ja", "Yes")}, {"no", label("Nee", "No")},
	})

	tg := categories(p.rows("target_group"), codes(cat.TargetGroups, func(x intake.TargetGroup) intake.TargetGroupCode { return x.Code }),
		func(c intake.TargetGroupCode) intake.Text { x, _ := cat.TargetGroup(c); return x.Name }, false)
	tg = append(tg, category{"", label("Niet vastgelegd", "Not recorded")})
	tgTable := Table{ID: "target_group", Title: label("Doelgroep", "Target group"), Category: label("Doelgroep", "Target group"),
		Columns: countColumn, Multi: true,
		Note: label("Eén intake kan bij meer doelgroepen horen; doelgroepen worden alleen met toestemming vastgelegd.",
			"One intake can belong to several target groups; target groups are recorded only with consent.")}
	for _, c := range tg {
		tgTable.Rows = append(tgTable.Rows, Row{Key: c.key, Label: c.label, Cells: []Cell{b.cell("target_group", c.key, "intakes")}})
	}
	r.Tables = append(r.Tables, tgTable)

	domains := categories(p.rows("domain_step"), codes(cat.Domains, func(x intake.Domain) intake.DomainCode { return x.Code }),
		func(c intake.DomainCode) intake.Text { x, _ := cat.Domain(c); return x.Name }, false)
	r.Tables = append(r.Tables, b.domainTable(domains))
	r.Tables = append(r.Tables, b.clarifiedTable(domains, categories(p.cols("clarified"), qtypes, qtypeName, true)))
	r.Tables = append(r.Tables, b.referralTable())

	appr := make([]category, 5)
	for s := 1; s <= 5; s++ {
		appr[s-1] = category{fmt.Sprint(s), label(fmt.Sprint(s), fmt.Sprint(s))}
	}
	closure := func(id string, title, head intake.Text, cats []category, total Cell, totalName intake.Text) {
		tb := b.oneWay(id, title, head, cats, total)
		tb.Rows[len(tb.Rows)-1].Label = totalName
		tb.Note = label("Geteld in de maand waarin de intake is afgesloten.", "Counted in the month the intake was closed.")
		r.Tables = append(r.Tables, tb)
	}
	answered := label("Totaal beantwoord", "Total answered")
	closure("appreciation", label("Waardering (1 = slecht, 5 = heel goed)", "Appreciation (1 = poor, 5 = very good)"),
		label("Cijfer", "Score"), appr, b.cell("appreciation", "total", "intakes"), answered)
	answers := []category{
		{string(intake.AnswerYes), label("Ja", "Yes")}, {string(intake.AnswerPartly), label("Een beetje", "Partly")}, {string(intake.AnswerNo), label("Nee", "No")},
	}
	closure("state_better", label("Kan de vraag nu beter verwoorden", "Can state the question better now"), label("Antwoord", "Answer"),
		answers, b.cell("state_better", "total", "intakes"), answered)
	closure("more_control", label("Heeft meer regie", "Feels more in control"), label("Antwoord", "Answer"),
		answers, b.cell("more_control", "total", "intakes"), answered)
	var bands []category
	for _, band := range intake.ContactsBands() {
		bands = append(bands, category{contactsKey(band), band.Text()})
	}
	closure("contacts", label("Aantal contacten per afgesloten intake", "Contacts per closed intake"), label("Contacten", "Contacts"),
		bands, closed, label("Totaal afgesloten", "Total closed"))

	r.Figures = b.figures(closed)
	return r, nil
}

// domainTable: per domain, the intakes in which it was discussed, by step
// of the scale. The last column counts the intakes that discussed the
// domain; the total row the intakes with at least one domain at that step
// (and at all): person counts, each perturbed on its own.
func (b *builder) domainTable(domains []category) Table {
	tb := Table{ID: "domain_step", Title: label("Levensdomeinen besproken, naar stap", "Life domains discussed, by step"),
		Category: label("Domein", "Domain"),
		Note: label("Per domein het aantal intakes waarin het besproken is, naar de stap op de schaal. Totaal: intakes met ten minste één domein op die stap.",
			"Per domain the number of intakes in which it was discussed, by step on the scale. Total: intakes with at least one domain at that step.")}
	for s := 1; s <= 5; s++ {
		tb.Columns = append(tb.Columns, Column{Key: stepKey(s), Label: b.cat.Step(intake.Scale(s)).Name})
	}
	tb.Columns = append(tb.Columns, Column{Key: "discussed", Label: label("Besproken", "Discussed")})
	for _, d := range append(domains, category{"total", totalLabel}) {
		row := Row{Key: d.key, Label: d.label, Total: d.key == "total"}
		for _, c := range tb.Columns {
			row.Cells = append(row.Cells, b.cell("domain_step", d.key, c.Key))
		}
		tb.Rows = append(tb.Rows, row)
	}
	return tb
}

// clarifiedTable: the domains clarified in depth, by the question's layer
// of client support (VNG), and in all. One intake counts for every domain
// it clarified.
func (b *builder) clarifiedTable(domains, layers []category) Table {
	tb := Table{ID: "clarified", Title: label("Domeinen uitgediept, naar soort vraag (VNG-laag)", "Domains clarified in depth, by question type (VNG layer)"),
		Category: label("Domein", "Domain"), Multi: true,
		Note: label("Eén intake kan bij meer domeinen horen.", "One intake can count for several domains.")}
	for _, l := range layers {
		tb.Columns = append(tb.Columns, Column{Key: l.key, Label: l.label})
	}
	tb.Columns = append(tb.Columns, Column{Key: "total", Label: label("Totaal", "Total")})
	for _, d := range domains {
		row := Row{Key: d.key, Label: d.label}
		for _, c := range tb.Columns {
			row.Cells = append(row.Cells, b.cell("clarified", d.key, c.Key))
		}
		tb.Rows = append(tb.Rows, row)
	}
	return tb
}

// referralTable: the intakes that referred to each agency (or
// organisation of the local social map), by the referral's outcome, and in
// all; the total row counts the intakes with at least one referral of
// that outcome (and at all). One intake counts in every row it referred
// to; each cell is a count of intakes, perturbed on its own.
func (b *builder) referralTable() Table {
	tb := Table{ID: "referral", Title: label("Doorverwijzingen, naar instantie en uitkomst", "Referrals, by agency and outcome"),
		Category: label("Instantie", "Agency"), Multi: true,
		Note: label("Per instantie het aantal intakes met een doorverwijzing daarheen, naar de uitkomst bij de laatste keer bewaren. Geteld in de maand van het eerste contact. Eén intake kan bij meer instanties en uitkomsten horen.",
			"Per agency the number of intakes with a referral there, by the outcome when last saved. Counted in the month of first contact. One intake can count for several agencies and outcomes.")}
	for _, o := range intake.ReferralStates() {
		tb.Columns = append(tb.Columns, Column{Key: string(o), Label: o.Text()})
	}
	tb.Columns = append(tb.Columns, Column{Key: "total", Label: totalLabel})
	known := codes(b.cat.Agencies, func(a intake.Agency) string { return string(a.Code) })
	known = append(known, codes(b.cat.Organisations, func(o intake.Organisation) string { return string(o.Code) })...)
	name := func(c string) intake.Text {
		if a, ok := b.cat.Agency(intake.AgencyCode(c)); ok {
			return a.Name
		}
		o, _ := b.cat.Organisation(intake.OrganisationCode(c))
		return o.Name
	}
	for _, d := range append(categories(b.p.rows("referral"), known, name, false), category{"total", totalLabel}) {
		row := Row{Key: d.key, Label: d.label, Total: d.key == "total"}
		for _, c := range tb.Columns {
			row.Cells = append(row.Cells, b.cell("referral", d.key, c.Key))
		}
		tb.Rows = append(tb.Rows, row)
	}
	return tb
}

func ageLabel(band intake.AgeBand) intake.Text {
	switch band {
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

// figures: the summary figures, each given only when the published number
// it is based on is at least MinFigureN.
func (b *builder) figures(closed Cell) []Figure {
	r := b.r
	kept := func(f Figure) Figure {
		f.Reason = baseReason(f.N, r.MinFigureN)
		if v := b.p.Figures[f.ID]; f.Reason == ReasonNone && v != nil {
			f.Value = *v
		} else if f.Reason == ReasonNone {
			f.Reason = ReasonNoData
		}
		return f
	}
	appr, _ := r.Table("appreciation")
	apprN, _ := appr.TotalRow()
	out := []Figure{
		kept(Figure{ID: "appreciation_mean", Label: label("Waardering, gemiddeld (1–5)", "Appreciation, mean (1–5)"), Unit: UnitScore, N: apprN.Cells[0]}),
		kept(Figure{ID: "turnaround_median", Label: label("Doorlooptijd afgesloten intakes, mediaan (dagen)", "Turnaround of closed intakes, median (days)"), Unit: UnitDays, N: closed}),
		kept(Figure{ID: "turnaround_p90", Label: label("Doorlooptijd afgesloten intakes, 90e percentiel (dagen)", "Turnaround of closed intakes, 90th percentile (days)"), Unit: UnitDays, N: closed}),
	}
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
		v, why := share(tb.Rows[0].Cells[0], tot.Cells[0], r.MinFigureN)
		f.Value, f.Reason = round(v, 1), why
		out = append(out, f)
	}
	return out
}

// baseReason says whether a figure over n intakes may be given.
func baseReason(n Cell, minN int) Reason {
	switch {
	case !n.Visible():
		return ReasonFewCases
	case n.N == 0:
		return ReasonNoData
	case n.N < minN:
		return ReasonFewCases
	}
	return ReasonNone
}
