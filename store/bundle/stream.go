package bundle

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// An office vault merges bundles of 100,000 intakes. Decoding such a
// bundle into memory and merging it in one transaction took 1.6 GB and
// 25 s (issue 13); ImportFile reads the file twice instead and holds one
// batch at a time:
//
//  1. Scan decrypts and verifies all of it — age's chunks, every line as
//     Decode checks it, the trailer's counts and SHA-256, and every record
//     with CheckSafe — keeping per record only its ID, version and the
//     SHA-256 of its line (the Manifest). Nothing is written unless all of
//     it is right.
//  2. What to do with each record is decided from the manifest and the
//     vault's intake index, before anything is decoded again: an intake
//     the vault has in the same or a newer version is skipped unread, and
//     so is a resident it has unchanged (the SHA-256 of its JSON as the
//     vault stores it). If nothing is to be written, that is all.
//  3. The file is decrypted again; each line to apply must have the hash
//     it had in pass 1 (a file changed in between is refused from that
//     record on), is decoded and applied, in batches of a few thousand
//     records, each batch in key order and in its own transaction.
//  4. The statistics of the intakes added, staged in the batches'
//     transactions (store.Tx.SaveIntakeStaged), are written at the end,
//     in key order (store.Vault.FinishStagedStats).
//
// A crash (or kill -9) in pass 3 leaves the batches before it; importing
// the same file again skips what is there and finishes the rest, because
// the merge rules are idempotent (and writes the statistics staged first).
//
// This is the only import. A signed file goes OpenFile (the signature,
// then Scan), Preview, ImportOpened (ImportScanned with origins): that is
// `spreekuur import` and the import screen. ImportFile is the same
// without a signature, for a bundle from any reader.

// ManifestRecord is what Scan keeps of one record.
type ManifestRecord struct {
	ID         string
	Updated    time.Time // an intake's version; a resident's clock (ResidentRecord)
	StatID     string    // intakes
	ResidentID string    // intakes
	sum        [sha256.Size]byte
	// A resident's: the SHA-256 of its JSON as the vault stores it, so
	// that Preview tells an identical resident without the record.
	stored [sha256.Size]byte
}

// Manifest is a bundle verified by Scan: its header and its records in the
// order of the file, without their contents.
type Manifest struct {
	Header    Header
	Residents []ManifestRecord
	Intakes   []ManifestRecord
	// Tombstones and Withdrawals are kept whole: IDs and times only.
	Tombstones  []store.Tombstone
	Withdrawals []store.Withdrawal

	// The plan Preview made, and the version of the buckets it read
	// (planBuckets): the import uses it if they are as they were.
	plan   *importPlan
	planAt store.BucketsVersion
}

