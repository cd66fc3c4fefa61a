package tui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
)

// Step 4: clarify each domain that matters (scanned at "worries" or worse,
// or already clarified): the catalogue's prompts, what is happening, what
// was tried, the agencies involved, what would help, how urgent, and the
// letters, with the deadlines that follow from them.
type clarifyStep struct {
	*formStep
	domains []intake.DomainCode
	dom     intake.DomainCode // the domain being clarified
	letter  int               // the letter being edited; len(letters) = a new one
	domain  *choiceField
	agency  *multiField
	pick    *choiceField
}

func newClarifyStep(e *env, c *intakeCtl) intakeStep {
	tx, th, lang := e.tx, e.th, e.lang
	s := &clarifyStep{}
	cl := func() intake.Clarification { return c.clar(s.dom) }
	edit := func(fn func(*intake.Clarification)) { c.editClar(s.dom, fn) }
	has := func() (bool, string) { return s.dom != "", "" }

	s.domain = newChoice(e, tx.get(tIDomain), "", nil,
		func() string { return string(s.dom) },
		func(v string) { s.dom = intake.DomainCode(v); s.letter = len(cl().Letters); s.refresh() })
	prompts := &infoField{fbase: fbase{when: has}, wide: true, render: func(w int) []string {
		d, ok := e.cat.Domain(s.dom)
		if !ok {
			return nil
		}
		var out []string
		for _, p := range d.Prompts {
			for i, l := range strings.Split(ansi.Wrap(p.In(lang), w-2, ""), "\n") {
				lead := "• "
				if i > 0 {
					lead = "  "
				}
				out = append(out, th.Muted.Render(lead+l))
			}
		}
		return out
	}}
	area := func(label, path string, get func(intake.Clarification) string, set func(*intake.Clarification, string)) *areaField {
		f := newAreaField(e, label, path, 2, intake.MaxText, func() string { return get(cl()) },
			func(v string) { edit(func(x *intake.Clarification) { set(x, v) }) })
		f.when = has
		return f
	}
	happening := area(tx.get(tIHappening), "clarifications", func(x intake.Clarification) string { return x.Happening },
		func(x *intake.Clarification, v string) { x.Happening = v })
	tried := area(tx.get(tITried), "clarifications", func(x intake.Clarification) string { return x.Tried },
		func(x *intake.Clarification, v string) { x.Tried = v })
	s.agency = newMulti(e, tx.get(tIAgencies), "clarifications", nil,
		func() []string {
			var out []string
			for _, a := range cl().Agencies {
				out = append(out, string(a))
			}
			return out
		}, func(v []string) {
			edit(func(x *intake.Clarification) {
				x.Agencies = x.Agencies[:0:0]
				for _, a := range v {
					x.Agencies = append(x.Agencies, intake.AgencyCode(a))
				}
			})
		})
	s.agency.when = has
	help := area(tx.get(tIWouldHelp), "clarifications", func(x intake.Clarification) string { return x.WouldHelp },
		func(x *intake.Clarification, v string) { x.WouldHelp = v })
	urg := newChoice(e, tx.get(tIUrgency), "clarifications", []choiceOpt{
		{string(intake.UrgencyNone), tx.get(tINotChosen)}, {string(intake.UrgencyLater), tx.get(tIUrgLater)},
		{string(intake.UrgencyWeeks), tx.get(tIUrgWeeks)}, {string(intake.UrgencyWeek), tx.get(tIUrgWeek)},
		{string(intake.UrgencyNow), tx.get(tIUrgNow)},
	}, func() string { return string(cl().Urgency) },
		func(v string) { edit(func(x *intake.Clarification) { x.Urgency = intake.Urgency(v) }) })
	urg.when = has

	// Letters: pick one (or "new"), then its fields.
	letter := func() intake.Letter {
		ls := cl().Letters
		if s.letter >= 0 && s.letter < len(ls) {
			return ls[s.letter]
		}
		return intake.Letter{}
	}
	editLetter := func(fn func(*intake.Letter)) {
		edit(func(x *intake.Clarification) {
			if s.letter < 0 || s.letter >= len(x.Letters) {
				x.Letters = append(x.Letters, intake.Letter{Kind: intake.LetterOther})
				s.letter = len(x.Letters) - 1
			}
			fn(&x.Letters[s.letter])
		})
	}
	s.pick = newChoice(e, tx.get(tILetter), "", nil,
		func() string { return strconv.Itoa(s.letter) },
		func(v string) { s.letter, _ = strconv.Atoi(v) })
	s.pick.when = has
	s.pick.onKeys = func(k string) bool {
		if k != "delete" {
			return false
		}
		ls := cl().Letters
		if s.letter < 0 || s.letter >= len(ls) {
			return false
		}
		edit(func(x *intake.Clarification) {
			x.Letters = append(x.Letters[:s.letter:s.letter], x.Letters[s.letter+1:]...)
		})
		s.letter = len(cl().Letters)
		return true
	}
	kinds := letterKinds(tx)
	kind := newChoice(e, tx.get(tILetterKind), "clarifications", kinds,
		func() string { return string(letter().Kind) },
		func(v string) { editLetter(func(l *intake.Letter) { l.Kind = intake.LetterKind(v) }) })
	kind.when = has
	agencies := []choiceOpt{{"", tx.get(tINotChosen)}}
	for _, a := range e.cat.Agencies {
		agencies = append(agencies, choiceOpt{string(a.Code), a.Name.In(lang)})
	}
	from := newChoice(e, tx.get(tILetterFrom), "clarifications", agencies,
		func() string { return string(letter().From) },
		func(v string) { editLetter(func(l *intake.Letter) { l.From = intake.AgencyCode(v) }) })
	from.when = has
	date := func(label string, get func(intake.Letter) intake.Date, set func(*intake.Letter, intake.Date)) *dateField {
		f := newDateField(e, label, "clarifications", func() intake.Date { return get(letter()) },
			func(d intake.Date) {
				if d == get(letter()) {
					return
				}
				editLetter(func(l *intake.Letter) { set(l, d) })
			})
		f.when = has
		return f
	}
	sent := date(tx.get(tILetterSent), func(l intake.Letter) intake.Date { return l.Sent }, func(l *intake.Letter, d intake.Date) { l.Sent = d })
	recv := date(tx.get(tILetterReceived), func(l intake.Letter) intake.Date { return l.Received }, func(l *intake.Letter, d intake.Date) { l.Received = d })
	due := date(tx.get(tILetterDue), func(l intake.Letter) intake.Date { return l.Due }, func(l *intake.Letter, d intake.Date) { l.Due = d })
	about := newLineField(e, tx.get(tILetterAbout), "clarifications", intake.MaxLine,
		func() string { return letter().About },
		func(v string) { editLetter(func(l *intake.Letter) { l.About = v }) })
	about.when = has
	deadlines := &infoField{fbase: fbase{lbl: tx.get(tIDeadlines), when: has}, canFocus: true, render: func(w int) []string {
		l := letter()
		if s.letter >= len(cl().Letters) {
			return []string{th.Muted.Render(tx.get(tINoDeadlines))}
		}
		ds := intake.LetterDeadlines(l)
		if len(ds) == 0 {
			return []string{th.Muted.Render(tx.get(tINoDeadlines))}
		}
		var out []string
		for _, d := range ds {
			out = append(out, deadlineLines(e, d, w, false)...)
		}
		return out
	}}

	s.formStep = newFormStep(e, c, 20, s.domain, prompts, happening, tried, s.agency, help, urg,
		s.pick, kind, from, sent, recv, due, about, deadlines)
	s.intro = func(w int) []string {
		if !c.consent() {
			return introLines(e, tx.get(tINoConsentStep), w)
		}
		if len(s.domains) == 0 {
			return introLines(e, tx.get(tINoDomains), w)
		}
		return nil
	}
	s.first = happening
	s.sync()
	s.enter()
	return s
}

