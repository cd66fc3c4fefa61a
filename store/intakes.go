package store

import (
	"errors"
	"fmt"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// SaveIntake writes an intake and, in the same transaction, its anonymised
// statistics record: DESIGN §4 wants statistics written whenever an intake is
// saved or closed, and one transaction means the two never disagree after a
// crash. The statistics record is keyed by in.StatID, which is unrelated to
// in.ID, so the statistics bucket cannot be joined back to the intakes.
// The intake's resident, if it has one, is read here for the age band and
// target groups (Anonymise uses them only with consent); a kompaan who
// holds no key to the resident saves without them.
//
// The intake's data key is wrapped for the kompanen who took part in it
// (intake.TookPart), and — when a supporter saves — the resident's for
// them too, so they can read the name the intake belongs to
// (docs/FORMAT.md §3).
func (tx *Tx) SaveIntake(in intake.Intake, cat *intake.Catalogue, now time.Time) error {
	if in.StatID == "" {
		return errors.New("store: intake has no statistics ID")
	}
	var r intake.Resident
	if in.ResidentID != "" {
		err := tx.Get(KindResident, in.ResidentID, &r)
		if err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrNoAccess) {
			return err
		}
	}
	if err := tx.Put(KindIntake, in.ID, in); err != nil {
		return err
	}
	if in.ResidentID != "" && tx.filedKind(KindResident) {
		if members, exact := tx.participantsOf(&in); exact {
			// A damaged resident record is Check's to report, not a reason
			// to lose what was typed.
			if err := tx.share(KindResident, in.ResidentID, members); err != nil && !errors.Is(err, ErrTampered) {
				return err
			}
		}
	}
	err := tx.Put(KindStat, in.StatID, cat.Anonymise(in, r, now))
	if errors.Is(err, intake.ErrStatRecord) {
		// What was typed is never lost over a statistic. A record that
		// cannot be made (a first contact dated before 2015: a laptop
		// whose clock is wrong) is left out, and an older one for this
		// intake removed, so no stale figures remain.
		return tx.Delete(KindStat, in.StatID)
	}
	return err
}

// ForEachStat calls fn with every statistics record, decoded strictly from
// its binary encoding (intake.DecodeStatRecord); a record that does not
// decode stops it with an error. It needs only the statistics key, so it
// works for a coordinator.
func (tx *Tx) ForEachStat(fn func(rec intake.StatRecord) error) error {
	return tx.ForEachPlain(KindStat, func(id string, plain []byte) error {
		rec, err := intake.DecodeStatRecord(plain)
		if err != nil {
			return fmt.Errorf("store: statistics record %s: %w", id, err)
		}
		return fn(rec)
	})
}

// ForEachStatRecord calls fn with the decrypted bytes of every statistics
// record, in one read transaction (statistics.Load decodes them itself).
// plain is valid only during fn.
func (v *Vault) ForEachStatRecord(fn func(plain []byte) error) error {
	return v.View(func(tx *Tx) error {
		return tx.ForEachPlain(KindStat, func(_ string, plain []byte) error { return fn(plain) })
	})
}
