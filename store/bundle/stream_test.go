package bundle

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// twoOffices is an office vault twice over, each holding an older import
// of the laptop's records plus a change of its own, and the laptop's newer
// bundle: one intake newer (with a new statistics ID), one older than the
// office's edit, one resident changed, one resident and intake new.
func twoOffices(t *testing.T) (office *age.X25519Identity, data []byte, a, b *store.Vault, newerID, editedID string) {
	t.Helper()
	laptop := seed(t, 12)
	office = newIdentity(t)
	old, _ := export(t, laptop.v, office, ExportOptions{})
	a, b = newVault(t), newVault(t)
	for _, v := range []*store.Vault{a, b} {
		if _, err := importBytes(v, old, office); err != nil {
			t.Fatal(err)
		}
		local := laptop.intakes[5]
		local.OwnWords, local.Updated = "EDITED AT THE OFFICE", local.Updated.Add(5*time.Hour)
		saveIntake(t, v, local)
	}
	newer := laptop.intakes[3]
	newer.OwnWords, newer.Updated = "NEWER ON THE LAPTOP", newer.Updated.Add(2*time.Hour)
	newer.StatID = intake.NewID() // a new statistics record: the old one must go
	saveIntake(t, laptop.v, newer)
	older := laptop.intakes[5]
	older.Updated = older.Updated.Add(time.Hour) // older than the office's edit
	saveIntake(t, laptop.v, older)
	r := laptop.residents[2]
	r.Contact = "06-11111111"
	saveResident(t, laptop.v, r)
	extra := newResident(99)
	saveResident(t, laptop.v, extra)
	saveIntake(t, laptop.v, newIntake(extra, true, "NEW", t0.Add(3*time.Hour)))
	data, _ = export(t, laptop.v, office, ExportOptions{})
	return office, data, a, b, newer.ID, older.ID
}

// TestImportFileBatchesAgree: the import merges the same way whatever
// its batches: in batches of 1, 4 or the default (everything at once
// here), the same counts and the same vault as one batch of everything
// (statistics records included), with the newer intake in, the office's
// later edit kept and the replaced statistics record gone.
func TestImportFileBatchesAgree(t *testing.T) {
	for _, batch := range []int{1, 4, 0} {
		t.Run(fmt.Sprintf("batch=%d", batch), func(t *testing.T) {
			office, data, a, b, newerID, editedID := twoOffices(t)
			var progress []int
			got, err := ImportFile(a, bytesOpener(data), cat, t0, StreamOptions{Identities: []age.Identity{office}, BatchRecords: batch,
				Imported: func(done, total int) { progress = append(progress, done) }})
			if err != nil {
				t.Fatal(err)
			}
			want, err := ImportFile(b, bytesOpener(data), cat, t0, StreamOptions{Identities: []age.Identity{office}, BatchRecords: 1 << 20})
			if err != nil {
				t.Fatal(err)
			}
			if got != want || got.Intakes.Added != 1 || got.Intakes.Updated != 1 || got.Residents.Updated != 1 || got.Residents.Added != 1 {
				t.Errorf("in batches %+v, at once %+v", got, want)
			}
			if jsonOf(t, dump(t, a)) != jsonOf(t, dump(t, b)) {
				t.Error("the two offices differ after the same bundle")
			}
			assertIntake(t, a, newerID, "NEWER ON THE LAPTOP")
			assertIntake(t, a, editedID, "EDITED AT THE OFFICE")
			if _, intakes, stats := count(t, a); stats != intakes {
				t.Errorf("%d intakes, %d statistics records: the replaced one was kept", intakes, stats)
			}
			for i := 1; i < len(progress); i++ {
				if progress[i] <= progress[i-1] {
					t.Errorf("progress went %v", progress)
				}
			}
			if n := len(progress); n == 0 || progress[n-1] != got.Residents.Added+got.Residents.Updated+got.Residents.Skipped+got.Intakes.Added+got.Intakes.Updated+got.Intakes.Skipped {
				t.Errorf("progress %v does not end at the bundle's records %+v", progress, got)
			}
			if rep, err := a.CheckDeep(); err != nil || !rep.OK() {
				t.Errorf("CheckDeep: %v %+v", err, rep.Failures)
			}
		})
	}
}

