package papers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
)

// Section keys of the personal plan, besides those of intake.Summary.
const (
	SectionHandIn       = "hand_in"       // when to hand the plan in (7 days after the report)
	SectionNeeds        = "needs"         // needs and preferences
	SectionOwnStrength  = "own_strength"  // what the resident can do themselves
	SectionNetwork      = "network"       // network and carers (mantelzorg)
	SectionCarerSupport = "carer_support" // support for the carer
	SectionGeneral      = "general"       // general provisions: help without an application
	SectionCurrentHelp  = "current_help"  // help already involved (agencies that help, not those that collect)
)

var (
	planTitle = intake.T("Mijn persoonlijk plan (eerste versie)", "My personal plan (first draft)")
	planIntro = []intake.Text{
		intake.T("Dit is een eerste versie van uw persoonlijk plan. U kunt het zelf aanvullen. Iemand mag u daarbij helpen.",
			"This is a first draft of your personal plan. You can add to it yourself. Someone may help you with that."),
		intake.T("In het plan staat wat er speelt en wat u nodig heeft. De gemeente moet dit plan lezen als zij uitzoekt welke hulp u nodig heeft.",
			"The plan says what is going on and what you need. The municipality must read this plan when it finds out which help you need."),
		intake.T("De gemeente kijkt met u naar vijf dingen. Wat heeft u nodig? Wat kunt u zelf? Wie helpt u? Hebben uw helpers zelf steun nodig? En welke hulp is er al, zonder aanvraag? Dit plan volgt die vijf dingen.",
			"The municipality looks at five things with you. What do you need? What can you do yourself? Who helps you? Do your helpers need support themselves? And which help is already there, without an application? This plan follows those five things."),
	}
	// planLaw is the footnote of the intro: where the five things are in the law.
	planLaw = intake.T("Wet maatschappelijke ondersteuning 2015 (Wmo), artikel 2.3.2 lid 2 en 4: u mag binnen 7 dagen na de melding een persoonlijk plan geven; de gemeente onderzoekt de vijf dingen van dit plan.",
		"Social Support Act 2015 (Wmo), article 2.3.2(2) and (4): you may hand in a personal plan within 7 days of the report; the municipality looks into the five things of this plan.")
	// wrote introduces what the supporter typed, so it is not read as the
	// resident's own "ik".
	wrote = intake.T("Mijn cliëntondersteuner schreef: ", "My client supporter wrote: ")
)

// quote puts typed text in quotation marks, on one line, ending as a
// sentence: “Trap is moeilijk.”
func quote(s string) string { return "“" + sentence(oneLine(s)) + "”" }

// sentence ends s with a full stop unless it ends a sentence already.
func sentence(s string) string {
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "”") {
		return s
	}
	return s + "."
}

// sentences joins parts as sentences: "a" + "“b.”" → "a. “b.”".
func sentences(parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, sentence(p))
		}
	}
	return strings.Join(out, " ")
}

// PersonalPlan is a draft personal plan for a Wmo report, structured by
// what the municipality must investigate (Wmo 2015 art. 2.3.2 lid 4): the
// question in the resident's own words, needs and preferences, what they
// can do themselves, their network and carers, support for the carer, and
// general provisions. What the intake already says is filled in; the rest
// is asked on the paper with room to write. The day of the Wmo report is
// taken from the intake's letters (the latest report); see
// PersonalPlanReported to give it.
func PersonalPlan(in intake.Intake, r intake.Resident, cat *intake.Catalogue, lang string, today intake.Date) Doc {
	return PersonalPlanReported(in, r, cat, lang, today, intake.Date{})
}

