// Package conversation is the conversation at the table as data: the steps
// of DESIGN §2, each with its fields — label and help in Dutch and English,
// kind, limits, when a field is shown, how a typed value is read and
// checked, and which changes must be confirmed first. The terminal forms
// and the line-by-line mode both render these definitions; neither knows a
// field by itself. Adding a field is one edit in a step file here.
//
// The package has no UI and no storage: a field reads and changes a Draft
// in memory. Saving, consent withdrawal in the vault and the access rules
// live in package session (docs/ARCHITECTURE.md).
package conversation

import (
	"errors"
	"fmt"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// Draft is what a conversation edits: one intake and its resident. The
// resident is the zero value until consent is given and a name is typed.
type Draft struct {
	Intake   intake.Intake
	Resident intake.Resident
	// ResidentChanged is set by every change to Resident, so the caller
	// knows to write it.
	ResidentChanged bool
	// DropResident is the resident to delete once the intake without
	// consent is saved (consent was withdrawn); "" for none.
	DropResident string
	// Earlier is the consent the resident gave in their latest earlier
	// conversation, for a new conversation with a known resident: it is
	// shown, never copied (consent is asked again, per purpose).
	Earlier *intake.Consent
}

// Consent reports whether personal fields may be kept.
func (d *Draft) Consent() bool { return d.Intake.Consent.Has(intake.ScopeNotes) }

// User is a person who can sign in to the vault, as the start step offers
// them for "which kompaan was there".
type User struct {
	Name string
	Role intake.Role
}

// Context is what the fields need besides the draft.
type Context struct {
	Cat  *intake.Catalogue
	Lang string
	Now  func() time.Time
	// User and Role are who is working. A kompaan who removes themselves
	// from an intake is warned that it then disappears from their list.
	User string
	Role intake.Role
	// Users are the vault's users, to choose the kompaan from.
	Users []User
}

// Today is the current day.
func (c *Context) Today() intake.Date { return intake.DateOf(c.now()) }

func (c *Context) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// At is where a field is read or changed: the draft, the context, and for
// fields inside lists the index of the item in each list, outermost first
// (for a letter: the domain's index among the domains to clarify, then the
// letter's index).
type At struct {
	D   *Draft
	C   *Context
	Idx []int
}

// In returns the place of item i of a list at a.
func (a At) In(i int) At {
	idx := make([]int, len(a.Idx)+1)
	copy(idx, a.Idx)
	idx[len(a.Idx)] = i
	return At{D: a.D, C: a.C, Idx: idx}
}

// Last is the index of the innermost item (-1 outside lists).
func (a At) Last() int {
	if len(a.Idx) == 0 {
		return -1
	}
	return a.Idx[len(a.Idx)-1]
}

// Kind is what kind of value a field holds, which decides how it is typed.
type Kind int

// Field kinds.
const (
	KindText     Kind = iota + 1 // one line of text
	KindLongText                 // several lines
	KindDate                     // a day, typed as dd-mm-jjjj
	KindDateTime                 // a day and a time, typed as dd-mm-jjjj uu:mm
	KindYear                     // a year, four digits
	KindChoice                   // one of a list of options
	KindMulti                    // any of a list of options
	KindYesNo                    // yes or no
	KindInfo                     // lines worked out from the draft; nothing to type
	KindList                     // a list of sub-records (letters, agreements, …)
)

func (k Kind) String() string {
	switch k {
	case KindText:
		return "text"
	case KindLongText:
		return "long text"
	case KindDate:
		return "date"
	case KindDateTime:
		return "date and time"
	case KindYear:
		return "year"
	case KindChoice:
		return "choice"
	case KindMulti:
		return "multiple choice"
	case KindYesNo:
		return "yes/no"
	case KindInfo:
		return "info"
	case KindList:
		return "list"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Typed reports whether the field takes typed text.
func (k Kind) Typed() bool {
	switch k {
	case KindText, KindLongText, KindDate, KindDateTime, KindYear:
		return true
	}
	return false
}

// Value is a field's value. Text holds what is typed for the typed kinds
// and the option's code for KindChoice; Codes the chosen codes of a
// KindMulti; Yes the answer of a KindYesNo.
type Value struct {
	Text  string
	Codes []string
	Yes   bool
}

// Option is one choice of a KindChoice or KindMulti field.
type Option struct {
	Code  string
	Label intake.Text
}

// Confirmation is a question to ask before a change that removes what was
// written. Nothing changes until the person answers yes.
type Confirmation struct {
	// Question says in plain words what goes, ending in "Weet u het
	// zeker?" / "Are you sure?".
	Question intake.Text
	// Removes lists what will be erased, one item a line.
	Removes []intake.Text
}

// InputError says why a typed value was not kept, in plain words.
type InputError struct {
	Msg intake.Text
	// Incomplete: what is typed may still become valid (a date half
	// typed). Show it as a hint while the field has the focus.
	Incomplete bool
	// Kept: part of the value was kept (text cut at its limit).
	Kept bool
}

func (e *InputError) Error() string { return e.Msg.EN }

// ErrInput is wrapped by every *InputError (errors.Is).
var ErrInput = errors.New("input not kept")

// Unwrap makes errors.Is(err, ErrInput) work.
func (e *InputError) Unwrap() error { return ErrInput }

// AsInputError returns err's *InputError, if it is one.
func AsInputError(err error) (*InputError, bool) {
	var ie *InputError
	ok := errors.As(err, &ie)
	return ie, ok
}

// Field is one question of the conversation.
type Field struct {
	// Key names the field for tests, logs of which field failed and the
	// line mode's "change field" menu. Unique in the conversation.
	Key   string
	Kind  Kind
	Label intake.Text
	// Help is one or two plain sentences: shown under the focused field,
	// read out in the line mode. HelpFor adds lines that depend on the
	// place (the questions to ask about one life domain).
	Help    intake.Text
	HelpFor func(At) []intake.Text
	// Limit is the most characters (runes) a typed field keeps.
	Limit int
	// Personal fields are kept only with consent to keep notes.
	Personal bool
	// Path is the field's path in intake.Validate's errors, so its
	// messages can be shown next to it; nil for none.
	Path func(At) string
	// Shown reports whether the field is asked at all; nil = always.
	Shown func(At) bool
	// Options lists the choices of KindChoice and KindMulti.
	Options func(At) []Option
	// Get reads the value; Set checks and changes it. Set returns an
	// *InputError (wrapping ErrInput) when the value cannot be kept; the
	// draft is then unchanged, or holds what could be kept (InputError.Kept).
	Get func(At) Value
	Set func(At, Value) error
	// Confirm, when set, is asked before Set: a non-nil Confirmation
	// means the change removes something and must be confirmed.
	Confirm func(At, Value) *Confirmation
	// Info renders KindInfo fields: lines worked out from the draft.
	Info func(At) []intake.Text
	// List describes a KindList field.
	List *List
}

// IsShown reports whether f is asked at a.
func (f *Field) IsShown(a At) bool { return f.Shown == nil || f.Shown(a) }

// Locked reports whether f is shown but may not be filled at a, and why:
// a personal field without consent.
func (f *Field) Locked(a At) (bool, intake.Text) {
	if f.Personal && !a.D.Consent() {
		return true, msgNoConsent
	}
	return false, intake.Text{}
}

// List is a field holding sub-records: letters, agreements, referrals,
// notes, contacts, or the domains to clarify.
type List struct {
	// Item is what one item is called ("brief" / "letter").
	Item intake.Text
	// Count is the number of items.
	Count func(At) int
	// Title is one line naming item i ("Brief 1: Besluit · huurtoeslag").
	Title func(At, int) intake.Text
	// Add appends a new empty item and returns its index; nil when items
	// are not added by hand (the domains to clarify follow the scan).
	Add func(At) (int, error)
	// Remove deletes item i, after the confirmation RemoveConfirm gives;
	// nil when items cannot be removed.
	Remove        func(At, int) error
	RemoveConfirm func(At, int) Confirmation
	// Fields are the fields of one item: their At has the item's index
	// appended.
	Fields []*Field
	// Editable reports whether item i may be changed (a note by someone
	// else may not); nil = always.
	Editable func(At, int) (bool, intake.Text)
}

// Step is one step of the conversation.
type Step struct {
	ID    intake.FlowStep
	Title intake.Text
	// Intro is shown above the fields and read out first.
	Intro  intake.Text
	Fields []*Field
	// Resident marks a step whose main text the resident reads along
	// with, shown large (the clarified question).
	Resident bool
}

// Messages shared by several fields.
var (
	msgNoConsent = intake.T("Zonder toestemming bewaren we dit niet.", "Without consent we do not keep this.")
	notChosen    = intake.T("— nog niet gekozen —", "— not chosen yet —")
)

// Definition is the whole conversation: its steps in order, and the parts
// used outside the steps (notes, follow-up contacts).
type Definition struct {
	Steps    []*Step
	Notes    *Field // KindList: notes of supporters and kompanen
	FollowUp *Step  // a later contact with the resident
}

// New builds the conversation's definition. It holds no state: every field
// reads and writes the draft it is given.
func New() *Definition {
	return &Definition{
		Steps: []*Step{
			startStep(), questionStep(), scanStep(), clarifyStep(),
			clarifiedStep(), agreementsStep(), closureStep(),
		},
		Notes:    notesField(),
		FollowUp: followUpStep(),
	}
}

// Step returns the step with id (nil when there is none).
func (d *Definition) Step(id intake.FlowStep) *Step {
	for _, s := range d.Steps {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Walk calls fn for every field of the definition, list item fields
// included, with its step (nil for notes) and its parent list field (nil at
// the top level).
func (d *Definition) Walk(fn func(step *Step, parent, f *Field)) {
	var walk func(s *Step, parent *Field, fs []*Field)
	walk = func(s *Step, parent *Field, fs []*Field) {
		for _, f := range fs {
			fn(s, parent, f)
			if f.List != nil {
				walk(s, f, f.List.Fields)
			}
		}
	}
	for _, s := range d.Steps {
		walk(s, nil, s.Fields)
	}
	walk(d.FollowUp, nil, d.FollowUp.Fields)
	walk(nil, nil, []*Field{d.Notes})
}
