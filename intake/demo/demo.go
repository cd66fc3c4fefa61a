// Package demo generates synthetic residents and intakes: for a newcomer
// who wants to look around, and for benchmarks that need a vault of
// realistic size. The output is deterministic for a seed and a moment
// "now": the same seed gives the same residents, intakes and IDs, so
// writing them twice overwrites rather than duplicates.
//
// Every pseudonym ends in Suffix, every text is made up, and contact
// details use numbers and addresses that reach nobody.
package demo

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// Years is how far back the generated intakes go.
const Years = 4

// Version changes whenever the output for a seed changes; caches of
// generated vaults use it in their key.
const Version = 2

// Case is one resident with their intakes, or (Resident nil) one anonymous
// contact: an intake without consent, counted but with no personal notes.
type Case struct {
	Resident *intake.Resident
	Intakes  []intake.Intake
}

// Generator makes cases. It is not safe for concurrent use.
type Generator struct {
	rng   *rand.Rand
	cat   *intake.Catalogue
	now   time.Time
	first time.Time // earliest first contact
	total int       // sum of pattern weights
}

// New returns a generator for seed. Dates lie in the Years before now (and
// never after it); cat must know the codes the texts use (the default
// catalogue does).
func New(seed uint64, cat *intake.Catalogue, now time.Time) *Generator {
	g := &Generator{
		rng:   rand.New(rand.NewPCG(seed, seed^0x5eed_5b00_c0de_cafe)),
		cat:   cat,
		now:   now,
		first: now.AddDate(-Years, 0, 0),
	}
	if g.first.Before(intake.Earliest) {
		g.first = intake.Earliest
	}
	for _, p := range patterns {
		g.total += p.weight
	}
	return g
}

// AnonymousShare is roughly the share of cases that are anonymous contacts.
const AnonymousShare = 0.08

// Next returns the next case.
func (g *Generator) Next() Case {
	if g.rng.Float64() < AnonymousShare {
		return Case{Intakes: []intake.Intake{g.anonymous()}}
	}
	return g.resident()
}

// Residents returns cases until n residents have been made (anonymous
// contacts come on top).
func (g *Generator) Residents(n int) []Case {
	var out []Case
	for made := 0; made < n; {
		c := g.Next()
		if c.Resident != nil {
			made++
		}
		out = append(out, c)
	}
	return out
}

// id returns a random-looking, seed-determined 128-bit ID.
func (g *Generator) id() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], g.rng.Uint64())
	binary.LittleEndian.PutUint64(b[8:], g.rng.Uint64())
	return hex.EncodeToString(b[:])
}

func pick[T any](g *Generator, list []T) T { return list[g.rng.IntN(len(list))] }

func (g *Generator) chance(p float64) bool { return g.rng.Float64() < p }

