package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	bolt "go.etcd.io/bbolt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// stagedWorld is a vault's residents and intakes for the staged
// statistics tests: a resident with intakes in January, February (twice)
// and July, one of which (July) the vault has before the rest arrive;
// another resident; an intake without consent (counted as a person of its
// own) and one whose first contact is before 2015 (no record can be made).
type stagedWorld struct {
	residents []intake.Resident
	before    []intake.Intake // saved with SaveIntake first
	arriving  []intake.Intake // staged, or saved with SaveIntake
}

func newStagedWorld() stagedWorld {
	r, s := intake.NewResident("R", stagedNow), intake.NewResident("S", stagedNow)
	r.BirthYear = 1970
	mk := func(y int, m time.Month, d int, who *intake.Resident) intake.Intake {
		in := intake.NewIntake(time.Date(y, m, d, 10, 0, 0, 0, time.UTC))
		in.Location = "library"
		if who != nil {
			in.ResidentID, in.Consent.Given = who.ID, true
		}
		return in
	}
	return stagedWorld{
		residents: []intake.Resident{r, s},
		before:    []intake.Intake{mk(2026, 7, 1, &r)},
		arriving: []intake.Intake{mk(2026, 1, 10, &r), mk(2026, 2, 3, &r), mk(2026, 2, 20, &r),
			mk(2026, 3, 5, &s), mk(2026, 4, 1, nil), mk(2014, 5, 1, &s)},
	}
}

var stagedNow = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

