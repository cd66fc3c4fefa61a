package session

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/store"
)

// Editor is one conversation being edited. Every change is saved at once,
// synchronously, before the next key is handled; the intake carries its
// flow step, so a draft opened again resumes where it was with everything
// typed. Without consent only the coded fields are written.
type Editor struct {
	s   *Session
	d   conversation.Draft
	ctx *conversation.Context

	saved   bool  // the intake exists in the vault
	saveErr error // the last save failed (nil: it worked)
	// For the access log: the step whose change was logged last, and
	// whether a change of the resident was, since the editor was opened.
	loggedStep     intake.FlowStep
	loggedResident bool
	errs           intake.FieldErrors // what Validate says of the saved intake
	wiped          bool               // dropped on lock; Reload reads it again
}

// NewIntake starts a new conversation, for a new resident (residentID "")
// or an existing one (a kompaan always starts with a new resident). The
// user is stamped in: a supporter as the supporter, a kompaan as the
// kompaan who was present (so the conversation is theirs to open again).
// For an existing resident the name, birth year and target groups come
// from their record, and the consent of their latest conversation is
// kept as Draft.Earlier: consent itself is asked again. Nothing is
// written until the first change.
func (s *Session) NewIntake(residentID string) (*Editor, error) {
	e, err := s.editor()
	if err != nil {
		return nil, err
	}
	e.d.Intake = intake.NewIntake(s.now())
	user := intake.Inert(s.User())
	if s.IsKompaan() {
		e.d.Intake.Presence.Kompaan, e.d.Intake.Presence.KompaanName = true, user
	} else {
		e.d.Intake.Presence.Supporter = user
		if residentID != "" {
			r, err := s.st.Resident(residentID)
			if err != nil {
				return nil, err
			}
			e.d.Resident = cloneResident(r)
			// Consent is asked again, per purpose; what was given last
			// time is shown, and offered again when it is given.
			earlier, err := s.IntakesOf(residentID)
			if err != nil {
				return nil, err
			}
			var last *intake.Intake
			for i := range earlier {
				if last == nil || earlier[i].Created.After(last.Created) {
					last = &earlier[i]
				}
			}
			if last != nil {
				c := last.Consent
				c.Scopes = slices.Clone(c.Scopes)
				e.d.Earlier = &c
			}
		}
	}
	return e, nil
}

// OpenIntake continues a conversation where it was left. A kompaan may
// open only one they took part in (ErrNotYours).
func (s *Session) OpenIntake(id string) (*Editor, error) {
	e, err := s.editor()
	if err != nil {
		return nil, err
	}
	e.d.Intake.ID = id
	if err := e.Reload(); err != nil {
		return nil, err
	}
	return e, nil
}

func (s *Session) editor() (*Editor, error) {
	users, err := s.Users()
	if err != nil {
		return nil, err
	}
	role := intake.RoleSupporter
	if s.IsKompaan() {
		role = intake.RoleKompaan
	}
	return &Editor{s: s, ctx: &conversation.Context{
		Cat: s.cat, Lang: s.lang, Now: s.now, User: s.User(), Role: role, Users: users,
	}}, nil
}

