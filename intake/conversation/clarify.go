package conversation

import (
	"fmt"
	"slices"

	"github.com/spreekuur/spreekuur/intake"
)

// Step 4: clarify each domain that matters (scanned at "worries" or worse,
// or already clarified): what is happening, what was tried, the agencies,
// what would help, how urgent, and the letters with their deadlines.

// clarDomain is the domain of the clarification item at a (its index among
// the domains that matter).
func clarDomain(a At) (intake.DomainCode, bool) {
	ds := a.D.Intake.DomainsThatMatter(a.C.Cat)
	i := a.Idx[0]
	if i < 0 || i >= len(ds) {
		return "", false
	}
	return ds[i], true
}

// clar returns the clarification at a, adding it to the draft when
// create is set (the first change adds it; reading never does).
func clar(a At, create bool) *intake.Clarification {
	code, ok := clarDomain(a)
	if !ok {
		return &intake.Clarification{}
	}
	in := &a.D.Intake
	for i := range in.Clarifications {
		if in.Clarifications[i].Domain == code {
			return &in.Clarifications[i]
		}
	}
	if !create {
		return &intake.Clarification{Domain: code}
	}
	in.Clarifications = append(in.Clarifications, intake.Clarification{Domain: code})
	return &in.Clarifications[len(in.Clarifications)-1]
}

// clarIndex is the clarification's index in the intake, for error paths.
func clarIndex(a At) int {
	code, _ := clarDomain(a)
	for i, c := range a.D.Intake.Clarifications {
		if c.Domain == code {
			return i
		}
	}
	return -1
}

// clarText is a text field of the clarification; writing adds it.
func clarText(key string, label, help intake.Text, get func(*intake.Clarification) *string) *Field {
	f := textField(key, KindLongText, label, help, intake.MaxText, func(a At) *string { return get(clar(a, false)) })
	f.Set = func(a At, v Value) error {
		s, err := ReadText(v.Text, intake.MaxText, true)
		*get(clar(a, true)) = s
		return err
	}
	f.Personal = true
	f.Path = clarPath("")
	return f
}

func clarPath(sub string) func(At) string {
	return func(a At) string {
		p := fmt.Sprintf("clarifications[%d]", clarIndex(a))
		if sub != "" {
			p += "." + sub
		}
		return p
	}
}

