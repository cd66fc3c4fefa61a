package conversation

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// Step 7: how the conversation went, the two outcome questions, and
// whether the question is closed now or stays open.
func closureStep() *Step {
	cl := func(a At) *intake.Closure { return &a.D.Intake.Closure }
	apprNames := []intake.Text{
		intake.T("slecht", "bad"), intake.T("niet zo goed", "not so good"), intake.T("gewoon", "all right"),
		intake.T("goed", "good"), intake.T("heel goed", "very good"),
	}
	appreciation := &Field{Key: "closure.appreciation", Kind: KindChoice, Label: intake.T("Hoe vond u het gesprek?", "How was the conversation?"),
		Path: path("closure.appreciation"),
		Options: func(At) []Option {
			out := []Option{{"0", intake.T("Niet gevraagd", "Not asked")}}
			for i, n := range apprNames {
				out = append(out, Option{strconv.Itoa(i + 1), intake.T(fmt.Sprintf("%d: %s", i+1, n.NL), fmt.Sprintf("%d: %s", i+1, n.EN))})
			}
			return out
		},
		Get: func(a At) Value { return Value{Text: strconv.Itoa(cl(a).Appreciation)} },
		Set: func(a At, v Value) error {
			n, err := strconv.Atoi(v.Text)
			if err != nil || n < 0 || n > 5 {
				return inputErr(msgUnknownChoice)
			}
			cl(a).Appreciation = n
			return nil
		},
	}
	answers := func(At) []Option {
		return []Option{{"", intake.T("Niet gevraagd", "Not asked")}, {string(intake.AnswerYes), intake.T("Ja", "Yes")},
			{string(intake.AnswerPartly), intake.T("Een beetje", "A little")}, {string(intake.AnswerNo), intake.T("Nee", "No")}}
	}
	better := choiceField("closure.state_better", intake.T("Kunt u uw vraag nu beter zeggen?", "Can you state your question better now?"),
		intake.Text{}, answers, func(a At) *intake.Answer { return &cl(a).StateBetter })
	better.Path = path("closure.state_better")
	control := choiceField("closure.more_control", intake.T("Weet u nu beter wat u kunt doen?", "Do you now know better what you can do?"),
		intake.Text{}, answers, func(a At) *intake.Answer { return &cl(a).MoreControl })
	control.Path = path("closure.more_control")
	status := &Field{Key: "closure.status", Kind: KindChoice, Label: intake.T("Gesprek afronden", "Finish the conversation"),
		Help: intake.T("Afsluiten kan nu of later. Een afgesloten vraag kan weer open.", "Closing can be now or later. A closed question can be opened again."),
		Path: path("status"),
		Options: func(a At) []Option {
			var out []Option
			if a.D.Intake.Status == intake.StatusDraft {
				out = append(out, Option{string(intake.StatusDraft), notChosen})
			}
			return append(out,
				Option{string(intake.StatusOpen), intake.T("Later (blijft open)", "Later (stays open)")},
				Option{string(intake.StatusClosed), intake.T("Nu afsluiten", "Close now")})
		},
		Get: func(a At) Value { return Value{Text: string(a.D.Intake.Status)} },
		Set: func(a At, v Value) error {
			in, now := &a.D.Intake, a.C.now()
			to := intake.Status(v.Text)
			if to == in.Status {
				return nil
			}
			if to == intake.StatusClosed && in.Status == intake.StatusDraft {
				_ = in.SetStatus(intake.StatusOpen, now)
			}
			if err := in.SetStatus(to, now); err != nil {
				return inputErr(msgUnknownChoice)
			}
			return nil
		},
	}
	result := &Field{Key: "closure.result", Kind: KindInfo, Label: intake.T("Stand", "Status"),
		Info: func(a At) []intake.Text {
			switch a.D.Intake.Status {
			case intake.StatusClosed:
				t := intake.T("Het gesprek is afgesloten.", "The conversation is closed.")
				if d, ok := a.D.Intake.TurnaroundDays(); ok {
					t = intake.T(t.NL+fmt.Sprintf(" Doorlooptijd: %d dagen.", d), t.EN+fmt.Sprintf(" Turnaround: %d days.", d))
				}
				return []intake.Text{t}
			case intake.StatusOpen:
				return []intake.Text{intake.T("Het gesprek blijft open. De afspraken lopen.", "The conversation stays open. The agreements run.")}
			}
			return []intake.Text{intake.T("Het gesprek is nog een concept.", "The conversation is still a draft.")}
		},
	}
	return &Step{
		ID:    intake.StepClosure,
		Title: intake.StepClosure.Text(),
		Intro: intake.T("Vraag de bewoner hoe het gesprek was. Dit kan nu, of later bij een volgend contact.",
			"Ask the resident how the conversation went. This can be now, or later at a next contact."),
		Fields: []*Field{appreciation, better, control, status, result},
	}
}