// Scan decrypts r with the identities and verifies the whole bundle
// (Decode's checks and, at now, Resident.CheckSafe and Intake.CheckSafe
// of every record), one record at a time: lines are read and checked in
// order, and decoded (the bulk of the work) on every core. progress, if
// set, is called with the records checked so far. Errors as Open, and
// *RecordError for a record that is not safe to import; the first line
// in the file that is wrong is the one named.
func Scan(r io.Reader, now time.Time, progress func(done, total int), ids ...age.Identity) (*Manifest, error) {
	plain, err := decrypt(r, ids...)
	if err != nil {
		return nil, err
	}
	d, err := newDecoder(plain)
	if err != nil {
		return nil, err
	}
	d.readAhead = true
	h := d.Header()
	m := &Manifest{Header: h,
		Residents: make([]ManifestRecord, 0, min(h.Residents, 1<<16)),
		Intakes:   make([]ManifestRecord, 0, min(h.Intakes, 1<<16))}
	total := h.Residents + h.Intakes + h.Tombstones + h.Withdrawals
	n := 0
	err = parseInParallel(d, now, func(raw []byte, r *lineResult) (bool, error) {
		rec, err := d.accept(raw, &r.line, r.parseErr)
		if errors.Is(err, io.EOF) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		if r.safety != nil {
			return false, r.safety
		}
		sum := r.sum
		switch {
		case rec.resident != nil:
			rr := rec.resident
			m.Residents = append(m.Residents, ManifestRecord{ID: rr.Resident.ID, Updated: rr.Updated, sum: sum, stored: r.stored})
		case rec.intake != nil:
			in := rec.intake
			m.Intakes = append(m.Intakes, ManifestRecord{ID: in.ID, Updated: in.Updated, StatID: in.StatID, ResidentID: in.ResidentID, sum: sum})
		case rec.tombstone != nil:
			m.Tombstones = append(m.Tombstones, *rec.tombstone)
		default:
			m.Withdrawals = append(m.Withdrawals, *rec.withdrawal)
		}
		if n++; progress != nil && (n%1024 == 0 || n == total) {
			progress(n, total)
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// scanChunk is how many lines a worker decodes at once.
const scanChunk = 128

// lineChunk is a run of consecutive lines of a bundle and what the
// workers found in each.
type lineChunk struct {
	first int // the number of its first line (0: the first after the header)
	raw   [][]byte
	out   []lineResult
	err   error // reading stopped after these lines
	done  chan struct{}
}

// lineResult is what a worker found in one line.
type lineResult struct {
	line             bundleLine
	parseErr, safety error
	decoded          bool
	sum, stored      [sha256.Size]byte     // pass 1: the line's; a resident's JSON's (ManifestRecord)
	encoded          *store.EncodedIntake  // pass 3: an intake to save, encoded
	sealed           *store.SealedResident // pass 3: a resident to add, sealed
}

// linePipeline reads br's lines in order (at most limit of them, <0: up
// to the end), runs work on each chunk of them on every core, and hands
// the chunks back in order through next (false at the end). At most
// ahead lines (and a few chunks more) are read ahead of next; stop ends
// it early and must be called. A chunk's lines are wiped when the next
// chunk is asked for, and at stop: keep none of them.
func linePipeline(br *bufio.Reader, limit, ahead int, work func(c *lineChunk)) (next func() (*lineChunk, bool), stop func()) {
	workers := max(1, runtime.GOMAXPROCS(0))
	chunks := make(chan *lineChunk, max(2*workers, ahead/scanChunk)) // in file order
	todo := make(chan *lineChunk, 2*workers)                         // for the workers
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range todo {
				c.out = make([]lineResult, len(c.raw))
				work(c)
				close(c.done)
			}
		}()
	}
	go func() { // the reader
		defer close(chunks)
		defer close(todo)
		n := 0
		for {
			c := &lineChunk{first: n, done: make(chan struct{})}
			for len(c.raw) < scanChunk && (limit < 0 || n < limit) {
				raw, err := readLine(br)
				if err != nil {
					c.err = err
					break
				}
				c.raw = append(c.raw, raw)
				n++
			}
			if c.err == nil && limit >= 0 && n >= limit && len(c.raw) == 0 {
				return
			}
			select {
			case todo <- c:
			case <-quit:
				wipe(c.raw) // it reaches nobody
				return
			}
			select {
			case chunks <- c:
			case <-quit:
				<-c.done // a worker has it
				wipe(c.raw)
				return
			}
			if c.err != nil || (limit >= 0 && n >= limit) {
				return
			}
		}
	}()
	// The lines are decrypted plaintext: each is wiped once its chunk is
	// done with — when the next chunk is asked for, or at stop.
	var last *lineChunk
	next = func() (*lineChunk, bool) {
		if last != nil {
			wipe(last.raw)
		}
		c, ok := <-chunks
		if ok {
			<-c.done
		}
		last = c
		return c, ok
	}
	stop = func() {
		close(quit)
		if last != nil {
			wipe(last.raw)
		}
		for c := range chunks { // let the reader end
			<-c.done
			wipe(c.raw)
		}
		wg.Wait()
	}
	return next, stop
}

// wipe clears lines.
func wipe(lines [][]byte) {
	for _, l := range lines {
		clear(l)
	}
}

// parseInParallel reads d's lines, decodes them (parseLine) and checks
// each record with CheckSafe on every core, and calls accept with each
// line in the order of the file until accept says the trailer was
// accepted (and the file ends right after it) or returns an error.
func parseInParallel(d *decoder, now time.Time, accept func(raw []byte, r *lineResult) (bool, error)) error {
	next, stop := linePipeline(d.br, -1, 0, func(c *lineChunk) {
		parseLines(c.raw, c.out)
		for i := range c.out {
			r := &c.out[i]
			if r.parseErr != nil {
				continue
			}
			r.sum = sha256.Sum256(c.raw[i])
			r.safety = checkSafe(&r.line, now)
			if rr := r.line.Resident; rr != nil && r.safety == nil {
				if plain, err := json.Marshal(rr.Resident); err == nil {
					r.stored = sha256.Sum256(plain)
					clear(plain)
				}
			}
		}
	})
	defer stop()
	ended := false
	for c, ok := next(); ok; c, ok = next() {
		if ended && len(c.raw) > 0 {
			return malformed("data after the trailer")
		}
		for i, raw := range c.raw {
			r := &c.out[i]
			end, err := accept(raw, r)
			if err != nil {
				return err
			}
			if end {
				if i < len(c.raw)-1 {
					return malformed("data after the trailer")
				}
				ended = true
			}
		}
		if c.err == nil {
			continue
		}
		switch {
		case ended && errors.Is(c.err, io.EOF) && d.lr.N > 0:
			return nil
		case ended && errors.Is(c.err, errCutOff):
			return malformed("data after the trailer")
		}
		_, err := d.readRawErr(nil, c.err)
		return err
	}
	return fmt.Errorf("%w: it ends before its trailer", ErrDamaged)
}

// parseLines decodes lines as parseLine does each, one after another
// through one decoder (newLinesDecoder): its buffer grows once for the lot, not once
// per line (a json.Decoder per line spent more in growing its buffer than
// in decoding). A line the shared decoder does not take alone — an
// error, or a value that does not end on its own line — is decoded again
// by itself with parseLine, and the lines after it by a new decoder, so
// what is accepted, and the error given, are parseLine's.
func parseLines(raws [][]byte, out []lineResult) {
	for i := 0; i < len(raws); {
		dec := newLinesDecoder(&linesReader{lines: raws[i:]})
		var end int64 // where line i ends in the decoder's input
		for ; i < len(raws); i++ {
			start := end
			end += int64(len(raws[i]))
			err := dec.Decode(&out[i].line)
			if off := dec.InputOffset(); err == nil && off <= end && blank(raws[i][off-start:]) {
				continue
			}
			out[i].line = bundleLine{}
			out[i].parseErr = parseLine(raws[i], &out[i].line)
			i++
			break
		}
	}
}

// blank reports whether b is JSON whitespace only.
func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// linesReader reads lines one after another (and leaves them as they are).
type linesReader struct {
	lines [][]byte
	off   int // read of lines[0]
}

func (r *linesReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && len(r.lines) > 0 {
		k := copy(p[n:], r.lines[0][r.off:])
		n += k
		if r.off += k; r.off == len(r.lines[0]) {
			r.lines, r.off = r.lines[1:], 0
		}
	}
	if n == 0 && len(r.lines) == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// checkSafe runs CheckSafe on the record of a decoded line, as an error
// naming it (nil for the trailer or an unknown line: accept says those).
func checkSafe(l *bundleLine, now time.Time) error {
	switch {
	case l.Resident != nil && l.Intake == nil:
		if errs := l.Resident.Resident.CheckSafe(now); len(errs) > 0 {
			return recordError("resident", l.Resident.Resident.ID, errs)
		}
	case l.Intake != nil && l.Resident == nil:
		if errs := l.Intake.CheckSafe(now); len(errs) > 0 {
			return recordError("intake", l.Intake.ID, errs)
		}
	}
	return nil
}

// StreamOptions are ImportFile's identities and progress reports.
type StreamOptions struct {
	// Identities decrypt the bundle.
	Identities []age.Identity
	// Checked is called during pass 1 with the records verified so far;
	// Imported during pass 3 with the records merged (added, updated or
	// skipped) so far, and the bundle's number of records.
	Checked, Imported func(done, total int)
	// BatchRecords bounds the records one transaction writes (0: 2,500).
	BatchRecords int
	// From is who sent the bundle (its signature checked out); each
	// intake added or updated gets an Origin record naming them. File is
	// the bundle's file name (without its folder), for the origin.
	From *Sender
	File string
}

// PartialError: an import stopped after some of its batches were written
// (the disk filled up, the file changed between the two reads). What is
// written is consistent; importing the same file again finishes it.
type PartialError struct {
	Done, Total int // records merged before it stopped, of the bundle's
	Err         error
}

func (e *PartialError) Error() string {
	return fmt.Sprintf("bundle: the import stopped after %d of %d records: %v", e.Done, e.Total, e.Err)
}

func (e *PartialError) Unwrap() error { return e.Err }

// ImportFile verifies the bundle that open reads (Scan), then merges it
// into the vault (ImportScanned). open is called twice and must give the
// same bytes both times. Nothing is written unless all of the bundle
// verifies; an error after that is a *PartialError.
func ImportFile(v *store.Vault, open func() (io.ReadCloser, error), cat *intake.Catalogue, now time.Time, opt StreamOptions) (ImportResult, error) {
	if err := v.RequireSupporter(); err != nil {
		return ImportResult{}, err
	}
	f, err := open()
	if err != nil {
		return ImportResult{}, err
	}
	m, err := Scan(f, now, opt.Checked, opt.Identities...)
	_ = f.Close()
	if err != nil {
		return ImportResult{}, err
	}
	return ImportScanned(v, m, open, cat, now, opt)
}

// ImportScanned merges a bundle Scan verified into the vault by the rules
// of Preview, one batch at a time (see above): open must give the bytes
// Scan read (a record that differs stops it with ErrDamaged). An error
// after the first batch is a *PartialError: the batches before it are
// written.
func ImportScanned(v *store.Vault, m *Manifest, open func() (io.ReadCloser, error), cat *intake.Catalogue, now time.Time, opt StreamOptions) (ImportResult, error) {
	var res ImportResult
	if cat == nil || m == nil {
		return res, errors.New("bundle: nothing to import")
	}
	if err := v.RequireSupporter(); err != nil {
		return res, err
	}
	if opt.BatchRecords <= 0 {
		opt.BatchRecords = defaultBatch
	}
	var origin encodedOrigin
	if from := opt.From; from != nil {
		var err error
		origin, err = json.Marshal(Origin{Laptop: from.Laptop, KeyID: from.KeyID, User: from.Signed.User, Signed: from.Signed.Date,
			File: opt.File, Imported: now.UTC().Truncate(time.Second), ImportedBy: actor(v)})
		if err != nil {
			return res, err
		}
	}
	// The statistics of an import that stopped before it wrote them
	// (killed, disk full): before anything else, so that this import's
	// plan and merge see a vault whose statistics are whole.
	if _, err := v.FinishStagedStats(); err != nil {
		return res, err
	}
	// Tombstones and withdrawals first, in one transaction: what they
	// remove must not be added back by the records after them.
	if len(m.Tombstones)+len(m.Withdrawals) > 0 {
		err := v.Update(func(tx *store.Tx) error {
			res.Tombstones, res.Withdrawals = Counts{}, Counts{}
			return receive(tx, m.Tombstones, m.Withdrawals, &res)
		})
		if err != nil {
			return ImportResult{}, err
		}
	}
	// What the tombstones and withdrawals erased is written: an error
	// from here on is a stopped import, not "nothing was imported".
	erased := res.Tombstones.Added + res.Withdrawals.Added
	p, err := planOnce(v, m)
	if err != nil {
		return res, err
	}
	if !p.writes() {
		// Everything is there (an import again): the file need not be
		// read a second time.
		for _, act := range p.residents {
			res.Residents.count(act)
		}
		for _, act := range p.intakes {
			res.Intakes.count(act)
		}
		if total := len(m.Residents) + len(m.Intakes); opt.Imported != nil && total > 0 {
			opt.Imported(total, total)
		}
		return res, nil
	}
	f, err := open()
	if err != nil {
		if erased > 0 {
			return res, &PartialError{Total: len(m.Residents) + len(m.Intakes), Err: err}
		}
		return res, err
	}
	defer f.Close()
	ap := &applier{v: v, cat: cat, now: now, plan: p, res: &res, opt: opt,
		total: len(m.Residents) + len(m.Intakes)}
	ap.origin = origin
	err = ap.run(f, m)
	if err == nil {
		_, err = v.FinishStagedStats()
	}
	if err != nil {
		if ap.done == 0 && erased == 0 {
			return ImportResult{}, err // nothing written
		}
		return res, &PartialError{Done: ap.done, Total: ap.total, Err: err}
	}
	return res, nil
}

// action is what an import does with one record.
type action byte

const (
	skip   action = iota // the vault has it, as new or newer
	add                  // not in the vault
	update               // the bundle's is newer
)

// importPlan is what pass 2 decided: an action per resident and per
// intake, in the order of the manifest, and the residents' clocks in the
// vault (made when a resident first needs them).
type importPlan struct {
	residents, intakes []action
	clocks             map[string]time.Time // per resident, the newest Updated of the vault's intakes
	gone               store.Gone           // erased and withdrawn here: not brought back
	// goneResidents are erased here, or all their intakes in the bundle are.
	goneResidents map[string]bool
}

// planBuckets are what a plan reads of the vault: when none of them
// changed, a plan made before still holds.
var planBuckets = []store.Kind{store.KindResident, store.KindIntake, store.KindTombstone, store.KindWithdrawal}

// planned decides from the manifest, the vault's intake index (the
// entries of the bundle's intakes) and the hashes of its residents what
// to do with every record, decoding nothing of the bundle (planTx), and
// keeps the plan in m with the version of the buckets it read (Preview:
// the import that follows uses it).
func planned(v *store.Vault, m *Manifest) (*importPlan, error) {
	var p *importPlan
	err := v.View(func(tx *store.Tx) error {
		at, ok, err := tx.BucketsVersion(planBuckets...)
		if err != nil {
			return err
		}
		if p, err = planTx(tx, m); err != nil {
			return err
		}
		m.plan, m.planAt = nil, store.BucketsVersion{}
		if ok {
			m.plan, m.planAt = p, at
		}
		return nil
	})
	return p, err
}

// planOnce is the plan Preview kept in m if the buckets it read are as
// they were, else a new one (planTx); either way m keeps none after it. At 100,000
// residents an import again spent 0.6 s planning twice.
func planOnce(v *store.Vault, m *Manifest) (*importPlan, error) {
	var p *importPlan
	err := v.View(func(tx *store.Tx) error {
		kept := m.plan
		m.plan = nil
		if kept != nil {
			at, ok, err := tx.BucketsVersion(planBuckets...)
			if err != nil {
				return err
			}
			if ok && at == m.planAt {
				p = kept
				return nil
			}
		}
		var err error
		p, err = planTx(tx, m)
		return err
	})
	return p, err
}

// planTx is plan in the caller's transaction.
func planTx(tx *store.Tx, m *Manifest) (*importPlan, error) {
	p := &importPlan{residents: make([]action, len(m.Residents)), intakes: make([]action, len(m.Intakes))}
	err := func() error {
		var err error
		if p.gone, err = tx.Gone(); err != nil {
			return err
		}
		refs := make([]store.IntakeRef, len(m.Intakes))
		for i, in := range m.Intakes {
			refs[i] = store.IntakeRef{ID: in.ID, ResidentID: in.ResidentID, Updated: in.Updated}
		}
		p.goneResidents = p.gone.Residents(refs)
		ids := make([]string, len(m.Intakes))
		for i, in := range m.Intakes {
			ids[i] = in.ID
		}
		cur, found, err := tx.IntakeVersions(ids)
		if err != nil {
			return err
		}
		for i, in := range m.Intakes {
			switch {
			case p.gone.Intake(in.ID, in.ResidentID, in.Updated):
				p.intakes[i] = skip
			case !found[i]:
				p.intakes[i] = add
			case !in.Updated.After(cur[i]):
				p.intakes[i] = skip
			default:
				p.intakes[i] = update
			}
		}
		// The vault's residents (but those gone here), opened on every
		// core: most are skipped as the same (an import again) or added.
		ids, look := ids[:0], make([]int, 0, len(m.Residents))
		for i := range m.Residents {
			if p.goneResidents[m.Residents[i].ID] {
				p.residents[i] = skip
				continue
			}
			ids, look = append(ids, m.Residents[i].ID), append(look, i)
		}
		have := make([]residentHere, len(look))
		found, err = tx.GetPlains(store.KindResident, ids, func(j int, stored []byte) {
			have[j] = lookAt(&m.Residents[look[j]], stored)
		})
		if err != nil {
			return err
		}
		for j, i := range look {
			if have[j].err != nil {
				return have[j].err
			}
			act, err := p.residentRule(tx, &m.Residents[i], found[j], have[j])
			if err != nil {
				return err
			}
			p.residents[i] = act
		}
		return nil
	}()
	return p, err
}

// writes reports whether anything is to be added or updated.
func (p *importPlan) writes() bool {
	return slices.ContainsFunc(p.residents, func(a action) bool { return a != skip }) ||
		slices.ContainsFunc(p.intakes, func(a action) bool { return a != skip })
}

// applier is pass 3.
type applier struct {
	v      *store.Vault
	cat    *intake.Catalogue
	now    time.Time
	plan   *importPlan
	res    *ImportResult
	opt    StreamOptions
	origin encodedOrigin // recorded for each intake added or updated, if set
	total  int
	done   int // records merged (committed or skipped)

	batch   []pending
	pending int // records of the batch, skipped ones included
}

// pending is one decoded record of the current batch, with what the plan
// said of it (residents: add, decided again when applied).
type pending struct {
	resident *ResidentRecord
	manifest *ManifestRecord       // a resident's
	sealed   *store.SealedResident // the resident sealed by pass 3's workers, if it was
	intake   *intake.Intake
	encoded  *store.EncodedIntake // the intake's
	act      action
}

func (a *applier) run(r io.Reader, m *Manifest) error {
	plain, err := decrypt(r, a.opt.Identities...)
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(plain, 64<<10)
	if _, err := readLine(br); err != nil { // the header, checked in pass 1
		return changed(err)
	}
	nres := len(m.Residents)
	// Lines to apply are checked against pass 1 and decoded on every core;
	// lines to skip are not even decoded.
	// The lines of the next batch are decoded while this one is written.
	next, stop := linePipeline(br, nres+len(m.Intakes), min(a.opt.BatchRecords, maxAhead), func(c *lineChunk) {
		var fresh []*store.EncodedIntake // the intakes to add: sealed, their statistics made here too
		var residents []intake.Resident  // the residents to add, sealed here too
		var sealedAt []int               // their lines
		for k, raw := range c.raw {
			i, r := c.first+k, &c.out[k]
			rec, acts := m.Residents, a.plan.residents
			if i >= nres {
				rec, acts, i = m.Intakes, a.plan.intakes, i-nres
			}
			if acts[i] == skip {
				continue
			}
			if sha256.Sum256(raw) != rec[i].sum {
				r.parseErr = changed(nil)
				continue
			}
			// The bytes pass 1 decoded strictly: plain Unmarshal gives the
			// same record, without a json.Decoder's buffer per line.
			if err := unmarshalChecked(raw, &r.line); err != nil {
				r.parseErr = changed(nil)
				continue
			}
			if in := r.line.Intake; in != nil && r.line.Resident == nil {
				// Encoded here, on every core, not by the one writer.
				var err error
				if r.encoded, err = store.EncodeIntake(in); err != nil {
					r.parseErr = err
					continue
				}
				if acts[i] == add {
					fresh = append(fresh, r.encoded)
				}
			}
			if rr := r.line.Resident; rr != nil && r.line.Intake == nil && acts[i] == add {
				residents, sealedAt = append(residents, rr.Resident), append(sealedAt, k)
			}
			r.decoded = true
		}
		if sealed, err := a.v.SealNewResidents(residents); err == nil && len(sealed) == len(sealedAt) {
			for j, k := range sealedAt {
				c.out[k].sealed = sealed[j]
			}
		}
		// What is not sealed here (the vault locked meanwhile, or sealing
		// failed) the writer seals as it always did: an error shows there.
		// The same for the residents above.
		_ = a.v.PrepareNewIntakes(fresh, a.cat, a.now)
		// The lines are decoded: wiped and let go here, not when the
		// writer gets to them (a batch and the chunks read ahead of it
		// held megabytes of plaintext at office size).
		wipe(c.raw)
		clear(c.raw)
	})
	defer stop()
	n := 0
	for c, ok := next(); ok; c, ok = next() {
		for i := range c.raw {
			r := &c.out[i]
			if r.parseErr != nil {
				return r.parseErr
			}
			if n == nres {
				if err := a.flush(); err != nil { // residents before their intakes
					return err
				}
			}
			var rec *ManifestRecord
			if n < nres {
				rec = &m.Residents[n]
			}
			if err := a.take(rec, r); err != nil {
				return err
			}
			n++
		}
		if c.err != nil && n < nres+len(m.Intakes) {
			return changed(c.err)
		}
	}
	if n < nres+len(m.Intakes) {
		return changed(nil)
	}
	return a.flush()
}

// defaultBatch is how many records a transaction of pass 3 writes,
// unless StreamOptions say otherwise; maxAhead bounds the lines pass 3
// decodes ahead of the one it writes.
const (
	defaultBatch = 2500
	maxAhead     = 10000
)

// changed says that pass 3 read something else than pass 1 verified.
func changed(err error) error {
	if err == nil || errors.Is(err, io.EOF) || errors.Is(err, errCutOff) {
		return fmt.Errorf("%w: the file changed after it was checked", ErrDamaged)
	}
	return err
}

// take adds a line's record to the batch (a skipped intake only counts),
// and writes the batch when it is full.
func (a *applier) take(resident *ManifestRecord, r *lineResult) error {
	a.pending++
	switch {
	case !r.decoded && resident != nil:
		a.res.Residents.Skipped++
	case !r.decoded:
		a.res.Intakes.Skipped++
	case resident != nil && r.line.Resident != nil && r.line.Intake == nil:
		a.batch = append(a.batch, pending{resident: r.line.Resident, manifest: resident, sealed: r.sealed, act: add})
	case resident == nil && r.encoded != nil && r.line.Intake == r.encoded.Intake() && r.line.Resident == nil:
		a.batch = append(a.batch, pending{intake: r.line.Intake, encoded: r.encoded, act: update})
	default:
		return changed(nil)
	}
	if a.pending >= a.opt.BatchRecords {
		return a.flush()
	}
	return nil
}

// flush merges the batch in one transaction, in key order. A batch in
// which nothing changes (records imported before) is merged in a read
// transaction: it commits nothing.
func (a *applier) flush() error {
	if a.pending == 0 {
		return nil
	}
	slices.SortFunc(a.batch, func(x, y pending) int { return strings.Compare(x.id(), y.id()) })
	batch := a.batch // a.batch is emptied at the end
	defer func() {
		for _, p := range batch {
			if p.encoded != nil {
				p.encoded.Wipe()
			}
		}
	}()
	write := false
	err := a.v.View(func(tx *store.Tx) error {
		for _, p := range a.batch {
			act, _, err := a.decide(tx, p)
			if err != nil {
				return err
			}
			if act != skip {
				write = true
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	txn := a.v.View
	if write {
		txn = a.v.Update
	}
	var res ImportResult
	err = txn(func(tx *store.Tx) error {
		res = ImportResult{}
		// The bundle is sorted by ID, and so is the batch.
		tx.InKeyOrder(store.KindResident, store.KindIntake, KindOrigin)
		for _, p := range a.batch {
			if err := a.apply(tx, p, &res); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	a.res.Residents.Added += res.Residents.Added
	a.res.Residents.Updated += res.Residents.Updated
	a.res.Residents.Skipped += res.Residents.Skipped
	a.res.Intakes.Added += res.Intakes.Added
	a.res.Intakes.Updated += res.Intakes.Updated
	a.res.Intakes.Skipped += res.Intakes.Skipped
	a.done += a.pending
	// Emptied, not only cut short: the records and encodings of the batch
	// written are garbage now, not kept alive by the array until the next
	// batch overwrites them.
	clear(a.batch)
	a.batch, a.pending = a.batch[:0], 0
	if a.opt.Imported != nil {
		a.opt.Imported(a.done, a.total)
	}
	return nil
}

func (p pending) id() string {
	if p.resident != nil {
		return p.resident.Resident.ID
	}
	return p.intake.ID
}

// decide applies the merge rules (Preview) to one record against what the
// vault holds now; for an intake the bundle updates, it also returns the
// statistics ID the vault's version has.
func (a *applier) decide(tx *store.Tx, p pending) (action, string, error) {
	if rr := p.resident; rr != nil {
		if a.plan.goneResidents[rr.Resident.ID] {
			return skip, "", nil
		}
		act, err := a.plan.residentAction(tx, p.manifest)
		return act, "", err
	}
	if a.plan.gone.Intake(p.intake.ID, p.intake.ResidentID, p.intake.Updated) {
		return skip, "", nil
	}
	cur, err := tx.IndexEntry(p.intake.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return add, "", nil
	case err != nil:
		return skip, "", err
	case !p.intake.Updated.After(cur.Header.Updated):
		return skip, "", nil
	}
	return update, cur.StatID, nil
}

// apply merges one record (decide).
func (a *applier) apply(tx *store.Tx, p pending, res *ImportResult) error {
	act, oldStat, err := a.decide(tx, p)
	if err != nil {
		return err
	}
	counts := &res.Intakes
	if p.resident != nil {
		counts = &res.Residents
	}
	switch act {
	case skip:
		counts.Skipped++
		return nil
	case add:
		counts.Added++
	default:
		counts.Updated++
	}
	if rr := p.resident; rr != nil {
		if p.sealed != nil && p.sealed.ID() == rr.Resident.ID {
			return tx.PutSealedResident(p.sealed)
		}
		return tx.Put(store.KindResident, rr.Resident.ID, rr.Resident)
	}
	in := p.intake
	if oldStat != in.StatID && oldStat != "" {
		// The intake got a new statistics ID: drop the old record so it
		// is not counted twice.
		if err := tx.Delete(store.KindStat, oldStat); err != nil {
			return err
		}
	}
	save := tx.SaveEncodedIntake
	if act == add {
		// Its statistics are written with all the others' at the end
		// (store.Vault.FinishStagedStats), in key order.
		save = tx.SaveEncodedIntakeStaged
	}
	if err := save(p.encoded, a.cat, a.now); err != nil {
		return err
	}
	if a.origin != nil {
		return tx.Put(KindOrigin, in.ID, a.origin)
	}
	return nil
}

// encodedOrigin is an Origin encoded once for all the intakes of an
// import (it is the same for each): Put stores these bytes, as it would
// store the Origin's JSON.
type encodedOrigin []byte

// MarshalBinary returns a copy: Put wipes what it is given.
func (e encodedOrigin) MarshalBinary() ([]byte, error) { return bytes.Clone(e), nil }

// residentAction is the merge rule for a resident (see Preview): added if
// the vault lacks it, skipped if the vault's is the same or its clock — the
// newest Updated among the vault's intakes of that resident at the start of
// the import, or its Created — is not older than the bundle's.
func (p *importPlan) residentAction(tx *store.Tx, rec *ManifestRecord) (action, error) {
	var here residentHere
	err := tx.GetPlain(store.KindResident, rec.ID, func(stored []byte) error {
		here = lookAt(rec, stored)
		return here.err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return add, nil
	case err != nil:
		return skip, err
	}
	return p.residentRule(tx, rec, true, here)
}

// residentHere is what the merge rule needs of the vault's version of a
// resident: whether it is the bundle's, else its Created.
type residentHere struct {
	same    bool
	created time.Time
	err     error
}

// lookAt compares the vault's stored resident with the bundle's record.
func lookAt(rec *ManifestRecord, stored []byte) residentHere {
	if sha256.Sum256(stored) == rec.stored {
		return residentHere{same: true}
	}
	var cur struct {
		Created time.Time `json:"created"`
	}
	err := json.Unmarshal(stored, &cur)
	return residentHere{created: cur.Created, err: err}
}

// residentRule is residentAction once the vault's version is looked at
// (found: the vault has one).
func (p *importPlan) residentRule(tx *store.Tx, rec *ManifestRecord, found bool, here residentHere) (action, error) {
	switch {
	case !found:
		return add, nil
	case here.same:
		return skip, nil
	}
	created := here.created
	if p.clocks == nil {
		// Only for a resident the vault has in another version: every
		// intake's index entry.
		index, err := tx.IntakeIndex()
		if err != nil {
			return skip, err
		}
		p.clocks = map[string]time.Time{}
		for _, e := range index {
			if r := e.Header.ResidentID; r != "" && e.Header.Updated.After(p.clocks[r]) {
				p.clocks[r] = e.Header.Updated
			}
		}
	}
	local := p.clocks[rec.ID]
	if created.After(local) {
		local = created
	}
	if !rec.Updated.After(local) {
		return skip, nil
	}
	return update, nil
}