func clarifyStep() *Step {
	happening := clarText("clarify.happening", intake.T("Wat speelt er?", "What is happening?"),
		intake.T("Wat is er aan de hand, in gewone woorden? Vragen om te stellen:", "What is going on, in plain words? Questions to ask:"),
		func(c *intake.Clarification) *string { return &c.Happening })
	happening.HelpFor = func(a At) []intake.Text { // the domain's own questions
		code, _ := clarDomain(a)
		d, _ := a.C.Cat.Domain(code)
		return d.Prompts
	}
	tried := clarText("clarify.tried", intake.T("Wat is al geprobeerd?", "What was tried?"),
		intake.T("Wat heeft de bewoner zelf al gedaan, en wat gebeurde er?", "What has the resident already done, and what happened?"),
		func(c *intake.Clarification) *string { return &c.Tried })
	agencies := multiField("clarify.agencies", intake.T("Instanties", "Agencies"),
		intake.T("Welke instanties doen al mee? Die van dit leefgebied staan bovenaan.", "Which agencies are already involved? Those of this domain come first."),
		func(a At) []Option {
			code, _ := clarDomain(a)
			d, _ := a.C.Cat.Domain(code)
			all := agencyOptions(a)
			var first, rest []Option
			for _, o := range all {
				if slices.Contains(d.Agencies, intake.AgencyCode(o.Code)) {
					first = append(first, o)
				} else {
					rest = append(rest, o)
				}
			}
			return append(first, rest...)
		}, func(a At) *[]intake.AgencyCode { return &clar(a, false).Agencies })
	agencies.Personal = true
	agencies.Path = clarPath("agencies")
	agencySet := agencies.Set
	agencies.Set = func(a At, v Value) error {
		clar(a, true) // the first change adds the clarification
		return agencySet(a, v)
	}
	help := clarText("clarify.would_help", intake.T("Wat zou helpen?", "What would help?"),
		intake.T("Wat heeft de bewoner nodig? In eigen woorden.", "What does the resident need? In own words."),
		func(c *intake.Clarification) *string { return &c.WouldHelp })
	urgency := choiceField("clarify.urgency", intake.T("Hoe snel?", "How soon?"),
		intake.T("Wanneer moet er iets gebeuren?", "When must something happen?"),
		func(At) []Option {
			return []Option{{"", notChosen},
				{string(intake.UrgencyLater), intake.T("Kan wachten", "Can wait")},
				{string(intake.UrgencyWeeks), intake.T("Binnen een paar weken", "Within a few weeks")},
				{string(intake.UrgencyWeek), intake.T("Deze week", "This week")},
				{string(intake.UrgencyNow), intake.T("Vandaag", "Today")}}
		}, func(a At) *intake.Urgency { return &clar(a, false).Urgency })
	urgency.Personal = true
	urgency.Path = clarPath("urgency")
	urgencySet := urgency.Set
	urgency.Set = func(a At, v Value) error { clar(a, true); return urgencySet(a, v) }

	domains := &Field{Key: "clarify.domains", Kind: KindList, Label: intake.T("Leefgebieden om uit te zoeken", "Life domains to clarify"),
		Personal: true,
		List: &List{
			Item:  intake.T("leefgebied", "life domain"),
			Count: func(a At) int { return len(a.D.Intake.DomainsThatMatter(a.C.Cat)) },
			Title: func(a At, i int) intake.Text {
				code, _ := clarDomain(a.In(i))
				return a.C.Cat.DomainName(code)
			},
			Fields: []*Field{happening, tried, agencies, help, urgency, lettersField()},
		},
	}
	return &Step{
		ID:    intake.StepClarify,
		Title: intake.StepClarify.Text(),
		Intro: intake.T("Zoek per leefgebied met zorgen uit wat er speelt. Heeft de bewoner een brief? Vul hem in: dan rekenen we de termijnen uit.",
			"For each life domain with worries, find out what is going on. Does the resident have a letter? Fill it in: we then work out the deadlines."),
		Fields: []*Field{domains},
	}
}

// Letters. The kind is chosen on purpose (nothing is preselected), and
// each date says which date it is: the letter's own date (when it was
// sent), when it arrived, and a last date stated in the letter itself —
// only for kinds that state one. A decision's objection period runs from
// the day it was sent; when only the day it arrived is known, from that
// day, with a warning that it may end earlier (intake.LetterDeadlines).

func letter(a At, create bool) *intake.Letter {
	c := clar(a, create)
	i := a.Last()
	if i < 0 || i >= len(c.Letters) {
		return &intake.Letter{}
	}
	return &c.Letters[i]
}

func letterPath(sub string) func(At) string {
	return func(a At) string {
		return fmt.Sprintf("clarifications[%d].letters[%d].%s", clarIndex(a), a.Last(), sub)
	}
}

// LetterKindOptions are the kinds of letter in plain words, with "not
// chosen" first (the kind is never guessed), then in the order a Wmo case
// goes: report, application, decision.
func LetterKindOptions(At) []Option {
	return []Option{{"", intake.T("— kies de soort brief —", "— choose the kind of letter —")},
		{string(intake.LetterWmoReport), intake.T("Melding bij de Wmo", "Wmo report")},
		{string(intake.LetterApplication), intake.T("Aanvraag", "Application")},
		{string(intake.LetterDecision), intake.T("Besluit (bezwaar kan)", "Decision (objection possible)")},
		{string(intake.LetterDemand), intake.T("Rekening of aanmaning", "Bill or reminder")},
		{string(intake.LetterOther), intake.T("Andere post", "Other mail")}}
}

