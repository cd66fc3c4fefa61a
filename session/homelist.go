package session

import (
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// HomeList is home's first screen as it was last shown, kept sealed in the
// vault (store.KindHomeList; docs/FORMAT.md §1, "The kept first screen"):
// with 100,000 intakes reading every index entry takes most of a second,
// so the next unlock shows this at once and reads the whole list behind
// it. It holds the first rows of the list, and the first items of the
// agenda of the day it was kept and of each day of the week after (an
// agenda is of its day: what is due, what is late), each with what its
// row is made of (not its words: the language and the day make those),
// and how many there are in all.
type HomeList struct {
	V       int          `json:"v"`       // HomeListVersion
	Day     intake.Date  `json:"day"`     // the day of its first agenda
	Stamp   string       `json:"stamp"`   // the vault's store.Tx.HomeStamp when the list was read, in hex
	Rows    int          `json:"rows"`    // the list's rows in all
	List    []HomeRow    `json:"list"`    // its first rows, in order
	Agendas []HomeAgenda `json:"agendas"` // the agenda of Day and of each day after it, up to HomeListDays
}

// HomeAgenda is the agenda of one day: its first items and how many in
// all.
type HomeAgenda struct {
	Dues   int       `json:"dues"`
	Agenda []HomeDue `json:"agenda"`
}

// HomeRow is what one row of the list is made of: an intake with its
// resident, or a resident without an intake.
type HomeRow struct {
	IntakeID   string              `json:"intake,omitempty"` // "" for a resident without an intake
	ResidentID string              `json:"resident,omitempty"`
	Name       string              `json:"name,omitempty"`  // the resident's pseudonym
	Named      bool                `json:"named,omitempty"` // the resident was found (else the row says "anonymous")
	Status     intake.Status       `json:"status,omitempty"`
	Date       time.Time           `json:"date"` // the last contact; a resident without an intake: when added
	Location   intake.LocationCode `json:"location,omitempty"`
}

// HomeDue is one item of the agenda with its resident's pseudonym.
type HomeDue struct {
	Due   intake.Due `json:"due"`
	Name  string     `json:"name,omitempty"`
	Named bool       `json:"named,omitempty"`
}

const (
	// HomeListVersion is the version of HomeList this program writes and
	// reads; another is not used (the whole list is read instead). Raise
	// it when what a list holds or the rules it is made by change (the
	// list's order, what the agenda of a day holds): a list kept by an
	// older program is then not shown. (One shown anyway is replaced as
	// soon as the whole list shows otherwise: home compares them.)
	HomeListVersion = 1
	// HomeListRows is how many rows of each list are kept: five
	// screenfuls at 80×24, while the whole list is read (about a second
	// at 100,000 intakes). Every return to home after a save keeps it
	// again, so it stays small.
	HomeListRows = 100
	// HomeListDays is how many days' agendas are kept: a list kept on a
	// Friday still opens the next Monday at once.
	HomeListDays = 7
)

// errHomeList: a kept list this program does not use.
var errHomeList = errors.New("session: kept home list not valid")

// AgendaOf is the kept agenda of day, which check made sure is there.
func (hl *HomeList) AgendaOf(day intake.Date) HomeAgenda {
	return hl.Agendas[hl.Day.DaysUntil(day)]
}

// check reports whether hl is a list this version uses, on day and for
// stamp.
func (hl *HomeList) check(day intake.Date, stamp [32]byte) error {
	switch at := hl.Day.DaysUntil(day); {
	case hl.V != HomeListVersion,
		hl.Day.IsZero(), at < 0, at >= len(hl.Agendas), len(hl.Agendas) > HomeListDays,
		hl.Stamp != hex.EncodeToString(stamp[:]),
		len(hl.List) > HomeListRows, hl.Rows < len(hl.List), hl.Rows > 0 && len(hl.List) == 0:
		return errHomeList
	}
	for _, a := range hl.Agendas {
		if len(a.Agenda) > HomeListRows || a.Dues < len(a.Agenda) || (a.Dues > 0 && len(a.Agenda) == 0) {
			return errHomeList
		}
		for _, d := range a.Agenda {
			if d.Due.IntakeID == "" || d.Due.Kind == "" || (!d.Named && d.Name != "") {
				return errHomeList
			}
		}
	}
	for _, r := range hl.List {
		ok := r.ResidentID != "" || r.IntakeID != ""
		if r.IntakeID == "" {
			ok = ok && r.Status == "" && r.Location == "" && r.Named
		} else {
			ok = ok && r.Status.Valid()
		}
		if !ok || (!r.Named && r.Name != "") {
			return errHomeList
		}
	}
	return nil
}

// HomeList reads the kept first screen of home for day. ok is false when
// none is kept, when it holds no agenda of day or was made before the
// vault last changed, when it is damaged, or for a kompaan (whose list is their
// own) — then the whole list is read (OverviewAfterHomeList). Reading it
// is the list's search in the access log; OverviewAfterHomeList, which
// follows it, does not log the same reading again.
func (s *Session) HomeList(day intake.Date) (hl HomeList, ok bool, err error) {
	if err := s.Log(Event{Action: store.ActSearch, Purpose: store.PurposeIntake, Detail: "list"}); err != nil {
		return HomeList{}, false, err
	}
	if s.Role() != store.RoleSupporter {
		return HomeList{}, false, nil
	}
	stamp, err := s.st.HomeList(&hl)
	switch {
	case errors.Is(err, ErrLocked):
		return HomeList{}, false, err
	case err != nil:
		// None kept, or not readable: the whole list is read, and its
		// reading keeps a new one (a damaged value is check's to report).
		return HomeList{}, false, nil
	case hl.check(day, stamp) != nil:
		return HomeList{}, false, nil
	}
	return hl, true, nil
}

// KeepHomeList keeps hl as home's first screen when the vault has not
// changed since its overview was read (hl.Stamp); otherwise it keeps
// nothing. Only a supporter's list is kept.
func (s *Session) KeepHomeList(hl HomeList) (kept bool, err error) {
	if s.Role() != store.RoleSupporter {
		return false, nil
	}
	var stamp [32]byte
	b, err := hex.DecodeString(hl.Stamp)
	if err != nil || len(b) != len(stamp) {
		return false, fmt.Errorf("%w: stamp", errHomeList)
	}
	copy(stamp[:], b)
	hl.V = HomeListVersion
	if err := hl.check(hl.Day, stamp); err != nil {
		return false, err
	}
	return s.st.SaveHomeList(stamp, hl)
}