// Reload reads the intake and its resident again (after unlocking): a
// read in the access log (refused ones too). Nothing is shown when the
// entry cannot be written.
func (e *Editor) Reload() error {
	in, err := e.s.Intake(e.d.Intake.ID)
	ev := Event{Action: store.ActRead, Outcome: outcomeOf(err), Purpose: purposeOf(&in), Intake: e.d.Intake.ID, Resident: in.ResidentID}
	if lerr := e.s.Log(ev); err == nil && lerr != nil {
		err = lerr
	}
	if err != nil {
		return err
	}
	e.d = conversation.Draft{Intake: cloneIntake(in)}
	if in.ResidentID != "" {
		r, err := e.s.st.Resident(in.ResidentID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if err == nil {
			e.d.Resident = cloneResident(r)
		}
	}
	e.saved, e.wiped, e.saveErr = true, false, nil
	e.loggedStep, e.loggedResident = "", false
	e.errs = e.d.Intake.Validate(e.s.cat, e.s.now())
	return nil
}

// Wipe drops the conversation from memory (on lock); the ID stays, so
// Reload can read it again. A change whose save failed is lost with it:
// the app asks before locking or quitting while SaveErr is set.
func (e *Editor) Wipe() {
	id := e.d.Intake.ID
	e.d = conversation.Draft{Intake: intake.Intake{ID: id}}
	e.errs = nil
	e.wiped = true
}

// Wiped reports whether the conversation was dropped on lock.
func (e *Editor) Wiped() bool { return e.wiped }

// Draft is the conversation as it stands. Read it; change it only through
// Change, Apply, Add and Remove, which save.
func (e *Editor) Draft() *conversation.Draft { return &e.d }

// Context is what the fields need besides the draft.
func (e *Editor) Context() *conversation.Context { return e.ctx }

// Definition is the conversation's definition.
func (e *Editor) Definition() *conversation.Definition { return e.s.def }

// At is where a top-level field is read and changed.
func (e *Editor) At() conversation.At { return conversation.At{D: &e.d, C: e.ctx} }

// ID is the intake's ID.
func (e *Editor) ID() string { return e.d.Intake.ID }

// Saved reports whether the intake exists in the vault.
func (e *Editor) Saved() bool { return e.saved }

// SaveErr is why the last save failed (nil when it worked). What was typed
// is still in the editor; the next change tries again.
func (e *Editor) SaveErr() error { return e.saveErr }

// Errors is what Validate says of the intake as saved.
func (e *Editor) Errors() intake.FieldErrors { return e.errs }

// ErrorFor returns the first validation message for a field path (or one
// below it).
func (e *Editor) ErrorFor(path string) (intake.Text, bool) {
	if path == "" {
		return intake.Text{}, false
	}
	for _, fe := range e.errs {
		if fe.Field == path || strings.HasPrefix(fe.Field, path+".") || strings.HasPrefix(fe.Field, path+"[") {
			return fe.Msg, true
		}
	}
	return intake.Text{}, false
}

// Change asks to set field f at a to v. When the change removes something
// written, nothing changes and the confirmation to ask is returned; call
// Apply when the person says yes. Otherwise the change is applied and
// saved (see Apply for the error).
func (e *Editor) Change(f *conversation.Field, a conversation.At, v conversation.Value) (*conversation.Confirmation, error) {
	if f.Confirm != nil {
		if q := f.Confirm(a, v); q != nil {
			return q, nil
		}
	}
	return nil, e.Apply(f, a, v)
}

// Apply sets field f at a to v without asking, and saves. It returns the
// field's *conversation.InputError when the value was not kept (the draft
// is then unchanged) or only partly (InputError.Kept: that part is saved).
// A failed save is not returned here but kept in SaveErr.
func (e *Editor) Apply(f *conversation.Field, a conversation.At, v conversation.Value) error {
	if locked, why := f.Locked(a); locked {
		return &conversation.InputError{Msg: why}
	}
	err := f.Set(a, v)
	if ie, ok := conversation.AsInputError(err); ok && !ie.Kept {
		return err
	}
	e.Save()
	return err
}

// ApplyItem sets field f of item a in list; like Apply, but refuses an
// item the list does not let this user change (someone else's note).
func (e *Editor) ApplyItem(list *conversation.Field, f *conversation.Field, a conversation.At, v conversation.Value) error {
	if list.List.Editable != nil {
		parent := conversation.At{D: a.D, C: a.C, Idx: a.Idx[:len(a.Idx)-1]}
		if ok, why := list.List.Editable(parent, a.Last()); !ok {
			return &conversation.InputError{Msg: why}
		}
	}
	return e.Apply(f, a, v)
}

// Add appends a new item to list at a, saves, and returns its index.
func (e *Editor) Add(list *conversation.Field, a conversation.At) (int, error) {
	if locked, why := list.Locked(a); locked {
		return 0, &conversation.InputError{Msg: why}
	}
	i, err := list.List.Add(a)
	if err != nil {
		return 0, err
	}
	e.Save()
	return i, nil
}

// RemoveQuestion is the confirmation to ask before removing item i.
func (e *Editor) RemoveQuestion(list *conversation.Field, a conversation.At, i int) conversation.Confirmation {
	return list.List.RemoveConfirm(a, i)
}

// Remove deletes item i of list at a (after its confirmation), and saves.
func (e *Editor) Remove(list *conversation.Field, a conversation.At, i int) error {
	if list.List.Remove == nil {
		return ErrNotPermitted
	}
	if err := list.List.Remove(a, i); err != nil {
		return err
	}
	e.Save()
	return nil
}

// SetStep records where the conversation is, and saves.
func (e *Editor) SetStep(step intake.FlowStep) {
	if e.d.Intake.Step == step {
		return
	}
	e.d.Intake.Step = step
	e.Save()
}

// Finish leaves the conversation: a draft becomes open.
func (e *Editor) Finish() {
	if e.d.Intake.Status == intake.StatusDraft {
		if e.d.Intake.SetStatus(intake.StatusOpen, e.s.now()) == nil {
			e.Save()
		}
	}
}

// Save writes the intake, and the resident when it changed, now. Without
// consent the personal fields are left out of what is written, and no
// resident is written. A resident whose consent was withdrawn is deleted
// once the intake without consent is in the vault, unless another of
// their conversations still points to them. It reports whether the intake
// was written; SaveErr says why not.
func (e *Editor) Save() bool {
	if e.wiped {
		return false
	}
	now := e.s.now()
	if now.Before(e.d.Intake.Created) {
		now = e.d.Intake.Created
	}
	d := &e.d
	purpose := purposeOf(&d.Intake)
	if d.ResidentChanged && d.Consent() && hasContent(d.Resident) {
		var log []store.LogEntry
		switch {
		case d.Resident.ID == "":
			d.Resident.ID = intake.NewID()
			d.Resident.Created = now
			log = append(log, e.s.entry(Event{Action: store.ActCreate, Purpose: purpose, Resident: d.Resident.ID, Intake: d.Intake.ID, Detail: "resident"}))
		case !e.loggedResident:
			log = append(log, e.s.entry(Event{Action: store.ActChange, Purpose: purpose, Resident: d.Resident.ID, Intake: d.Intake.ID, Detail: "resident"}))
		}
		if err := e.s.st.SaveResident(cloneResident(d.Resident), log...); err != nil {
			e.saveErr = err
			return false
		}
		e.loggedResident = true
		d.ResidentChanged = false
		d.Intake.ResidentID = d.Resident.ID
	}
	d.Intake.Updated = now
	out := cloneIntake(d.Intake)
	if !out.Consent.Has(intake.ScopeNotes) {
		out.StripPersonal()
	}
	// One entry when the intake is made, then one for the first change
	// in each step: a trail of what was worked on, not of every key.
	var log []store.LogEntry
	switch {
	case !e.saved:
		log = append(log, e.s.entry(Event{Action: store.ActCreate, Purpose: purpose, Resident: out.ResidentID, Intake: out.ID, Detail: string(out.Step)}))
	case e.loggedStep != out.Step:
		log = append(log, e.s.entry(Event{Action: store.ActChange, Purpose: purpose, Resident: out.ResidentID, Intake: out.ID, Detail: string(out.Step)}))
	}
	if err := e.s.st.SaveIntake(out, log...); err != nil {
		e.saveErr = err
		return false
	}
	e.loggedStep = out.Step
	e.saved, e.saveErr = true, nil
	e.errs = out.Validate(e.s.cat, e.s.now())
	if id := d.DropResident; id != "" && !out.Consent.Given {
		if err := e.s.DeleteResidentIfUnused(id, out.ID); err != nil {
			e.saveErr = err
			return true
		}
		d.DropResident = ""
	}
	return true
}

func hasContent(r intake.Resident) bool {
	return r.Pseudonym != "" || r.BirthYear != 0 || r.Contact != "" || len(r.TargetGroups) > 0 || r.ID != ""
}

// cloneIntake copies in deeply, so the copy handed to the store shares no
// maps or slices with the one being edited.
func cloneIntake(in intake.Intake) intake.Intake {
	out := in
	out.Scan = maps.Clone(in.Scan)
	out.Consent.Scopes = slices.Clone(in.Consent.Scopes)
	out.Clarifications = slices.Clone(in.Clarifications)
	for i := range out.Clarifications {
		cl := &out.Clarifications[i]
		cl.Agencies = slices.Clone(cl.Agencies)
		cl.Letters = slices.Clone(cl.Letters)
	}
	out.Agencies = slices.Clone(in.Agencies)
	out.Agreements = slices.Clone(in.Agreements)
	out.Referrals = slices.Clone(in.Referrals)
	out.Contacts = slices.Clone(in.Contacts)
	out.Notes = slices.Clone(in.Notes)
	return out
}

func cloneResident(r intake.Resident) intake.Resident {
	r.TargetGroups = slices.Clone(r.TargetGroups)
	return r
}