// letterKinds are the kinds of letter, in plain words.
func letterKinds(tx texts) []choiceOpt {
	return []choiceOpt{
		{string(intake.LetterDecision), tx.get(tILetterDecision)},
		{string(intake.LetterWmoReport), tx.get(tILetterWmo)},
		{string(intake.LetterApplication), tx.get(tILetterApplication)},
		{string(intake.LetterDemand), tx.get(tILetterDemand)},
		{string(intake.LetterOther), tx.get(tILetterOther)},
	}
}

// refresh rebuilds the lists that depend on the domain and its letters.
func (s *clarifyStep) refresh() {
	e, c := s.e, s.c
	s.domains = c.in.DomainsThatMatter(e.cat)
	if !c.consent() {
		s.domains = nil
	}
	var opts []choiceOpt
	found := false
	for i, d := range s.domains {
		opts = append(opts, choiceOpt{string(d), fmt.Sprintf("%s (%d/%d)", e.cat.DomainName(d).In(e.lang), i+1, len(s.domains))})
		found = found || d == s.dom
	}
	s.domain.opts = opts
	if !found {
		s.dom = ""
		if len(s.domains) > 0 {
			s.dom = s.domains[0]
		}
		s.letter = len(c.clar(s.dom).Letters)
	}
	// The domain's own agencies first, then the rest.
	var agencies []choiceOpt
	seen := map[intake.AgencyCode]bool{}
	if dom, ok := e.cat.Domain(s.dom); ok {
		for _, a := range dom.Agencies {
			seen[a] = true
			agencies = append(agencies, choiceOpt{string(a), e.agencyName(a)})
		}
	}
	for _, a := range e.cat.Agencies {
		if !seen[a.Code] {
			agencies = append(agencies, choiceOpt{string(a.Code), a.Name.In(e.lang)})
		}
	}
	s.agency.opts, s.agency.cur = agencies, min(s.agency.cur, max(0, len(agencies)-1))
	letters := c.clar(s.dom).Letters
	s.letter = min(max(0, s.letter), len(letters))
	var picks []choiceOpt
	for i, l := range letters {
		name := fmt.Sprintf(e.tx.get(tILetterN), i+1, len(letters)) + ": " + kindName(e.tx, l.Kind)
		if l.About != "" {
			name += " · " + inert(l.About)
		}
		picks = append(picks, choiceOpt{strconv.Itoa(i), name})
	}
	picks = append(picks, choiceOpt{strconv.Itoa(len(letters)), e.tx.get(tILetterNew)})
	s.pick.opts = picks
}

