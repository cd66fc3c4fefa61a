package tui

import (
	"errors"

	"github.com/spreekuur/spreekuur/intake"
)

// A kompaan (experience expert) joins conversations and adds observations,
// but does not browse other residents' files (DESIGN §1). The rule the app
// applies, and states on the help page: a kompaan sees and opens only the
// intakes they took part in — the intake names them as the kompaan who was
// present, or they wrote a note in it — and can start a new intake.
//
// A kompaan is recognised by name: the name the intake records (the
// kompaan who was present, a note's author) is compared with the user name
// they unlock with, without case and surrounding spaces. User names are
// unique in that same sense: the store refuses a user whose name equals an
// existing one but for case (store.ErrUserExists; it trims names too), so
// one recorded name matches at most one user. A kompaan named in the form
// by anything else — initials, a nickname — is not recognised and cannot
// open the intake; a name that happens to be another user's lets that user
// open it. The help page (tKompaanRule) says "by your user name".

// errNotYours: a kompaan asked for an intake they did not take part in.
var errNotYours = errors.New("kompaan did not take part in this intake")

// isKompaan reports whether the unlocked user is a kompaan.
func (e *env) isKompaan() bool {
	return e.vault != nil && e.vault.Role() == string(intake.RoleKompaan)
}

// mayOpen reports whether the unlocked user may read the intake: everyone
// with the notes key, a kompaan only where they took part.
func (e *env) mayOpen(in *intake.Intake) bool {
	return !e.isKompaan() || intake.TookPart(in, e.vault.User())
}

// kompaanHomeRows are the home rows of a kompaan: only the intakes they took
// part in, with their residents. Whole intakes are read (the headers do not
// hold who was present or the notes); what is not theirs is dropped at once.
func kompaanHomeRows(e *env, intakes []intake.Header) ([]homeRow, error) {
	user := e.vault.User()
	var mine []intake.Header
	var residents []intake.Resident
	seen := map[string]bool{}
	for _, h := range intakes {
		in, err := e.vault.Intake(h.ID)
		if err != nil {
			return nil, err
		}
		if !intake.TookPart(&in, user) {
			continue
		}
		mine = append(mine, h)
		if h.ResidentID != "" && !seen[h.ResidentID] {
			seen[h.ResidentID] = true
			r, err := e.vault.Resident(h.ResidentID)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return nil, err
			}
			if err == nil {
				residents = append(residents, r)
			}
		}
	}
	return buildHomeRows(residents, mine, e), nil
}

// stampUser puts the unlocked user in a new intake's presence: a
// supporter as the supporter, a kompaan as the kompaan who was present
// (so the intake is theirs to open again).
func stampUser(e *env, in *intake.Intake) {
	user := inert(e.vault.User())
	if e.isKompaan() {
		in.Presence.Kompaan, in.Presence.KompaanName = true, user
		return
	}
	in.Presence.Supporter = user
}