// PersonalPlanReported is PersonalPlan with the day of the Wmo report
// given; the zero Date means: take it from the intake's letters.
func PersonalPlanReported(in intake.Intake, r intake.Resident, cat *intake.Catalogue, lang string, today, report intake.Date) Doc {
	lang = intake.NormLang(lang)
	tr := func(t intake.Text) string { return t.In(lang) }
	s := intake.SummariseAs(in, r, cat, lang, today, intake.VoiceI)
	d := Doc{Kind: KindPlan, Lang: lang, Title: tr(planTitle), For: s.For, Made: today, Number: shortID(in.ID)}
	for i, t := range planIntro {
		p := tr(t)
		if i == len(planIntro)-1 {
			p += d.note(tr(planLaw))
		}
		d.Intro = append(d.Intro, p)
	}

	// The question in their own words.
	q := Section{Key: intake.SectionQuestion, Heading: tr(intake.T("Mijn vraag, in mijn eigen woorden", "My question, in my own words")), Large: true}
	clarified, own := strings.TrimSpace(in.ClarifiedQuestion), strings.TrimSpace(in.OwnWords)
	switch {
	case clarified != "":
		q.Lines = append(q.Lines, inert(clarified))
		if own != "" && own != clarified {
			q.Lines = append(q.Lines, tr(intake.T("Zo zei ik het eerst: ", "This is how I first said it: "))+oneLine(own))
		}
	case own != "":
		q.Lines = append(q.Lines, inert(own))
	default:
		q.Ask = tr(intake.T("Wat is uw vraag? Schrijf het op zoals u het zelf zou zeggen.", "What is your question? Write it down the way you would say it."))
		q.WriteLines = 3
	}
	d.Sections = append(d.Sections, q)
	d.Sections = append(d.Sections, handIn(&d, in, lang, today, report))

	domainName := func(code intake.DomainCode) string {
		if dm, ok := cat.Domain(code); ok {
			return tr(dm.Name)
		}
		return string(code)
	}

	// Needs and preferences.
	needs := Section{Key: SectionNeeds, Heading: tr(intake.T("Wat ik nodig heb en wat ik belangrijk vind", "What I need and what matters to me")), Bullets: true,
		Ask:        tr(intake.T("Wat vindt u belangrijk? Bijvoorbeeld: zelf koken, thuis blijven wonen, uw eigen ritme.", "What matters to you? For example: cooking yourself, staying in your own home, your own daily rhythm.")),
		WriteLines: 3}
	// What the supporter typed is quoted as theirs: "Mijn
	// cliëntondersteuner schreef: …", never pasted into an "ik" sentence.
	for _, code := range in.DomainsThatMatter(cat) {
		line := domainName(code)
		if st := in.Scan[code]; st != intake.NotDiscussed && st.Valid() {
			line += ": " + strings.ToLower(tr(cat.Step(st).Name))
		}
		parts := []string{line}
		if cl, ok := in.Clarification(code); ok {
			if h := oneLine(cl.Happening); h != "" {
				parts = append(parts, tr(wrote)+quote(h))
			}
			if w := oneLine(cl.WouldHelp); w != "" {
				parts = append(parts, tr(intake.T("Wat zou helpen: ", "What would help: "))+quote(w))
			}
			if u := urgencyText(cl.Urgency); !u.IsZero() {
				parts = append(parts, tr(intake.T("Hoe snel: ", "How soon: "))+tr(u))
			}
		}
		needs.Lines = append(needs.Lines, sentences(parts...))
	}
	d.Sections = append(d.Sections, needs)

	// What I can do myself.
	ownStrength := Section{Key: SectionOwnStrength, Heading: tr(intake.T("Wat ik zelf kan", "What I can do myself")), Bullets: true,
		Ask:        tr(intake.T("Wat lukt u nog wel zelf? Wat wilt u zelf blijven doen?", "What can you still do yourself? What do you want to keep doing yourself?")),
		WriteLines: 3}
	for _, cl := range in.Clarifications {
		if t := oneLine(cl.Tried); t != "" {
			ownStrength.Lines = append(ownStrength.Lines, sentences(domainName(cl.Domain)+tr(intake.T(": wat ik al probeerde", ": what I already tried")), tr(wrote)+quote(t)))
		}
	}
	for _, a := range in.Agreements {
		if a.Who == intake.PartyResident && oneLine(a.What) != "" {
			ownStrength.Lines = append(ownStrength.Lines, tr(intake.T("Dit doe ik zelf. ", "I do this myself. "))+tr(wrote)+quote(a.What))
		}
	}
	d.Sections = append(d.Sections, ownStrength)

	// Network and carers.
	network := Section{Key: SectionNetwork, Heading: tr(intake.T("Wie mij helpt: familie, vrienden, buren", "Who helps me: family, friends, neighbours")), Bullets: true,
		Ask:        tr(intake.T("Wie helpt u nu al? Waarmee? En hoe vaak? Iemand die u lang en veel helpt, heet een mantelzorger.", "Who helps you already? With what? And how often? Someone who helps you a lot and for a long time is called a carer (mantelzorger).")),
		WriteLines: 3}
	if in.Presence.Network {
		line := tr(intake.T("Bij het gesprek was iemand uit mijn omgeving", "Someone close to me came to the conversation"))
		if rel := oneLine(in.Presence.NetworkRelation); rel != "" && in.Consent.Given {
			line += " (" + rel + ")"
		}
		network.Lines = append(network.Lines, line+".")
	}
	for _, a := range in.Agreements {
		if a.Who == intake.PartyNetwork && oneLine(a.What) != "" {
			network.Lines = append(network.Lines, tr(intake.T("Dit doet iemand uit mijn omgeving. ", "Someone close to me does this. "))+tr(wrote)+quote(a.What))
		}
	}
	d.Sections = append(d.Sections, network)

	// Support for the carer.
	d.Sections = append(d.Sections, Section{Key: SectionCarerSupport, Heading: tr(intake.T("Steun voor wie mij helpt", "Support for the people who help me")),
		Lines: []string{tr(intake.T("Helpt iemand u veel? Dan kan die persoon zelf ook steun krijgen. Bijvoorbeeld advies, of even vrij terwijl iemand anders voor u zorgt.",
			"Does someone help you a lot? Then that person can get support too. For example advice, or some time off while someone else looks after you."))},
		Ask:        tr(intake.T("Heeft iemand die u helpt zelf steun nodig? Wat zou die persoon helpen?", "Does someone who helps you need support themselves? What would help that person?")),
		WriteLines: 2})

	// General provisions.
	general := Section{Key: SectionGeneral, Heading: tr(intake.T("Hulp die er al is, zonder aanvraag", "Help that is already there, without an application")),
		Lines: []string{tr(intake.T("Sommige hulp kunt u krijgen zonder aanvraag. Bijvoorbeeld in het buurthuis, bij de bibliotheek of van een vrijwilliger. Dat heet een algemene voorziening.",
			"Some help you can get without an application. For example at the community centre, at the library or from a volunteer. This is called a general provision."))},
		Ask:        tr(intake.T("Kent u hulp in de buurt die u zou willen gebruiken?", "Do you know of help nearby that you would like to use?")),
		WriteLines: 2}
	if ref, ok := s.Section(intake.SectionReferrals); ok {
		for _, l := range ref.Lines {
			general.Lines = append(general.Lines, tr(intake.T("Hier kan ik terecht: ", "Where I can go: "))+l)
		}
	}
	d.Sections = append(d.Sections, general)

	// Help already involved: the agencies that help, not those that
	// only want money from the resident.
	current := Section{Key: SectionCurrentHelp, Heading: tr(intake.T("Hulp die al meedoet", "Help already involved")), Bullets: true,
		Ask:        tr(intake.T("Welke hulp of zorg krijgt u nu? Van wie?", "Which help or care do you get now? From whom?")),
		WriteLines: 2}
	for _, code := range helpingAgencies(in, cat) {
		if ag, ok := cat.Agency(code); ok {
			current.Lines = append(current.Lines, tr(ag.Name))
		}
	}
	d.Sections = append(d.Sections, current)

	// What was agreed, the dates, and that they need not go alone: the
	// same words as on the sheet.
	for _, key := range []string{intake.SectionAgreements, intake.SectionDeadlines, intake.SectionSupport} {
		if sec, ok := s.Section(key); ok {
			// The summary's footnote marks are renumbered into the plan's.
			for i, l := range sec.Lines {
				for n, text := range s.Notes {
					if m := intake.NoteMark(n + 1); strings.HasSuffix(l, m) {
						sec.Lines[i] = strings.TrimSuffix(l, m) + d.note(text)
						break
					}
				}
			}
			d.Sections = append(d.Sections, fromSummary(sec))
		}
	}
	return d
}

