package intake

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Summary is a plain-language overview of an intake for the resident, in
// one language. It is structured so that the PDF sheet and the TUI can lay
// it out their own way; Text renders it as plain text. Every string in it
// has been passed through Inert.
type Summary struct {
	Lang     string    `json:"lang"`
	Title    string    `json:"title"`
	For      string    `json:"for,omitempty"` // the resident's pseudonym, if known
	Sections []Section `json:"sections"`
	// Notes are footnotes: where a rule is in the law. A line refers to
	// note i (from 0) by NoteMark(i+1) at its end; legal references stay
	// out of the sentences the resident reads.
	Notes []string `json:"notes,omitempty"`
}

// Voice is who a paper speaks as.
type Voice int

// Voices.
const (
	VoiceYou Voice = iota // the sheet speaks to the resident: "u"
	VoiceI                // the personal plan is the resident's own: "ik"
)

// NoteMark is the superscript number of footnote n (1, 2, …): "¹", "¹²".
func NoteMark(n int) string {
	const sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	digits := []rune(sup)
	var b strings.Builder
	for _, c := range strconv.Itoa(n) {
		b.WriteRune(digits[c-'0'])
	}
	return b.String()
}

// Note adds footnote text (once: the same text gets the same number) and
// returns its mark.
func (s *Summary) Note(text string) string {
	for i, n := range s.Notes {
		if n == text {
			return NoteMark(i + 1)
		}
	}
	s.Notes = append(s.Notes, text)
	return NoteMark(len(s.Notes))
}

// Section is one part of a Summary.
type Section struct {
	Key     string   `json:"key"` // stable: question, domains, agreements, referrals, deadlines, appointment, bring, support
	Heading string   `json:"heading"`
	Lines   []string `json:"lines"`
	Bullets bool     `json:"bullets"` // show Lines as a list
}

// Section keys.
const (
	SectionQuestion    = "question"
	SectionDomains     = "domains"
	SectionAgreements  = "agreements"
	SectionReferrals   = "referrals"
	SectionDeadlines   = "deadlines"
	SectionAppointment = "appointment"
	SectionBring       = "bring"
	SectionSupport     = "support"
)

// Section returns the section with key, if present.
func (s Summary) Section(key string) (Section, bool) {
	for _, sec := range s.Sections {
		if sec.Key == key {
			return sec, true
		}
	}
	return Section{}, false
}

// What to bring to the conversation with the municipality.
var bringList = []Text{
	T("Een geldig ID-bewijs: paspoort, ID-kaart of verblijfsdocument.", "A valid ID: passport, ID card or residence document."),
	T("Alle brieven van instanties. Vooral brieven met een datum erin.", "All letters from agencies. Especially letters with a date in them."),
	T("Een overzicht van de hulp en zorg die u nu krijgt.", "An overview of the help and care you get now."),
	T("Medische informatie, zoals uw medicijnlijst of een brief van de dokter.", "Medical information, like your list of medicines or a letter from the doctor."),
	T("Een lijstje: wat vindt u elke dag moeilijk?", "A short list: what do you find hard every day?"),
	T("Wie uit uw omgeving helpt u al, en waarmee?", "Who around you already helps you, and with what?"),
	T("Dit overzicht.", "This overview."),
}

var supportLines = map[Voice][]Text{
	VoiceYou: {
		T("U hoeft niet alleen te gaan. U mag iemand meenemen naar het gesprek. Dat kan iemand zijn die u kent. Of een cliëntondersteuner.",
			"You do not have to go alone. You may bring someone to the conversation. That can be someone you know. Or a client supporter."),
		T("Een cliëntondersteuner is gratis. Hij of zij werkt voor u. En beslist niet over uw hulp.",
			"A client supporter is free. They work for you. And they do not decide about your help."),
	},
	VoiceI: {
		T("Ik hoef niet alleen te gaan. Ik mag iemand meenemen naar het gesprek. Iemand die ik ken. Of een cliëntondersteuner.",
			"I do not have to go alone. I may bring someone to the conversation. Someone I know. Or a client supporter."),
		T("Een cliëntondersteuner is gratis. Die werkt voor mij. En beslist niet over mijn hulp.",
			"A client supporter is free. They work for me. And they do not decide about my help."),
	},
}