// statsOf is every statistics record (by ID, each record key checked to
// be the vault's own derived key and then left out, as it differs per
// vault) and every resident's statistics links.
func statsOf(t *testing.T, v *Vault) (map[string]intake.StatRecord, map[string]statLinks) {
	t.Helper()
	recs, links := map[string]intake.StatRecord{}, map[string]statLinks{}
	err := v.View(func(tx *Tx) error {
		err := tx.ForEachPlain(KindStat, func(id string, plain []byte) error {
			rec, err := intake.DecodeStatRecord(plain)
			if err != nil {
				return err
			}
			if rec.Key != tx.recordKey(id) {
				t.Errorf("record %.6s: key %d is not the vault's key for it", id, rec.Key)
			}
			rec.Key = 0
			recs[id] = rec
			return nil
		})
		if err != nil {
			return err
		}
		return tx.ForEach(KindStatLinks, func(id string, decode func(out any) error) error {
			var l statLinks
			err := decode(&l)
			links[id] = l
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return recs, links
}

// TestStagedStatsAsSaveIntake: intakes saved with their statistics staged
// and then finished — in one transaction or several, finished by the
// import or by the next unlock, with one of them saved again in between,
// or finished again after a finish stopped half-way —
// leave exactly the statistics records (flags and record keys included)
// and links that SaveIntake leaves; the record that cannot be made is
// left out as SaveIntake leaves it out. While they are staged, Check
// accepts the intakes without their records.
func TestStagedStatsAsSaveIntake(t *testing.T) {
	cat := intake.DefaultCatalogue()
	for _, tc := range []struct {
		name       string
		perTx      int  // intakes staged per transaction
		byUnlock   bool // finished by a supporter's unlock, not FinishStagedStats
		savedAgain bool // the first arriving intake saved again (newer) before finishing
		stopped    bool // a finish stopped after writing half of the records (then finished)
	}{
		{"one transaction", 100, false, false, false},
		{"a transaction each", 1, false, false, false},
		{"finished by the unlock", 2, true, false, false},
		{"saved again before finishing", 3, false, true, false},
		{"a finish stopped half-way", 2, false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newStagedWorld()
			again := w.arriving[0]
			again.Location, again.Updated = "shelter", again.Updated.Add(time.Hour)

			want, _, _ := newVault(t)
			save(t, want, stagedNow, w.residents, w.before...)
			save(t, want, stagedNow, nil, w.arriving...)
			if tc.savedAgain {
				save(t, want, stagedNow, nil, again)
			}

			v, path, _ := newVault(t)
			save(t, v, stagedNow, w.residents, w.before...)
			for i := 0; i < len(w.arriving); i += tc.perTx {
				err := v.Update(func(tx *Tx) error {
					for _, in := range w.arriving[i:min(i+tc.perTx, len(w.arriving))] {
						if err := tx.SaveIntakeStaged(in, cat, stagedNow); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			var staged int
			if err := v.View(func(tx *Tx) (err error) { staged, err = tx.StagedStats(); return err }); err != nil || staged != len(w.arriving) {
				t.Fatalf("%d staged (%v), want %d", staged, err, len(w.arriving))
			}
			if rep, err := v.Check(); err != nil || !rep.OK() {
				t.Fatalf("Check with statistics staged: %v %+v", err, rep.Failures)
			}
			if tc.savedAgain {
				save(t, v, stagedNow, nil, again)
			}
			if tc.stopped { // as writeStaged's first transaction, cut short
				var p stagedPlan
				if err := v.View(func(tx *Tx) (err error) { p, err = tx.planStaged(v.stagedHere); return err }); err != nil {
					t.Fatal(err)
				}
				ids := p.recIDs
				err := v.Update(func(tx *Tx) error {
					for i, id := range ids[:len(ids)/2] {
						if err := tx.Put(KindStat, id, &p.recs[i]); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil || len(ids) < 2 {
					t.Fatalf("%d records planned: %v", len(ids), err)
				}
			}
			if tc.byUnlock {
				v = reopen(t, v, path)
				if err := v.Unlock(testUser, []byte(testPass)); err != nil {
					t.Fatal(err)
				}
			} else if n, err := v.FinishStagedStats(); err != nil || n != len(w.arriving)-btoi(tc.savedAgain) {
				t.Fatalf("FinishStagedStats: %d %v", n, err)
			}
			if err := v.View(func(tx *Tx) (err error) { staged, err = tx.StagedStats(); return err }); err != nil || staged != 0 {
				t.Fatalf("%d still staged (%v)", staged, err)
			}
			gotRecs, gotLinks := statsOf(t, v)
			wantRecs, wantLinks := statsOf(t, want)
			if len(wantRecs) != len(w.before)+len(w.arriving)-1 {
				t.Fatalf("the reference has %d records", len(wantRecs))
			}
			if !reflect.DeepEqual(gotRecs, wantRecs) {
				t.Errorf("records:\n got %v\nwant %v", gotRecs, wantRecs)
			}
			if !reflect.DeepEqual(gotLinks, wantLinks) {
				t.Errorf("links:\n got %v\nwant %v", gotLinks, wantLinks)
			}
			if rep, err := v.CheckDeep(); err != nil || !rep.OK() {
				t.Errorf("CheckDeep: %v %+v", err, rep.Failures)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestStagedStatsGone: statistics staged for an intake that is deleted
// before they are written are dropped, not written for an intake that
// is not there.
func TestStagedStatsGone(t *testing.T) {
	w := newStagedWorld()
	v, _, _ := newVault(t)
	save(t, v, stagedNow, w.residents)
	in := w.arriving[0]
	err := v.Update(func(tx *Tx) error { return tx.SaveIntakeStaged(in, intake.DefaultCatalogue(), stagedNow) })
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Update(func(tx *Tx) error { return tx.Delete(KindIntake, in.ID) }); err != nil {
		t.Fatal(err)
	}
	if n, err := v.FinishStagedStats(); err != nil || n != 0 {
		t.Fatalf("FinishStagedStats: %d %v", n, err)
	}
	if recs, links := statsOf(t, v); len(recs)+len(links) != 0 {
		t.Errorf("statistics of a deleted intake written: %v %v", recs, links)
	}
}

// TestStagedStatsPagesTogether: statistics written by FinishStagedStats
// into an empty vault lie together in the file: the statistics bucket's
// pages are one run, nearly without pages of other buckets between them
// (so `export stats` maps little else), though the intakes came in
// batches of their own. Saved with SaveIntake batch by batch, they are
// spread over the file (the test shows it tells the two apart).
func TestStagedStatsPagesTogether(t *testing.T) {
	for _, tc := range []struct {
		name     string
		staged   bool
		together bool
	}{
		{"staged", true, true},
		{"saved batch by batch", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			r := intake.NewResident("R", stagedNow)
			save(t, v, stagedNow, []intake.Resident{r})
			const n, perTx = 4000, 500
			ins := make([]intake.Intake, n)
			for j := range ins {
				ins[j] = intake.NewIntake(stagedNow.AddDate(0, 0, -j%300))
				ins[j].OwnWords = fmt.Sprint("words ", j)
			}
			// As an import writes them: in ID order, in whole pages.
			slices.SortFunc(ins, func(a, b intake.Intake) int { return strings.Compare(a.ID, b.ID) })
			for i := 0; i < n; i += perTx {
				err := v.Update(func(tx *Tx) error {
					tx.InKeyOrder(KindIntake)
					for _, in := range ins[i : i+perTx] {
						save := tx.SaveIntake
						if tc.staged {
							save = tx.SaveIntakeStaged
						}
						if err := save(in, intake.DefaultCatalogue(), stagedNow); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if _, err := v.FinishStagedStats(); err != nil {
				t.Fatal(err)
			}
			var root uint64
			if err := v.View(func(tx *Tx) error { root = uint64(tx.btx.Bucket([]byte(KindStat)).Root()); return nil }); err != nil {
				t.Fatal(err)
			}
			file, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			pages := bucketPages(t, file, root)
			// The longest run of consecutive pages.
			slices.Sort(pages)
			run, longest := 1, 1
			for i := 1; i < len(pages); i++ {
				if pages[i] == pages[i-1]+1 {
					run++
				} else {
					run = 1
				}
				longest = max(longest, run)
			}
			if together := longest >= len(pages)*3/4; together != tc.together {
				t.Errorf("%d statistics pages, the longest run %d pages: together %v, want %v", len(pages), longest, together, tc.together)
			}
		})
	}
}

// bucketPages returns the IDs of the branch and leaf pages of the bucket
// whose root page is root, read from a bbolt file: a page is a 16-byte
// header (ID, flags, count, overflow) and, on a branch page, 16-byte
// elements whose last 8 bytes are a child's page ID.
func bucketPages(t *testing.T, file []byte, root uint64) []uint64 {
	t.Helper()
	pageSize := int(binary.LittleEndian.Uint32(file[16+8:])) // the first meta page's
	var out []uint64
	var walk func(id uint64)
	walk = func(id uint64) {
		off := int(id) * pageSize
		if id == 0 || off+16 > len(file) {
			t.Fatalf("page %d outside the file", id)
		}
		p := file[off:]
		out = append(out, id)
		if flags := binary.LittleEndian.Uint16(p[8:10]); flags&0x01 != 0 { // a branch page
			for i := range int(binary.LittleEndian.Uint16(p[10:12])) {
				walk(binary.LittleEndian.Uint64(p[16+16*i+8:]))
			}
		}
	}
	walk(root)
	return out
}

// TestStagedStatsErased: erasing a resident whose intakes' statistics are
// still staged (an import stopped before its end) removes them from what
// is staged at once — the resident's ID does not wait there for the next
// finish — and keeps the other resident's, which the finish then writes.
func TestStagedStatsErased(t *testing.T) {
	w := newStagedWorld()
	v, _, _ := newVault(t)
	save(t, v, stagedNow, w.residents)
	cat := intake.DefaultCatalogue()
	err := v.Update(func(tx *Tx) error {
		for _, in := range w.arriving {
			if err := tx.SaveIntakeStaged(in, cat, stagedNow); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r, s := w.residents[0].ID, w.residents[1].ID
	if err := v.Update(func(tx *Tx) error { _, err := tx.EraseResident(r, EraseRequest, stagedNow); return err }); err != nil {
		t.Fatal(err)
	}
	var left []stagedStat
	if err := v.View(func(tx *Tx) error { var err error; left, _, err = tx.readStaged(); return err }); err != nil {
		t.Fatal(err)
	}
	var others int
	for _, st := range left {
		if st.Resident == r {
			t.Errorf("the erased resident's ID is still staged, for intake %s", st.Intake)
		}
		if st.Resident == s {
			others++
		}
	}
	if others == 0 {
		t.Errorf("the other resident's staged statistics went too: %+v", left)
	}
	if _, err := v.FinishStagedStats(); err != nil {
		t.Fatal(err)
	}
	_, links := statsOf(t, v)
	if _, ok := links[r]; ok {
		t.Error("the erased resident has statistics links after the finish")
	}
	if _, ok := links[s]; !ok {
		t.Error("the other resident's statistics links were not written")
	}
}

// TestReadStaged: what is staged reads back oldest first, every
// transaction's record whole (read on several goroutines); a staged
// record of another version, or one that fails its authentication, stops
// the finish instead of being taken for statistics.
func TestReadStaged(t *testing.T) {
	cases := []struct {
		name string
		edit func(t *testing.T, v *Vault, keys []string)
		err  bool
	}{
		{"as staged", func(*testing.T, *Vault, []string) {}, false},
		{"another version", func(t *testing.T, v *Vault, keys []string) {
			put(t, v, KindStatStaged, keys[1], stagedStats{V: stagedStatsVersion + 1})
		}, true},
		{"damaged", func(t *testing.T, v *Vault, keys []string) {
			err := v.db.Update(func(btx *bolt.Tx) error {
				b := btx.Bucket([]byte(KindStatStaged))
				val := append([]byte(nil), b.Get([]byte(keys[2]))...)
				val[len(val)-1] ^= 1
				return b.Put([]byte(keys[2]), val)
			})
			if err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, _, _ := newVault(t)
			w := newStagedWorld()
			for _, r := range w.residents {
				put(t, v, KindResident, r.ID, r)
			}
			// One transaction per intake: a staged record each.
			for _, in := range w.arriving {
				if err := v.Update(func(tx *Tx) error { return tx.SaveIntakeStaged(in, intake.DefaultCatalogue(), stagedNow) }); err != nil {
					t.Fatal(err)
				}
			}
			var keys []string
			_ = v.View(func(tx *Tx) error { keys = tx.IDs(KindStatStaged, ""); return nil })
			if len(keys) != len(w.arriving) {
				t.Fatalf("%d staged records, want %d", len(keys), len(w.arriving))
			}
			tc.edit(t, v, keys)
			var got []stagedStat
			var gotKeys []string
			err := v.View(func(tx *Tx) error {
				var err error
				got, gotKeys, err = tx.readStaged()
				return err
			})
			if tc.err {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(gotKeys, keys) {
				t.Fatalf("keys %v, want %v", gotKeys, keys)
			}
			if len(got) != len(w.arriving) {
				t.Fatalf("%d staged, want %d", len(got), len(w.arriving))
			}
			for i, s := range got {
				if in := w.arriving[i]; s.Intake != in.ID || s.StatID != in.StatID || !s.Updated.Equal(in.Updated) {
					t.Fatalf("staged %d: %+v, want intake %s", i, s, in.ID)
				}
			}
		})
	}
}

// TestStagedStatsManyAsSaveIntake: enough intakes that the plan runs on
// several goroutines and writes in several transactions — residents with
// one to eight intakes over the years, some saved before (their links and
// records there, whose flags the new ones change), some without consent
// or without a record, some saved again before the finish, some checked
// by their version (another process staged them) — leave exactly
// the statistics records and links that SaveIntake leaves, and a vault
// CheckDeep finds whole.
func TestStagedStatsManyAsSaveIntake(t *testing.T) {
	defer func(n int) { statsPerTxForTest = n }(statsPerTxForTest)
	statsPerTxForTest = 300
	cat := intake.DefaultCatalogue()
	rng := rand.New(rand.NewPCG(13, 1))
	var residents []intake.Resident
	var before, arriving, again []intake.Intake
	for i := range 400 {
		r := intake.NewResident(fmt.Sprint("R", i), stagedNow)
		r.BirthYear = 1950 + rng.IntN(50)
		residents = append(residents, r)
		for range 1 + rng.IntN(8) {
			in := intake.NewIntake(time.Date(2013+rng.IntN(14), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 10, 0, 0, 0, time.UTC))
			in.Location = "library"
			in.ResidentID, in.Consent.Given = r.ID, rng.IntN(10) != 0
			switch rng.IntN(6) {
			case 0:
				before = append(before, in)
			case 1:
				arriving = append(arriving, in)
				in.Location, in.Updated = "shelter", in.Updated.Add(time.Hour)
				in.Created = in.Created.AddDate(0, rng.IntN(5)-2, 0)
				again = append(again, in)
			default:
				arriving = append(arriving, in)
			}
		}
	}
	want, _, _ := newVault(t)
	save(t, want, stagedNow, residents, before...)
	save(t, want, stagedNow, nil, arriving...)
	save(t, want, stagedNow, nil, again...)

	v, _, _ := newVault(t)
	save(t, v, stagedNow, residents, before...)
	for i := 0; i < len(arriving); i += 250 {
		err := v.Update(func(tx *Tx) error {
			for _, in := range arriving[i:min(i+250, len(arriving))] {
				if err := tx.SaveIntakeStaged(in, cat, stagedNow); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	save(t, v, stagedNow, nil, again...)
	// Every fifth intake as if staged by another process: its version is read.
	for i, in := range arriving {
		if i%5 == 0 {
			v.noteSaved(in.ID)
		}
	}
	if n, err := v.FinishStagedStats(); err != nil || n != len(arriving)-len(again) {
		t.Fatalf("FinishStagedStats: %d %v, want %d", n, err, len(arriving)-len(again))
	}
	gotRecs, gotLinks := statsOf(t, v)
	wantRecs, wantLinks := statsOf(t, want)
	if len(wantRecs) < len(arriving)/2 {
		t.Fatalf("the reference has %d records", len(wantRecs))
	}
	if !reflect.DeepEqual(gotRecs, wantRecs) {
		for id, w := range wantRecs {
			if g, ok := gotRecs[id]; !ok || !reflect.DeepEqual(g, w) {
				t.Errorf("record %.6s:\n got %+v (%v)\nwant %+v", id, g, ok, w)
			}
		}
		t.Errorf("%d records, want %d", len(gotRecs), len(wantRecs))
	}
	if !reflect.DeepEqual(gotLinks, wantLinks) {
		t.Errorf("links differ: %d against %d residents", len(gotLinks), len(wantLinks))
	}
	if rep, err := v.CheckDeep(); err != nil || !rep.OK() {
		t.Errorf("CheckDeep: %v %+v", err, rep.Failures)
	}
}

// TestWriteInOrder: records sealed ahead of their transaction are all
// written, in as many transactions as statsPerTx asks; a sealing that
// fails, or a transaction that fails, stops the writing there (what came
// before is written, nothing after), and writeInOrder returns only once
// nothing is being sealed any more (the keys may be wiped after it).
func TestWriteInOrder(t *testing.T) {
	defer func(n int) { statsPerTxForTest = n }(statsPerTxForTest)
	statsPerTxForTest = 300
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = fmt.Sprintf("s%06d", i)
	}
	more := make([]string, 20_000)
	for i := range more {
		more[i] = fmt.Sprintf("m%06d", i)
	}
	for _, tc := range []struct {
		name               string
		sealFails, txFails int // the chunk (from) whose sealing or transaction fails; -1: none
		written            int
	}{
		{"all", -1, -1, 1000},
		{"a sealing fails", 600, -1, 600},
		{"a transaction fails", -1, 300, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _, _ := newVault(t)
			var sealing, sealed atomic.Int32
			txs := 0
			sealer := &Tx{v: v, keys: v.keys}
			// The sealing after a failing transaction goes on as it fails.
			failing := make(chan struct{})
			err := v.writeInOrder(v.keys, KindMeta, ids, func(from, to int) (sealedMany, error) {
				sealing.Add(1)
				defer sealing.Add(-1)
				sealed.Add(1)
				if from == tc.sealFails {
					return sealedMany{}, errors.New("sealing failed")
				}
				if tc.txFails >= 0 && from == tc.txFails+statsPerTxForTest {
					// Long enough that it is still sealing when the failed
					// transaction has rolled back.
					<-failing
					if _, err := sealer.sealMany(KindMeta, more, func(i int) any { return note{Text: more[i]} }); err != nil {
						return sealedMany{}, err
					}
				}
				return sealer.sealMany(KindMeta, ids[from:to], func(i int) any { return note{Text: ids[from+i]} })
			}, func(tx *Tx, from, to int) error {
				txs++
				if from == tc.txFails {
					close(failing)
					return errors.New("transaction failed")
				}
				return nil
			})
			if (err != nil) != (tc.written < len(ids)) {
				t.Fatalf("writeInOrder: %v", err)
			}
			if n := sealing.Load(); n != 0 {
				t.Errorf("%d sealings still running after writeInOrder returned", n)
			}
			var got []string
			_ = v.View(func(tx *Tx) error { got = tx.IDs(KindMeta, ""); return nil })
			if !slices.Equal(got, ids[:tc.written]) {
				t.Errorf("%d records written, want %d", len(got), tc.written)
			}
			if tc.written == len(ids) && (txs != 4 || sealed.Load() != 4) {
				t.Errorf("%d transactions, %d sealings; want 4", txs, sealed.Load())
			}
			if rep, err := v.Check(); err != nil || !rep.OK() {
				t.Errorf("Check: %v %+v", err, rep.Failures)
			}
		})
	}
}