// Notes: observations of the supporters and kompanen. They are shared with
// everyone who may open the conversation (supporters, and the kompaan who
// took part), never shown on the resident's screen or papers. Each note
// names its author and role; only its author can change it.
func notesField() *Field {
	note := func(a At) *intake.Note { return item(a, a.D.Intake.Notes) }
	text := textField("notes.text", KindLongText, intake.T("Notitie", "Note"),
		intake.T("Wat u opviel of wilt onthouden.", "What you noticed or want to remember."),
		intake.MaxText, func(a At) *string { return &note(a).Text })
	text.Path = itemPath("notes", "text")
	f := listOf("notes", intake.T("Notities", "Notes"), intake.T("notitie", "note"),
		func(a At) *[]intake.Note { return &a.D.Intake.Notes },
		func(a At, i int, n intake.Note) intake.Text { return NoteTitle(n) },
		func(n intake.Note) string { return n.Text },
		func(a At) intake.Note {
			role := a.C.Role
			if role == "" {
				role = intake.RoleSupporter
			}
			return intake.Note{Author: a.C.User, Role: role, At: a.C.now()}
		},
		text)
	f.List.Editable = func(a At, i int) (bool, intake.Text) {
		n := a.D.Intake.Notes[i]
		if strings.EqualFold(strings.TrimSpace(n.Author), strings.TrimSpace(a.C.User)) {
			return true, intake.Text{}
		}
		return false, intake.T(fmt.Sprintf("Deze notitie is van %s. Alleen die kan hem veranderen.", n.Author),
			fmt.Sprintf("This note is by %s. Only they can change it.", n.Author))
	}
	remove := f.List.Remove
	f.List.Remove = func(a At, i int) error {
		if ok, why := f.List.Editable(a, i); !ok {
			return inputErr(why)
		}
		return remove(a, i)
	}
	return f
}

// NoteTitle is "Anna (kompaan) · 27-11-2026 14:30".
func NoteTitle(n intake.Note) intake.Text {
	role := RoleName(n.Role)
	when := ""
	if !n.At.IsZero() {
		when = " · " + n.At.Format(DateLayout+" 15:04")
	}
	return intake.T(n.Author+" ("+role.NL+")"+when, n.Author+" ("+role.EN+")"+when)
}

// RoleName is a role in plain words.
func RoleName(r intake.Role) intake.Text {
	if r == intake.RoleKompaan {
		return intake.T("kompaan", "kompaan")
	}
	return intake.T("cliëntondersteuner", "client supporter")
}