func lettersField() *Field {
	kind := choiceField("clarify.letter.kind", intake.T("Soort brief", "Kind of letter"),
		intake.T("Kies wat voor brief het is. Daarvan hangt af welke termijn telt.", "Choose what kind of letter it is. The deadline depends on it."),
		LetterKindOptions, func(a At) *intake.LetterKind { return &letter(a, false).Kind })
	from := choiceField("clarify.letter.from", intake.T("Van wie", "From whom"),
		intake.T("Wie stuurde de brief? Of: naar wie ging hij?", "Who sent the letter? Or: who was it sent to?"),
		func(a At) []Option { return withNone(agencyOptions(a)) }, func(a At) *intake.AgencyCode { return &letter(a, false).From })
	sent := dateField("clarify.letter.sent", intake.T("Datum van de brief (verstuurd)", "Date of the letter (sent)"),
		intake.T("De datum die bovenaan de brief staat: de dag dat hij verstuurd is.", "The date at the top of the letter: the day it was sent."),
		func(a At) *intake.Date { return &letter(a, false).Sent })
	received := dateField("clarify.letter.received", intake.T("Ontvangen op", "Received on"),
		intake.T("De dag dat de brief bij de bewoner aankwam.", "The day the letter reached the resident."),
		func(a At) *intake.Date { return &letter(a, false).Received })
	due := dateField("clarify.letter.due", intake.T("Uiterste datum die in de brief staat", "Last date stated in the letter"),
		intake.T("Staat er in de brief een datum waarvoor iets moet gebeuren? Bijvoorbeeld: betalen vóór.", "Does the letter state a date by which something must happen? For example: pay before."),
		func(a At) *intake.Date { return &letter(a, false).Due })
	due.Shown = func(a At) bool { return intake.KindHasDue(letter(a, false).Kind) }
	about := textField("clarify.letter.about", KindText, intake.T("Waarover", "About"),
		intake.T("Waar gaat de brief over, in een paar woorden.", "What the letter is about, in a few words."),
		intake.MaxLine, func(a At) *string { return &letter(a, false).About })
	answered := dateField("clarify.letter.answered", intake.T("Antwoord gekregen op", "Answer received on"),
		intake.T("De dag dat het besluit of het verslag van de gemeente kwam. Leeg: nog geen antwoord. Is de termijn voorbij, dan zegt de agenda het.",
			"The day the municipality's decision or report arrived. Empty: no answer yet. When the term has passed, the agenda says so."),
		func(a At) *intake.Date { return &letter(a, false).Answered })
	answered.Shown = func(a At) bool { return intake.KindAwaitsAnswer(letter(a, false).Kind) }
	deadlines := &Field{Key: "clarify.letter.deadlines", Kind: KindInfo, Label: intake.T("Termijnen", "Deadlines"),
		Info: func(a At) []intake.Text {
			l := letter(a, false)
			if l.Kind == "" {
				return []intake.Text{intake.T("Kies eerst de soort brief. Dan rekenen we de termijn uit.", "First choose the kind of letter. Then we work out the deadline.")}
			}
			ds := intake.LetterDeadlines(*l)
			if len(ds) == 0 {
				return []intake.Text{intake.T("Geen termijn. Vul de datum van de brief in.", "No deadline. Fill in the date of the letter.")}
			}
			var out []intake.Text
			for _, d := range ds {
				out = append(out, DeadlineLine(d, a.C.Today()))
			}
			if ld, late := intake.LetterLate(*l, a.C.Today()); late {
				out = append(out, LateLine(ld, a.C.Today()))
			}
			return out
		},
	}
	fields := []*Field{kind, from, sent, received, due, answered, about}
	subs := []string{"kind", "from", "sent", "received", "due", "answered", "about"}
	for i, f := range fields {
		f.Personal = true
		f.Path = letterPath(subs[i])
		set := f.Set
		f.Set = func(a At, v Value) error {
			letter(a, true)
			return set(a, v)
		}
	}
	return &Field{Key: "clarify.letters", Kind: KindList, Label: intake.T("Brieven", "Letters"), Personal: true,
		Path: clarPath("letters"),
		List: &List{
			Item:  intake.T("brief", "letter"),
			Count: func(a At) int { return len(clar(a, false).Letters) },
			Title: func(a At, i int) intake.Text {
				l := clar(a, false).Letters[i]
				kind := OptionLabel(LetterKindOptions(a), string(l.Kind), "nl")
				kindEN := OptionLabel(LetterKindOptions(a), string(l.Kind), "en")
				t := intake.T(fmt.Sprintf("Brief %d: %s", i+1, kind), fmt.Sprintf("Letter %d: %s", i+1, kindEN))
				if l.About != "" {
					t = intake.T(t.NL+" · "+l.About, t.EN+" · "+l.About)
				}
				return t
			},
			Add: func(a At) (int, error) {
				c := clar(a, true)
				if len(c.Letters) >= intake.MaxItems {
					return 0, inputErr(tooMany())
				}
				c.Letters = append(c.Letters, intake.Letter{})
				return len(c.Letters) - 1, nil
			},
			Remove: func(a At, i int) error {
				c := clar(a, true)
				if i < 0 || i >= len(c.Letters) {
					return nil
				}
				c.Letters = slices.Delete(c.Letters, i, i+1)
				return nil
			},
			RemoveConfirm: func(a At, i int) Confirmation {
				l := clar(a, false).Letters[i]
				title := OptionLabel(LetterKindOptions(a), string(l.Kind), "nl")
				titleEN := OptionLabel(LetterKindOptions(a), string(l.Kind), "en")
				return Confirmation{
					Question: intake.T(fmt.Sprintf("Brief %d (%s) en de termijnen die erbij horen worden gewist. Weet u het zeker?", i+1, title),
						fmt.Sprintf("Letter %d (%s) and its deadlines will be erased. Are you sure?", i+1, titleEN)),
					Removes: itemContent(l.About),
				}
			},
			// The deadlines follow the kind at once, above the dates they
			// are worked out from: they change as a date is typed.
			Fields: append([]*Field{kind, deadlines}, fields[1:]...),
		},
	}
}

