package papers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// The access export format. Version 1: the top-level fields of Access;
// "resident" and "intakes" hold the records with the field names they are
// stored under (intake.Resident and intake.Intake). A new version is made
// for any change that is not an added optional field.
const (
	AccessFormat  = "spreekuur-access"
	AccessVersion = 1
)

// maxAccessSize bounds what ParseAccess reads.
const maxAccessSize = 64 << 20

// ErrAccessFormat is wrapped by every problem ParseAccess finds.
var ErrAccessFormat = errors.New("not a spreekuur access export")

// Access is everything stored about one resident: their record and every
// intake that belongs to them, with notes (author, role, time) and
// follow-up contacts. It is the answer to a request under GDPR article 15.
type Access struct {
	Format   string          `json:"format"`  // AccessFormat
	Version  int             `json:"version"` // AccessVersion
	Exported time.Time       `json:"exported,omitzero"`
	Resident intake.Resident `json:"resident"`
	Intakes  []intake.Intake `json:"intakes"` // oldest first
	// Codes explains every code used in the records (e.g. "domain/money"),
	// in Dutch and English, so the JSON can be read without the app.
	Codes map[string]intake.Text `json:"codes,omitempty"`
	// Statistics are the anonymised statistics records made from these
	// intakes (coded fields only; the caller adds them). They are kept
	// apart from the intakes, but whoever holds the notes key can link
	// them through the intake's stat_id, so they are shown too.
	Statistics []AccessStat `json:"statistics,omitempty"`

	// What art. 15(1)(a-h) and 12(3) add (Complete): the day of the
	// request and of the answer at the latest, purposes, categories,
	// recipients, retention, source and rights, and the access log of
	// the resident's file.
	Requested intake.Date   `json:"requested,omitzero"`
	AnswerBy  intake.Date   `json:"answer_by,omitzero"`
	About     *AccessAbout  `json:"about,omitempty"`
	Log       []AccessEvent `json:"log,omitempty"`

	cat *intake.Catalogue
}

// AccessStat is the statistics record of one intake.
type AccessStat struct {
	IntakeID string            `json:"intake_id"`
	Record   intake.StatRecord `json:"record"`
}

// AccessExport collects what is stored about resident r: r itself and the
// intakes of r (intakes of anyone else are left out), oldest first. The
// caller sets Exported.
func AccessExport(r intake.Resident, intakes []intake.Intake, cat *intake.Catalogue) Access {
	a := Access{Format: AccessFormat, Version: AccessVersion, Resident: r, Intakes: []intake.Intake{}, cat: cat}
	for _, in := range intakes {
		if r.ID != "" && in.ResidentID == r.ID {
			a.Intakes = append(a.Intakes, in)
		}
	}
	slices.SortStableFunc(a.Intakes, func(x, y intake.Intake) int { return x.Created.Compare(y.Created) })
	a.Codes = a.codes()
	return a
}

// JSON returns the export as indented JSON. Control characters in typed
// text are escaped by the encoder, so the file is safe to show anywhere.
func (a Access) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(a); err != nil {
		return nil, fmt.Errorf("papers: encode access export: %w", err)
	}
	return b.Bytes(), nil
}

// ParseAccess reads an access export written by JSON: strictly (unknown
// fields are errors) and only the format and version it knows.
func ParseAccess(data []byte) (Access, error) {
	if len(data) > maxAccessSize {
		return Access{}, fmt.Errorf("%w: larger than %d bytes", ErrAccessFormat, maxAccessSize)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return Access{}, fmt.Errorf("%w: %v", ErrAccessFormat, err)
	}
	if head.Format != AccessFormat {
		return Access{}, fmt.Errorf("%w: format %q", ErrAccessFormat, head.Format)
	}
	if head.Version != AccessVersion {
		return Access{}, fmt.Errorf("%w: version %d, this program reads version %d", ErrAccessFormat, head.Version, AccessVersion)
	}
	var a Access
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return Access{}, fmt.Errorf("%w: %v", ErrAccessFormat, err)
	}
	if dec.More() {
		return Access{}, fmt.Errorf("%w: data after the export", ErrAccessFormat)
	}
	if a.Intakes == nil {
		a.Intakes = []intake.Intake{}
	}
	// For the order of the domains and the words of the scale in Text;
	// names of codes come from the export's own Codes first.
	a.cat = intake.DefaultCatalogue()
	return a, nil
}

