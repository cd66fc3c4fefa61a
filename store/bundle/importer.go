package bundle

import (
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

// Preview is what ImportScanned would do with the bundle of m now,
// counted from the manifest and the vault: nothing is decoded again and
// nothing is kept. Without tombstones and withdrawals in one read-only
// transaction; with them, in a write transaction that applies them first,
// as the import does, plans, and is rolled back. The merge rules
// (docs/BUNDLE.md §5):
//
//   - what is erased or withdrawn here (after the bundle's tombstones and
//     withdrawals) is skipped, from any bundle;
//   - a record the vault does not have is added;
//   - an intake replaces the vault's version only if its Updated is later;
//   - a resident replaces the vault's version only if it differs and its
//     clock (see ResidentRecord) is later than the newest Updated among the
//     vault's intakes of that resident (or its Created);
//   - anything else is skipped, so importing a bundle twice changes nothing.
func Preview(v *store.Vault, m *Manifest) (ImportResult, error) {
	var res ImportResult
	if m == nil {
		return res, errors.New("bundle: nothing to import")
	}
	if err := v.RequireSupporter(); err != nil {
		return res, err
	}
	var p *importPlan
	var err error
	if len(m.Tombstones)+len(m.Withdrawals) == 0 {
		p, err = planned(v, m)
	} else {
		// As the import does it: the tombstones and withdrawals first, then
		// the plan, in a write transaction that is rolled back (what they
		// remove changes what the records after them do).
		err = v.Update(func(tx *store.Tx) error {
			res.Tombstones, res.Withdrawals = Counts{}, Counts{}
			if err := receive(tx, m.Tombstones, m.Withdrawals, &res); err != nil {
				return err
			}
			var err error
			if p, err = planTx(tx, m); err != nil {
				return err
			}
			return errPreviewOnly
		})
		if errors.Is(err, errPreviewOnly) {
			err = nil
		}
	}
	if err != nil {
		return ImportResult{}, err
	}
	for _, act := range p.residents {
		res.Residents.count(act)
	}
	for _, act := range p.intakes {
		res.Intakes.count(act)
	}
	return res, nil
}

func (c *Counts) count(act action) {
	switch act {
	case add:
		c.Added++
	case update:
		c.Updated++
	default:
		c.Skipped++
	}
}

// receive applies a bundle's tombstones and withdrawals (store.Tx.
// ReceiveTombstone, ReceiveWithdrawal) and counts them: new here, or
// known.
func receive(tx *store.Tx, tombs []store.Tombstone, ws []store.Withdrawal, res *ImportResult) error {
	for _, t := range tombs {
		if err := res.Tombstones.tally(tx.ReceiveTombstone(t)); err != nil {
			return err
		}
	}
	for _, w := range ws {
		if err := res.Withdrawals.tally(tx.ReceiveWithdrawal(w)); err != nil {
			return err
		}
	}
	return nil
}

// errPreviewOnly rolls back the transaction in which Preview applies a
// bundle's tombstones and withdrawals to count what the import would do.
var errPreviewOnly = errors.New("bundle: preview only, rolled back")

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