func tooMany() intake.Text {
	return intake.T(fmt.Sprintf("Dit zijn er te veel. Het mogen er %d zijn.", intake.MaxItems),
		fmt.Sprintf("These are too many. There may be %d.", intake.MaxItems))
}

// itemContent names what a removed item held, when it held text.
func itemContent(s string) []intake.Text {
	if s == "" {
		return nil
	}
	return []intake.Text{intake.T("“"+s+"”", "“"+s+"”")}
}

// LateLine says that the municipality is late, since when, and where the
// letter that puts it in default is made.
func LateLine(ld intake.LateDecision, today intake.Date) intake.Text {
	n := ld.DaysLate(today)
	return intake.T(
		fmt.Sprintf("%s: de termijn eindigde op %s (%s). Maak een ingebrekestelling bij de papieren (F6).", ld.Title().NL, ld.Ends.Format("nl"), daysLeft(-n).NL),
		fmt.Sprintf("%s: the term ended on %s (%s). Make a notice of default among the papers (F6).", ld.Title().EN, ld.Ends.Format("en"), daysLeft(-n).EN))
}

// DeadlineLine is one deadline in one sentence: its last day, how many
// days are left (or that it passed), what it means, and a warning when it
// was counted from the day a letter arrived. Every rendering shows
// deadlines through this line, so the screen, the resident view, the
// papers and the line mode agree.
func DeadlineLine(d intake.Deadline, today intake.Date) intake.Text {
	left := d.DaysLeft(today)
	var whenNL, whenEN string
	switch {
	case left < 0:
		whenNL, whenEN = "deze datum is voorbij", "this date has passed"
	case left == 0:
		whenNL, whenEN = "vandaag", "today"
	case left == 1:
		whenNL, whenEN = "nog 1 dag", "1 day left"
	default:
		whenNL, whenEN = fmt.Sprintf("nog %d dagen", left), fmt.Sprintf("%d days left", left)
	}
	nl := fmt.Sprintf("%s: uiterlijk %s (%s).", d.Title().NL, d.Due.Format("nl"), whenNL)
	en := fmt.Sprintf("%s: by %s (%s).", d.Title().EN, d.Due.Format("en"), whenEN)
	if d.Extended != d.Due {
		nl += fmt.Sprintf(" Mag nog op %s.", d.Extended.Format("nl"))
		en += fmt.Sprintf(" Still in time on %s.", d.Extended.Format("en"))
	}
	if d.Approx {
		nl += " Let op: gerekend vanaf de dag van ontvangst. De echte laatste dag kan eerder zijn."
		en += " Note: counted from the day it arrived. The real last day may be earlier."
	}
	return intake.T(nl, en)
}
