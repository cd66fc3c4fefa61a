package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// An import of 100,000 intakes in batches wrote each batch's statistics
// records and statistics links in the batch's transaction. Their keys are
// random, so every batch rewrote most pages of both buckets: twice the
// file's size was written, and the pages ended up scattered over the
// file, which made every later `export stats` touch (and keep mapped)
// three times the pages it reads (issue 13).
//
// SaveIntakeStaged writes an intake the vault does not have without its
// statistics: what they need (the anonymised record, the resident it
// counts for) is staged, sealed with the group key, in one record per
// transaction under an ascending key, in the transaction that writes the
// intake. FinishStagedStats writes all of it at once, in key order, and
// removes what is staged. An import killed in between leaves intakes whose
// statistics are staged, not missing: Check accepts those, and the next
// import or a supporter's unlock finishes them.

// KindStatStaged holds statistics staged by SaveIntakeStaged (group key):
// one record per transaction that staged any, under a 16-digit
// hexadecimal sequence number.
const KindStatStaged Kind = "statstaged"

// stagedStats is one record of KindStatStaged.
type stagedStats struct {
	V     int          `json:"v"`
	Stats []stagedStat `json:"stats"`
}

const stagedStatsVersion = 1

// stagedStat is what SaveIntake would have written for one intake's
// statistics.
type stagedStat struct {
	Intake  string    `json:"intake"`
	Updated time.Time `json:"updated"` // the intake's version it was made from
	StatID  string    `json:"stat_id"`
	// Resident is the resident it counts for (intake.StatResident).
	Resident string `json:"resident,omitempty"`
	// Record is the anonymised record's binary encoding, without its
	// record key and first-in-period flags; nil when none can be made
	// (intake.ErrStatRecord).
	Record []byte `json:"record,omitempty"`
}

// SaveIntakeStaged is SaveIntake for an intake the vault does not have,
// its statistics staged (see above) until FinishStagedStats; supporters
// only. An intake the vault has is saved with SaveIntake.
func (tx *Tx) SaveIntakeStaged(in intake.Intake, cat *intake.Catalogue, now time.Time) error {
	if tx.keys.group == nil || tx.delta == nil {
		return tx.SaveIntake(in, cat, now)
	}
	if b := tx.btx.Bucket([]byte(bucketIndex)); !tx.indexed() || b == nil || b.Get([]byte(in.ID)) != nil {
		return tx.SaveIntake(in, cat, now)
	}
	if b := tx.btx.Bucket([]byte(KindIntake)); b != nil && b.Get([]byte(in.ID)) != nil {
		return tx.SaveIntake(in, cat, now)
	}
	r, _, err := tx.saveIntakeRecord(&in)
	if err != nil {
		return err
	}
	s := stagedStat{Intake: in.ID, Updated: in.Updated, StatID: in.StatID, Resident: intake.StatResident(in, r)}
	rec := cat.Anonymise(in, r, now)
	if s.Record, err = rec.MarshalBinary(); err != nil && !errors.Is(err, intake.ErrStatRecord) {
		return err
	}
	tx.staged = append(tx.staged, s)
	return nil
}

// putStaged writes what this transaction staged, as one record after the
// last one there.
func (tx *Tx) putStaged() error {
	if len(tx.staged) == 0 {
		return nil
	}
	seq := uint64(0)
	if b := tx.btx.Bucket([]byte(KindStatStaged)); b != nil {
		if k, _ := b.Cursor().Last(); k != nil {
			if n, ok := parseLogKey(k); ok {
				seq = n
			}
		}
	}
	tx.InKeyOrder(KindStatStaged)
	err := tx.Put(KindStatStaged, logKey(seq+1), stagedStats{V: stagedStatsVersion, Stats: tx.staged})
	tx.staged = nil
	return err
}

// StagedStats is how many intakes' statistics are staged (see above).
func (tx *Tx) StagedStats() (int, error) {
	staged, _, err := tx.readStaged()
	return len(staged), err
}

