package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// Counts are what an import did with one kind of record.
type Counts struct {
	Added   int // not in the vault before
	Updated int // the bundle's version was newer and replaced the vault's
	Skipped int // the same, or the vault's version was as new or newer
}

// ImportResult are the counts per kind.
type ImportResult struct {
	Residents Counts
	Intakes   Counts
}

// Import merges a decoded bundle into the vault in one transaction: on any
// error nothing is written. Merge rules (docs/BUNDLE.md):
//
//   - a record the vault does not have is added;
//   - an intake replaces the vault's version only if its Updated is later;
//   - a resident replaces the vault's version only if its clock (see
//     ResidentRecord) is later than the newest Updated among the vault's
//     intakes of that resident (or its Created);
//   - anything else is skipped, so importing a bundle twice changes nothing.
//
// Before anything is written every resident and intake is checked to be
// safe to store and show, at time now (Resident.CheckSafe,
// Intake.CheckSafe: IDs, code syntax, values in range, text lengths, no
// control characters or escape sequences, date bounds, list lengths,
// consent): one unsafe record refuses the whole bundle with a
// *RecordError (ErrInvalidRecord). Completeness and the catalogue are
// not checked: the supporter's laptop saves drafts as they are typed, and
// may have local codes this vault's catalogue lacks (they show as the
// code, and count nowhere in this vault's statistics).
//
// Intakes are written with store.Tx.SaveIntake, so each gets its
// statistics record in this vault; cat is the catalogue for that
// anonymisation (the vault's own, with local overrides).
func Import(v *store.Vault, b *Bundle, cat *intake.Catalogue, now time.Time) (ImportResult, error) {
	var res ImportResult
	if b == nil || cat == nil {
		return res, errors.New("bundle: nothing to import")
	}
	if err := v.RequireSupporter(); err != nil {
		return res, err
	}
	if err := checkRecords(b, now); err != nil {
		return res, err
	}
	err := v.Update(func(tx *store.Tx) error {
		res = ImportResult{} // Update may not retry, but keep fn pure
		var localClocks map[string]time.Time
		for _, rr := range b.Residents {
			var cur intake.Resident
			err := tx.Get(store.KindResident, rr.Resident.ID, &cur)
			switch {
			case errors.Is(err, store.ErrNotFound):
				if err := tx.Put(store.KindResident, rr.Resident.ID, rr.Resident); err != nil {
					return err
				}
				res.Residents.Added++
				continue
			case err != nil:
				return err
			}
			if same(cur, rr.Resident) {
				res.Residents.Skipped++
				continue
			}
			if localClocks == nil {
				if localClocks, err = residentClocks(tx); err != nil {
					return err
				}
			}
			local := localClocks[cur.ID]
			if cur.Created.After(local) {
				local = cur.Created
			}
			if !rr.Updated.After(local) {
				res.Residents.Skipped++
				continue
			}
			if err := tx.Put(store.KindResident, rr.Resident.ID, rr.Resident); err != nil {
				return err
			}
			res.Residents.Updated++
		}
		for _, in := range b.Intakes {
			var cur intake.Intake
			err := tx.Get(store.KindIntake, in.ID, &cur)
			switch {
			case errors.Is(err, store.ErrNotFound):
				if err := tx.SaveIntake(in, cat, now); err != nil {
					return err
				}
				res.Intakes.Added++
				continue
			case err != nil:
				return err
			}
			if same(cur, in) || !in.Updated.After(cur.Updated) {
				res.Intakes.Skipped++
				continue
			}
			if in.StatID != cur.StatID {
				// The intake got a new statistics ID: drop the old
				// record so it is not counted twice.
				if err := tx.Delete(store.KindStat, cur.StatID); err != nil {
					return err
				}
			}
			if err := tx.SaveIntake(in, cat, now); err != nil {
				return err
			}
			res.Intakes.Updated++
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// RecordError says which record of a bundle is not safe to import. It names the
// record's kind, ID and the paths of the fields that failed (such as
// "scan" or "clarifications[1].letters[0].sent"), never their content.
type RecordError struct {
	Kind   string   // "resident" or "intake"
	ID     string   // the record's ID; empty if the ID itself is not valid
	Fields []string // field paths, at most maxFieldsNamed
}

const maxFieldsNamed = 5

func (e *RecordError) Error() string {
	id := e.ID
	if id == "" {
		id = "with an invalid ID"
	}
	return fmt.Sprintf("bundle: %s %s is not valid (%s)", e.Kind, id, strings.Join(e.Fields, ", "))
}

// Unwrap makes errors.Is(err, ErrInvalidRecord) work.
func (e *RecordError) Unwrap() error { return ErrInvalidRecord }

// checkRecords runs Resident.CheckSafe and Intake.CheckSafe on every
// record of b and returns a *RecordError for the first that fails.
func checkRecords(b *Bundle, now time.Time) error {
	for _, rr := range b.Residents {
		if errs := rr.Resident.CheckSafe(now); len(errs) > 0 {
			return recordError("resident", rr.Resident.ID, errs)
		}
	}
	for _, in := range b.Intakes {
		if errs := in.CheckSafe(now); len(errs) > 0 {
			return recordError("intake", in.ID, errs)
		}
	}
	return nil
}

func recordError(kind, id string, errs intake.FieldErrors) *RecordError {
	e := &RecordError{Kind: kind}
	if intake.ValidID(id) {
		e.ID = id
	}
	for _, fe := range errs {
		if len(e.Fields) == maxFieldsNamed {
			break
		}
		if f := safeField(fe.Field); !slices.Contains(e.Fields, f) {
			e.Fields = append(e.Fields, f)
		}
	}
	return e
}

// safeField returns a field path fit to show. Paths are made by the
// program ("clarifications[1].letters[0].sent"), but a map key from the
// bundle can be part of one ("scan.<domain code>"); such a path is cut
// back to its first part unless it is plain lowercase letters, digits,
// '_', '.', '[' and ']'.
func safeField(f string) string {
	ok := len(f) <= 96
	for i := 0; ok && i < len(f); i++ {
		c := f[i]
		ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '[' || c == ']'
	}
	if ok {
		return f
	}
	if i := strings.IndexAny(f, ".["); i >= 0 {
		f = f[:i]
	}
	if len(f) > 32 {
		return "?"
	}
	return f
}

// residentClocks is, per resident, the newest Updated among the vault's
// intakes.
func residentClocks(tx *store.Tx) (map[string]time.Time, error) {
	clocks := map[string]time.Time{}
	err := tx.ForEach(store.KindIntake, func(_ string, decode func(any) error) error {
		var in exportIntake
		if err := decode(&in); err != nil {
			return err
		}
		if in.ResidentID != "" && in.Updated.After(clocks[in.ResidentID]) {
			clocks[in.ResidentID] = in.Updated
		}
		return nil
	})
	return clocks, err
}

// same compares two records by their JSON encoding, which is how both are
// stored.
func same(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	eq := err1 == nil && err2 == nil && bytes.Equal(ja, jb)
	clear(ja)
	clear(jb)
	return eq
}
