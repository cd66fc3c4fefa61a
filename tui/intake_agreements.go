package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
)

// Step 6: agreements (what, who, by when), referrals, the next appointment,
// and every deadline that follows from the letters, with its date and legal
// basis.
type agreementsStep struct {
	*formStep
	ag, rf         int // the agreement and referral being edited; len = a new one
	agPick, rfPick *choiceField
	rfOrg          *choiceField // the local social map; nil when it is empty
}

func newAgreementsStep(e *env, c *intakeCtl) intakeStep {
	tx, lang := e.tx, e.lang
	s := &agreementsStep{}
	in := func() *intake.Intake { return &c.in }
	on := c.consentState

	agencies := []choiceOpt{{"", tx.get(tINotChosen)}}
	for _, a := range e.cat.Agencies {
		agencies = append(agencies, choiceOpt{string(a.Code), a.Name.In(lang)})
	}
	domains := []choiceOpt{{"", tx.get(tINotChosen)}}
	for _, d := range e.cat.Domains {
		domains = append(domains, choiceOpt{string(d.Code), d.Name.In(lang)})
	}

	// Agreements.
	agr := func() intake.Agreement {
		if s.ag < len(in().Agreements) {
			return in().Agreements[s.ag]
		}
		return intake.Agreement{}
	}
	editAg := func(fn func(*intake.Agreement)) {
		if s.ag >= len(in().Agreements) {
			in().Agreements = append(in().Agreements, intake.Agreement{Who: intake.PartyResident})
			s.ag = len(in().Agreements) - 1
		}
		fn(&in().Agreements[s.ag])
	}
	s.agPick = newChoice(e, tx.get(tAgreements), "", nil,
		func() string { return strconv.Itoa(s.ag) }, func(v string) { s.ag, _ = strconv.Atoi(v) })
	s.agPick.when = on
	s.agPick.onKeys = func(k string) bool {
		if k != "delete" || s.ag >= len(in().Agreements) {
			return false
		}
		in().Agreements = append(in().Agreements[:s.ag:s.ag], in().Agreements[s.ag+1:]...)
		s.ag = len(in().Agreements)
		return true
	}
	what := newLineField(e, tx.get(tIWhat), "agreements", intake.MaxLine,
		func() string { return agr().What }, func(v string) { editAg(func(a *intake.Agreement) { a.What = v }) })
	what.when = on
	parties := []choiceOpt{}
	for _, p := range []intake.Party{intake.PartyResident, intake.PartySupporter, intake.PartyKompaan, intake.PartyNetwork, intake.PartyAgency} {
		parties = append(parties, choiceOpt{string(p), tx.party(p)})
	}
	who := newChoice(e, tx.get(tIWho), "agreements", parties,
		func() string { return string(agr().Who) },
		func(v string) { editAg(func(a *intake.Agreement) { a.Who = intake.Party(v) }) })
	who.when = on
	agency := newChoice(e, tx.get(tIAgency), "agreements", agencies,
		func() string { return string(agr().Agency) },
		func(v string) { editAg(func(a *intake.Agreement) { a.Agency = intake.AgencyCode(v) }) })
	agency.when = func() (bool, string) {
		if ok, note := on(); !ok {
			return ok, note
		}
		return agr().Who == intake.PartyAgency, ""
	}
	by := newDateField(e, tx.get(tIBy), "agreements", func() intake.Date { return agr().By },
		func(d intake.Date) {
			if d != agr().By {
				editAg(func(a *intake.Agreement) { a.By = d })
			}
		})
	by.when = on

	// Referrals.
	ref := func() intake.Referral {
		if s.rf < len(in().Referrals) {
			return in().Referrals[s.rf]
		}
		return intake.Referral{}
	}
	editRf := func(fn func(*intake.Referral)) {
		if s.rf >= len(in().Referrals) {
			in().Referrals = append(in().Referrals, intake.Referral{})
			s.rf = len(in().Referrals) - 1
		}
		fn(&in().Referrals[s.rf])
	}
	s.rfPick = newChoice(e, tx.get(tIReferrals), "", nil,
		func() string { return strconv.Itoa(s.rf) }, func(v string) { s.rf, _ = strconv.Atoi(v) })
	s.rfPick.when = on
	s.rfPick.onKeys = func(k string) bool {
		if k != "delete" || s.rf >= len(in().Referrals) {
			return false
		}
		in().Referrals = append(in().Referrals[:s.rf:s.rf], in().Referrals[s.rf+1:]...)
		s.rf = len(in().Referrals)
		return true
	}
	rfAgency := newChoice(e, tx.get(tIReferTo), "referrals", agencies,
		func() string { return string(ref().Agency) },
		func(v string) { editRf(func(r *intake.Referral) { r.Agency = intake.AgencyCode(v) }) })
	rfAgency.when = on
	rfDomain := newChoice(e, tx.get(tIDomain), "referrals", domains,
		func() string { return string(ref().Domain) },
		func(v string) { editRf(func(r *intake.Referral) { r.Domain = intake.DomainCode(v) }) })
	rfDomain.when = on
	if len(e.cat.Organisations) > 0 {
		// The municipality's own social map (override file); the choices
		// follow the referral's domain (refresh).
		s.rfOrg = newChoice(e, tx.get(tIReferOrg), "referrals", nil,
			func() string { return string(ref().Organisation) },
			func(v string) { editRf(func(r *intake.Referral) { r.Organisation = intake.OrganisationCode(v) }) })
		s.rfOrg.when = on
	}
	rfReason := newLineField(e, tx.get(tIReason), "referrals", intake.MaxLine,
		func() string { return ref().Reason }, func(v string) { editRf(func(r *intake.Referral) { r.Reason = v }) })
	rfReason.when = on
	rfWarm := newToggle(e, tx.get(tIWarm), "referrals", func() bool { return ref().Warm },
		func(v bool) { editRf(func(r *intake.Referral) { r.Warm = v }) })
	rfWarm.when = on
	rfOn := newDateField(e, tx.get(tIReferOn), "referrals", func() intake.Date { return ref().On },
		func(d intake.Date) {
			if d != ref().On {
				editRf(func(r *intake.Referral) { r.On = d })
			}
		})
	rfOn.when = on

	// The next appointment.
	appt := func() *intake.Appointment { return &in().NextAppointment }
	apDate := newDateField(e, tx.get(tINextAppointment), "next_appointment",
		func() intake.Date { return intake.DateOf(appt().At) },
		func(d intake.Date) {
			if d == intake.DateOf(appt().At) {
				return
			}
			if d.IsZero() {
				appt().At = time.Time{}
				return
			}
			h, m := 0, 0
			if !appt().At.IsZero() {
				h, m = appt().At.Hour(), appt().At.Minute()
			}
			appt().At = time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, e.now().Location())
		})
	apDate.when = on
	apTime := newLineField(e, tx.get(tITime), "next_appointment", 5,
		func() string {
			if appt().At.IsZero() || (appt().At.Hour() == 0 && appt().At.Minute() == 0) {
				return ""
			}
			return appt().At.Format("15:04")
		}, func(v string) {
			t, err := time.Parse("15:04", strings.TrimSpace(v))
			if err != nil || appt().At.IsZero() {
				return
			}
			a := appt().At
			appt().At = time.Date(a.Year(), a.Month(), a.Day(), t.Hour(), t.Minute(), 0, 0, a.Location())
		})
	apTime.ti.Placeholder = "14:30"
	apTime.when = func() (bool, string) {
		if ok, note := on(); !ok {
			return ok, note
		}
		return !appt().At.IsZero(), ""
	}
	locs := []choiceOpt{{"", tx.get(tINotChosen)}}
	for _, l := range e.cat.Locations {
		locs = append(locs, choiceOpt{string(l.Code), l.Name.In(lang)})
	}
	apWhere := newChoice(e, tx.get(tIWhere), "next_appointment", locs,
		func() string { return string(appt().Where) }, func(v string) { appt().Where = intake.LocationCode(v) })
	apWhere.when = on
	apNote := newLineField(e, tx.get(tIApptNote), "next_appointment", intake.MaxLine,
		func() string { return appt().Note }, func(v string) { appt().Note = v })
	apNote.when = on

	deadlines := &infoField{fbase: fbase{lbl: tx.get(tIDeadlines), when: on}, canFocus: true, render: func(w int) []string {
		ds := in().Deadlines()
		if len(ds) == 0 {
			return []string{e.th.Muted.Render(tx.get(tINoDeadlines))}
		}
		var out []string
		for _, d := range ds {
			out = append(out, deadlineLines(e, d, w, true)...)
		}
		return out
	}}

	fields := []field{s.agPick, what, who, agency, by, s.rfPick, rfAgency, rfDomain}
	if s.rfOrg != nil {
		fields = append(fields, s.rfOrg)
	}
	fields = append(fields, rfReason, rfWarm, rfOn, apDate, apTime, apWhere, apNote, deadlines)
	s.formStep = newFormStep(e, c, 20, fields...)
	s.first = what
	s.sync()
	s.enter()
	return s
}

