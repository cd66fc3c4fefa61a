// Package papers makes the papers a resident takes home: the preparation
// sheet for the conversation with the municipality, a draft personal plan
// for a Wmo report, and the export of everything stored about them (the
// right of access, GDPR article 15).
//
// Sheet and PersonalPlan return a Doc: plain-language sections that render
// as plain text (Doc.Text) or as an A4 PDF (Doc.PDF). Internal notes and
// follow-up contacts never appear in a Doc; they appear only in the access
// export, which is meant to show everything.
//
// Every PDF paper is drawn through one builder (builder.go) with the
// embedded Noto Sans fonts; scripts.go says which text prints exactly and
// what is printed instead of the rest. docs/PAPERS.md describes both.
//
// The package imports intake, assets (the fonts) and a PDF writer; it
// knows nothing of the vault or the screens.
package papers

import (
	"strings"
	"unicode/utf8"

	"github.com/spreekuur/spreekuur/intake"
)

// Kinds of Doc.
const (
	KindSheet = "sheet" // preparation sheet
	KindPlan  = "plan"  // draft personal plan
)

// Doc is a paper for the resident, in one language. Every string in it is
// inert (see intake.Inert): what a person typed cannot steer a terminal or
// break a PDF.
type Doc struct {
	Kind  string      `json:"kind"`
	Lang  string      `json:"lang"`
	Title string      `json:"title"`
	For   string      `json:"for,omitempty"` // the resident's pseudonym, if known
	Made  intake.Date `json:"made"`          // the day the paper was made
	// Number is the conversation's short ID (its first 8 characters), as
	// the app shows it and names the paper's file: the resident can point
	// to it, the supporter find it.
	Number   string    `json:"number,omitempty"`
	Intro    []string  `json:"intro,omitempty"`
	Sections []Section `json:"sections"`
	// Notes are the footnotes: where a rule is in the law. A line refers
	// to note i (from 0) with intake.NoteMark(i+1).
	Notes []string `json:"notes,omitempty"`
}

// SectionContact is the key of the section that says who helped make the
// paper and how to reach them (Doc.From).
const SectionContact = "contact"

// Sender is who made a paper with the resident, so the resident knows
// whom to call: the user who made it, and the organisation and phone
// number of the vault's settings.
type Sender struct {
	Name         string
	Role         intake.Role // supporter or kompaan
	Organisation string
	Phone        string
}

// IsZero reports whether there is nothing to say.
func (s Sender) IsZero() bool {
	return s.Name == "" && s.Organisation == "" && s.Phone == ""
}

// From adds the sender at the end of the paper: "Uw cliëntondersteuner:
// Anna, Stichting Samen, telefoon 020 123 45 67" (in the plan: "Mijn
// cliëntondersteuner"). A zero Sender adds nothing.
func (d Doc) From(s Sender) Doc {
	if s.IsZero() {
		return d
	}
	tr := func(t intake.Text) string { return t.In(d.Lang) }
	mine := d.Kind == KindPlan
	var head intake.Text
	switch {
	case s.Role == intake.RoleKompaan && mine:
		head = intake.T("Mijn ervaringsdeskundige (kompaan)", "My experience expert (kompaan)")
	case s.Role == intake.RoleKompaan:
		head = intake.T("Uw ervaringsdeskundige (kompaan)", "Your experience expert (kompaan)")
	case mine:
		head = intake.T("Mijn cliëntondersteuner", "My client supporter")
	default:
		head = intake.T("Uw cliëntondersteuner", "Your client supporter")
	}
	sec := Section{Key: SectionContact, Heading: tr(head)}
	if n := oneLine(s.Name); n != "" {
		sec.Lines = append(sec.Lines, tr(intake.T("Naam: ", "Name: "))+n)
	}
	if o := oneLine(s.Organisation); o != "" {
		sec.Lines = append(sec.Lines, tr(intake.T("Organisatie: ", "Organisation: "))+o)
	}
	if p := oneLine(s.Phone); p != "" {
		sec.Lines = append(sec.Lines, tr(intake.T("Telefoon: ", "Phone: "))+p)
	}
	d.Sections = append(d.Sections, sec)
	return d
}

