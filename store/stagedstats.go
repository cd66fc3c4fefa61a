package store

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"runtime"
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

// stagedPlan is what FinishStagedStats writes: the statistics records to
// write (recIDs[i]'s is recs[i], in ID order), the IDs of records to
// delete (none can be made), the residents' links that change (in ID
// order), and the staged records to remove.
type stagedPlan struct {
	recIDs  []string
	recs    []stagedRecord
	none    []string
	linkIDs []string
	links   []*statLinks
	staged  []string
	written int // intakes whose statistics are written
}

// stagedRecord is a statistics record FinishStagedStats writes: a staged
// record's encoding with the record key and first-in-period flags the
// plan gave it, decoded again as it is written (100,000 records decoded
// and kept through the plan were 30 MB more at the import's peak), or a
// record of the vault whose flags change.
type stagedRecord struct {
	staged []byte
	key    uint32
	// flags: month, quarter and year are its flags (it counts for a
	// resident); else they are as staged.
	flags, month, quarter, year bool
	vault                       *intake.StatRecord // a record of the vault, with its new flags
}

// MarshalBinary is the record's encoding as it is stored.
func (r *stagedRecord) MarshalBinary() ([]byte, error) {
	if r.vault != nil {
		return r.vault.MarshalBinary()
	}
	rec, err := intake.DecodeStatRecord(r.staged)
	if err != nil {
		return nil, err
	}
	rec.Key = r.key
	if r.flags {
		rec.FirstInMonth, rec.FirstInQuarter, rec.FirstInYear = r.month, r.quarter, r.year
	}
	return rec.MarshalBinary()
}

// planStaged reads what is staged and works out what SaveIntake would
// have written for it (see FinishStagedStats); trusted says of an intake
// that it has not been saved since this process staged it, so its
// version need not be read.
//
// Each resident's intakes are planned apart from every other's (their
// links, their records' flags), on every core: at 100,000 intakes the
// plan took 0.6 s of one core, most of it maps, a Get per resident and
// per record in buckets an import into a new vault finds empty, and
// decoding the staged records.
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
	last := make(map[string]int, len(staged))
	for i := range staged {
		last[staged[i].Intake] = i
	}
	// Those this process staged and did not save since are as staged
	// (reading 100,000 versions maps the whole intake index); others are
	// looked at. todo are indices into staged.
	todo, ids := make([]int, 0, len(last)), []string(nil)
	for i := range staged {
		switch id := staged[i].Intake; {
		case last[id] != i:
		case trusted(id):
			todo = append(todo, i)
		default:
			ids = append(ids, id)
		}
	}
	updated, found, err := tx.IntakeVersions(ids)
	if err != nil {
		return p, err
	}
	for j, id := range ids {
		if i := last[id]; found[j] && updated[j].Equal(staged[i].Updated) {
			todo = append(todo, i)
		}
	}
	clear(last)
	groups := residentGroups(staged, todo)
	out := make([]stagedOut, len(groups))
	// todo[t]'s record, and its month where made[t] (none can be made
	// where not).
	recs, months, made := make([]stagedRecord, len(todo)), make([]intake.Month, len(todo)), make([]bool, len(todo))
	// What is not there need not be looked up: an import into a new vault
	// finds no statistics records or links.
	statsThere := !empty(tx.btx.Bucket([]byte(KindStat)))
	linksThere := !empty(tx.btx.Bucket([]byte(KindStatLinks)))
	if _, err := tx.keys.groupPrivateKey(); err != nil { // made here, not on a worker
		return p, err
	}
	err = parallel(len(groups), max(1, min(runtime.GOMAXPROCS(0), 8, len(todo)/256)), func(int) func(g int) {
		recordKey := tx.keys.recordKeys()
		return func(g int) {
			mine := groups[g].todo
			for _, t := range mine {
				if s := &staged[todo[t]]; s.Record != nil {
					if rec, err := intake.DecodeStatRecord(s.Record); err == nil {
						recs[t].staged, months[t], made[t] = s.Record, rec.Month, true
					}
				}
			}
			var l statLinks
			if r := groups[g].resident; r != "" {
				pr := plannedResident{tx: tx, staged: staged, todo: todo, mine: mine, months: months, made: made}
				if out[g].err = pr.plan(&out[g], r, linksThere, statsThere); out[g].err != nil {
					return
				}
				l = out[g].links
			}
			for _, t := range mine {
				if !made[t] {
					continue
				}
				s, rec := &staged[todo[t]], &recs[t]
				// A record keeps the key it got first (SaveIntake).
				var old intake.StatRecord
				if rec.key = recordKey(s.StatID); statsThere && tx.Get(KindStat, s.StatID, &old) == nil {
					rec.key = old.Key
				}
				if s.Resident != "" {
					rec.flags = true
					rec.month, rec.quarter, rec.year = l.flags(s.StatID)
				}
			}
		}
	})
	if err != nil {
		return p, err
	}
	// The records to write by ID: those of other intakes whose flags
	// change, then the staged ones (which win where both name one ID, as
	// the last written would).
	type planned struct {
		id  string
		rec *stagedRecord
		pos int
	}
	all := make([]planned, 0, len(todo))
	for g := range out {
		if err := out[g].err; err != nil {
			return p, err
		}
		for j := range out[g].others {
			all = append(all, planned{out[g].othersID[j], &out[g].others[j], len(all)})
		}
		if out[g].changed {
			p.linkIDs, p.links = append(p.linkIDs, groups[g].resident), append(p.links, &out[g].links)
		}
	}
	for t, i := range todo {
		if made[t] {
			all = append(all, planned{staged[i].StatID, &recs[t], len(all)})
		} else {
			p.none = append(p.none, staged[i].StatID)
		}
	}
	// Sorted by ID, each ID's in the order above (SortStableFunc merges in
	// place, several times slower).
	slices.SortFunc(all, func(a, b planned) int { return cmp.Or(strings.Compare(a.id, b.id), cmp.Compare(a.pos, b.pos)) })
	p.recIDs, p.recs = make([]string, 0, len(all)), make([]stagedRecord, 0, len(all))
	for j, r := range all {
		if j+1 < len(all) && all[j+1].id == r.id {
			continue
		}
		p.recIDs, p.recs = append(p.recIDs, r.id), append(p.recs, *r.rec)
	}
	slices.Sort(p.none)
	p.written = len(todo)
	return p, nil
}