func (s *agreementsStep) refresh() {
	tx := s.e.tx
	ags := s.c.in.Agreements
	s.ag = min(s.ag, len(ags))
	var opts []choiceOpt
	for i, a := range ags {
		opts = append(opts, choiceOpt{strconv.Itoa(i), fmt.Sprintf(tx.get(tIItemN), i+1, len(ags)) + ": " + inert(a.What)})
	}
	s.agPick.opts = append(opts, choiceOpt{strconv.Itoa(len(ags)), tx.get(tINewAgreement)})
	rfs := s.c.in.Referrals
	s.rf = min(s.rf, len(rfs))
	opts = nil
	for i, r := range rfs {
		name := fmt.Sprintf(tx.get(tIItemN), i+1, len(rfs))
		if r.Agency != "" {
			name += ": " + s.e.agencyName(r.Agency)
		} else if o, ok := s.e.cat.Organisation(r.Organisation); ok && r.Organisation != "" {
			name += ": " + inert(o.Name.In(s.e.lang))
		}
		opts = append(opts, choiceOpt{strconv.Itoa(i), name})
	}
	s.rfPick.opts = append(opts, choiceOpt{strconv.Itoa(len(rfs)), tx.get(tINewReferral)})
	if s.rfOrg != nil {
		s.rfOrg.opts = s.orgChoices()
	}
}

