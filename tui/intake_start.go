package tui

import (
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
)

// formStep is a step made of a form: an intro above it, the fields, and
// a save after every committed change.
type formStep struct {
	e     *env
	c     *intakeCtl
	f     *form
	intro func(w int) []string // fixed lines above the form
	keys  []helpItem
	first field // where the focus goes when the step is shown
}

func newFormStep(e *env, c *intakeCtl, labelW int, fields ...field) *formStep {
	f := newFieldForm(e, labelW, fields...)
	f.errFor = c.errFor
	return &formStep{e: e, c: c, f: f}
}

func (s *formStep) update(msg tea.Msg) tea.Cmd {
	changed, cmd, last := s.f.update(msg)
	if changed {
		s.c.save()
		s.f.syncOthers() // a change may switch other fields on or off
	}
	if last {
		return tea.Batch(cmd, send(stepDoneMsg{}))
	}
	return cmd
}

func (s *formStep) view(w, h int) string {
	var top []string
	if s.intro != nil {
		top = s.intro(w)
	}
	body := s.f.view(w, max(1, h-len(top)))
	if len(top) == 0 {
		return body
	}
	return strings.Join(top, "\n") + "\n" + body
}

func (s *formStep) help() []helpItem {
	tx := s.e.tx
	items := []helpItem{{"tab", tx.get(tHelpNextField)}}
	if c := s.f.current(); c != nil {
		switch c.(type) {
		case *choiceField, *toggleField:
			items = append(items, helpItem{"←→", tx.get(tHelpChoose)})
		case *multiField:
			items = append(items, helpItem{"←→ space", tx.get(tHelpChoose)})
		}
	}
	return append(items, s.keys...)
}

// enter puts the focus on the first field that can take it (the step is
// shown anew; consent may have switched fields on since it was built).
func (s *formStep) enter() tea.Cmd {
	s.f.sync()
	for i, fl := range s.f.fields {
		if fl == s.first && s.f.usable(i) {
			return s.f.setFocusTo(i)
		}
	}
	return s.f.setFocusTo(s.f.step(-1, 1, false))
}

func (s *formStep) typing() bool { return s.f.typing() }
func (s *formStep) sync()        { s.f.sync() }
func (s *formStep) wipe()        { s.f.wipe() }

// introLines is a blank line, a wrapped intro and a blank line.
func introLines(e *env, text string, w int) []string {
	return append(append([]string{""}, strings.Split(wrapIndent(e.th.Text, text, w-4, "  "), "\n")...), "")
}

// ---- step 1: start ----

