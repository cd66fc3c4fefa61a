package session

import (
	"cmp"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"slices"
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
	Stamp   string       `json:"-"`       // the vault's store.Tx.HomeStamp when the list was read, in hex: kept beside the list (a save that changes nothing on it writes only that)
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
	HomeListVersion = 2
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
	kept, now, err := s.st.HomeList(&hl)
	switch {
	case errors.Is(err, ErrLocked):
		return HomeList{}, false, err
	case err != nil:
		// None kept, or not readable: the whole list is read, and its
		// reading keeps a new one (a damaged value is check's to report).
		return HomeList{}, false, nil
	}
	hl.Stamp = hex.EncodeToString(kept[:])
	if hl.check(day, now) != nil {
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

// CompareHomeRows orders the rows of home's list: drafts and open
// intakes first, the latest contact first, a resident without an intake
// before an intake, then by ID. Home sorts its list by the same rule
// (tui/screens/home, rowKey); a kept first screen kept up to date by a
// save (AfterSave) relies on it.
func CompareHomeRows(a, b *HomeRow) int {
	return cmp.Or(cmp.Compare(a.group(), b.group()), b.Date.Compare(a.Date),
		cmp.Compare(a.intake(), b.intake()), cmp.Compare(a.id(), b.id()))
}

// intake is 1 for an intake's row, 0 for a resident's without one.
func (r *HomeRow) intake() int {
	if r.IntakeID != "" {
		return 1
	}
	return 0
}

// group is 0 for a draft or an open intake, 1 for the others and for a
// resident without an intake.
func (r *HomeRow) group() int {
	if r.IntakeID != "" && (r.Status == intake.StatusDraft || r.Status == intake.StatusOpen) {
		return 0
	}
	return 1
}

// id is the ID a row is ordered by: its intake's, or its resident's.
func (r *HomeRow) id() string {
	if r.IntakeID != "" {
		return r.IntakeID
	}
	return r.ResidentID
}

// homeListShortest is the fewest rows, or items of a day, a list kept up
// to date by saves may hold while there are more: a screenful on a tall
// terminal. Below it the list is not kept (the next load reads the whole
// list and keeps a full one), so a first screen never ends early.
const homeListShortest = HomeListRows / 2

// AfterSave updates hl for a save of one intake that was was and is now
// now (the same intake, of the same resident) as the whole list shows it
// afterwards: its row in its new place, its agenda items replaced on
// every kept day. name is its resident's pseudonym. It reports false
// when it cannot tell the result exactly (hl does not hold what was
// says, or it would hold fewer than homeListShortest of more); hl is
// then not to be kept. A kept list is the first part of the whole one: a
// row or item that moves past that part's end leaves it one shorter,
// since what follows it there is not kept.
func (hl *HomeList) AfterSave(was, now *intake.Header, name func() (string, bool)) bool {
	if was.ID != now.ID || was.ResidentID != now.ResidentID || now.ID == "" {
		return false
	}
	old, row := IntakeRow(was), IntakeRow(now)
	row.Name, row.Named = name()
	whole := len(hl.List) == hl.Rows
	list := slices.Clone(hl.List)
	if i := slices.IndexFunc(list, func(r HomeRow) bool { return r.IntakeID == now.ID }); i >= 0 {
		list = slices.Delete(list, i, i+1)
	} else if whole || len(list) == 0 || CompareHomeRows(&old, &list[len(list)-1]) < 0 {
		return false // it should have been kept
	}
	if at, _ := slices.BinarySearchFunc(list, row, func(a, b HomeRow) int { return CompareHomeRows(&a, &b) }); at < len(list) || whole {
		list = slices.Insert(list, at, row)
	}
	if len(list) < min(hl.Rows, homeListShortest) {
		return false
	}
	agendas := make([]HomeAgenda, len(hl.Agendas))
	for k := range hl.Agendas {
		day := hl.Day.AddDays(k)
		a, ok := afterSaveDay(hl.Agendas[k], now.ID, was.Agenda(day), now.Agenda(day), row.Name, row.Named)
		if !ok {
			return false
		}
		agendas[k] = a
	}
	hl.List, hl.Agendas = list[:min(len(list), HomeListRows)], agendas
	return true
}

// afterSaveDay is a's agenda with the items of intake id, before, replaced
// by after (of a resident named name), as AfterSave does.
func afterSaveDay(a HomeAgenda, id string, before, after []intake.Due, name string, named bool) (HomeAgenda, bool) {
	whole := len(a.Agenda) == a.Dues
	agenda := slices.DeleteFunc(slices.Clone(a.Agenda), func(d HomeDue) bool { return d.Due.IntakeID == id })
	out := len(a.Agenda) - len(agenda)
	if out > len(before) || (whole && out != len(before)) {
		return a, false
	}
	for _, d := range after {
		// After the items it equals: one intake's items keep their order.
		at, _ := slices.BinarySearchFunc(agenda, d, func(x HomeDue, y intake.Due) int { return cmp.Or(intake.CompareDue(&x.Due, &y), -1) })
		if at == len(agenda) && !whole {
			continue // past the kept part: what comes before it there is not kept
		}
		hd := HomeDue{Due: d}
		if d.ResidentID != "" {
			hd.Name, hd.Named = name, named
		}
		agenda = slices.Insert(agenda, at, hd)
	}
	dues := a.Dues - len(before) + len(after)
	agenda = agenda[:min(len(agenda), HomeListRows)]
	if dues < len(agenda) || len(agenda) < min(dues, homeListShortest) {
		return a, false
	}
	return HomeAgenda{Dues: dues, Agenda: agenda}, true
}

// keepThroughSave keeps home's first screen up to date through one save
// of intake id on day, in the save's transaction, before it writes: the
// next load shows it at once instead of reading the whole list. Most
// saves (an answer, a note) change nothing the list shows: then only its
// stamp is written anew (store.HomeListKeep.Same), and the list is not
// read. Nothing is kept up to date — the save deletes the list, as any
// write to what it is made of — when none is kept, in a kompaan's
// transaction (who cannot read it), for a list of an older state, and
// for a new intake (its resident's row, when they had no intake, is not
// kept to be taken out), and for a list another version of this program
// wrote (its rows may hold what this one does not know to update).
func keepThroughSave(tx *store.Tx, id, residentID string, day intake.Date) {
	version, kept, now, err := tx.KeptHomeListStamp()
	if err != nil || kept != now || version != HomeListVersion {
		return
	}
	e, err := tx.IndexEntry(id)
	if err != nil {
		return
	}
	was := e.Header
	// The save writes the intake, its index entry and its resident's
	// wraps (not their name); anything else deletes the list.
	only := store.HomeListRecord(store.KindIntake, id)
	if residentID != "" {
		only = append(only, store.HomeListRecord(store.KindResident, residentID)...)
	}
	tx.KeepHomeListAtCommit(only, func(stamp [32]byte) (store.HomeListKeep, error) {
		e, err := tx.IndexEntry(id)
		if err != nil {
			return store.HomeListKeep{}, nil
		}
		after := &e.Header
		if sameOnList(&was, after) {
			return store.HomeListKeep{Same: true}, nil
		}
		// Read as committed, before this save: the list is still there.
		var hl HomeList
		if kept, before, err := tx.KeptHomeList(&hl); err != nil || kept != before {
			return store.HomeListKeep{}, nil
		}
		hl.Stamp = hex.EncodeToString(kept[:])
		if hl.check(day, kept) != nil || !hl.AfterSave(&was, after, residentName(tx, after.ResidentID)) {
			return store.HomeListKeep{}, nil
		}
		hl.Stamp = hex.EncodeToString(stamp[:])
		if hl.check(day, stamp) != nil {
			return store.HomeListKeep{}, nil
		}
		return store.HomeListKeep{Value: &hl, Version: HomeListVersion}, nil
	})
}

// residentName is the pseudonym of resident id, read in tx, as home's
// rows name them (not found: anonymous).
func residentName(tx *store.Tx, id string) func() (string, bool) {
	return func() (string, bool) {
		var r intake.Resident
		if id == "" || tx.Get(store.KindResident, id, &r) != nil {
			return "", false
		}
		return r.Pseudonym, true
	}
}

// sameOnList reports whether a save that turned was into now leaves
// everything home's list shows of it as it was, on any day: its header,
// which its row and its agenda items are made of, is the same but for
// when it was saved. (A change the list does not show, such as an
// agency, goes the longer way: AfterSave finds the list as it was.)
func sameOnList(was, now *intake.Header) bool {
	w := *was
	w.Updated = now.Updated
	return reflect.DeepEqual(&w, now)
}

// IntakeRow is what home's row of an intake is made of, but its
// resident's name: home makes its rows with it, and a save keeps a kept
// list's row up to date with it (AfterSave).
func IntakeRow(h *intake.Header) HomeRow {
	return HomeRow{IntakeID: h.ID, ResidentID: h.ResidentID, Status: h.Status, Date: h.LastContact(), Location: h.Location}
}