func (g *Generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

func (g *Generator) pattern() pattern {
	n := g.rng.IntN(g.total)
	for _, p := range patterns {
		if n < p.weight {
			return p
		}
		n -= p.weight
	}
	return patterns[0]
}

// consultation returns a moment during consultation hours (a weekday
// between 9:00 and 16:00) on or after t, not after now.
func (g *Generator) consultation(t time.Time) time.Time {
	loc := g.now.Location()
	d := time.Date(t.Year(), t.Month(), t.Day(), g.between(9, 15), 5*g.rng.IntN(12), 0, 0, loc)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	if d.Before(t) {
		d = d.AddDate(0, 0, 1)
	}
	if d.After(g.now) {
		d = g.now
	}
	return d
}

// firstContact is a random moment in the span, a little more often recent.
func (g *Generator) firstContact() time.Time {
	span := g.now.Sub(g.first)
	f := g.rng.Float64()
	f = 1 - f*f // more weight near now: the service grew
	return g.consultation(g.first.Add(time.Duration(f * float64(span))))
}

func (g *Generator) pseudonym() string {
	name := pick(g, firstNames)
	switch g.rng.IntN(4) {
	case 0: // initials only
		return fmt.Sprintf("%c.%s.%s", name[0], pick(g, surnameInitials), Suffix)
	default:
		return name + " " + pick(g, surnameInitials) + "." + Suffix
	}
}

func (g *Generator) resident() Case {
	p := g.pattern()
	created := g.firstContact()
	r := intake.Resident{
		ID:        g.id(),
		Pseudonym: g.pseudonym(),
		Created:   created,
	}
	if g.chance(0.85) {
		r.BirthYear = g.now.Year() - g.between(18, 85)
	}
	if g.chance(0.7) {
		r.TargetGroups = []intake.TargetGroupCode{pick(g, p.groups)}
		if g.chance(0.25) {
			if t := pick(g, p.groups); t != r.TargetGroups[0] {
				r.TargetGroups = append(r.TargetGroups, t)
			}
		}
	}
	home := pick(g, p.locations)
	if g.chance(0.2) {
		home = pick(g, g.cat.Locations).Code
	}

	c := Case{Resident: &r}
	n := 1
	switch x := g.rng.Float64(); {
	case x < 0.05:
		n = 3
	case x < 0.25:
		n = 2
	}
	at := created
	for i := 0; i < n; i++ {
		if i > 0 {
			at = g.consultation(at.AddDate(0, 0, g.between(30, 400)))
			if !at.Before(g.now) {
				break
			}
			if g.chance(0.5) {
				p = g.pattern() // a new question in another domain
			}
		}
		in := g.intake(p, at, home, i > 0)
		in.ResidentID = r.ID
		if r.Contact != "" && !in.Consent.Has(intake.ScopeFollowUp) {
			// A returning resident who left a number still wants to be called.
			in.Consent.Scopes = append([]intake.ConsentScope{intake.ScopeNotes, intake.ScopeFollowUp}, in.Consent.Scopes[1:]...)
		}
		if i == 0 && in.Consent.Has(intake.ScopeFollowUp) && g.chance(0.6) {
			if g.chance(0.7) {
				r.Contact = fmt.Sprintf("06-0000%04d", g.rng.IntN(10000))
			} else {
				r.Contact = fmt.Sprintf("bewoner%d@example.org", g.rng.IntN(100000))
			}
		}
		c.Intakes = append(c.Intakes, in)
	}
	return c
}

// anonymous is a contact without consent: coded fields only.
func (g *Generator) anonymous() intake.Intake {
	p := g.pattern()
	in := g.intake(p, g.firstContact(), pick(g, p.locations), false)
	in.Consent = intake.Consent{}
	in.StripPersonal()
	return in
}

// status decides how far an intake got, by its age: old intakes are
// mostly closed, recent ones often still a draft or open.
func (g *Generator) status(created time.Time) intake.Status {
	age := g.now.Sub(created)
	x := g.rng.Float64()
	switch {
	case age < 14*24*time.Hour:
		if x < 0.35 {
			return intake.StatusDraft
		} else if x < 0.85 {
			return intake.StatusOpen
		}
	case age < 90*24*time.Hour:
		if x < 0.1 {
			return intake.StatusDraft
		} else if x < 0.55 {
			return intake.StatusOpen
		}
	default:
		if x < 0.02 {
			return intake.StatusDraft
		} else if x < 0.12 {
			return intake.StatusOpen
		}
	}
	return intake.StatusClosed
}

func (g *Generator) intake(p pattern, created time.Time, home intake.LocationCode, returning bool) intake.Intake {
	in := intake.Intake{
		ID:      g.id(),
		StatID:  g.id(),
		Status:  g.status(created),
		Created: created,
		Updated: created,
	}
	// How far the conversation got.
	steps := intake.FlowSteps()
	last := len(steps) - 1 // closure
	switch in.Status {
	case intake.StatusDraft:
		last = g.rng.IntN(len(steps) - 1) // start … agreements
	case intake.StatusOpen:
		last = g.between(len(steps)-2, len(steps)-1)
	}
	in.Step = steps[last]
	reached := func(s intake.FlowStep) bool { return s.Index() <= last }
	moment := func(minutes int) time.Time { return created.Add(time.Duration(minutes) * time.Minute) }

	// Start.
	in.Location = home
	if g.chance(0.15) {
		in.Location = pick(g, g.cat.Locations).Code
	}
	supporter := pick(g, supporters)
	in.Presence.Supporter = supporter
	kompaan := ""
	if g.chance(0.45) {
		kompaan = pick(g, kompanen)
		in.Presence.Kompaan, in.Presence.KompaanName = true, kompaan
	}
	if g.chance(0.12) {
		in.Presence.Network = true
		in.Presence.NetworkRelation = pick(g, networkRelations)
	}
	if returning {
		in.Route = "earlier_contact"
	} else {
		in.Route = pick(g, g.cat.Routes).Code
	}
	in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: created}
	for _, s := range []struct {
		scope intake.ConsentScope
		p     float64
	}{{intake.ScopeFollowUp, 0.6}, {intake.ScopeHandover, 0.7}, {intake.ScopeReferral, 0.45}} {
		if g.chance(s.p) {
			in.Consent.Scopes = append(in.Consent.Scopes, s.scope)
		}
	}

	// The question in the resident's own words.
	if reached(intake.StepQuestion) {
		in.OwnWords = pick(g, p.ownWords)
		in.QuestionType = pick(g, p.qtypes)
	}

	// The scan: the pattern's domains are the worries; others are asked now and then.
	var matter []intake.DomainCode
	if reached(intake.StepScan) {
		for i, d := range p.domains {
			lo := intake.Worries
			if i == 0 {
				lo = intake.Serious - intake.Scale(g.rng.IntN(2))
			}
			s := lo + intake.Scale(g.rng.IntN(int(intake.Urgent-lo)+1))
			if i > 0 && g.chance(0.3) {
				s = intake.Scale(g.between(1, 2))
			}
			in.SetScan(d, s)
			if s >= intake.Worries {
				matter = append(matter, d)
			}
		}
		for _, d := range g.cat.Domains {
			if _, done := in.Scan[d.Code]; done || !g.chance(0.35) {
				continue
			}
			in.SetScan(d.Code, intake.Scale(g.between(1, 3)))
		}
	}

	// Clarify the domains that matter.
	if reached(intake.StepClarify) {
		seen := map[intake.AgencyCode]bool{}
		for _, d := range matter {
			t, ok := domainTexts[d]
			if !ok {
				continue
			}
			cl := intake.Clarification{
				Domain:    d,
				Happening: pick(g, t.happening),
				Urgency:   pick(g, []intake.Urgency{intake.UrgencyLater, intake.UrgencyWeeks, intake.UrgencyWeeks, intake.UrgencyWeek, intake.UrgencyNow}),
			}
			if g.chance(0.7) {
				cl.Tried = pick(g, t.tried)
			}
			if g.chance(0.8) {
				cl.WouldHelp = pick(g, t.wouldHelp)
			}
			if dom, ok := g.cat.Domain(d); ok && len(dom.Agencies) > 0 && g.chance(0.6) {
				a := pick(g, dom.Agencies)
				cl.Agencies = []intake.AgencyCode{a}
				if !seen[a] {
					seen[a] = true
					in.Agencies = append(in.Agencies, a)
				}
			}
			if len(t.letters) > 0 && g.chance(0.45) {
				cl.Letters = []intake.Letter{g.letter(pick(g, t.letters), created)}
			}
			in.Clarifications = append(in.Clarifications, cl)
		}
	}
	if reached(intake.StepClarified) {
		in.ClarifiedQuestion = pick(g, p.clarified)
	}

	// Agreements, referrals and the next appointment.
	if reached(intake.StepAgreements) {
		for _, d := range matter {
			t, ok := domainTexts[d]
			if !ok || len(t.agree) == 0 || (len(in.Agreements) > 0 && !g.chance(0.6)) {
				continue
			}
			a := pick(g, t.agree)
			ag := intake.Agreement{
				What: a.what, Who: a.who, Agency: a.agency,
				By: intake.DateOf(created).AddDays(g.between(3, 21)),
			}
			// Most agreements of a closed case were kept; of an open one,
			// those whose day has passed often were.
			if done := g.day(ag.By.AddDays(-g.between(0, 5))); !done.After(intake.DateOf(g.now)) &&
				(in.Status == intake.StatusClosed && g.chance(0.85) || g.chance(0.5)) {
				ag.Done, ag.DoneOn = true, done
			}
			in.Agreements = append(in.Agreements, ag)
		}
		if in.Consent.Has(intake.ScopeReferral) && len(matter) > 0 && g.chance(0.6) {
			d := matter[0]
			if dom, ok := g.cat.Domain(d); ok && len(dom.Agencies) > 0 {
				ref := intake.Referral{
					Agency: pick(g, dom.Agencies), Domain: d,
					Reason: pick(g, referralReasons), Warm: g.chance(0.5),
					On: intake.DateOf(created).AddDays(g.between(0, 10)),
				}
				g.outcome(&ref)
				in.Referrals = append(in.Referrals, ref)
			}
		}
		if in.Status != intake.StatusClosed && g.chance(0.7) {
			in.NextAppointment = intake.Appointment{
				At:    g.consultation(created.AddDate(0, 0, g.between(7, 28))),
				Where: in.Location,
				Note:  pick(g, appointmentNotes),
			}
			if in.NextAppointment.At.Equal(g.now) { // clamped: put it ahead instead
				in.NextAppointment.At = created.AddDate(0, 0, 14)
			}
		}
	}

	// Notes by the supporter and the kompaan, during the conversation.
	if reached(intake.StepQuestion) && g.chance(0.6) {
		in.Notes = append(in.Notes, intake.Note{Author: supporter, Role: intake.RoleSupporter, At: moment(40), Text: pick(g, supporterNotes)})
	}
	if kompaan != "" && reached(intake.StepScan) && g.chance(0.5) {
		in.Notes = append(in.Notes, intake.Note{Author: kompaan, Role: intake.RoleKompaan, At: moment(45), Text: pick(g, kompaanNotes)})
	}

	// Follow-up contacts and closure.
	end := g.now
	if in.Status == intake.StatusClosed {
		end = created.AddDate(0, 0, g.between(7, 150))
		if !end.Before(g.now) {
			end = g.now
		}
		in.ClosedAt = end
		if g.chance(0.85) {
			in.Closure = intake.Closure{
				Appreciation: pick(g, []int{3, 4, 4, 4, 5, 5, 5, 2}),
				StateBetter:  pick(g, []intake.Answer{intake.AnswerYes, intake.AnswerYes, intake.AnswerPartly, intake.AnswerNo}),
				MoreControl:  pick(g, []intake.Answer{intake.AnswerYes, intake.AnswerPartly, intake.AnswerPartly, intake.AnswerNo}),
			}
		}
	}
	in.Updated = moment(50)
	if in.Status != intake.StatusDraft {
		for n := g.rng.IntN(4); n > 0; n-- {
			span := end.Sub(created)
			if span < 48*time.Hour {
				break
			}
			at := created.Add(24*time.Hour + time.Duration(g.rng.Int64N(int64(span-24*time.Hour))))
			ct := intake.Contact{At: at, By: supporter, Kind: pick(g, []intake.ContactKind{intake.ContactPhone, intake.ContactPhone, intake.ContactInPerson, intake.ContactHomeVisit, intake.ContactMessage, intake.ContactTogether})}
			if g.chance(0.7) {
				ct.Note = pick(g, contactNotes)
			}
			in.Contacts = append(in.Contacts, ct)
		}
		sortContacts(in.Contacts)
		if n := len(in.Contacts); n > 0 && in.Contacts[n-1].At.After(in.Updated) {
			in.Updated = in.Contacts[n-1].At
		}
	}
	if in.Status == intake.StatusClosed && in.ClosedAt.After(in.Updated) {
		in.Updated = in.ClosedAt
	}
	if in.Updated.After(g.now) {
		in.Updated = g.now
	}
	if in.Status == intake.StatusClosed && in.ClosedAt.Before(in.Created) {
		in.ClosedAt = in.Created
	}
	return in
}

