package store

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// What travels in handover bundles besides the records (docs/BUNDLE.md
// §2, "Tombstones and withdrawals"): a tombstone erases the same resident
// in the receiving vault, and a withdrawal removes an intake whose
// consent to hand over was withdrawn. The receiving vault keeps both, so
// an older bundle that still holds the resident or the intake does not
// bring them back.

// KindWithdrawal holds one Withdrawal per intake whose consent to hand
// over was withdrawn, keyed by the intake's ID, sealed under the group key.
const KindWithdrawal Kind = "withdrawals"

// WithdrawalVersion is the version of a Withdrawal's JSON.
const WithdrawalVersion = 1

// Withdrawal says that intake Intake lost its consent to be handed over
// in the version Updated. It holds an ID and a time only.
type Withdrawal struct {
	V       int       `json:"v"`
	Intake  string    `json:"intake"`
	Updated time.Time `json:"updated"`
}

// Valid reports whether w is a withdrawal this version writes.
func (w Withdrawal) Valid() error {
	switch {
	case w.V != WithdrawalVersion:
		return fmt.Errorf("withdrawal version %d", w.V)
	case validID(w.Intake) != nil:
		return errors.New("withdrawal without a valid intake ID")
	case w.Updated.IsZero():
		return errors.New("withdrawal without a time")
	}
	return nil
}

// noteWithdrawal is SaveIntake's part: an intake saved without consent to
// hand over whose version before had it leaves a withdrawal; one saved
// with that consent ends an earlier withdrawal (consent given again). A
// kompaan, without the group key, leaves none (docs/BUNDLE.md says so).
func (tx *Tx) noteWithdrawal(in *intake.Intake, before bool) error {
	if tx.keys.group == nil || !tx.indexed() {
		return nil
	}
	if in.Consent.Has(intake.ScopeHandover) {
		if b := tx.btx.Bucket([]byte(KindWithdrawal)); b != nil && b.Get([]byte(in.ID)) != nil {
			return tx.Delete(KindWithdrawal, in.ID)
		}
		return nil
	}
	if !before {
		return nil
	}
	return tx.Put(KindWithdrawal, in.ID, Withdrawal{V: WithdrawalVersion, Intake: in.ID, Updated: in.Updated})
}

// Withdrawals lists every withdrawal, by intake ID (supporters).
func (tx *Tx) Withdrawals() (map[string]Withdrawal, error) {
	return byID[Withdrawal](tx, KindWithdrawal)
}

// byID decodes every record of kind k, by ID.
func byID[T any](tx *Tx, k Kind) (map[string]T, error) {
	out := map[string]T{}
	err := tx.ForEach(k, func(id string, decode func(any) error) error {
		var v T
		if err := decode(&v); err != nil {
			return err
		}
		out[id] = v
		return nil
	})
	return out, err
}

// Gone is what a receiving vault holds against records coming back: the
// residents and intakes of its tombstones, and its withdrawals.
type Gone struct {
	residents, intakes map[string]bool
	withdrawn          map[string]time.Time
}

// Gone reads the vault's tombstones and withdrawals (supporters).
func (tx *Tx) Gone() (Gone, error) {
	g := Gone{residents: map[string]bool{}, intakes: map[string]bool{}, withdrawn: map[string]time.Time{}}
	ts, err := tx.Tombstones()
	if err != nil {
		return g, err
	}
	for id, t := range ts {
		g.residents[id] = true
		for _, in := range t.Intakes {
			g.intakes[in] = true
		}
	}
	ws, err := tx.Withdrawals()
	for id, w := range ws {
		g.withdrawn[id] = w.Updated
	}
	return g, err
}

// Resident reports whether resident id was erased here.
func (g Gone) Resident(id string) bool { return g.residents[id] }

// IntakeRef is what Gone.Residents needs of an incoming intake.
type IntakeRef struct {
	ID, ResidentID string
	Updated        time.Time
}

// Residents returns the residents that must not come (back) with these
// incoming intakes: erased here, or every one of their incoming intakes
// is gone here (withdrawn) — a resident is carried only with an intake.
// Only those are in it: a map of every incoming resident held megabytes
// through an import at office size, nearly all of them false.
func (g Gone) Residents(incoming []IntakeRef) map[string]bool {
	out := make(map[string]bool, len(g.residents))
	for id := range g.residents {
		out[id] = true
	}
	var some map[string]bool // with an incoming intake gone, not erased
	for _, in := range incoming {
		if in.ResidentID != "" && !out[in.ResidentID] && g.Intake(in.ID, in.ResidentID, in.Updated) {
			if some == nil {
				some = map[string]bool{}
			}
			some[in.ResidentID] = true
		}
	}
	for _, in := range incoming { // but an intake of theirs comes
		if some[in.ResidentID] && !g.Intake(in.ID, in.ResidentID, in.Updated) {
			delete(some, in.ResidentID)
		}
	}
	for id := range some {
		out[id] = true
	}
	return out
}

