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
	residents := map[string]bool{}
	if b := m.tx.Bucket([]byte(KindResident)); b != nil {
		if err := b.ForEach(func(k, _ []byte) error { residents[string(k)] = true; return nil }); err != nil {
			return err
		}
	}
	owners := map[string]owner{}
	err := m.each(KindIntake, m.notes, func(id string, plain []byte) error {
		var in intake.Intake
		if json.Unmarshal(plain, &in) != nil || in.StatID == "" {
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
	err = m.each(KindStat, m.stats, func(id string, plain []byte) error {
		old, err := intake.DecodeStatRecordV1(plain)
		if err != nil {
			return nil
		}
		o := owners[id]
		rec := old.Upgrade(o.closed)
		rec.Key = recordKey(m.stats, id)
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
		plain, err := json.Marshal(l)
		if err != nil {
			return err
		}
		if err := m.put(KindStatLinks, m.notes, resident, plain); err != nil {
			return err
		}
	}
	for id, rec := range upgraded {
		plain, err := rec.MarshalBinary()
		if err != nil {
			return fmt.Errorf("statistics record %s: %w", id, err)
		}
		if err := m.put(KindStat, m.stats, id, plain); err != nil {
			return err
		}
	}
	return nil
}

// each calls fn with every record of kind k, opened for the new format
// version (after resealAll).
func (m *migrator) each(k Kind, key []byte, fn func(id string, plain []byte) error) error {
	return forEachOpened(m.tx.Bucket([]byte(k)), key, m.to, k, fn)
}

// put seals plain as record id of kind k for the new format version.
func (m *migrator) put(k Kind, key []byte, id string, plain []byte) error {
	sealed, err := seal(key, recordAD(m.to, string(k), id), plain)
	clear(plain)
	if err != nil {
		return err
	}
	b, err := m.tx.CreateBucketIfNotExists([]byte(k))
	if err != nil {
		return err
	}
	return b.Put([]byte(id), sealed)
}