// handIn says when to hand the plan in: 7 days after the Wmo report.
func handIn(d *Doc, in intake.Intake, lang string, today, report intake.Date) Section {
	tr := func(t intake.Text) string { return t.In(lang) }
	sec := Section{Key: SectionHandIn, Heading: tr(intake.T("Wanneer geeft u het plan af?", "When do you hand in the plan?"))}
	var dl intake.Deadline
	if !report.IsZero() {
		dl = intake.PlanDeadline(report)
	} else if p, ok := PlanDeadline(in); ok {
		dl = p
	}
	if dl.From.IsZero() {
		sec.Lines = append(sec.Lines, tr(intake.T("Heeft u zich gemeld bij de gemeente? Dan mag u dit plan geven tot 7 dagen na die melding.",
			"Have you made a report to the municipality? Then you may hand in this plan up to 7 days after that report.")))
		sec.Ask = tr(intake.T("De datum van mijn melding:", "The date of my report:"))
		sec.WriteLines = 1
		return sec
	}
	sec.Lines = append(sec.Lines,
		fmt.Sprintf(tr(intake.T("U deed uw melding op %s.", "You made your report on %s.")), dl.From.Format(lang)),
		fmt.Sprintf(tr(intake.T("Geef het plan uiterlijk op %s aan de gemeente. Dat is 7 dagen na uw melding.", "Hand in the plan to the municipality by %s at the latest. That is 7 days after your report.")), dl.Due.Format(lang)))
	if dl.Approx {
		sec.Lines = append(sec.Lines, tr(intake.T("Let op: we rekenden vanaf de dag dat de brief kwam. Kijk naar de datum op de brief.", "Note: we counted from the day the letter arrived. Check the date on the letter.")))
	}
	if !today.IsZero() {
		switch left := dl.DaysLeft(today); {
		case left < 0:
			sec.Lines = append(sec.Lines, tr(intake.T("Deze datum is voorbij. Geef het plan toch, of neem het mee naar het gesprek. Het kan nog steeds helpen.",
				"This date has passed. Hand in the plan anyway, or take it to the conversation. It can still help.")))
		case left == 0:
			sec.Lines = append(sec.Lines, tr(intake.T("Dat is vandaag.", "That is today.")))
		default:
			sec.Lines = append(sec.Lines, fmt.Sprintf(tr(intake.T("Nog %d dagen.", "%d days left.")), left))
		}
	}
	sec.Lines[len(sec.Lines)-1] += d.note(tr(planLaw))
	return sec
}