// Intake reports whether an intake of that ID, resident and version must
// not come back: its resident or the intake was erased here, or its
// consent to hand over was withdrawn in this or a later version.
func (g Gone) Intake(id, residentID string, updated time.Time) bool {
	if g.intakes[id] || (residentID != "" && g.residents[residentID]) {
		return true
	}
	w, ok := g.withdrawn[id]
	return ok && !updated.After(w)
}

// ReceiveTombstone erases here the resident a tombstone from elsewhere (a
// bundle) names — their record, their intakes and those it lists, and the
// list that links them to their statistics records, which stay — and
// keeps the tombstone as it came (its time, reason and vault). It reports
// whether the tombstone was new here; one this vault already has changes
// nothing.
func (tx *Tx) ReceiveTombstone(t Tombstone) (bool, error) {
	if news, err := tx.TombstoneNews(t); err != nil || !news {
		return false, err
	}
	gone, err := tx.intakesOf(t.Resident)
	if err != nil {
		return false, err
	}
	for _, id := range t.Intakes {
		if slices.ContainsFunc(gone, func(g eraseIntake) bool { return g.ID == id }) {
			continue
		}
		if e, err := tx.IndexEntry(id); err == nil {
			gone = append(gone, eraseIntake{ID: id, ResidentID: e.Header.ResidentID, StatID: e.StatID})
		} else if !errors.Is(err, ErrNotFound) {
			return false, err
		}
	}
	for _, in := range gone {
		if err := tx.Delete(KindIntake, in.ID); err != nil {
			return false, err
		}
		if in.ResidentID != "" && in.ResidentID != t.Resident {
			if _, err := tx.relink(in.ResidentID, in.StatID, ""); err != nil {
				return false, err
			}
		}
	}
	for _, k := range []Kind{KindResident, KindStatLinks} {
		if err := tx.Delete(k, t.Resident); err != nil {
			return false, err
		}
	}
	if err := tx.keepErasedStats(gone); err != nil {
		return false, err
	}
	return true, tx.Put(KindTombstone, t.Resident, t)
}

// receivable refuses what only a supporter may receive, or an invalid
// tombstone or withdrawal.
func (tx *Tx) receivable(valid error) error {
	if tx.keys.group == nil {
		return ErrNotPermitted
	}
	if valid != nil {
		return fmt.Errorf("store: %w", valid)
	}
	return nil
}

// TombstoneNews reports whether ReceiveTombstone would erase or keep
// anything: this vault has no tombstone of that resident yet.
func (tx *Tx) TombstoneNews(t Tombstone) (bool, error) {
	if err := tx.receivable(t.Valid()); err != nil {
		return false, err
	}
	b := tx.btx.Bucket([]byte(KindTombstone))
	return b == nil || b.Get([]byte(t.Resident)) == nil, nil
}

// WithdrawalNews reports whether ReceiveWithdrawal would remove or keep
// anything: the withdrawal is newer than one this vault keeps, and than
// this vault's version of the intake.
func (tx *Tx) WithdrawalNews(w Withdrawal) (bool, error) {
	if err := tx.receivable(w.Valid()); err != nil {
		return false, err
	}
	var have Withdrawal
	switch err := tx.Get(KindWithdrawal, w.Intake, &have); {
	case err == nil:
		if !w.Updated.After(have.Updated) {
			return false, nil
		}
	case !errors.Is(err, ErrNotFound):
		return false, err
	}
	e, err := tx.IndexEntry(w.Intake)
	switch {
	case errors.Is(err, ErrNotFound):
		return true, nil
	case err != nil:
		return false, err
	}
	return w.Updated.After(e.Header.Updated), nil
}

// ReceiveWithdrawal removes here the intake a withdrawal from elsewhere
// names, unless this vault's version of it is as new or newer, and its
// resident when no other intake here is theirs; the statistics record
// stays. It keeps the withdrawal, and reports whether it was newer than
// what this vault knew.
func (tx *Tx) ReceiveWithdrawal(w Withdrawal) (bool, error) {
	if news, err := tx.WithdrawalNews(w); err != nil || !news {
		return false, err
	}
	e, err := tx.IndexEntry(w.Intake)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return false, err
	default:
		if err := tx.Delete(KindIntake, w.Intake); err != nil {
			return false, err
		}
		if err := tx.keepErasedStats([]eraseIntake{{ID: w.Intake, StatID: e.StatID}}); err != nil {
			return false, err
		}
		if r := e.Header.ResidentID; r != "" {
			if _, err := tx.relink(r, e.StatID, ""); err != nil {
				return false, err
			}
			others, err := tx.intakesOf(r)
			if err != nil {
				return false, err
			}
			if len(others) == 0 {
				if err := tx.Delete(KindResident, r); err != nil {
					return false, err
				}
			}
		}
	}
	return true, tx.Put(KindWithdrawal, w.Intake, w)
}