func sortContacts(cs []intake.Contact) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].At.Before(cs[j-1].At); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// letter dates a letter a few days to weeks before the conversation.
func (g *Generator) letter(t letterText, created time.Time) intake.Letter {
	day := intake.DateOf(created)
	sent := day.AddDays(-g.between(3, 40))
	l := intake.Letter{Kind: t.kind, From: t.from, About: t.about, Sent: sent}
	if g.chance(0.7) {
		rec := sent.AddDays(g.between(1, 3))
		if rec.After(day) {
			rec = day
		}
		l.Received = rec
	}
	if t.kind == intake.LetterDemand || t.kind == intake.LetterOther {
		l.Due = sent.AddDays(g.between(14, 30))
	}
	// Most municipalities answer, late or not; some do not.
	if intake.KindAwaitsAnswer(t.kind) && g.chance(0.75) {
		if answered := sent.AddDays(g.between(10, 50)); !answered.After(intake.DateOf(g.now)) {
			l.Answered = answered
		}
	}
	return l
}

// day is d, or today when d lies ahead.
func (g *Generator) day(d intake.Date) intake.Date {
	if today := intake.DateOf(g.now); d.After(today) {
		return today
	}
	return d
}

// outcome gives a referral the state it reached: after two weeks most
// agencies have answered (accepted, helped, refused with a reason), some
// never do.
func (g *Generator) outcome(r *intake.Referral) {
	r.State, r.StateOn = intake.ReferralSent, g.day(r.On)
	if r.On.AddDays(intake.ReferralWaitDays).After(intake.DateOf(g.now)) {
		return
	}
	switch x := g.rng.Float64(); {
	case x < 0.35:
		r.State = intake.ReferralAccepted
	case x < 0.6:
		r.State = intake.ReferralDone
	case x < 0.75:
		r.State = intake.ReferralNoResponse
	case x < 0.85:
		r.State, r.Why = intake.ReferralRefused, pick(g, refusalReasons)
	default:
		return // still waiting: the agenda asks after it
	}
	r.StateOn = g.day(r.On.AddDays(g.between(3, 30)))
}