// PlanDeadline returns the deadline for handing in a personal plan that
// follows from the latest Wmo report among the intake's letters.
func PlanDeadline(in intake.Intake) (intake.Deadline, bool) {
	var best intake.Deadline
	found := false
	for _, dl := range in.Deadlines() {
		if dl.Kind == intake.DeadlinePlan && (!found || dl.From.After(best.From)) {
			best, found = dl, true
		}
	}
	return best, found
}

func urgencyText(u intake.Urgency) intake.Text {
	switch u {
	case intake.UrgencyNow:
		return intake.T("vandaag", "today")
	case intake.UrgencyWeek:
		return intake.T("deze week", "this week")
	case intake.UrgencyWeeks:
		return intake.T("binnen een paar weken", "within a few weeks")
	case intake.UrgencyLater:
		return intake.T("dit kan wachten", "this can wait")
	}
	return intake.Text{}
}

// helpingAgencies lists the agencies of the intake and its
// clarifications that help, each once, in the order first named: not an
// agency whose part is to collect (the catalogue's Collects), nor one
// that sent the resident a bill or reminder in this conversation (a
// creditor). An agency the resident was referred to, or that does
// something in an agreement, helps even so.
func helpingAgencies(in intake.Intake, cat *intake.Catalogue) []intake.AgencyCode {
	helps := map[intake.AgencyCode]bool{}
	for _, a := range in.Agreements {
		helps[a.Agency] = a.Who == intake.PartyAgency
	}
	for _, r := range in.Referrals {
		helps[r.Agency] = true
	}
	creditor := map[intake.AgencyCode]bool{}
	for _, cl := range in.Clarifications {
		for _, l := range cl.Letters {
			if l.Kind == intake.LetterDemand {
				creditor[l.From] = true
			}
		}
	}
	var out []intake.AgencyCode
	add := func(cs []intake.AgencyCode) {
		for _, c := range cs {
			if c == "" || slices.Contains(out, c) {
				continue
			}
			ag, _ := cat.Agency(c)
			if !helps[c] && (ag.Collects || creditor[c]) {
				continue
			}
			out = append(out, c)
		}
	}
	add(in.Agencies)
	for _, cl := range in.Clarifications {
		add(cl.Agencies)
	}
	return out
}