func newStartStep(e *env, c *intakeCtl) intakeStep {
	tx, cat, lang := e.tx, e.cat, e.lang
	in := func() *intake.Intake { return &c.in }

	locs := []choiceOpt{{"", tx.get(tINotChosen)}}
	for _, l := range cat.Locations {
		locs = append(locs, choiceOpt{string(l.Code), l.Name.In(lang)})
	}
	routes := []choiceOpt{{"", tx.get(tINotChosen)}}
	for _, r := range cat.Routes {
		routes = append(routes, choiceOpt{string(r.Code), r.Name.In(lang)})
	}
	var groups []choiceOpt
	for _, g := range cat.TargetGroups {
		groups = append(groups, choiceOpt{string(g.Code), g.Name.In(lang)})
	}
	kompaanOn := func() (bool, string) { return in().Presence.Kompaan, "" }
	networkOn := func() (bool, string) {
		if !in().Presence.Network {
			return false, ""
		}
		return c.consentState()
	}
	consentOn := func() (bool, string) { return in().Consent.Given, "" }
	scope := func(sc intake.ConsentScope, label string) field {
		t := newToggle(e, label, "consent.scopes", func() bool { return in().Consent.Has(sc) }, func(v bool) {
			var out []intake.ConsentScope
			for _, x := range in().Consent.Scopes {
				if x != sc {
					out = append(out, x)
				}
			}
			if v {
				out = append(out, sc)
			}
			in().Consent.Scopes = out
		})
		t.when = consentOn
		return t
	}

	loc := newChoice(e, tx.get(tILocation), "location", locs,
		func() string { return string(in().Location) }, func(v string) { in().Location = intake.LocationCode(v) })
	supporter := newLineField(e, tx.get(tISupporter), "presence.supporter", intake.MaxName,
		func() string { return in().Presence.Supporter }, func(v string) { in().Presence.Supporter = v })
	kompaan := newToggle(e, tx.get(tIKompaan), "presence.kompaan",
		func() bool { return in().Presence.Kompaan }, func(v bool) {
			in().Presence.Kompaan = v
			if !v {
				in().Presence.KompaanName = ""
			}
		})
	kompaanName := newLineField(e, tx.get(tIKompaanName), "presence.kompaan_name", intake.MaxName,
		func() string { return in().Presence.KompaanName }, func(v string) { in().Presence.KompaanName = v })
	kompaanName.when = kompaanOn
	network := newToggle(e, tx.get(tINetwork), "presence.network",
		func() bool { return in().Presence.Network }, func(v bool) {
			in().Presence.Network = v
			if !v {
				in().Presence.NetworkRelation = ""
			}
		})
	relation := newLineField(e, tx.get(tINetworkWho), "presence.network_relation", intake.MaxName,
		func() string { return in().Presence.NetworkRelation }, func(v string) { in().Presence.NetworkRelation = v })
	relation.when = networkOn
	route := newChoice(e, tx.get(tIRoute), "route", routes,
		func() string { return string(in().Route) }, func(v string) { in().Route = intake.RouteCode(v) })
	consent := newToggle(e, tx.get(tIConsent), "consent",
		func() bool { return in().Consent.Given }, c.setConsent)
	consentInfo := &infoField{fbase: fbase{when: consentOn}, render: func(w int) []string {
		return []string{e.th.Muted.Render(tx.get(tIConsentNotes))}
	}}
	consentInfo.lbl = ""
	pseudonym := newLineField(e, tx.get(tIPseudonym), "pseudonym", intake.MaxName,
		func() string { return c.res.Pseudonym }, func(v string) { c.res.Pseudonym = v; c.resDirty = true })
	pseudonym.when = c.consentState
	birth := newLineField(e, tx.get(tIBirthYear), "birth_year", 4,
		func() string {
			if c.res.BirthYear == 0 {
				return ""
			}
			return strconv.Itoa(c.res.BirthYear)
		}, func(v string) {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 1900 || n > e.now().Year() {
				n = 0
			}
			if n != c.res.BirthYear {
				c.res.BirthYear, c.resDirty = n, true
			}
		})
	birth.when = c.consentState
	target := newMulti(e, tx.get(tITargetGroups), "target_groups", groups,
		func() []string {
			out := make([]string, len(c.res.TargetGroups))
			for i, g := range c.res.TargetGroups {
				out[i] = string(g)
			}
			return out
		}, func(v []string) {
			c.res.TargetGroups = c.res.TargetGroups[:0:0]
			for _, g := range v {
				c.res.TargetGroups = append(c.res.TargetGroups, intake.TargetGroupCode(g))
			}
			slices.SortFunc(c.res.TargetGroups, func(a, b intake.TargetGroupCode) int {
				ta, _ := cat.TargetGroup(a)
				tb, _ := cat.TargetGroup(b)
				return strings.Compare(ta.Name.In(lang), tb.Name.In(lang))
			})
			c.resDirty = true
		})
	target.when = c.consentState

	s := newFormStep(e, c, 22,
		loc, supporter, kompaan, kompaanName, network, relation, route,
		consent, consentInfo,
		scope(intake.ScopeFollowUp, tx.get(tIScopeFollowUp)),
		scope(intake.ScopeHandover, tx.get(tIScopeHandover)),
		scope(intake.ScopeReferral, tx.get(tIScopeReferral)),
		pseudonym, birth, target)
	s.intro = func(w int) []string { return introLines(e, tx.get(tIStartIntro), w) }
	return s
}