// Section is one part of a Doc.
type Section struct {
	Key     string   `json:"key"`     // stable; the keys of intake.Summary plus those of the plan
	Heading string   `json:"heading"` // "" for none (the parts of a letter)
	Lines   []string `json:"lines,omitempty"`
	Bullets bool     `json:"bullets,omitempty"` // show Lines as a list
	Large   bool     `json:"large,omitempty"`   // show Lines large (the question)
	// Ask is a question for the resident to answer on the paper itself,
	// followed by WriteLines empty lines to write on ("" = none).
	Ask        string `json:"ask,omitempty"`
	WriteLines int    `json:"write_lines,omitempty"`
	// NewPage starts the section on a new page (the letter after its
	// instructions).
	NewPage bool `json:"new_page,omitempty"`
}

// Section returns the section with key, if present.
func (d Doc) Section(key string) (Section, bool) {
	for _, s := range d.Sections {
		if s.Key == key {
			return s, true
		}
	}
	return Section{}, false
}

func fromSummary(s intake.Section) Section {
	return Section{Key: s.Key, Heading: s.Heading, Lines: s.Lines, Bullets: s.Bullets, Large: s.Key == intake.SectionQuestion}
}

// textWidth is the width of the plain-text rendering, in characters.
const textWidth = 72

// Text renders the paper as plain text, wrapped at 72 columns, with empty
// lines to write on where the paper asks something.
func (d Doc) Text() string {
	var b strings.Builder
	b.WriteString(d.Title + "\n")
	b.WriteString(strings.Repeat("=", utf8.RuneCountInString(d.Title)) + "\n")
	if d.For != "" {
		b.WriteString(intake.Wrap(oneLine(d.For), textWidth, "", ""))
	}
	if !d.Made.IsZero() {
		b.WriteString(d.madeText() + "\n")
	}
	if len(d.Intro) > 0 {
		b.WriteString("\n")
		for _, p := range d.Intro {
			b.WriteString(intake.Wrap(inert(p), textWidth, "", ""))
		}
	}
	for _, sec := range d.Sections {
		b.WriteString("\n")
		if sec.NewPage {
			b.WriteString(strings.Repeat("=", textWidth) + "\n\n")
		}
		if sec.Heading != "" {
			h := intake.Wrap(inert(sec.Heading), textWidth, "", "")
			b.WriteString(h)
			lines := strings.Split(strings.TrimSuffix(h, "\n"), "\n")
			b.WriteString(strings.Repeat("-", utf8.RuneCountInString(lines[len(lines)-1])) + "\n")
		}
		for _, l := range sec.Lines {
			l = inert(l)
			switch {
			case sec.Bullets:
				b.WriteString(intake.Wrap(l, textWidth, "- ", "  "))
			case sec.Large:
				b.WriteString(intake.Wrap(l, textWidth, "  ", "  "))
			default:
				b.WriteString(intake.Wrap(l, textWidth, "", ""))
			}
		}
		if sec.Ask != "" {
			if len(sec.Lines) > 0 {
				b.WriteString("\n")
			}
			b.WriteString(intake.Wrap(inert(sec.Ask), textWidth, "", ""))
			for range sec.WriteLines {
				b.WriteString("\n" + strings.Repeat("_", textWidth) + "\n")
			}
		}
	}
	if len(d.Notes) > 0 {
		b.WriteString("\n" + strings.Repeat("-", 20) + "\n")
		for i, n := range d.Notes {
			b.WriteString(intake.Wrap(intake.NoteMark(i+1)+" "+inert(n), textWidth, "", "  "))
		}
	}
	return b.String()
}

// note adds a footnote (once) and returns its mark.
func (d *Doc) note(text string) string {
	s := intake.Summary{Notes: d.Notes}
	m := s.Note(text)
	d.Notes = s.Notes
	return m
}

func (d Doc) madeText() string {
	t := intake.T("Gemaakt op ", "Made on ").In(d.Lang) + d.Made.Format(d.Lang)
	if d.Number != "" {
		t += intake.T(" · nummer ", " · number ").In(d.Lang) + d.Number
	}
	return t
}

// inert makes typed text safe to show: no control characters (tabs become
// spaces), no bidirectional overrides, valid UTF-8.
func inert(s string) string {
	return strings.ReplaceAll(intake.Inert(s), "\t", "    ")
}

// oneLine makes typed text inert and puts it on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(intake.Inert(s)), " ")
}

// shortID is an ID's first 8 characters, as the app shows it.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