// readStaged returns every staged intake's statistics, oldest first, and
// the keys of the records they are in.
func (tx *Tx) readStaged() ([]stagedStat, []string, error) {
	b := tx.btx.Bucket([]byte(KindStatStaged))
	if empty(b) {
		return nil, nil, nil
	}
	var all []stagedStat
	var keys []string
	err := tx.ForEach(KindStatStaged, func(id string, decode func(out any) error) error {
		var s stagedStats
		if err := decode(&s); err != nil {
			return err
		}
		if s.V != stagedStatsVersion {
			return fmt.Errorf("%w: %s/%s: version %d", ErrTampered, KindStatStaged, inertID([]byte(id)), s.V)
		}
		all = append(all, s.Stats...)
		keys = append(keys, id)
		return nil
	})
	return all, keys, err
}

// FinishStagedStats writes the statistics that SaveIntakeStaged staged, as
// SaveIntake would have written them, and removes what is staged: every
// statistics record in key order, then every resident's statistics links,
// so that a vault the import filled has each bucket's pages together. An
// intake saved again since it was staged (its version differs) or gone
// since (erased, withdrawn) has nothing staged to write: its own save did
// what was needed. It returns how many intakes' statistics were written.
// Supporters only.
func (tx *Tx) FinishStagedStats() (int, error) {
	staged, keys, err := tx.readStaged()
	if err != nil || len(keys) == 0 {
		return 0, err
	}
	if tx.keys.group == nil || tx.delta == nil {
		return 0, ErrNoAccess
	}
	// The last staged version of each intake, if it is the vault's.
	last := map[string]int{}
	for i, s := range staged {
		last[s.Intake] = i
	}
	ids := make([]string, 0, len(last))
	for i, s := range staged {
		if last[s.Intake] == i {
			ids = append(ids, s.Intake)
		}
	}
	updated, found, err := tx.IntakeVersions(ids)
	if err != nil {
		return 0, err
	}
	todo := staged[:0]
	for j, id := range ids {
		if s := staged[last[id]]; found[j] && updated[j].Equal(s.Updated) {
			todo = append(todo, s)
		}
	}
	// Each staged record decoded once; nil: none can be made.
	decoded := make([]*intake.StatRecord, len(todo))
	byResident := map[string][]int{}
	for i, s := range todo {
		if s.Record != nil {
			if rec, err := intake.DecodeStatRecord(s.Record); err == nil {
				decoded[i] = &rec
			}
		}
		if s.Resident != "" {
			byResident[s.Resident] = append(byResident[s.Resident], i)
		}
	}
	recs := make(map[string]intake.StatRecord, len(todo)) // to write, by statistics ID
	var none []string                                     // statistics IDs with no record to keep
	// Each resident's links with all their new intakes (for the flags),
	// and those that change (to write, once each).
	links, changed := map[string]statLinks{}, map[string]statLinks{}
	for r, mine := range byResident {
		l, err := tx.statLinks(r)
		if errors.Is(err, ErrNoAccess) || errors.Is(err, ErrLocked) {
			return 0, err
		} else if err != nil {
			l = statLinks{} // damaged: started afresh, as relink does
		}
		was := map[string][3]bool{}
		for _, s := range l.Intakes {
			m, q, y := l.flags(s.StatID)
			was[s.StatID] = [3]bool{m, q, y}
		}
		unchanged := slices.Clone(l.Intakes)
		staged := map[string]bool{}
		for _, i := range mine {
			staged[todo[i].StatID] = true
		}
		l.Intakes = slices.DeleteFunc(l.Intakes, func(s statLink) bool { return staged[s.StatID] })
		for _, i := range mine {
			if decoded[i] != nil {
				l.Intakes = append(l.Intakes, statLink{StatID: todo[i].StatID, Month: decoded[i].Month})
			}
		}
		l.sort()
		links[r] = l
		if err == nil && slices.Equal(l.Intakes, unchanged) {
			continue
		}
		changed[r] = l
		// Records of the resident's other intakes whose flags change.
		for _, s := range l.Intakes {
			m, q, y := l.flags(s.StatID)
			if old, ok := was[s.StatID]; staged[s.StatID] || !ok || old == [3]bool{m, q, y} {
				continue
			}
			rec, ok := recs[s.StatID]
			if !ok {
				if err := tx.Get(KindStat, s.StatID, &rec); err != nil {
					if errors.Is(err, ErrNotFound) || errors.Is(err, ErrTampered) || errors.Is(err, intake.ErrStatRecord) {
						continue // nothing this save can mend
					}
					return 0, err
				}
			}
			rec.FirstInMonth, rec.FirstInQuarter, rec.FirstInYear = m, q, y
			recs[s.StatID] = rec
		}
	}
	for i, s := range todo {
		if decoded[i] == nil {
			none = append(none, s.StatID)
			continue
		}
		rec := *decoded[i]
		// A record keeps the key it got first (SaveIntake).
		var old intake.StatRecord
		rec.Key = tx.recordKey(s.StatID)
		if tx.Get(KindStat, s.StatID, &old) == nil {
			rec.Key = old.Key
		}
		if s.Resident != "" {
			rec.FirstInMonth, rec.FirstInQuarter, rec.FirstInYear = links[s.Resident].flags(s.StatID)
		}
		recs[s.StatID] = rec
	}
	if err := tx.writeStats(recs, none, changed); err != nil {
		return 0, err
	}
	for _, k := range keys {
		if err := tx.del(string(KindStatStaged), []byte(k)); err != nil {
			return 0, err
		}
	}
	return len(todo), nil
}