func kindName(tx texts, k intake.LetterKind) string {
	for _, o := range letterKinds(tx) {
		if o.code == string(k) {
			return o.name
		}
	}
	return string(k)
}

func (s *clarifyStep) sync() {
	s.refresh()
	s.formStep.sync()
}

func (s *clarifyStep) update(msg tea.Msg) tea.Cmd {
	if !s.c.consent() || len(s.domains) == 0 {
		if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "enter" {
			return send(stepDoneMsg{})
		}
		return nil
	}
	before := s.dom
	changed, cmd, last := s.f.update(msg)
	if changed {
		if s.dom == before {
			s.c.save()
		}
		s.refresh()
		s.f.syncOthers()
	}
	if last {
		return tea.Batch(cmd, send(stepDoneMsg{}))
	}
	return cmd
}

func (s *clarifyStep) view(w, h int) string {
	if !s.c.consent() || len(s.domains) == 0 {
		return strings.Join(s.intro(w), "\n")
	}
	return s.formStep.view(w, h)
}

func (s *clarifyStep) help() []helpItem {
	items := s.formStep.help()
	if s.f.current() == field(s.pick) {
		items = append(items, helpItem{"del", s.e.tx.get(tIDelete)})
	}
	return items
}

// deadlineLines renders one deadline: the last day (and how many days are
// left), what it means and its legal basis.
func deadlineLines(e *env, d intake.Deadline, w int, withDomain bool) []string {
	tx, th := e.tx, e.th
	today := intake.DateOf(e.now())
	head := d.Due.Format(e.lang)
	left := d.DaysLeft(today)
	switch {
	case left < 0:
		head += " · " + tx.get(tIDeadlinePassed)
	default:
		head += " · " + fmt.Sprintf(tx.get(tIDaysLeft), left)
	}
	if d.Extended != d.Due {
		head += " · " + fmt.Sprintf(tx.get(tIExtended), d.Extended.Format(e.lang))
	}
	if withDomain {
		if dom, ok := e.cat.Domain(d.Domain); ok {
			head += " · " + dom.Name.In(e.lang)
		}
	}
	out := []string{th.Label.Render(ansi.Truncate(head, w, "…"))}
	what := d.What.In(e.lang)
	if d.Approx {
		what += " " + tx.get(tIApprox)
	}
	if d.About != "" {
		out = append(out, th.Text.Render(ansi.Truncate(tx.get(tILetterAbout)+": "+inert(d.About), w, "…")))
	}
	for _, l := range strings.Split(ansi.Wrap(what, max(10, w), ""), "\n") {
		out = append(out, th.Text.Render(l))
	}
	for _, l := range strings.Split(ansi.Wrap(d.Basis.In(e.lang), max(10, w), ""), "\n") {
		out = append(out, th.Muted.Render(l))
	}
	return out
}