// codes lists the names of every code the records use.
func (a Access) codes() map[string]intake.Text {
	if a.cat == nil {
		return nil
	}
	c := a.cat
	m := map[string]intake.Text{}
	add := func(kind, code string, name intake.Text, ok bool) {
		if code != "" && ok {
			m[kind+"/"+code] = name
		}
	}
	domain := func(code intake.DomainCode) { d, ok := c.Domain(code); add("domain", string(code), d.Name, ok) }
	agency := func(code intake.AgencyCode) { x, ok := c.Agency(code); add("agency", string(code), x.Name, ok) }
	location := func(code intake.LocationCode) { x, ok := c.Location(code); add("location", string(code), x.Name, ok) }
	for _, g := range a.Resident.TargetGroups {
		x, ok := c.TargetGroup(g)
		add("target_group", string(g), x.Name, ok)
	}
	for _, in := range a.Intakes {
		location(in.Location)
		location(in.NextAppointment.Where)
		x, ok := c.Route(in.Route)
		add("route", string(in.Route), x.Name, ok)
		q, ok := c.QuestionType(in.QuestionType)
		add("question_type", string(in.QuestionType), q.Name, ok)
		for d := range in.Scan {
			domain(d)
		}
		for _, ag := range in.Agencies {
			agency(ag)
		}
		for _, cl := range in.Clarifications {
			domain(cl.Domain)
			for _, ag := range cl.Agencies {
				agency(ag)
			}
			for _, l := range cl.Letters {
				agency(l.From)
			}
		}
		for _, ag := range in.Agreements {
			agency(ag.Agency)
		}
		for _, r := range in.Referrals {
			agency(r.Agency)
			domain(r.Domain)
			o, ok := c.Organisation(r.Organisation)
			add("organisation", string(r.Organisation), o.Name, ok)
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// name returns the name of a code in lang: from the catalogue, from the
// export's own list of codes, or the code itself.
func (a Access) name(kind, code, lang string) string {
	if code == "" {
		return ""
	}
	if t, ok := a.Codes[kind+"/"+code]; ok && !t.IsZero() {
		return oneLine(t.In(lang))
	}
	return oneLine(code)
}

// Text renders the export as readable text in lang: every stored field,
// names instead of codes, and what the resident may do with it. Typed
// text is made inert.
func (a Access) Text(lang string) string {
	w := &textWriter{lang: intake.NormLang(lang)}
	a.write(w)
	return w.b.String()
}

// PDF renders the export as an A4 paper in lang: the same parts as Text,
// the law's article in a footnote.
func (a Access) PDF(lang string) ([]byte, error) {
	w := &textWriter{lang: intake.NormLang(lang)}
	a.write(w)
	for i := range w.secs {
		// A section of items only is a list: drawn with hanging bullets.
		sec := &w.secs[i]
		list := len(sec.Lines) > 0
		for _, l := range sec.Lines {
			list = list && strings.HasPrefix(l, "• ")
		}
		if list {
			for j, l := range sec.Lines {
				sec.Lines[j] = strings.TrimPrefix(l, "• ")
			}
			sec.Bullets = true
		}
	}
	d := Doc{Kind: "access", Lang: w.lang, Title: w.title, For: a.Resident.Pseudonym, Number: shortID(a.Resident.ID),
		Intro: w.intro, Sections: w.secs, Notes: []string{accessNote.In(w.lang)}}
	if !a.Exported.IsZero() {
		d.Made = intake.DateOf(a.Exported.Local())
	}
	return d.PDF()
}

// accessNote is the footnote of the export: where the rights are in the law.
var accessNote = intake.T("Algemene verordening gegevensbescherming (AVG), artikel 15: het recht om te zien welke gegevens over u worden bewaard. Artikel 16 en 17: het recht om ze te laten verbeteren of wissen. Artikel 77: het recht om een klacht in te dienen.",
	"General Data Protection Regulation (GDPR), article 15: the right to see which data about you are kept. Articles 16 and 17: the right to have them corrected or erased. Article 77: the right to complain.")

func (a Access) write(w *textWriter) {
	lang := w.lang
	tr := func(t intake.Text) string { return t.In(lang) }
	title := tr(intake.T("Alles wat wij over u bewaren", "Everything we keep about you"))
	w.title = title
	w.raw(title + "\n" + strings.Repeat("=", len([]rune(title))) + "\n")
	w.unit(title)
	if !a.Exported.IsZero() {
		w.rawLine(tr(intake.T("Gemaakt op", "Made on")), intake.DateOf(a.Exported).Format(lang)+" "+a.Exported.Format("15:04"))
	}
	w.para(tr(intake.T("U mag zien wat wij over u bewaren.¹ Hieronder staat alles. Ook de aantekeningen van de cliëntondersteuner en de kompaan.",
		"You may see what we keep about you.¹ Everything is below. Also the notes of the client supporter and the kompaan.")))
	if a.About != nil {
		a.aboutText(w)
	} else {
		w.para(tr(intake.T("Wij gebruiken dit alleen om u te helpen met uw vraag. We tellen ook hoeveel vragen er zijn. Dat doen we zonder uw naam of tekst. De gemeente krijgt die cijfers. Klopt er iets niet? Dan mag u vragen om het te verbeteren of te wissen. U mag ook een klacht indienen bij de Autoriteit Persoonsgegevens.",
			"We use this only to help you with your question. We also count how many questions there are. We do that without your name or any text. The municipality gets those figures. Is something wrong? Then you may ask us to correct it or delete it. You may also complain to the Dutch Data Protection Authority (Autoriteit Persoonsgegevens).")))
	}

	r := a.Resident
	w.heading(tr(intake.T("Over u", "About you")))
	w.line(tr(intake.T("Nummer", "Number")), r.ID)
	w.line(tr(intake.T("Naam of letters", "Name or initials")), r.Pseudonym)
	w.line(tr(intake.T("Contact", "Contact")), r.Contact)
	if r.BirthYear != 0 {
		w.line(tr(intake.T("Geboortejaar", "Year of birth")), fmt.Sprint(r.BirthYear))
	}
	var groups []string
	for _, g := range r.TargetGroups {
		groups = append(groups, a.name("target_group", string(g), lang))
	}
	w.line(tr(intake.T("Doelgroepen", "Target groups")), strings.Join(groups, ", "))
	w.line(tr(intake.T("Bewaard sinds", "Kept since")), stamp(r.Created, lang))

	if len(a.Intakes) == 0 {
		w.para(tr(intake.T("Er zijn geen gesprekken bewaard.", "No conversations are kept.")))
	}
	for i, in := range a.Intakes {
		a.intakeText(w, i+1, in)
	}
	w.raw("\n" + strings.Repeat("-", 20) + "\n")
	w.raw(intake.Wrap("¹ "+accessNote.In(lang), textWidth, "", "  "))
}

func (a Access) intakeText(w *textWriter, n int, in intake.Intake) {
	lang := w.lang
	tr := func(t intake.Text) string { return t.In(lang) }
	w.heading(fmt.Sprintf(tr(intake.T("Gesprek %d", "Conversation %d")), n))
	w.line(tr(intake.T("Nummer", "Number")), in.ID)
	w.line(tr(intake.T("Nummer voor de telling", "Number for the count")), in.StatID)
	w.line(tr(intake.T("Stand", "Status")), tr(in.Status.Text()))
	w.line(tr(intake.T("Stap", "Step")), tr(in.Step.Text()))
	w.line(tr(intake.T("Eerste contact", "First contact")), stamp(in.Created, lang))
	w.line(tr(intake.T("Laatst veranderd", "Last changed")), stamp(in.Updated, lang))
	w.line(tr(intake.T("Afgesloten", "Closed")), stamp(in.ClosedAt, lang))
	w.line(tr(intake.T("Plaats", "Place")), a.name("location", string(in.Location), lang))
	w.line(tr(intake.T("Cliëntondersteuner", "Client supporter")), in.Presence.Supporter)
	if in.Presence.Kompaan {
		w.line(tr(intake.T("Kompaan", "Kompaan")), orYes(in.Presence.KompaanName, lang))
	}
	if in.Presence.Network {
		w.line(tr(intake.T("Iemand uit uw omgeving", "Someone close to you")), orYes(in.Presence.NetworkRelation, lang))
	}
	w.line(tr(intake.T("Hoe u ons vond", "How you found us")), a.name("route", string(in.Route), lang))
	if in.Consent.Given {
		var scopes []string
		for _, s := range in.Consent.Scopes {
			scopes = append(scopes, tr(s.Text()))
		}
		w.line(tr(intake.T("Toestemming", "Consent")), tr(intake.T("ja, gegeven op ", "yes, given on "))+stamp(in.Consent.At, lang)+": "+strings.Join(scopes, "; "))
	} else {
		w.line(tr(intake.T("Toestemming", "Consent")), tr(intake.T("nee", "no")))
	}
	w.line(tr(intake.T("Uw vraag in uw eigen woorden", "Your question in your own words")), in.OwnWords)
	w.line(tr(intake.T("Soort vraag", "Kind of question")), a.name("question_type", string(in.QuestionType), lang))
	w.line(tr(intake.T("Uw vraag, samen opgeschreven", "Your question, written down together")), in.ClarifiedQuestion)

	w.line(tr(intake.T("Instanties die meedoen", "Agencies involved")), a.names("agency", in.Agencies, lang))

	if len(in.Scan) > 0 && a.cat != nil {
		w.sub(tr(intake.T("Hoe gaat het?", "How are things?")))
		for _, d := range a.cat.Domains {
			if s, ok := in.Scan[d.Code]; ok {
				w.item(a.name("domain", string(d.Code), lang) + ": " + strings.ToLower(tr(a.cat.Step(s).Name)))
			}
		}
	} else if len(in.Scan) > 0 {
		w.sub(tr(intake.T("Hoe gaat het?", "How are things?")))
		keys := make([]string, 0, len(in.Scan))
		for d := range in.Scan {
			keys = append(keys, string(d))
		}
		slices.Sort(keys)
		for _, d := range keys {
			w.item(fmt.Sprintf("%s: %d", a.name("domain", d, lang), in.Scan[intake.DomainCode(d)]))
		}
	}
	for _, cl := range in.Clarifications {
		w.sub(a.name("domain", string(cl.Domain), lang))
		w.line(tr(intake.T("Wat er speelt", "What is going on")), cl.Happening)
		w.line(tr(intake.T("Wat u al probeerde", "What you tried")), cl.Tried)
		w.line(tr(intake.T("Instanties", "Agencies")), a.names("agency", cl.Agencies, lang))
		w.line(tr(intake.T("Wat zou helpen", "What would help")), cl.WouldHelp)
		if u := urgencyText(cl.Urgency); !u.IsZero() {
			w.line(tr(intake.T("Hoe snel", "How soon")), tr(u))
		}
		for _, l := range cl.Letters {
			parts := []string{tr(letterKindText(l.Kind))}
			if l.From != "" {
				parts = append(parts, tr(intake.T("van ", "from "))+a.name("agency", string(l.From), lang))
			}
			for _, dt := range []struct {
				label intake.Text
				d     intake.Date
			}{{intake.T("verstuurd ", "sent "), l.Sent}, {intake.T("ontvangen ", "received "), l.Received}, {intake.T("uiterlijk ", "due "), l.Due}, {intake.T("antwoord gekregen ", "answered "), l.Answered}} {
				if !dt.d.IsZero() {
					parts = append(parts, tr(dt.label)+dt.d.Format(lang))
				}
			}
			if l.About != "" {
				parts = append(parts, oneLine(l.About))
			}
			w.line(tr(intake.T("Brief", "Letter")), strings.Join(parts, ", "))
		}
	}
	if len(in.Agreements) > 0 {
		w.sub(tr(intake.T("Afspraken", "Agreements")))
		for _, ag := range in.Agreements {
			who := tr(partyWords(ag.Who))
			if ag.Agency != "" {
				who = a.name("agency", string(ag.Agency), lang)
			}
			line := oneLine(ag.What) + " (" + who + ")"
			if !ag.By.IsZero() {
				line += ", " + tr(intake.T("uiterlijk ", "by ")) + ag.By.Format(lang)
			}
			switch {
			case ag.Done && !ag.DoneOn.IsZero():
				line += ", " + tr(intake.T("klaar op ", "done on ")) + ag.DoneOn.Format(lang)
			case ag.Done:
				line += ", " + tr(intake.T("klaar", "done"))
			}
			w.item(line)
		}
	}
	if len(in.Referrals) > 0 {
		w.sub(tr(intake.T("Verwijzingen", "Referrals")))
		for _, ref := range in.Referrals {
			var parts []string
			for _, p := range []string{a.name("organisation", string(ref.Organisation), lang), a.name("agency", string(ref.Agency), lang), a.name("domain", string(ref.Domain), lang), oneLine(ref.Reason)} {
				if p != "" {
					parts = append(parts, p)
				}
			}
			if ref.Warm {
				parts = append(parts, tr(intake.T("samen eerste contact", "first contact together")))
			}
			line := strings.Join(parts, ", ")
			if when := intake.ReferralWhen(ref, lang); when != "" {
				line += ". " + when
			}
			w.item(line)
		}
	}
	if ap := in.NextAppointment; !ap.IsZero() {
		parts := []string{stamp(ap.At, lang)}
		if ap.Where != "" {
			parts = append(parts, a.name("location", string(ap.Where), lang))
		}
		if ap.Note != "" {
			parts = append(parts, oneLine(ap.Note))
		}
		w.line(tr(intake.T("Volgende afspraak", "Next appointment")), strings.Join(parts, ", "))
	}
	if len(in.Contacts) > 0 {
		w.sub(tr(intake.T("Contact na het gesprek", "Contact after the conversation")))
		for _, c := range in.Contacts {
			how := tr(contactKindText(c.Kind))
			if by := oneLine(c.By); by != "" {
				how += ", " + by
			}
			w.item(stamp(c.At, lang) + " (" + how + "): " + oneLine(c.Note))
		}
	}
	if len(in.Notes) > 0 {
		w.sub(tr(intake.T("Aantekeningen", "Notes")))
		for _, nt := range in.Notes {
			w.item(fmt.Sprintf("%s, %s (%s): %s", stamp(nt.At, lang), oneLine(nt.Author), tr(roleWords(nt.Role)), oneLine(nt.Text)))
		}
	}
	for _, st := range a.Statistics {
		if st.IntakeID != in.ID {
			continue
		}
		rec := st.Record
		parts := []string{tr(intake.T("maand ", "month ")) + string(rec.Month)}
		if rec.AgeBand != "" {
			parts = append(parts, tr(intake.T("leeftijdsgroep ", "age band "))+string(rec.AgeBand))
		}
		parts = append(parts, fmt.Sprintf(tr(intake.T("%d onderwerpen", "%d domains")), len(rec.Domains)))
		if rec.Closed {
			parts = append(parts, tr(intake.T("afgesloten in ", "closed in "))+string(rec.ClosedMonth),
				tr(rec.Contacts.Text()))
		}
		w.line(tr(intake.T("Voor de telling (zonder naam of tekst)", "For the count (no name, no text)")), strings.Join(parts, ", "))
	}
	cl := in.Closure
	if cl.Appreciation != 0 {
		w.line(tr(intake.T("Uw cijfer voor de hulp (1 tot 5)", "Your mark for the help (1 to 5)")), fmt.Sprint(cl.Appreciation))
	}
	if cl.StateBetter != intake.AnswerNone {
		w.line(tr(intake.T("Kunt u uw vraag nu beter zeggen?", "Can you state your question better now?")), tr(cl.StateBetter.Text()))
	}
	if cl.MoreControl != intake.AnswerNone {
		w.line(tr(intake.T("Weet u nu beter wat u kunt doen?", "Do you now know better what you can do?")), tr(cl.MoreControl.Text()))
	}
}

func (a Access) names(kind string, codes []intake.AgencyCode, lang string) string {
	var out []string
	for _, c := range codes {
		out = append(out, a.name(kind, string(c), lang))
	}
	return strings.Join(out, ", ")
}

func orYes(s, lang string) string {
	if s = oneLine(s); s != "" {
		return s
	}
	return intake.T("ja", "yes").In(lang)
}

// stamp writes a moment as a date in words and the local time.
func stamp(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	t = t.Local()
	return intake.DateOf(t).Format(lang) + " " + t.Format("15:04")
}

// Paragraphs is what Text says, paragraph by paragraph and unwrapped: a
// heading, a paragraph, a "label: value" line, a list item each (for the
// readability figures of docs/READABILITY.md).
func (a Access) Paragraphs(lang string) []string {
	w := &textWriter{lang: intake.NormLang(lang), units: []string{}}
	a.write(w)
	return w.units
}

// textWriter writes the readable access export; units, when not nil,
// collects each piece unwrapped; and it collects the same parts as a
// paper's sections for the PDF.
type textWriter struct {
	b     strings.Builder
	lang  string
	units []string
	title string
	intro []string  // what comes before the first heading
	secs  []Section // a heading or sub-heading each
}

func (w *textWriter) unit(s string) {
	if w.units != nil {
		w.units = append(w.units, strings.Join(strings.Fields(s), " "))
	}
}

func (w *textWriter) raw(s string) { w.b.WriteString(s) }

// add puts a line in the current section, or the intro before the first.
func (w *textWriter) add(s string) {
	if len(w.secs) == 0 {
		w.intro = append(w.intro, s)
		return
	}
	sec := &w.secs[len(w.secs)-1]
	sec.Lines = append(sec.Lines, s)
}

func (w *textWriter) para(s string) {
	w.unit(s)
	w.b.WriteString("\n" + intake.Wrap(inert(s), textWidth, "", ""))
	w.add(s)
}

func (w *textWriter) heading(s string) {
	w.unit(s)
	w.b.WriteString("\n" + s + "\n" + strings.Repeat("-", len([]rune(s))) + "\n")
	w.secs = append(w.secs, Section{Key: fmt.Sprint(len(w.secs)), Heading: s})
}

func (w *textWriter) sub(s string) {
	s = oneLine(s)
	w.unit(s)
	if !strings.HasSuffix(s, "?") {
		s += ":"
	}
	w.b.WriteString("\n" + s + "\n")
	w.secs = append(w.secs, Section{Key: fmt.Sprint(len(w.secs)), Heading: strings.TrimSuffix(s, ":")})
}

// line writes "label: value", wrapped; empty values are left out.
func (w *textWriter) line(label, value string) {
	value = strings.TrimSpace(inert(value))
	if value == "" {
		return
	}
	w.unit(label + ": " + value)
	w.b.WriteString(intake.Wrap(label+": "+value, textWidth, "", "    "))
	w.add(label + ": " + value)
}

// rawLine is line for the text only (the PDF has it in its footer).
func (w *textWriter) rawLine(label, value string) {
	w.unit(label + ": " + value)
	w.b.WriteString(intake.Wrap(label+": "+strings.TrimSpace(inert(value)), textWidth, "", "    "))
}

func (w *textWriter) item(s string) {
	w.unit(s)
	w.b.WriteString(intake.Wrap(inert(s), textWidth, "- ", "  "))
	w.add("• " + s)
}