// orgChoices are the social map's organisations for the referral's domain
// (all of them before a domain is chosen), plus the one already chosen.
func (s *agreementsStep) orgChoices() []choiceOpt {
	cat, lang := s.e.cat, s.e.lang
	var r intake.Referral
	if s.rf < len(s.c.in.Referrals) {
		r = s.c.in.Referrals[s.rf]
	}
	orgs := cat.Organisations
	if r.Domain != "" {
		orgs = cat.OrganisationsFor(r.Domain)
	}
	opts := []choiceOpt{{"", s.e.tx.get(tINotChosen)}}
	seen := false
	for _, o := range orgs {
		opts = append(opts, choiceOpt{string(o.Code), o.Name.In(lang)})
		seen = seen || o.Code == r.Organisation
	}
	if !seen && r.Organisation != "" {
		name := string(r.Organisation)
		if o, ok := cat.Organisation(r.Organisation); ok {
			name = o.Name.In(lang)
		}
		opts = append(opts, choiceOpt{string(r.Organisation), name})
	}
	return opts
}

func (s *agreementsStep) sync() {
	s.refresh()
	s.formStep.sync()
}

func (s *agreementsStep) update(msg tea.Msg) tea.Cmd {
	changed, cmd, last := s.f.update(msg)
	if changed {
		s.c.save()
		s.refresh()
		s.f.syncOthers()
	}
	if last {
		return tea.Batch(cmd, send(stepDoneMsg{}))
	}
	return cmd
}

func (s *agreementsStep) help() []helpItem {
	items := s.formStep.help()
	if cur := s.f.current(); cur == field(s.agPick) || cur == field(s.rfPick) {
		items = append(items, helpItem{"del", s.e.tx.get(tIDelete)})
	}
	return items
}