// stagedGroup is one resident's staged intakes (indices into the plan's
// todo), or one intake that counts for no resident (resident "").
type stagedGroup struct {
	resident string
	todo     []int
}

// residentGroups groups the intakes of staged that todo names by the
// resident they count for, in resident ID order; each intake of none is
// a group of its own.
func residentGroups(staged []stagedStat, todo []int) []stagedGroup {
	resident := func(t int) string { return staged[todo[t]].Resident }
	order := make([]int, len(todo))
	for t := range order {
		order[t] = t
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Or(strings.Compare(resident(a), resident(b)), cmp.Compare(a, b)) })
	groups := make([]stagedGroup, 0, len(todo))
	for start := 0; start < len(order); {
		r, end := resident(order[start]), start+1
		if r != "" {
			for end < len(order) && resident(order[end]) == r {
				end++
			}
		}
		groups = append(groups, stagedGroup{resident: r, todo: order[start:end:end]})
		start = end
	}
	return groups
}

// stagedOut is what the plan of one resident's intakes found: their
// links (changed: to be written), and the records of their other intakes
// whose first-in-period flags change (othersID[i]'s is others[i]).
type stagedOut struct {
	links    statLinks
	changed  bool
	othersID []string
	others   []stagedRecord
	err      error
}

// plannedResident is one resident's staged intakes: mine are indices
// into todo, which are indices into staged; months[t] is todo[t]'s
// record's month where made[t].
type plannedResident struct {
	tx         *Tx
	staged     []stagedStat
	todo, mine []int
	months     []intake.Month
	made       []bool
}

// plan is planStaged's work for resident r: their links with their
// staged intakes, as relink leaves them, and the records of their other
// intakes whose flags that changes. linksThere and statsThere say
// whether those buckets hold anything to read.
func (pr plannedResident) plan(o *stagedOut, r string, linksThere, statsThere bool) error {
	var l statLinks
	var err error
	if linksThere {
		l, err = pr.tx.statLinks(r)
		if errors.Is(err, ErrNoAccess) || errors.Is(err, ErrLocked) {
			return err
		} else if err != nil {
			l = statLinks{} // damaged: started afresh, as relink does
		}
	}
	statID := func(t int) string { return pr.staged[pr.todo[t]].StatID }
	staged := func(id string) bool { return slices.ContainsFunc(pr.mine, func(t int) bool { return statID(t) == id }) }
	was := statLinks{Intakes: slices.Clone(l.Intakes)}
	l.Intakes = slices.DeleteFunc(l.Intakes, func(s statLink) bool { return staged(s.StatID) })
	for _, t := range pr.mine {
		if pr.made[t] {
			l.Intakes = append(l.Intakes, statLink{StatID: statID(t), Month: pr.months[t]})
		}
	}
	l.sort()
	o.links = l
	if err == nil && slices.Equal(l.Intakes, was.Intakes) {
		return nil
	}
	o.changed = true
	// Records of the resident's other intakes whose flags change.
	for _, s := range l.Intakes {
		if staged(s.StatID) || !statsThere || !slices.ContainsFunc(was.Intakes, func(w statLink) bool { return w.StatID == s.StatID }) {
			continue
		}
		m, q, y := l.flags(s.StatID)
		if om, oq, oy := was.flags(s.StatID); om == m && oq == q && oy == y {
			continue
		}
		rec := new(intake.StatRecord)
		if err := pr.tx.Get(KindStat, s.StatID, rec); err != nil {
			if errors.Is(err, ErrNotFound) || errors.Is(err, ErrTampered) || errors.Is(err, intake.ErrStatRecord) {
				continue // nothing this save can mend
			}
			return err
		}
		rec.FirstInMonth, rec.FirstInQuarter, rec.FirstInYear = m, q, y
		o.othersID, o.others = append(o.othersID, s.StatID), append(o.others, stagedRecord{vault: rec})
	}
	return nil
}

