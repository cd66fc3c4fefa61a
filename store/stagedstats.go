package store

import (
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
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
// intake. FinishStagedStats writes all of it at the end, each bucket in
// key order (in transactions of statsPerTx records), and removes what is
// staged. An import killed in between leaves intakes whose
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
	return tx.saveIntakeStaged(&in, nil, cat, now)
}

// SaveEncodedIntakeStaged is SaveIntakeStaged of an intake EncodeIntake
// encoded.
func (tx *Tx) SaveEncodedIntakeStaged(e *EncodedIntake, cat *intake.Catalogue, now time.Time) error {
	return tx.saveIntakeStaged(e.in, e, cat, now)
}

func (tx *Tx) saveIntakeStaged(in *intake.Intake, enc *EncodedIntake, cat *intake.Catalogue, now time.Time) error {
	if tx.keys.group == nil || tx.delta == nil {
		return tx.saveIntake(in, enc, cat, now)
	}
	if b := tx.btx.Bucket([]byte(bucketIndex)); !tx.indexed() || b == nil || b.Get([]byte(in.ID)) != nil {
		return tx.saveIntake(in, enc, cat, now)
	}
	if b := tx.btx.Bucket([]byte(KindIntake)); b != nil && b.Get([]byte(in.ID)) != nil {
		return tx.saveIntake(in, enc, cat, now)
	}
	// Made before (PrepareNewIntakes) from the resident as stored now.
	var pre *preparedStat // the save wipes enc
	if enc != nil && enc.stat.validFor(tx, in, cat, now) {
		pre = enc.stat
	}
	r, _, err := tx.saveIntakeRecord(in, enc, true, pre == nil)
	if err != nil {
		return err
	}
	var s stagedStat
	if pre != nil {
		s = pre.stat
	} else if s, err = newStagedStat(in, r, cat, now); err != nil {
		return err
	}
	tx.staged = append(tx.staged, s)
	tx.v.noteStaged(in.ID)
	return nil
}