// A follow-up contact with the resident after the first conversation.
func followUpStep() *Step {
	ct := func(a At) *intake.Contact { return item(a, a.D.Intake.Contacts) }
	at := &Field{Key: "followup.at", Kind: KindDateTime, Label: intake.T("Wanneer", "When"),
		Help:  intake.T("Dag en tijd, zo: 27-11-2026 14:30.", "Day and time, like this: 27-11-2026 14:30."),
		Limit: len(DateLayout) + 8,
		Path:  itemPath("contacts", "at"),
		Get:   func(a At) Value { return Value{Text: FormatDateTime(ct(a).At)} },
		Set: func(a At, v Value) error {
			t, err := ReadDateTime(v.Text, a.C.now().Location())
			if err != nil {
				return err
			}
			if t.IsZero() {
				return inputErr(intake.T("Een contact heeft een datum.", "A contact has a date."))
			}
			ct(a).At = t
			return nil
		},
	}
	kind := choiceField("followup.kind", intake.T("Hoe", "How"), intake.Text{}, ContactKindOptions,
		func(a At) *intake.ContactKind { return &ct(a).Kind })
	kind.Path = itemPath("contacts", "kind")
	note := textField("followup.note", KindLongText, intake.T("Kort verslag", "Short note"),
		intake.T("Kort wat er besproken is.", "Briefly what was discussed."),
		intake.MaxText, func(a At) *string { return &ct(a).Note })
	note.Personal = true
	note.Path = itemPath("contacts", "note")
	contacts := listOf("followup.contacts", intake.T("Vervolgcontacten", "Follow-up contacts"), intake.T("contact", "contact"),
		func(a At) *[]intake.Contact { return &a.D.Intake.Contacts },
		func(a At, i int, c intake.Contact) intake.Text {
			k := OptionLabel(ContactKindOptions(a), string(c.Kind), "nl")
			kEN := OptionLabel(ContactKindOptions(a), string(c.Kind), "en")
			when := FormatDateTime(c.At)
			return intake.T(fmt.Sprintf("Contact %d: %s, %s", i+1, when, k), fmt.Sprintf("Contact %d: %s, %s", i+1, when, kEN))
		},
		func(c intake.Contact) string { return c.Note },
		func(a At) intake.Contact {
			return intake.Contact{At: a.C.now().Truncate(time.Minute), Kind: intake.ContactInPerson, By: a.C.User}
		},
		at, kind, note)
	// Contacts are counted without consent too (the count is not personal);
	// only the note is personal.
	contacts.Personal = false
	earlier := &Field{Key: "followup.earlier", Kind: KindInfo, Label: intake.T("Contacten tot nu toe", "Contacts so far"),
		Info: EarlierContacts}
	open := &Field{Key: "followup.open", Kind: KindInfo, Label: intake.T("Open afspraken", "Open agreements"),
		Info: OpenAgreements, Shown: func(a At) bool { return a.D.Consent() }}
	return &Step{
		ID:    "follow_up",
		Title: intake.T("Vervolgcontact", "Follow-up contact"),
		Intro: intake.T("Wat is er sinds de vorige keer gebeurd? Schrijf het contact op. Vink af wat gedaan is, of zet een afspraak op een andere dag.",
			"What happened since last time? Write down the contact. Tick off what is done, or move an agreement to another day."),
		Fields: []*Field{earlier, contacts, open, followUpAgreements()},
	}
}

// EarlierContacts lists every contact so far, the first conversation
// included, newest first: date and time, how, who, and the first line of
// what was written.
func EarlierContacts(a At) []intake.Text {
	in := &a.D.Intake
	type line struct {
		at   time.Time
		text intake.Text
	}
	var lines []line
	first := intake.T("eerste gesprek", "first conversation")
	who := in.Presence.Supporter
	lines = append(lines, line{in.Created, contactLine(in.Created, first, who, "")})
	for _, c := range in.Contacts {
		if c.At.IsZero() {
			continue
		}
		k := intake.T(OptionLabel(ContactKindOptions(a), string(c.Kind), "nl"), OptionLabel(ContactKindOptions(a), string(c.Kind), "en"))
		lines = append(lines, line{c.At, contactLine(c.At, k, c.By, c.Note)})
	}
	slices.SortStableFunc(lines, func(x, y line) int { return y.at.Compare(x.at) })
	out := make([]intake.Text, len(lines))
	for i, l := range lines {
		out[i] = l.text
	}
	return out
}

// contactLine is "27-11-2026 14:30 · telefoon · anna · Belde over de brief".
func contactLine(at time.Time, kind intake.Text, who, note string) intake.Text {
	var rest []string
	if who = strings.TrimSpace(who); who != "" {
		rest = append(rest, who)
	}
	if first, _, _ := strings.Cut(strings.TrimSpace(note), "\n"); first != "" {
		if r := []rune(first); len(r) > 60 {
			first = string(r[:59]) + "…"
		}
		rest = append(rest, first)
	}
	line := func(kind string) string {
		return strings.Join(append([]string{FormatDateTime(at), strings.ToLower(kind)}, rest...), " · ")
	}
	return intake.T(line(kind.NL), line(kind.EN))
}

// ContactKindOptions are the ways a contact takes place.
func ContactKindOptions(At) []Option {
	return []Option{
		{string(intake.ContactInPerson), intake.T("Op het spreekuur", "At the consultation hour")},
		{string(intake.ContactPhone), intake.T("Telefoon", "Phone")},
		{string(intake.ContactHomeVisit), intake.T("Huisbezoek", "Home visit")},
		{string(intake.ContactMessage), intake.T("Bericht of brief", "Message or letter")},
		{string(intake.ContactTogether), intake.T("Samen naar een instantie", "Went to an agency together")},
	}
}