// Summarise builds the resident's overview of an intake in lang ("nl" or
// "en"). today decides which deadlines have passed. r may be the zero
// Resident. Only what the resident said and agreed is shown; internal
// notes are not.
func Summarise(in Intake, r Resident, c *Catalogue, lang string, today Date) Summary {
	return SummariseAs(in, r, c, lang, today, VoiceYou)
}

// SummariseAs is Summarise in a voice: VoiceI words the agreements, the
// dates and the support as the resident's own ("ik", "mijn
// cliëntondersteuner"), for the personal plan.
func SummariseAs(in Intake, r Resident, c *Catalogue, lang string, today Date, voice Voice) Summary {
	lang = NormLang(lang)
	tr := func(t Text) string { return t.In(lang) }
	s := Summary{Lang: lang, Title: tr(T("Uw vraag op een rij", "Your question in short"))}
	if in.Consent.Given && r.ID != "" && r.ID == in.ResidentID {
		s.For = Inert(r.Pseudonym)
	}

	// The question.
	q := Section{Key: SectionQuestion, Heading: tr(T("Uw vraag", "Your question"))}
	switch {
	case strings.TrimSpace(in.ClarifiedQuestion) != "":
		q.Lines = append(q.Lines, Inert(in.ClarifiedQuestion))
	case strings.TrimSpace(in.OwnWords) != "":
		q.Lines = append(q.Lines, Inert(in.OwnWords))
	default:
		q.Lines = append(q.Lines, tr(T("We hebben uw vraag nog niet samen opgeschreven.", "We have not written down your question together yet.")))
	}
	s.Sections = append(s.Sections, q)

	// The domains that matter.
	if ds := in.DomainsThatMatter(c); len(ds) > 0 {
		sec := Section{Key: SectionDomains, Heading: tr(T("Waar het over gaat", "What it is about")), Bullets: true}
		for _, code := range ds {
			line := tr(c.DomainName(code))
			if st := in.Scan[code]; st != NotDiscussed && st.Valid() {
				line += ": " + strings.ToLower(tr(c.Step(st).Name))
			}
			if cl, ok := in.Clarification(code); ok && strings.TrimSpace(cl.WouldHelp) != "" {
				line += ". " + tr(T("Wat zou helpen: ", "What would help: ")) + oneLine(cl.WouldHelp)
			}
			sec.Lines = append(sec.Lines, line)
		}
		s.Sections = append(s.Sections, sec)
	}

	// Agreements.
	if len(in.Agreements) > 0 {
		sec := Section{Key: SectionAgreements, Heading: tr(T("Wat we hebben afgesproken", "What we agreed")), Bullets: true}
		for _, a := range in.Agreements {
			line := oneLine(a.What) + " — " + tr(partyText(a, c, voice))
			if !a.By.IsZero() {
				line += ", " + tr(T("uiterlijk ", "by ")) + a.By.Format(lang)
			}
			switch {
			case a.Done && !a.DoneOn.IsZero():
				line += " (" + tr(T("klaar op ", "done on ")) + a.DoneOn.Format(lang) + ")"
			case a.Done:
				line += " (" + tr(T("klaar", "done")) + ")"
			}
			sec.Lines = append(sec.Lines, line)
		}
		s.Sections = append(s.Sections, sec)
	}

	// Referrals, with the social map's address and opening hours.
	if len(in.Referrals) > 0 {
		sec := Section{Key: SectionReferrals, Heading: tr(T("Waar u terecht kunt", "Where you can go")), Bullets: true}
		for _, ref := range in.Referrals {
			var parts []string
			if o, ok := c.Organisation(ref.Organisation); ok {
				parts = append(parts, oneLine(tr(o.Name)))
				for _, p := range []string{o.Address, o.Phone, tr(o.Hours)} {
					if p != "" {
						parts = append(parts, oneLine(p))
					}
				}
			} else if a, ok := c.Agency(ref.Agency); ok {
				parts = append(parts, tr(a.Name), tr(a.Explanation))
			}
			if len(parts) == 0 {
				continue
			}
			line := strings.Join(parts, " · ")
			if ref.Warm {
				line += " " + tr(T("(we leggen samen het eerste contact)", "(we make the first contact together)"))
			}
			if w := ReferralWhen(ref, lang); w != "" {
				line += ". " + w
			}
			sec.Lines = append(sec.Lines, line)
		}
		if len(sec.Lines) > 0 {
			s.Sections = append(s.Sections, sec)
		}
	}

	// Deadlines.
	if dls := in.Deadlines(); len(dls) > 0 {
		sec := Section{Key: SectionDeadlines, Heading: tr(T("Belangrijke data", "Important dates")), Bullets: true}
		for _, dl := range dls {
			what := dl.What
			if voice == VoiceI {
				what = dl.Mine()
			}
			line := dl.Due.Format(lang) + ": " + tr(what)
			if dl.About != "" {
				line += " (" + tr(T("brief over: ", "letter about: ")) + oneLine(dl.About) + ")"
			}
			if dl.Extended != dl.Due {
				line += " " + fmt.Sprintf(tr(T("Deze dag is geen werkdag. Daarom mag het ook nog op %s.", "This day is not a working day. So it may also be done on %s.")), dl.Extended.Format(lang))
			}
			if dl.Approx {
				line += " " + tr(T("Let op: we rekenden vanaf de dag dat de brief kwam. Kijk naar de datum op de brief; de echte termijn kan eerder eindigen.", "Note: we counted from the day the letter arrived. Check the date on the letter; the real period may end sooner."))
			}
			if !today.IsZero() {
				switch left := dl.DaysLeft(today); {
				case left < 0 && dl.Extended.Before(today):
					line += " " + tr(T("Deze datum is voorbij.", "This date has passed."))
				case left == 0:
					line += " " + tr(T("Dat is vandaag.", "That is today."))
				case left > 0 && left <= 14:
					line += " " + fmt.Sprintf(tr(T("Nog %d dagen.", "%d days left.")), left)
				}
			}
			if dl.Kind != DeadlineLetter {
				line += s.Note(tr(dl.Basis))
			}
			sec.Lines = append(sec.Lines, line)
		}
		s.Sections = append(s.Sections, sec)
	}

	// Next appointment.
	if a := in.NextAppointment; !a.At.IsZero() {
		sec := Section{Key: SectionAppointment, Heading: tr(T("Volgende afspraak", "Next appointment"))}
		line := DateOf(a.At).Format(lang) + " " + tr(T("om", "at")) + " " + a.At.Format("15:04")
		if l, ok := c.Location(a.Where); ok {
			line += ", " + tr(l.Name)
		}
		sec.Lines = append(sec.Lines, line)
		if a.Note != "" {
			sec.Lines = append(sec.Lines, oneLine(a.Note))
		}
		s.Sections = append(s.Sections, sec)
	}

	// What to bring, and that they may bring someone.
	bring := Section{Key: SectionBring, Heading: tr(T("Neem dit mee naar het gesprek met de gemeente (het keukentafelgesprek)", "Bring this to the conversation with the municipality (the kitchen-table conversation)")), Bullets: true}
	for _, b := range bringList {
		bring.Lines = append(bring.Lines, tr(b))
	}
	s.Sections = append(s.Sections, bring)
	sup := Section{Key: SectionSupport, Heading: tr(T("U hoeft het niet alleen te doen", "You do not have to do it alone"))}
	if voice == VoiceI {
		sup.Heading = tr(T("Ik hoef het niet alleen te doen", "I do not have to do it alone"))
	}
	for _, l := range supportLines[voice] {
		sup.Lines = append(sup.Lines, tr(l))
	}
	s.Sections = append(s.Sections, sup)
	return s
}