// newStagedStat is the staged statistics of intake in of resident r.
func newStagedStat(in *intake.Intake, r intake.Resident, cat *intake.Catalogue, now time.Time) (stagedStat, error) {
	s := stagedStat{Intake: in.ID, Updated: in.Updated, StatID: in.StatID, Resident: intake.StatResident(*in, r)}
	rec := cat.Anonymise(*in, r, now)
	var err error
	if s.Record, err = rec.MarshalBinary(); err != nil && !errors.Is(err, intake.ErrStatRecord) {
		return s, err
	}
	return s, nil
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

// dropStaged removes from what is staged every intake's statistics drop
// says, in this transaction: an erased resident's ID and intakes do not
// wait in a staged record for the next finish (which would drop them,
// their intakes being gone). Their statistics are then not counted, as
// if the import had stopped before them.
func (tx *Tx) dropStaged(drop func(stagedStat) bool) error {
	if empty(tx.btx.Bucket([]byte(KindStatStaged))) {
		return nil
	}
	type record struct {
		key string
		s   stagedStats
	}
	var all []record
	err := tx.ForEach(KindStatStaged, func(id string, decode func(out any) error) error {
		var s stagedStats
		if err := decode(&s); err != nil {
			return err
		}
		all = append(all, record{id, s})
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range all {
		kept := slices.DeleteFunc(slices.Clone(r.s.Stats), drop)
		switch {
		case len(kept) == len(r.s.Stats):
		case len(kept) == 0:
			err = tx.del(string(KindStatStaged), []byte(r.key))
		default:
			r.s.Stats = kept
			err = tx.Put(KindStatStaged, r.key, r.s)
		}
		if err != nil {
			return err
		}
	}
	return nil
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
	// Opened and decoded on every core: an import of 100,000 intakes
	// stages 34 records of up to 2,500 each, and decoding them one after another
	// took 0.4 s of the finish's time on one core.
	keys, recs, err := readAll[stagedStats](tx, KindStatStaged, func(n int) int { return max(1, min(runtime.GOMAXPROCS(0), n)) })
	if err != nil {
		return nil, nil, err
	}
	n := 0
	for _, s := range recs {
		n += len(s.Stats)
	}
	all := make([]stagedStat, 0, n)
	for i, s := range recs {
		if s.V != stagedStatsVersion {
			return nil, nil, fmt.Errorf("%w: %s/%s: version %d", ErrTampered, KindStatStaged, inertID([]byte(keys[i])), s.V)
		}
		all = append(all, s.Stats...)
	}
	return all, keys, nil
}

// stagedPlan is what FinishStagedStats writes: statistics records by ID,
// the IDs of records to delete (none can be made), the residents' links
// that change, and the staged records to remove.
type stagedPlan struct {
	recs    map[string]intake.StatRecord
	none    []string
	links   map[string]statLinks
	staged  []string
	written int // intakes whose statistics are written
}

// planStaged reads what is staged and works out what SaveIntake would
// have written for it (see FinishStagedStats); trusted says of an intake
// that it has not been saved since this process staged it, so its
// version need not be read.
func (tx *Tx) planStaged(trusted func(id string) bool) (stagedPlan, error) {
	var p stagedPlan
	staged, keys, err := tx.readStaged()
	if err != nil || len(keys) == 0 {
		return p, err
	}
	if tx.keys.group == nil {
		return p, ErrNoAccess
	}
	p.staged = keys
	// The last staged version of each intake, if it is the vault's.
	last := map[string]int{}
	for i, s := range staged {
		last[s.Intake] = i
	}
	// Those this process staged and did not save since are as staged
	// (reading 100,000 versions maps the whole intake index); others are
	// looked at.
	todo, ids := make([]stagedStat, 0, len(last)), []string(nil)
	for i, s := range staged {
		switch {
		case last[s.Intake] != i:
		case trusted(s.Intake):
			todo = append(todo, s)
		default:
			ids = append(ids, s.Intake)
		}
	}
	updated, found, err := tx.IntakeVersions(ids)
	if err != nil {
		return p, err
	}
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
			return p, err
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
					return p, err
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
	p.recs, p.none, p.links, p.written = recs, none, changed, len(todo)
	return p, nil
}

// statsPerTx bounds the statistics records and links FinishStagedStats
// writes in one transaction: a transaction holds what it writes in
// memory until it commits.
const statsPerTx = 20_000

// writeStaged writes p in transactions of statsPerTx records or links:
// the statistics records in key order, then the links in key order (each
// bucket in whole pages when it was empty), then removes what is staged.
// Stopped half-way, what is staged is still there, and planning it again
// gives the same (every record written keeps its key, the links not yet
// written are as they were).
func (v *Vault) writeStaged(keys *keySet, p stagedPlan) error {
	err := v.writeInOrder(keys, KindStat, slices.Sorted(maps.Keys(p.recs)), func(tx *Tx, ids []string) error {
		return tx.putMany(KindStat, ids, func(i int) any { return p.recs[ids[i]] })
	})
	if err != nil {
		return err
	}
	err = v.writeInOrder(keys, KindStatLinks, slices.Sorted(maps.Keys(p.links)), func(tx *Tx, ids []string) error {
		var put []string
		for _, r := range ids {
			if len(p.links[r].Intakes) > 0 {
				put = append(put, r)
			} else if err := tx.Delete(KindStatLinks, r); err != nil {
				return err
			}
		}
		return tx.putMany(KindStatLinks, put, func(i int) any { return p.links[put[i]] })
	})
	if err != nil {
		return err
	}
	slices.Sort(p.none)
	return v.update(keys, func(tx *Tx) error {
		for _, id := range p.none {
			if err := tx.Delete(KindStat, id); err != nil {
				return err
			}
		}
		for _, k := range p.staged {
			if err := tx.del(string(KindStatStaged), []byte(k)); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeInOrder calls write with ids (sorted) of kind k, statsPerTx of
// them in each transaction.
func (v *Vault) writeInOrder(keys *keySet, k Kind, ids []string, write func(tx *Tx, ids []string) error) error {
	for len(ids) > 0 {
		n := min(len(ids), statsPerTx)
		err := v.update(keys, func(tx *Tx) error {
			if appendsTo(tx, k, ids[0]) {
				tx.InKeyOrder(k)
			}
			return write(tx, ids[:n])
		})
		if err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// appendsTo reports whether writing from key first on in kind k appends
// to what the bucket holds (it is empty, or its last key is before
// first): then its pages are filled whole.
func appendsTo(tx *Tx, k Kind, first string) bool {
	b := tx.btx.Bucket([]byte(k))
	if b == nil {
		return true
	}
	last, _ := b.Cursor().Last()
	return last == nil || string(last) < first
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

// FinishStagedStats writes the statistics that SaveIntakeStaged staged, as
// SaveIntake would have written them, and removes what is staged: every
// statistics record in key order, then every resident's statistics links,
// so that a vault the import filled has each bucket's pages together. An
// intake saved again since it was staged (its version differs) or gone
// since (erased, withdrawn) has nothing staged to write: its own save did
// what was needed. It returns how many intakes' statistics were written.
// Supporters only. Nothing else in this process reads or writes the vault
// meanwhile (it takes several transactions).
func (v *Vault) FinishStagedStats() (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys == nil {
		return 0, ErrLocked
	}
	return v.finishStaged(v.keys)
}

// finishStaged is FinishStagedStats with keys (an unlock's, before the
// vault holds them), v.mu held or not needed.
func (v *Vault) finishStaged(keys *keySet) (int, error) {
	var p stagedPlan
	err := v.view(keys, func(tx *Tx) error {
		if empty(tx.btx.Bucket([]byte(KindStatStaged))) {
			return nil
		}
		var err error
		p, err = tx.planStaged(v.stagedHere)
		return err
	})
	if err != nil || len(p.staged) == 0 || v.readOnly {
		return 0, err
	}
	if err := v.writeStaged(keys, p); err != nil {
		return 0, err
	}
	v.trust.Lock()
	v.trusted = nil
	v.trust.Unlock()
	return p.written, nil
}

// stagedHere reports whether this process staged intake id's statistics
// and did not write the intake since (SaveIntakeStaged, put).
func (v *Vault) stagedHere(id string) bool {
	v.trust.Lock()
	defer v.trust.Unlock()
	return v.trusted[id]
}

// noteStaged and noteSaved keep stagedHere.
func (v *Vault) noteStaged(id string) {
	v.trust.Lock()
	defer v.trust.Unlock()
	if v.trusted == nil {
		v.trusted = map[string]bool{}
	}
	v.trusted[id] = true
}

func (v *Vault) noteSaved(id string) {
	v.trust.Lock()
	defer v.trust.Unlock()
	delete(v.trusted, id)
}
