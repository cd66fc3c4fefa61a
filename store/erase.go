package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Erasure (AVG art. 17; docs/FORMAT.md §10). A resident is erased with
// everything that names them — the resident record, every intake of
// theirs, and the list that links them to their statistics records — in
// one transaction that leaves a tombstone: the resident's ID, their
// intakes' IDs and the moment, sealed under the group key. The tombstone
// is what a handover bundle will carry so the office erases the same
// resident, and what an import checks so an older bundle does not bring
// them back (docs/BUNDLE.md §5; travel.go). The anonymised
// statistics records stay: they hold no ID, no name and no text, and
// with the list gone nothing in the vault leads from the resident to
// them (docs/PRIVACY.md says why they stay).

// KindTombstone holds one tombstone per erased resident, keyed by the
// resident's ID, sealed under the group key.
const KindTombstone Kind = "tombstones"

// TombstoneVersion is the version of a Tombstone's JSON.
const TombstoneVersion = 1

// Reasons for an erasure.
const (
	EraseRequest   = "request"   // the resident asked (AVG art. 17)
	EraseRetention = "retention" // the retention period passed
)

// Tombstone says that a resident was erased, and when. It holds IDs only.
type Tombstone struct {
	V        int       `json:"v"`
	Resident string    `json:"resident"`
	Intakes  []string  `json:"intakes,omitempty"` // sorted
	Erased   time.Time `json:"erased"`
	Reason   string    `json:"reason"` // EraseRequest or EraseRetention
	Device   string    `json:"device"` // the vault where it was erased (its VaultID)
}

// Valid reports whether t is a tombstone this version writes: for a
// reader of tombstones from elsewhere (a bundle).
func (t Tombstone) Valid() error {
	switch {
	case t.V != TombstoneVersion:
		return fmt.Errorf("tombstone version %d", t.V)
	case validID(t.Resident) != nil:
		return errors.New("tombstone without a valid resident ID")
	case t.Erased.IsZero():
		return errors.New("tombstone without a date")
	case t.Reason != EraseRequest && t.Reason != EraseRetention:
		return fmt.Errorf("tombstone reason %q", t.Reason)
	case !slices.IsSorted(t.Intakes) || len(t.Intakes) > 10000:
		return errors.New("tombstone intakes not sorted or too many")
	}
	for _, id := range t.Intakes {
		if validID(id) != nil {
			return errors.New("tombstone with an invalid intake ID")
		}
	}
	return nil
}

// ParseTombstone decodes a tombstone strictly (a bundle's, later).
func ParseTombstone(b []byte) (Tombstone, error) {
	var t Tombstone
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return Tombstone{}, fmt.Errorf("tombstone: %w", err)
	}
	if dec.More() {
		return Tombstone{}, errors.New("tombstone: data after the value")
	}
	return t, t.Valid()
}

// eraseIntake is what erasure reads of each intake.
type eraseIntake struct {
	ID         string `json:"id"`
	ResidentID string `json:"resident_id"`
	StatID     string `json:"stat_id"`
}

// EraseResident erases resident id as described above, at at, for reason,
// in this transaction (supporters only: it reads every intake), and
// returns the tombstone. ErrNotFound when there is no such resident and
// no tombstone; erasing an erased resident again returns their tombstone.
func (tx *Tx) EraseResident(id, reason string, at time.Time) (Tombstone, error) {
	if tx.keys.group == nil {
		return Tombstone{}, ErrNotPermitted
	}
	if err := validID(id); err != nil {
		return Tombstone{}, err
	}
	if reason != EraseRequest && reason != EraseRetention {
		return Tombstone{}, fmt.Errorf("store: erase: reason %q", reason)
	}
	var old Tombstone
	if err := tx.Get(KindTombstone, id, &old); err == nil {
		return old, nil
	}
	if b := tx.btx.Bucket([]byte(KindResident)); b == nil || b.Get([]byte(id)) == nil {
		return Tombstone{}, ErrNotFound
	}
	gone, err := tx.intakesOf(id)
	if err != nil {
		return Tombstone{}, err
	}
	device, err := tx.VaultID()
	if err != nil {
		return Tombstone{}, err
	}
	t := Tombstone{V: TombstoneVersion, Resident: id, Erased: at.UTC().Truncate(time.Second), Reason: reason, Device: device}
	for _, in := range gone {
		if err := tx.Delete(KindIntake, in.ID); err != nil {
			return Tombstone{}, err
		}
		t.Intakes = append(t.Intakes, in.ID)
	}
	slices.Sort(t.Intakes)
	if err := tx.Delete(KindResident, id); err != nil {
		return Tombstone{}, err
	}
	if err := tx.Delete(KindStatLinks, id); err != nil {
		return Tombstone{}, err
	}
	if err := tx.keepErasedStats(gone); err != nil {
		return Tombstone{}, err
	}
	erased := map[string]bool{}
	for _, in := range gone {
		erased[in.ID] = true
	}
	if err := tx.dropStaged(func(s stagedStat) bool { return s.Resident == id || erased[s.Intake] }); err != nil {
		return Tombstone{}, err
	}
	return t, tx.Put(KindTombstone, id, t)
}

// intakesOf lists the intakes of resident id, from the intake index where
// the vault has one (no whole intake decoded: retention erases many
// residents in a row), else from the intakes themselves. A damaged
// intake or entry names no one we can tell; Check reports it.
func (tx *Tx) intakesOf(id string) ([]eraseIntake, error) {
	var gone []eraseIntake
	if tx.indexed() {
		entries, err := tx.IntakeIndex()
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.Header.ResidentID == id {
				gone = append(gone, eraseIntake{ID: e.Header.ID, ResidentID: id, StatID: e.StatID})
			}
		}
		return gone, nil
	}
	err := tx.ForEach(KindIntake, func(iid string, decode func(any) error) error {
		var in eraseIntake
		if err := decode(&in); err != nil {
			return nil
		}
		if in.ResidentID == id {
			gone = append(gone, in)
		}
		return nil
	})
	return gone, err
}

// erasedStatsID is the fixed ID, in KindMeta (group key), of the set of
// statistics records whose intake was erased on purpose: Check then does
// not call them orphans. A sorted set, not a list by erasure, so that it
// does not say which records went together.
const erasedStatsID = "erased-statistics"

type erasedStats struct {
	StatIDs []string `json:"stat_ids"`
}

func (tx *Tx) keepErasedStats(gone []eraseIntake) error {
	var add []string
	for _, in := range gone {
		if in.StatID != "" {
			add = append(add, in.StatID)
		}
	}
	if len(add) == 0 {
		return nil
	}
	var set erasedStats
	if err := tx.Get(KindMeta, erasedStatsID, &set); err != nil && !errors.Is(err, ErrNotFound) {
		set = erasedStats{} // a damaged set is Check's to report; start again
	}
	set.StatIDs = append(set.StatIDs, add...)
	slices.Sort(set.StatIDs)
	set.StatIDs = slices.Compact(set.StatIDs)
	return tx.Put(KindMeta, erasedStatsID, set)
}

// Tombstones lists every tombstone, by resident ID (supporters).
func (tx *Tx) Tombstones() (map[string]Tombstone, error) { return byID[Tombstone](tx, KindTombstone) }
