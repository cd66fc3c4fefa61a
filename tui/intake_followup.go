package tui

import (
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// The follow-up contact on an existing intake: when, how, and a short note.
// The contact is added on its first change and saved on every change after.
// pgdn continues the conversation itself at its step (for instance to close
// it).
func newFollowUpStep(e *env, c *intakeCtl) intakeStep {
	tx := e.tx
	idx := -1
	contact := func() intake.Contact {
		if idx >= 0 && idx < len(c.in.Contacts) {
			return c.in.Contacts[idx]
		}
		return intake.Contact{At: e.now(), Kind: intake.ContactInPerson}
	}
	edit := func(fn func(*intake.Contact)) {
		if idx < 0 || idx >= len(c.in.Contacts) {
			c.in.Contacts = append(c.in.Contacts, contact())
			idx = len(c.in.Contacts) - 1
		}
		fn(&c.in.Contacts[idx])
	}
	day := newDateField(e, tx.get(tIContactDate), "contacts", func() intake.Date { return intake.DateOf(contact().At) },
		func(d intake.Date) {
			if d.IsZero() || d == intake.DateOf(contact().At) {
				return
			}
			edit(func(ct *intake.Contact) {
				ct.At = time.Date(d.Year, d.Month, d.Day, ct.At.Hour(), ct.At.Minute(), 0, 0, ct.At.Location())
			})
		})
	at := newLineField(e, tx.get(tITime), "contacts", 5, func() string { return contact().At.Format("15:04") },
		func(v string) {
			t, err := time.Parse("15:04", strings.TrimSpace(v))
			if err != nil {
				return
			}
			edit(func(ct *intake.Contact) {
				a := ct.At
				ct.At = time.Date(a.Year(), a.Month(), a.Day(), t.Hour(), t.Minute(), 0, 0, a.Location())
			})
		})
	kinds := []choiceOpt{
		{string(intake.ContactInPerson), tx.get(tIContactInPerson)}, {string(intake.ContactPhone), tx.get(tIContactPhone)},
		{string(intake.ContactHomeVisit), tx.get(tIContactHomeVisit)}, {string(intake.ContactMessage), tx.get(tIContactMessage)},
		{string(intake.ContactTogether), tx.get(tIContactTogether)},
	}
	kind := newChoice(e, tx.get(tIContactKind), "contacts", kinds,
		func() string { return string(contact().Kind) },
		func(v string) { edit(func(ct *intake.Contact) { ct.Kind = intake.ContactKind(v) }) })
	note := newAreaField(e, tx.get(tIContactNote), "contacts", 4, intake.MaxText,
		func() string { return contact().Note }, func(v string) { edit(func(ct *intake.Contact) { ct.Note = v }) })
	note.when = c.consentState
	s := newFormStep(e, c, 18, day, at, kind, note)
	s.first = kind
	s.enter()
	s.intro = func(w int) []string { return introLines(e, tx.get(tIFollowUpIntro), w) }
	return s
}