// ReferralWhen says when a referral was made and, once the agency
// answered, what came of it since when: "Verwezen op 12 maart 2026.
// Aangenomen op 20 maart 2026." ("" without dates).
func ReferralWhen(ref Referral, lang string) string {
	var parts []string
	if !ref.On.IsZero() {
		parts = append(parts, T("Verwezen op ", "Referred on ").In(lang)+ref.On.Format(lang))
	}
	if st := ref.State.Outcome(); st != ReferralSent {
		p := st.Text().In(lang)
		if !ref.StateOn.IsZero() {
			p += T(" op ", " on ").In(lang) + ref.StateOn.Format(lang)
		}
		if st == ReferralRefused && strings.TrimSpace(ref.Why) != "" {
			p += T(", want: ", ", because: ").In(lang) + oneLine(ref.Why)
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ". ") + "."
}

func partyText(a Agreement, c *Catalogue, voice Voice) Text {
	if voice == VoiceI {
		switch a.Who {
		case PartyResident:
			return T("ik", "me")
		case PartySupporter:
			return T("mijn cliëntondersteuner", "my client supporter")
		case PartyKompaan:
			return T("de kompaan", "the kompaan")
		case PartyNetwork:
			return T("iemand uit mijn omgeving", "someone close to me")
		}
	}
	switch a.Who {
	case PartyResident:
		return T("u", "you")
	case PartySupporter:
		return T("de cliëntondersteuner", "the client supporter")
	case PartyKompaan:
		return T("de kompaan", "the kompaan")
	case PartyNetwork:
		return T("iemand uit uw omgeving", "someone close to you")
	case PartyAgency:
		if ag, ok := c.Agency(a.Agency); ok {
			return ag.Name
		}
		return T("een instantie", "an agency")
	}
	return T("nog niet afgesproken wie", "who: not agreed yet")
}

// oneLine makes typed text inert and puts it on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(Inert(s)), " ")
}

