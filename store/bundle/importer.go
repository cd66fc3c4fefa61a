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
	// Tombstones: Added erased a resident here (or kept a tombstone new
	// here); Skipped were known. Withdrawals: Added removed an intake here
	// (or kept a withdrawal new here); Skipped were known, or this vault's
	// version of the intake is as new or newer.
	Tombstones  Counts
	Withdrawals Counts
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
	return ImportWith(v, b, cat, now, ImportOptions{})
}

// ImportOptions add to an import what the signature said and a progress
// report.
type ImportOptions struct {
	// From is who sent the bundle (its signature checked out); each
	// intake added or updated gets an Origin record naming them.
	From *Sender
	// File is the bundle's file name (without its folder), for the origin.
	File string
	// Progress, if set, is called after each record merged with the
	// number merged so far and the bundle's number of records.
	Progress func(done, total int)
}

// Origin says where an imported intake came from (KindOrigin): the
// registered laptop, the user and time its signature names, and when and
// by whom it was imported here.
type Origin struct {
	Laptop     string    `json:"laptop"` // as registered in this vault
	KeyID      string    `json:"key_id"`
	User       string    `json:"user"`   // who made the bundle, as signed
	Signed     time.Time `json:"signed"` // when the bundle was signed
	File       string    `json:"file,omitempty"`
	Imported   time.Time `json:"imported"`
	ImportedBy string    `json:"imported_by"`
}

// OriginOf reads where an intake came from; ok is false for an intake
// that was not imported (or was imported before origins were kept).
func OriginOf(v *store.Vault, intakeID string) (o Origin, ok bool, err error) {
	err = v.View(func(tx *store.Tx) error { return tx.Get(KindOrigin, intakeID, &o) })
	if errors.Is(err, store.ErrNotFound) {
		return Origin{}, false, nil
	}
	return o, err == nil, err
}

// Preview is what Import would do with b, counted in one read-only
// transaction: nothing is written. The same checks run first, so a bundle
// Preview accepts is one Import accepts (unless the vault changes between
// the two).
func Preview(v *store.Vault, b *Bundle, now time.Time) (ImportResult, error) {
	return merge(v, b, nil, now, ImportOptions{}, false)
}

// ImportWith is Import with options.
func ImportWith(v *store.Vault, b *Bundle, cat *intake.Catalogue, now time.Time, opt ImportOptions) (ImportResult, error) {
	if cat == nil {
		return ImportResult{}, errors.New("bundle: nothing to import")
	}
	return merge(v, b, cat, now, opt, true)
}

// merge runs the merge rules in one transaction, writing only with write.
func merge(v *store.Vault, b *Bundle, cat *intake.Catalogue, now time.Time, opt ImportOptions, write bool) (ImportResult, error) {
	var res ImportResult
	if b == nil {
		return res, errors.New("bundle: nothing to import")
	}
	if err := v.RequireSupporter(); err != nil {
		return res, err
	}
	if err := checkRecords(b, now); err != nil {
		return res, err
	}
	total, done := len(b.Residents)+len(b.Intakes), 0
	step := func() {
		if done++; opt.Progress != nil {
			opt.Progress(done, total)
		}
	}
	var origin *Origin
	if opt.From != nil {
		origin = &Origin{Laptop: opt.From.Laptop, KeyID: opt.From.KeyID, User: opt.From.Signed.User, Signed: opt.From.Signed.Date,
			File: opt.File, Imported: now.UTC().Truncate(time.Second), ImportedBy: actor(v)}
	}
	txn := v.View
	if write {
		txn = v.Update
	}
	// put writes, or in a preview does nothing.
	put := func(tx *store.Tx, k store.Kind, id string, val any) error {
		if !write {
			return nil
		}
		return tx.Put(k, id, val)
	}
	saveIntake := func(tx *store.Tx, in intake.Intake) error {
		if !write {
			return nil
		}
		if err := tx.SaveIntake(in, cat, now); err != nil {
			return err
		}
		if origin != nil {
			return tx.Put(KindOrigin, in.ID, origin)
		}
		return nil
	}
	err := txn(func(tx *store.Tx) error {
		res = ImportResult{} // Update may not retry, but keep fn pure
		done = 0
		// Tombstones and withdrawals first; then nothing they name (or
		// that this vault erased or saw withdrawn before) comes back.
		if err := receive(tx, b.Tombstones, b.Withdrawals, &res, write); err != nil {
			return err
		}
		gone, err := tx.Gone()
		if err != nil {
			return err
		}
		refs := make([]store.IntakeRef, len(b.Intakes))
		for i, in := range b.Intakes {
			refs[i] = store.IntakeRef{ID: in.ID, ResidentID: in.ResidentID, Updated: in.Updated}
		}
		goneResidents := gone.Residents(refs)
		var localClocks map[string]time.Time
		for _, rr := range b.Residents {
			if goneResidents[rr.Resident.ID] {
				res.Residents.Skipped++
				step()
				continue
			}
			var cur intake.Resident
			err := tx.Get(store.KindResident, rr.Resident.ID, &cur)
			switch {
			case errors.Is(err, store.ErrNotFound):
				if err := put(tx, store.KindResident, rr.Resident.ID, rr.Resident); err != nil {
					return err
				}
				res.Residents.Added++
				step()
				continue
			case err != nil:
				return err
			}
			if same(cur, rr.Resident) {
				res.Residents.Skipped++
				step()
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
				step()
				continue
			}
			if err := put(tx, store.KindResident, rr.Resident.ID, rr.Resident); err != nil {
				return err
			}
			res.Residents.Updated++
			step()
		}
		for _, in := range b.Intakes {
			if gone.Intake(in.ID, in.ResidentID, in.Updated) {
				res.Intakes.Skipped++
				step()
				continue
			}
			// The vault's version from its index entry: versions are
			// compared before anything is decoded or encoded (a bundle
			// imported again skips every intake unread).
			cur, err := tx.IndexEntry(in.ID)
			switch {
			case errors.Is(err, store.ErrNotFound):
				if err := saveIntake(tx, in); err != nil {
					return err
				}
				res.Intakes.Added++
				step()
				continue
			case err != nil:
				return err
			}
			if !in.Updated.After(cur.Header.Updated) {
				res.Intakes.Skipped++
				step()
				continue
			}
			if in.StatID != cur.StatID && write {
				// The intake got a new statistics ID: drop the old
				// record so it is not counted twice.
				if err := tx.Delete(store.KindStat, cur.StatID); err != nil {
					return err
				}
			}
			if err := saveIntake(tx, in); err != nil {
				return err
			}
			res.Intakes.Updated++
			step()
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// receive applies a bundle's tombstones and withdrawals (store.Tx.
// ReceiveTombstone, ReceiveWithdrawal) and counts them; without write it
// only counts what they would do.
func receive(tx *store.Tx, tombs []store.Tombstone, ws []store.Withdrawal, res *ImportResult, write bool) error {
	tomb, withdraw := tx.TombstoneNews, tx.WithdrawalNews
	if write {
		tomb, withdraw = tx.ReceiveTombstone, tx.ReceiveWithdrawal
	}
	for _, t := range tombs {
		if err := res.Tombstones.tally(tomb(t)); err != nil {
			return err
		}
	}
	for _, w := range ws {
		if err := res.Withdrawals.tally(withdraw(w)); err != nil {
			return err
		}
	}
	return nil
}

// tally counts one tombstone or withdrawal: new here, or known.
func (c *Counts) tally(news bool, err error) error {
	switch {
	case err != nil:
		return err
	case news:
		c.Added++
	default:
		c.Skipped++
	}
	return nil
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
