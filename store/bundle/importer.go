package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
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
// Intakes are written with store.Tx.SaveIntake, so each gets its
// statistics record in this vault; cat is the catalogue for that
// anonymisation (the vault's own, with local overrides).
func Import(v *store.Vault, b *Bundle, cat *intake.Catalogue, now time.Time) (ImportResult, error) {
	var res ImportResult
	if b == nil || cat == nil {
		return res, errors.New("bundle: nothing to import")
	}
	if err := requireSupporter(v); err != nil {
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
