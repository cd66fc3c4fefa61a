package store

import (
	"bytes"
	"errors"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// indexMatches asserts that the intake index gives exactly the intakes
// this user reads, each entry what decoding its intake gives.
func indexMatches(t *testing.T, v *Vault) []intake.IndexEntry {
	t.Helper()
	var index []intake.IndexEntry
	err := v.View(func(tx *Tx) error {
		want := map[string]intake.IndexEntry{}
		var ids []string
		err := tx.ForEach(KindIntake, func(id string, decode func(any) error) error {
			var in intake.Intake
			if err := decode(&in); err != nil {
				return err
			}
			want[id] = in.IndexEntry()
			ids = append(ids, id)
			return nil
		})
		if err != nil {
			return err
		}
		if index, err = tx.IntakeIndex(); err != nil {
			return err
		}
		if len(index) != len(ids) {
			t.Errorf("the index has %d entries, the intakes bucket %d readable intakes", len(index), len(ids))
		}
		headers, err := tx.IntakeHeaders()
		if err != nil {
			return err
		}
		if len(headers) != len(index) {
			t.Errorf("IntakeHeaders: %d headers, the index %d entries", len(headers), len(index))
		}
		for i := range min(len(headers), len(index)) {
			if !reflect.DeepEqual(headers[i], index[i].Header.Listed()) {
				t.Errorf("IntakeHeaders[%d] = %+v, the index entry's header as listed %+v", i, headers[i], index[i].Header.Listed())
			}
		}
		links, err := tx.IntakeLinks()
		if err != nil {
			return err
		}
		if len(links) != len(index) {
			t.Errorf("IntakeLinks: %d entries, the index %d", len(links), len(index))
		}
		for i := range min(len(links), len(index)) {
			e := index[i]
			h := e.Header
			if want := (intake.Link{ID: h.ID, ResidentID: h.ResidentID, Status: h.Status, Created: h.Created, Updated: h.Updated,
				StatID: e.StatID, Handover: e.Handover}); !reflect.DeepEqual(links[i], want) {
				t.Errorf("IntakeLinks[%d] = %+v, the index entry's link %+v", i, links[i], want)
			}
		}
		for i, e := range index {
			if i < len(ids) && want[ids[i]].Header.ID != e.Header.ID {
				t.Errorf("entry %d is of intake %s, want %s (ID order)", i, e.Header.ID, ids[i])
			}
			if !sameEntry(e, want[e.Header.ID]) {
				t.Errorf("entry of %s: %+v, its intake says %+v", e.Header.ID, e, want[e.Header.ID])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return index
}

func sampleIntakes(n int, now time.Time) []intake.Intake {
	var out []intake.Intake
	for i := range n {
		in := intake.NewIntake(now.Add(time.Duration(i) * time.Hour))
		in.Status = intake.StatusOpen
		in.Location = "library"
		in.OwnWords = "vraag"
		out = append(out, in)
	}
	return out
}

// TestIndexFollowsIntakes: every write of an intake writes its entry in
// the same transaction — saved, changed, deleted, or rolled back with it.
func TestIndexFollowsIntakes(t *testing.T) {
	v, path, _ := newVault(t)
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	cat := intake.DefaultCatalogue()
	ins := sampleIntakes(3, now)
	err := v.Update(func(tx *Tx) error {
		for _, in := range ins {
			if err := tx.SaveIntake(in, cat, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := indexMatches(t, v); len(got) != 3 {
		t.Fatalf("%d entries after three saves", len(got))
	}

	steps := []struct {
		name string
		do   func(tx *Tx) error
		want func(e []intake.IndexEntry) bool
	}{
		{"changed", func(tx *Tx) error {
			in := ins[0]
			in.Status, in.Location = intake.StatusClosed, "shelter"
			in.Presence.Kompaan, in.Presence.KompaanName = true, "Kim"
			return tx.SaveIntake(in, cat, now)
		}, func(e []intake.IndexEntry) bool {
			i := slices.IndexFunc(e, func(x intake.IndexEntry) bool { return x.Header.ID == ins[0].ID })
			return i >= 0 && e[i].Header.Status == intake.StatusClosed && e[i].Header.Location == "shelter" && e[i].TookPart("kim")
		}},
		{"deleted", func(tx *Tx) error {
			if err := tx.Delete(KindStat, ins[1].StatID); err != nil {
				return err
			}
			return tx.Delete(KindIntake, ins[1].ID)
		},
			func(e []intake.IndexEntry) bool {
				return len(e) == 2 && !slices.ContainsFunc(e, func(x intake.IndexEntry) bool { return x.Header.ID == ins[1].ID })
			}},
		{"rolled back", func(tx *Tx) error {
			in := ins[2]
			in.Location = "never"
			if err := tx.SaveIntake(in, cat, now); err != nil {
				return err
			}
			return errors.New("rolled back")
		}, func(e []intake.IndexEntry) bool {
			return !slices.ContainsFunc(e, func(x intake.IndexEntry) bool { return x.Header.Location == "never" })
		}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			_ = v.Update(s.do)
			if got := indexMatches(t, v); !s.want(got) {
				t.Errorf("index after %s: %+v", s.name, got)
			}
			if rep, err := v.CheckDeep(); err != nil || !rep.OK() {
				t.Errorf("CheckDeep: %v %+v", err, rep.Failures)
			}
		})
	}
	v = reopen(t, v, path)
	if err := v.Unlock("", []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	indexMatches(t, v)
}

// TestIndexEntryDamaged: a damaged entry costs time, not the list: it is
// read from its intake, and Check names it.
func TestIndexEntryDamaged(t *testing.T) {
	v, path, _ := newVault(t)
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	ins := sampleIntakes(2, now)
	for _, in := range ins {
		if err := v.Update(func(tx *Tx) error { return tx.SaveIntake(in, intake.DefaultCatalogue(), now) }); err != nil {
			t.Fatal(err)
		}
	}
	sealed := rawValue(t, v, bucketIndex, ins[0].ID)
	v = reopen(t, v, path)
	editFile(t, path, func(b []byte) {
		for i := bytes.Index(b, sealed); i >= 0; i = bytes.Index(b, sealed) { // and its old copies in freed pages
			b[i+len(sealed)-3] ^= 1 // in the tag
		}
	})
	v = reopen(t, v, path)
	if err := v.Unlock("", []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if got := indexMatches(t, v); len(got) != 2 {
		t.Fatalf("%d entries with one damaged", len(got))
	}
	rep, err := v.Check()
	if err != nil || len(rep.Failures) == 0 || rep.Failures[0].Bucket != bucketIndex || rep.Failures[0].ID != ins[0].ID || rep.Failures[0].Kind != FailAuth {
		t.Fatalf("Check: %v %+v", err, rep.Failures)
	}
}

// TestCheckIndex: what Check finds in the index, by what was done to it.
func TestCheckIndex(t *testing.T) {
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	cat := intake.DefaultCatalogue()
	tests := []struct {
		name string
		// do changes the vault; ins are its two intakes
		do   func(t *testing.T, v *Vault, ins []intake.Intake)
		deep bool
		want []string // "kind bucket/label"; labels a, b for ins[0], ins[1]
	}{
		{"nothing done", func(*testing.T, *Vault, []intake.Intake) {}, true, nil},
		{"an entry deleted from the file", func(t *testing.T, v *Vault, ins []intake.Intake) {
			rawDelete(t, v, bucketIndex, ins[0].ID)
		}, false, []string{"deleted intakeindex/a"}},
		{"an entry copied over another", func(t *testing.T, v *Vault, ins []intake.Intake) {
			rawPut(t, v, bucketIndex, ins[1].ID, rawValue(t, v, bucketIndex, ins[0].ID))
		}, false, []string{"does not authenticate intakeindex/b"}},
		{"an entry's wraps not its intake's (an older value)", func(t *testing.T, v *Vault, ins []intake.Intake) {
			old := rawValue(t, v, bucketIndex, ins[0].ID)
			in := ins[0]
			in.Updated = in.Updated.Add(time.Minute)
			if err := v.Update(func(tx *Tx) error { return tx.SaveIntake(in, cat, now) }); err != nil {
				t.Fatal(err)
			}
			rawPut(t, v, bucketIndex, ins[0].ID, old)
		}, false, []string{"replaced intakeindex/a"}},
		{"an entry that says something else (written with the key)", func(t *testing.T, v *Vault, ins []intake.Intake) {
			err := v.Update(func(tx *Tx) error {
				b := tx.btx.Bucket([]byte(KindIntake))
				f, dk, err := tx.dataKey(KindIntake, []byte(ins[0].ID), b.Get([]byte(ins[0].ID)))
				if err != nil {
					return err
				}
				other := ins[0].IndexEntry()
				other.Header.Location = "elsewhere"
				entry, _ := other.MarshalBinary()
				return tx.putIndexEntry(ins[0].ID, f, dk, nil, entry)
			})
			if err != nil {
				t.Fatal(err)
			}
		}, true, []string{"does not match intakeindex/a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _, _ := newVault(t)
			ins := sampleIntakes(2, now)
			label := map[string]string{ins[0].ID: "a", ins[1].ID: "b"}
			err := v.Update(func(tx *Tx) error {
				for _, in := range ins {
					if err := tx.SaveIntake(in, cat, now); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			tt.do(t, v, ins)
			check := v.Check
			if tt.deep {
				check = v.CheckDeep
			}
			rep, err := check()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Failures {
				got = append(got, f.Kind+" "+f.Bucket+"/"+label[f.ID])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Check found %q, want %q", got, tt.want)
			}
			if tt.deep && len(tt.want) > 0 {
				if rep, _ := v.Check(); !rep.OK() {
					t.Errorf("without --deep Check finds %+v; only the deep check decodes intakes", rep.Failures)
				}
			}
		})
	}
}

// rawPut and rawDelete change the file as someone without the keys can:
// through bbolt, leaving the digest as it was.
func rawPut(t testing.TB, v *Vault, bucket, id string, val []byte) {
	t.Helper()
	err := v.db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucket)).Put([]byte(id), val) })
	if err != nil {
		t.Fatal(err)
	}
}

func rawDelete(t testing.TB, v *Vault, bucket, id string) {
	t.Helper()
	err := v.db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucket)).Delete([]byte(id)) })
	if err != nil {
		t.Fatal(err)
	}
}

// TestIndexNotForCoordinators: a coordinator holds no key to the index.
func TestIndexNotForCoordinators(t *testing.T) {
	v, _, _ := newVault(t)
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	if err := v.Update(func(tx *Tx) error { return tx.SaveIntake(sampleIntakes(1, now)[0], intake.DefaultCatalogue(), now) }); err != nil {
		t.Fatal(err)
	}
	if err := v.AddUser("Cor", RoleCoordinator, []byte("coordinator passphrase")); err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("Cor", []byte("coordinator passphrase")); err != nil {
		t.Fatal(err)
	}
	if _, err := v.IntakeIndex(); !errors.Is(err, ErrNoAccess) {
		t.Fatalf("coordinator IntakeIndex: %v, want ErrNoAccess", err)
	}
	rep, err := v.Check()
	if err != nil || !rep.OK() || rep.Skipped[bucketIndex] != 1 {
		t.Fatalf("coordinator Check: %v %+v skipped %v", err, rep.Failures, rep.Skipped)
	}
	if strings.Contains(strings.Join(rep.Buckets(), " "), "unknown") {
		t.Fatal(rep.Buckets())
	}
}

// TestIndexEntryMissing: asking for an intake the vault does not have is
// ErrNotFound, without decoding anything (an import asks three times for
// every intake it adds; an Intake made for the question escaped to the
// heap: 51 MB of the 891 MB an import of 20,000 intakes allocated).
func TestIndexEntryMissing(t *testing.T) {
	v, _, _ := newVault(t)
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	in := sampleIntakes(1, now)[0]
	if err := v.Update(func(tx *Tx) error { return tx.SaveIntake(in, intake.DefaultCatalogue(), now) }); err != nil {
		t.Fatal(err)
	}
	missing := intake.NewIntake(now).ID
	// In a write transaction, as the import asks (a read transaction opens
	// its buckets anew each time).
	err := v.Update(func(tx *Tx) error {
		if e, err := tx.IndexEntry(in.ID); err != nil || e.Header.ID != in.ID {
			t.Errorf("IndexEntry of a saved intake: %+v %v", e.Header, err)
		}
		if _, err := tx.IndexEntry(missing); !errors.Is(err, ErrNotFound) {
			t.Errorf("IndexEntry of a missing intake: %v, want ErrNotFound", err)
		}
		if raceEnabled {
			return nil // the race detector allocates on its own
		}
		// bbolt's lookups allocate a little of their own (48 bytes here):
		// what is bounded is the bytes; with an Intake made, 688.
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		const calls = 100
		for range calls {
			_, _ = tx.IndexEntry(missing)
		}
		runtime.ReadMemStats(&after)
		if n := (after.TotalAlloc - before.TotalAlloc) / calls; n > 256 {
			t.Errorf("IndexEntry of a missing intake: %d bytes allocated per call, want at most 256", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
