package store

import (
	"encoding/json"
	"fmt"

	"github.com/spreekuur/spreekuur/intake"
)

// migrateStatsV2 is the step from format 1 to 2: statistics records of
// version 1 become version 2 (docs/FORMAT.md §4). Every record is re-sealed
// for the new format version first; then each statistics record is read
// with the intake it belongs to (for the month it was closed and its
// resident), coarsened (intake.StatRecordV1.Upgrade), given its record
// key and first-in-period flags, and written again; the per-resident lists
// of KindStatLinks are made. A statistics record that is not a valid
// version 1 record stays as it was (check and export report it).
func migrateStatsV2(m *migrator) error {
	if err := m.resealAll(); err != nil {
		return err
	}
	type owner struct {
		resident string
		closed   intake.Month
	}
	tx := m.tx
	residents := map[string]bool{}
	if b := tx.btx.Bucket([]byte(KindResident)); b != nil {
		if err := b.ForEach(func(k, _ []byte) error { residents[string(k)] = true; return nil }); err != nil {
			return err
		}
	}
	owners := map[string]owner{}
	err := tx.forEach(KindIntake, func(id string, plain []byte, err error) error {
		var in intake.Intake
		if err != nil || json.Unmarshal(plain, &in) != nil || in.StatID == "" {
			return nil // not an intake this step can use: its record is kept as an anonymous one
		}
		var o owner
		if in.Consent.Given && residents[in.ResidentID] {
			o.resident = in.ResidentID // as intake.StatResident decides
		}
		o.closed, _ = in.ClosedMonth()
		owners[in.StatID] = o
		return nil
	})
	if err != nil {
		return err
	}

	upgraded := map[string]intake.StatRecord{}
	links := map[string]*statLinks{}
	err = tx.forEach(KindStat, func(id string, plain []byte, err error) error {
		if err != nil {
			return nil
		}
		old, err := intake.DecodeStatRecordV1(plain)
		if err != nil {
			return nil
		}
		o := owners[id]
		rec := old.Upgrade(o.closed)
		rec.Key = tx.recordKey(id)
		upgraded[id] = rec
		if o.resident != "" {
			l := links[o.resident]
			if l == nil {
				l = &statLinks{}
				links[o.resident] = l
			}
			l.Intakes = append(l.Intakes, statLink{StatID: id, Month: rec.Month})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for resident, l := range links {
		l.sort()
		for _, s := range l.Intakes {
			rec := upgraded[s.StatID]
			rec.FirstInMonth, rec.FirstInQuarter, rec.FirstInYear = l.flags(s.StatID)
			upgraded[s.StatID] = rec
		}
		if err := tx.Put(KindStatLinks, resident, l); err != nil {
			return err
		}
	}
	for id, rec := range upgraded {
		if err := tx.Put(KindStat, id, rec); err != nil {
			return fmt.Errorf("statistics record %s: %w", id, err)
		}
	}
	return nil
}