// writeStats puts recs and links and deletes the statistics records none,
// each bucket in key order (in whole pages when the bucket was empty).
func (tx *Tx) writeStats(recs map[string]intake.StatRecord, none []string, links map[string]statLinks) error {
	ordered := func(k Kind) {
		if empty(tx.btx.Bucket([]byte(k))) {
			tx.InKeyOrder(k)
		}
	}
	ordered(KindStat)
	ordered(KindStatLinks)
	statIDs := make([]string, 0, len(recs))
	for id := range recs {
		statIDs = append(statIDs, id)
	}
	slices.Sort(statIDs)
	for _, id := range statIDs {
		if err := tx.Put(KindStat, id, recs[id]); err != nil {
			return err
		}
	}
	slices.Sort(none)
	for _, id := range none {
		if err := tx.Delete(KindStat, id); err != nil {
			return err
		}
	}
	residents := make([]string, 0, len(links))
	for r := range links {
		residents = append(residents, r)
	}
	slices.SortFunc(residents, strings.Compare)
	for _, r := range residents {
		var err error
		if len(links[r].Intakes) == 0 {
			err = tx.Delete(KindStatLinks, r)
		} else {
			err = tx.Put(KindStatLinks, r, links[r])
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// empty reports whether b is missing or holds nothing (without walking
// it, as Stats would).
func empty(b *bolt.Bucket) bool {
	if b == nil {
		return true
	}
	k, _ := b.Cursor().First()
	return k == nil
}

// FinishStagedStats is Tx.FinishStagedStats in a transaction of its own,
// if anything is staged.
func (v *Vault) FinishStagedStats() (int, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.keys == nil {
		return 0, ErrLocked
	}
	return v.finishStaged(v.keys)
}

// finishStaged is FinishStagedStats with keys (an unlock's, before the
// vault holds them).
func (v *Vault) finishStaged(keys *keySet) (int, error) {
	none := false
	err := v.view(keys, func(tx *Tx) error {
		none = empty(tx.btx.Bucket([]byte(KindStatStaged)))
		return nil
	})
	if err != nil || none || v.readOnly {
		return 0, err
	}
	n := 0
	err = v.update(keys, func(tx *Tx) error {
		var err error
		n, err = tx.FinishStagedStats()
		return err
	})
	return n, err
}