// TestImportFileAgainWritesNothing: importing a bundle whose intakes the
// vault has skips them unread and commits no transaction at all.
func TestImportFileAgainWritesNothing(t *testing.T) {
	f := seed(t, 5)
	office := newIdentity(t)
	data, _ := export(t, f.v, office, ExportOptions{})
	v := newVault(t)
	if _, err := importBytes(v, data, office); err != nil {
		t.Fatal(err)
	}
	writes := func() string {
		rep, err := v.Check()
		if err != nil || !rep.OK() {
			t.Fatalf("Check: %v %+v", err, rep.Failures)
		}
		fi, err := os.Stat(v.Path())
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(rep.DigestWrites, fi.ModTime().UnixNano())
	}
	before := writes()
	got, err := importBytes(v, data, office)
	if err != nil {
		t.Fatal(err)
	}
	if got.Intakes.Skipped != len(f.intakes) || got.Residents.Skipped != len(f.residents) || got.Intakes.Added+got.Intakes.Updated+got.Residents.Added+got.Residents.Updated != 0 {
		t.Errorf("second import: %+v", got)
	}
	if after := writes(); after != before {
		t.Errorf("the second import wrote to the vault (digest writes and file time %s, were %s)", after, before)
	}
}

// TestImportFileChangedBetweenReads: a file that is another the second
// time it is read is refused from the first record that differs, with
// what came before it written whole.
func TestImportFileChangedBetweenReads(t *testing.T) {
	f := seed(t, 4)
	office := newIdentity(t)
	first, _ := export(t, f.v, office, ExportOptions{})
	// Changed in its words only: the residents' lines (their clocks) stay
	// the same, so everything before this intake's line matches.
	changed := f.intakes[len(f.intakes)-1]
	changed.OwnWords = "CHANGED"
	saveIntake(t, f.v, changed)
	second, _ := export(t, f.v, office, ExportOptions{})
	reads := 0
	open := func() (io.ReadCloser, error) {
		reads++
		if reads == 1 {
			return io.NopCloser(bytes.NewReader(first)), nil
		}
		return io.NopCloser(bytes.NewReader(second)), nil
	}
	v := newVault(t)
	_, err := ImportFile(v, open, cat, t0, StreamOptions{Identities: []age.Identity{office}, BatchRecords: 1})
	var pe *PartialError
	if !errors.As(err, &pe) || !errors.Is(err, ErrDamaged) {
		t.Fatalf("import of a file that changed: %v", err)
	}
	if pe.Done == 0 || pe.Done >= pe.Total {
		t.Errorf("stopped after %d of %d: the records before the change are written, not the rest", pe.Done, pe.Total)
	}
	if rep, err := v.Check(); err != nil || !rep.OK() {
		t.Fatalf("Check after a stopped import: %v %+v", err, rep.Failures)
	}
	err = v.View(func(tx *store.Tx) error {
		var in intake.Intake
		if err := tx.Get(store.KindIntake, changed.ID, &in); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the changed intake was imported: %v %q", err, in.OwnWords)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The same (now unchanged) file again finishes the import.
	if _, err := ImportFile(v, bytesOpener(second), cat, t0, StreamOptions{Identities: []age.Identity{office}}); err != nil {
		t.Fatal(err)
	}
	assertIntake(t, v, changed.ID, "CHANGED")
}

// TestImportFileVerifiesFirst: an unsafe record at the very end of a
// bundle stops the import before anything is written.
func TestImportFileVerifiesFirst(t *testing.T) {
	f := seed(t, 3)
	office := newIdentity(t)
	bad := newIntake(f.residents[0], true, "BAD\x1b[2J", t0.Add(time.Hour)) // a terminal escape
	var buf bytes.Buffer
	aw, err := Encrypt(&buf, office.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	enc, err := NewEncoder(aw, Header{Created: t0.Add(time.Hour), Source: "0123456789abcdef", Selection: SelectAll, Residents: 1, Intakes: len(f.intakes) + 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := enc.Resident(f.residents[0], t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, in := range f.intakes {
		in.ResidentID = f.residents[0].ID // the one resident in this bundle
		if err := enc.Intake(in); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Intake(bad); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}
	v := newVault(t)
	refused(t, v, buf.Bytes(), ErrInvalidRecord, office)
	var pe *PartialError
	if _, err := importBytes(v, buf.Bytes(), office); errors.As(err, &pe) {
		t.Fatalf("a refused bundle counts as partly imported: %v", err)
	}
}

// TestImportFinishesStagedStats: an import first writes the statistics an
// earlier import staged and did not write (it was stopped), even one that
// then has nothing of its own to write, so the vault's statistics are
// whole before it plans.
func TestImportFinishesStagedStats(t *testing.T) {
	f := seed(t, 3)
	office := newIdentity(t)
	data, _ := export(t, f.v, office, ExportOptions{})
	v := newVault(t)
	if _, err := importBytes(v, data, office); err != nil {
		t.Fatal(err)
	}
	r := newResident(77)
	staged := newIntake(r, true, "STAGED", t0)
	err := v.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.KindResident, r.ID, r); err != nil {
			return err
		}
		return tx.SaveIntakeStaged(staged, cat, t0)
	})
	if err != nil {
		t.Fatal(err)
	}
	stagedNow := func() int {
		n := 0
		if err := v.View(func(tx *store.Tx) (err error) { n, err = tx.StagedStats(); return err }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := stagedNow(); n != 1 {
		t.Fatalf("%d staged before the import", n)
	}
	// The same bundle again: nothing of it is written, only what was
	// staged.
	if res, err := importBytes(v, data, office); err != nil || res.Intakes.Added+res.Residents.Added != 0 {
		t.Fatalf("import again: %+v %v", res, err)
	}
	if n := stagedNow(); n != 0 {
		t.Errorf("%d still staged after the import", n)
	}
	if _, intakes, stats := count(t, v); stats != intakes || intakes != len(f.intakes)+1 {
		t.Errorf("%d intakes, %d statistics records", intakes, stats)
	}
	err = v.View(func(tx *store.Tx) error {
		var rec intake.StatRecord
		return tx.Get(store.KindStat, staged.StatID, &rec)
	})
	if err != nil {
		t.Errorf("the staged intake's statistics record: %v", err)
	}
}

// TestImportStoresIntakesAsSaved: an imported intake (encoded by pass 3's
// workers, store.EncodeIntake) is stored as the laptop's SaveIntake
// stored it: the same JSON, byte for byte — HTML characters and
// non-ASCII text included — and the same index entry.
func TestImportStoresIntakesAsSaved(t *testing.T) {
	f := seed(t, 6)
	odd := newIntake(f.residents[0], true, "<brief> & één week", t0.Add(time.Hour))
	saveIntake(t, f.v, odd)
	f.intakes = append(f.intakes, odd)
	office := newIdentity(t)
	data, _ := export(t, f.v, office, ExportOptions{})
	v := newVault(t)
	if got, err := importBytes(v, data, office); err != nil || got.Intakes.Added != len(f.intakes) {
		t.Fatalf("import: %+v %v", got, err)
	}
	plain := func(v *store.Vault, id string) []byte {
		var out []byte
		err := v.View(func(tx *store.Tx) error {
			return tx.GetPlain(store.KindIntake, id, func(p []byte) error { out = bytes.Clone(p); return nil })
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, in := range f.intakes {
		if a, b := plain(f.v, in.ID), plain(v, in.ID); !bytes.Equal(a, b) {
			t.Errorf("intake %s imported as\n%s\nsaved on the laptop as\n%s", in.ID, b, a)
		}
	}
	laptop, err := f.v.IntakeIndex()
	if err != nil {
		t.Fatal(err)
	}
	imported, err := v.IntakeIndex()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]intake.IndexEntry{}
	for _, e := range imported {
		byID[e.Header.ID] = e
	}
	handedOver := 0
	for _, e := range laptop {
		if !e.Handover {
			continue // not in the bundle
		}
		handedOver++
		if got, ok := byID[e.Header.ID]; !ok || jsonOf(t, got) != jsonOf(t, e) {
			t.Errorf("index entry imported as\n%s\nsaved on the laptop as\n%s", jsonOf(t, got), jsonOf(t, e))
		}
	}
	if handedOver != len(f.intakes) || len(imported) != len(f.intakes) {
		t.Errorf("%d entries imported, %d handed over, want %d", len(imported), handedOver, len(f.intakes))
	}
	if rep, err := v.CheckDeep(); err != nil || !rep.OK() {
		t.Errorf("CheckDeep: %v %+v", err, rep.Failures)
	}
}

// TestFlushLetsGoOfTheBatch: a written batch's records and encodings are
// not kept alive by the batch's array until the next batch overwrites
// them (with the encodings a batch of 5,000 held that way raised the
// 100k import's max RSS by 70–80 MB), and their encodings are wiped.
func TestFlushLetsGoOfTheBatch(t *testing.T) {
	v := newVault(t)
	r := newResident(1)
	saveResident(t, v, r)
	var batch []pending
	var encs []*store.EncodedIntake
	for i := range 3 {
		in := newIntake(r, true, fmt.Sprint("batch ", i), t0.Add(time.Duration(i)*time.Minute))
		e, err := store.EncodeIntake(&in)
		if err != nil {
			t.Fatal(err)
		}
		encs = append(encs, e)
		batch = append(batch, pending{intake: &in, encoded: e, act: update})
	}
	a := &applier{v: v, cat: cat, now: t0, plan: &importPlan{}, res: &ImportResult{}, batch: batch, pending: len(batch)}
	if err := a.flush(); err != nil {
		t.Fatal(err)
	}
	if a.res.Intakes.Added != len(batch) || a.done != len(batch) {
		t.Fatalf("flushed %+v, %d done", a.res.Intakes, a.done)
	}
	for i, p := range a.batch[:cap(a.batch)] {
		if p != (pending{}) {
			t.Errorf("slot %d of the batch still holds %+v", i, p)
		}
	}
	for i, e := range encs {
		if json, _ := e.MarshalBinary(); bytes.ContainsFunc(json, func(c rune) bool { return c != 0 }) {
			t.Errorf("intake %d: its encoding is not wiped", i)
		}
	}
}

// TestPipelineReadsAhead: while the one who takes the lines holds on to
// a chunk (pass 3 writing a batch), the workers go on with the lines
// after it up to ahead of them — and no further: what is read ahead is
// held in memory.
func TestPipelineReadsAhead(t *testing.T) {
	workers := max(1, runtime.GOMAXPROCS(0))
	const lines = 12000
	for _, ahead := range []int{0, 1000, 2500} {
		t.Run(fmt.Sprint(ahead), func(t *testing.T) {
			held := max(2*workers, ahead/scanChunk) * scanChunk // read ahead at rest
			var consumed, worked, over atomic.Int64
			progress := make(chan struct{}, lines)
			next, stop := linePipeline(bufio.NewReader(strings.NewReader(strings.Repeat("{}\n", lines))), -1, ahead, func(c *lineChunk) {
				if beyond := int64(c.first+len(c.raw)) - consumed.Load(); beyond > int64(held+2*scanChunk) {
					over.Store(beyond)
				}
				worked.Add(int64(len(c.raw)))
				progress <- struct{}{}
			})
			defer stop()
			deadline := time.After(20 * time.Second)
			for c, ok := next(); ok; c, ok = next() {
				n := consumed.Add(int64(len(c.raw)))
				for want := min(lines, n+int64(held)); worked.Load() < want; {
					select {
					case <-progress:
					case <-deadline:
						t.Fatalf("after %d lines taken, %d worked on: the pipeline did not read %d ahead", n, worked.Load(), held)
					}
				}
			}
			if consumed.Load() != lines {
				t.Fatalf("%d lines taken, want %d", consumed.Load(), lines)
			}
			if o := over.Load(); o > 0 {
				t.Fatalf("the pipeline read %d lines ahead, more than %d", o, held+2*scanChunk)
			}
		})
	}
}

// TestPipelineWipesLines: the lines are decrypted plaintext. Each is as
// read while its chunk is being taken, and every line is zeros once stop
// returns: taken to the end, or stopped after the first chunk (several
// times: where the reader is then varies).
func TestPipelineWipesLines(t *testing.T) {
	const lines = 5000
	line := []byte(`{"note":"plaintext"}` + "\n")
	for _, takeAll := range []bool{true, false, false, false, false, false, false, false, false} {
		t.Run(fmt.Sprint("to the end ", takeAll), func(t *testing.T) {
			var mu sync.Mutex
			var seen [][]byte // every line the workers got, as read
			next, stop := linePipeline(bufio.NewReader(bytes.NewReader(bytes.Repeat(line, lines))), -1, 1000, func(c *lineChunk) {
				mu.Lock()
				seen = append(seen, c.raw...)
				mu.Unlock()
			})
			taken := 0
			for c, ok := next(); ok; c, ok = next() {
				for _, raw := range c.raw {
					if !bytes.Equal(raw, line) {
						t.Fatalf("line %d is %q while it is taken", taken, raw)
					}
					taken++
				}
				if !takeAll {
					break
				}
			}
			stop()
			if takeAll && (taken != lines || len(seen) != lines) {
				t.Fatalf("%d lines taken, %d worked on, want %d", taken, len(seen), lines)
			}
			if len(seen) == 0 {
				t.Fatal("no line worked on")
			}
			for i, raw := range seen {
				if len(raw) != len(line) || slices.ContainsFunc(raw, func(b byte) bool { return b != 0 }) {
					t.Fatalf("after stop, line %d of %d is %q, not wiped", i, len(seen), raw)
				}
			}
		})
	}
}