// Text renders the summary as plain text, wrapped at 72 columns.
func (s Summary) Text() string {
	var b strings.Builder
	b.WriteString(s.Title + "\n")
	b.WriteString(strings.Repeat("=", utf8.RuneCountInString(s.Title)) + "\n")
	if s.For != "" {
		b.WriteString(s.For + "\n")
	}
	for _, sec := range s.Sections {
		heading := Wrap(sec.Heading, 72, "", "")
		b.WriteString("\n" + heading)
		last := heading[strings.LastIndex(heading[:len(heading)-1], "\n")+1 : len(heading)-1]
		b.WriteString(strings.Repeat("-", utf8.RuneCountInString(last)) + "\n")
		for _, l := range sec.Lines {
			if sec.Bullets {
				b.WriteString(Wrap(l, 72, "- ", "  "))
			} else {
				b.WriteString(Wrap(l, 72, "", ""))
			}
		}
	}
	if len(s.Notes) > 0 {
		b.WriteString("\n" + strings.Repeat("-", 20) + "\n")
		for i, n := range s.Notes {
			b.WriteString(Wrap(NoteMark(i+1)+" "+n, 72, "", "  "))
		}
	}
	return b.String()
}

// Wrap wraps text at width runes for plain-text output; first and rest
// prefix the lines. Newlines in the text are kept as paragraph breaks;
// lines carry no trailing spaces.
func Wrap(text string, width int, first, rest string) string {
	var b strings.Builder
	prefix := first
	for _, para := range strings.Split(text, "\n") {
		line := prefix
		n := utf8.RuneCountInString(line)
		empty := true
		for _, w := range strings.Fields(para) {
			wl := utf8.RuneCountInString(w)
			if !empty && n+1+wl > width {
				b.WriteString(line + "\n")
				line, n, empty = rest, utf8.RuneCountInString(rest), true
			}
			if !empty {
				line += " "
				n++
			}
			line += w
			n += wl
			empty = false
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
		prefix = rest
	}
	return b.String()
}