// recordKeys is keySet.recordKey for one goroutine: K's HMAC cloned, not
// shared under the lock.
func (k *keySet) recordKeys() func(statID string) uint32 {
	k.recordKey("") // K's HMAC made
	k.cellMu.Lock()
	mac, err := k.cell.(hash.Cloner).Clone()
	k.cellMu.Unlock()
	if err != nil { // every hash of the standard library clones
		panic(err)
	}
	return func(statID string) uint32 {
		mac.Reset()
		mac.Write([]byte(statID))
		var sum [sha256.Size]byte
		return binary.BigEndian.Uint32(mac.Sum(sum[:0]))
	}
}

// statsPerTx bounds the statistics records and links FinishStagedStats
// writes in one transaction: a transaction holds what it writes in
// memory until it commits.
const statsPerTx = 20_000

// statsPerTxForTest replaces statsPerTx where it is not 0.
var statsPerTxForTest int

// writeStaged writes p in transactions of statsPerTx records or links:
// the statistics records in key order, then the links in key order (each
// bucket in whole pages when it was empty), then removes what is staged.
// Stopped half-way, what is staged is still there, and planning it again
// gives the same (every record written keeps its key, the links not yet
// written are as they were).
func (v *Vault) writeStaged(keys *keySet, p stagedPlan) error {
	sealer := &Tx{v: v, keys: keys} // sealMany reads no transaction
	err := v.writeInOrder(keys, KindStat, p.recIDs, func(from, to int) (sealedMany, error) {
		return sealer.sealMany(KindStat, p.recIDs[from:to], func(i int) any { return &p.recs[from+i] })
	}, nil)
	if err != nil {
		return err
	}
	err = v.writeInOrder(keys, KindStatLinks, p.linkIDs, func(from, to int) (sealedMany, error) {
		var put []int
		for i := from; i < to; i++ {
			if len(p.links[i].Intakes) > 0 {
				put = append(put, i)
			}
		}
		ids := make([]string, len(put))
		for j, i := range put {
			ids[j] = p.linkIDs[i]
		}
		return sealer.sealMany(KindStatLinks, ids, func(j int) any { return p.links[put[j]] })
	}, func(tx *Tx, from, to int) error {
		for i := from; i < to; i++ {
			if len(p.links[i].Intakes) == 0 {
				if err := tx.Delete(KindStatLinks, p.linkIDs[i]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
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

// writeInOrder writes ids (sorted) of kind k, statsPerTx of them in each
// transaction: seal(from, to) seals ids[from:to] (on every core, outside
// a transaction), the next ones while those before are put and
// committed, which is work for one core; first, if set, runs first in
// their transaction. At most two transactions' records are sealed at a
// time.
func (v *Vault) writeInOrder(keys *keySet, k Kind, ids []string, seal func(from, to int) (sealedMany, error), first func(tx *Tx, from, to int) error) error {
	per := statsPerTx
	if statsPerTxForTest > 0 {
		per = statsPerTxForTest
	}
	type chunk struct {
		from, to int
		s        sealedMany
		err      error
	}
	ready, done := make(chan chunk), make(chan struct{})
	go func() {
		defer close(ready)
		for from := 0; from < len(ids); from += per {
			to := min(len(ids), from+per)
			c := chunk{from: from, to: to}
			c.s, c.err = seal(from, to)
			select {
			case ready <- c:
			case <-done:
				return
			}
			if c.err != nil {
				return
			}
		}
	}()
	defer func() {
		// The sealing goroutine uses keys: it is done before they may be wiped.
		close(done)
		for range ready {
		}
	}()
	for c := range ready {
		if c.err != nil {
			return c.err
		}
		err := v.update(keys, func(tx *Tx) error {
			if appendsTo(tx, k, ids[c.from]) {
				tx.InKeyOrder(k)
			}
			if first != nil {
				if err := first(tx, c.from, c.to); err != nil {
					return err
				}
			}
			return tx.putSealed(c.s)
		})
		if err != nil {
			return err
		}
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

// after reports whether ids are in ascending order, each after every key
// b holds.
func after(b *bolt.Bucket, ids []string) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i-1] >= ids[i] {
			return false
		}
	}
	last, _ := b.Cursor().Last()
	return len(ids) == 0 || last == nil || string(last) < ids[0]
}
