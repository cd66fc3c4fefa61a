package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// tinyKDF makes unlocking a damaged copy cost microseconds, so hundreds of
// them fit in a unit test.
var tinyKDF = KDFParams{Time: 1, MemoryKiB: 8, Threads: 1}

// damageFixture is a vault with enough records for branch pages and
// overflow pages, made once per test binary.
func damageFixture(t testing.TB) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fixture.db")
	v, _, err := Create(path, testUser, RoleSupporter, []byte(testPass), Options{KDF: tinyKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.AddUser("Kim", RoleKompaan, kimPass); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(1, 2))
	err = v.Update(func(tx *Tx) error {
		for i := range 60 {
			r := intake.NewResident(fmt.Sprintf("Bewoner %d", i), now)
			in := intake.NewIntake(now)
			in.ResidentID = r.ID
			in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
			in.OwnWords = string(bytes.Repeat([]byte("tekst "), 1+rng.IntN(100)))
			if i%10 == 0 {
				in.OwnWords = string(bytes.Repeat([]byte("lange tekst "), 500)) // over a page
			}
			if i%3 == 0 {
				in.Presence.Kompaan, in.Presence.KompaanName = true, "Kim"
			}
			if err := tx.Put(KindResident, r.ID, r); err != nil {
				return err
			}
			if err := tx.SaveIntake(in, intake.DefaultCatalogue(), now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sentinels are the errors a damaged vault may give; anything else (or a
// panic, or a hang) fails.
var damageSentinels = []error{ErrDamaged, ErrNotVault, ErrTampered, ErrWrongPassphrase, ErrUnsupportedFormat, ErrNoAccess}

// useDamaged does with a vault file what the commands do: open, unlock,
// read every record, check, write. It returns the first error, which must
// wrap a sentinel.
func useDamaged(t *testing.T, path string) error {
	t.Helper()
	v, err := Open(path, Options{KDF: tinyKDF, Timeout: 100 * time.Millisecond})
	if err != nil {
		return err
	}
	defer v.Close()
	if err := v.Unlock("", []byte(testPass)); err != nil {
		return err
	}
	var first error
	keep := func(err error) {
		if first == nil && err != nil {
			first = err
		}
	}
	for _, k := range Kinds() {
		keep(v.View(func(tx *Tx) error {
			return tx.ForEachPlain(k, func(string, []byte) error { return nil })
		}))
	}
	_, err = v.Users()
	keep(err)
	rep, err := v.Check()
	keep(err)
	if !rep.OK() {
		keep(rep.Failures[0].Err)
	}
	keep(v.Update(func(tx *Tx) error { return tx.Put(KindMeta, "settings", note{Text: "na schade"}) }))
	return first
}

func assertSentinel(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range damageSentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Errorf("%s: error wraps no sentinel: %v", what, err)
}

// fixtureHWM is the number of pages the file's meta page counts.
func fixtureHWM(t *testing.T, b []byte) int {
	t.Helper()
	w, err := walkFile(bytes.NewReader(b), int64(len(b)), true)
	if err != nil {
		t.Fatal(err)
	}
	return int(w.meta.hwm)
}

// nearFormat reports whether the vault b says it has a format a newer
// version may have written (a flip in the low byte of the plaintext
// format number, 1 in 16 of those): no program can tell that from a
// newer vault, so "newer version" is the right answer there.
func nearFormat(t *testing.T, b []byte) bool {
	t.Helper()
	db, err := bolt.Open(writeTemp(t, b), 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		return false
	}
	defer db.Close()
	near := false
	_ = safely(func() error {
		return db.View(func(tx *bolt.Tx) error {
			if bk := tx.Bucket([]byte(bucketVault)); bk != nil {
				ver, err := decodeVersion(bk.Get([]byte("format")))
				near = err == nil && ver > currentFormat && ver <= currentFormat+newerFormats
			}
			return nil
		})
	})
	return near
}

func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "v.db")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDamagedFiles: truncations at every page and in between, every page
// swapped with its neighbour and with the root, moved pages, broken meta
// pages and random byte flips never crash (a SIGSEGV or a panic would end
// the test binary) or hang, and every error is one of the store's
// sentinels; damage to the structure is ErrDamaged, not "newer version".
func TestDamagedFiles(t *testing.T) {
	orig := damageFixture(t)
	const ps = 4096
	pages := len(orig) / ps
	if pages < 20 {
		t.Fatalf("fixture of %d pages is too small", pages)
	}
	type mutation struct {
		name string
		b    []byte
		want error // nil: any sentinel (or none)
	}
	var ms []mutation
	for _, n := range []int{1, 100, ps - 1, ps, ps + 17, 2 * ps, 3*ps + 5, len(orig) / 2, len(orig) - ps, len(orig) - 1} {
		ms = append(ms, mutation{fmt.Sprintf("truncated to %d", n), bytes.Clone(orig[:n]), nil})
	}
	hwm := fixtureHWM(t, orig)
	for p := 2; p < hwm; p += 1 + p/8 {
		ms = append(ms, mutation{fmt.Sprintf("cut after page %d", p), bytes.Clone(orig[:p*ps]), ErrDamaged})
	}
	swap := func(b []byte, i, j int) []byte {
		c := bytes.Clone(b)
		copy(c[i*ps:(i+1)*ps], b[j*ps:(j+1)*ps])
		copy(c[j*ps:(j+1)*ps], b[i*ps:(i+1)*ps])
		return c
	}
	for p := 2; p+1 < hwm; p++ {
		ms = append(ms, mutation{fmt.Sprintf("pages %d and %d swapped", p, p+1), swap(orig, p, p+1), nil})
	}
	root := int(binary.LittleEndian.Uint64(orig[16+16:]))
	for p := 2; p < hwm; p += 3 {
		if p != root {
			ms = append(ms, mutation{fmt.Sprintf("root page %d and page %d swapped", root, p), swap(orig, root, p), nil})
		}
	}
	// The inline buckets in the root bucket's leaf (the small buckets):
	// bbolt reads their elements in place, so an element count or
	// position damaged there must be refused at open, before a read
	// follows it out of the file (a random flip found it).
	inline := 0
	if rp := orig[root*ps : (root+1)*ps]; binary.LittleEndian.Uint16(rp[8:10]) == boltLeafFlag {
		le := binary.LittleEndian
		for i := range int(le.Uint16(rp[10:12])) {
			off := boltHeaderSize + i*boltElemSize
			e := rp[off : off+boltElemSize]
			pos, ksize := int(le.Uint32(e[4:8])), int(le.Uint32(e[8:12]))
			v := off + pos + ksize // the bucket header in the page
			if le.Uint32(e[0:4])&boltBucketFlag == 0 || le.Uint64(rp[v:v+8]) != 0 {
				continue
			}
			in := root*ps + v + boltInBucketSize // the inline page in the file
			name := string(rp[off+pos : off+pos+ksize])
			many := bytes.Clone(orig)
			le.PutUint16(many[in+10:], 200)
			ms = append(ms, mutation{fmt.Sprintf("inline bucket %s: 200 elements", name), many, ErrDamaged})
			inline++
			if le.Uint16(orig[in+10:]) > 0 {
				far := bytes.Clone(orig)
				le.PutUint32(far[in+boltHeaderSize+4:], 0x7ffffff0) // the first element's position
				ms = append(ms, mutation{fmt.Sprintf("inline bucket %s: an element far outside", name), far, ErrDamaged})
			}
		}
	}
	if inline == 0 {
		t.Fatal("the fixture's root bucket has no inline bucket to damage")
	}
	bothMeta := bytes.Clone(orig)
	bothMeta[16+8] ^= 0xff
	bothMeta[ps+16+8] ^= 0xff
	ms = append(ms, mutation{"both meta pages broken", bothMeta, ErrDamaged})
	rng := rand.New(rand.NewPCG(7, 11))
	flips := 300
	if raceEnabled || testing.Short() {
		flips = 40
	}
	for i := range flips {
		c := bytes.Clone(orig)
		for range 1 + rng.IntN(8) {
			c[rng.IntN(len(c))] ^= byte(1 + rng.IntN(255))
		}
		ms = append(ms, mutation{fmt.Sprintf("random flips #%d", i), c, nil})
	}
	// Four at a time: most of the time goes to fsync.
	type result struct {
		m   mutation
		err error
	}
	work, results := make(chan mutation), make(chan result)
	for range 4 {
		go func() {
			for m := range work {
				results <- result{m, useDamaged(t, writeTemp(t, m.b))}
			}
		}()
	}
	go func() {
		for _, m := range ms {
			work <- m
		}
		close(work)
	}()
	structural := 0
	for range ms {
		var r result
		select {
		case r = <-results:
		case <-time.After(30 * time.Second):
			t.Fatal("a damaged vault hangs")
		}
		assertSentinel(t, r.m.name, r.err)
		if r.m.want != nil && !errors.Is(r.err, r.m.want) {
			t.Errorf("%s: %v, want %v", r.m.name, r.err, r.m.want)
		}
		if errors.Is(r.err, ErrUnsupportedFormat) && !nearFormat(t, r.m.b) {
			t.Errorf("%s: damage reported as a newer version: %v", r.m.name, r.err)
		}
		if errors.Is(r.err, ErrDamaged) {
			structural++
		}
	}
	t.Logf("%d mutations, %d reported as a damaged file", len(ms), structural)
}

// TestDamagedOpenLeavesNoLock: opening a damaged file, even one that
// makes bbolt fault, leaves no lock behind: opening it again says
// "damaged" again, not "in use" (the lock of a mapping bbolt left after a
// fault would last until the process ends).
func TestDamagedOpenLeavesNoLock(t *testing.T) {
	orig := damageFixture(t)
	p := writeTemp(t, orig[:len(orig)/3])
	for i := range 3 {
		if _, err := Open(p, Options{Timeout: 200 * time.Millisecond}); !errors.Is(err, ErrDamaged) {
			t.Fatalf("open %d: %v, want ErrDamaged", i, err)
		}
	}
}

// TestCutOffFileIsDamaged: a vault cut off after its meta pages is
// "damaged", never "not a vault" or "newer version" (issue 12: a cut-off
// file made check die with SIGSEGV).
func TestCutOffFileIsDamaged(t *testing.T) {
	orig := damageFixture(t)
	hwm := fixtureHWM(t, orig) * 4096
	for _, n := range []int{8192, 12288, hwm / 2, hwm - 4096, hwm - 1} {
		_, err := Open(writeTemp(t, orig[:n]), testOpt)
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("cut to %d bytes: %v, want ErrDamaged", n, err)
		}
	}
}

// FuzzOpenVault opens and reads mutated vault files: no input may crash
// the program or make it hang; every error wraps a sentinel.
func FuzzOpenVault(f *testing.F) {
	path := filepath.Join(f.TempDir(), "seed.db")
	v, _, err := Create(path, testUser, RoleSupporter, []byte(testPass), Options{KDF: tinyKDF})
	if err != nil {
		f.Fatal(err)
	}
	err = v.Update(func(tx *Tx) error {
		for i := range 12 {
			if err := tx.Put(KindResident, NewID(), note{Text: fmt.Sprint("bewoner ", i)}); err != nil {
				return err
			}
		}
		return tx.Put(KindStat, NewID(), statRecord(3))
	})
	if err != nil {
		f.Fatal(err)
	}
	if err := v.Close(); err != nil {
		f.Fatal(err)
	}
	seed, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	fuzzing = true
	f.Cleanup(func() { fuzzing = false })
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "fuzzed.db")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		assertSentinel(t, "fuzzed vault", useDamaged(t, p))
	})
}

// TestWalkMappedAndRead: the walker reads a mapped file's pages in place
// and any other file's with ReadAt; both see the same pages and the same
// damage, for the whole file and for it cut off at every page.
func TestWalkMappedAndRead(t *testing.T) {
	orig := damageFixture(t)
	const ps = 4096
	for cut := len(orig); cut > 0; cut -= ps / 2 {
		b := orig[:cut]
		wr, errR := walkFile(bytes.NewReader(b), int64(len(b)), true)
		wm, errM := walkFile(mappedFile(b), int64(len(b)), true)
		if fmt.Sprint(errR) != fmt.Sprint(errM) {
			t.Fatalf("cut at %d: read %v, mapped %v", cut, errR, errM)
		}
		if errR == nil && (wr.reached != wm.reached || wr.meta != wm.meta) {
			t.Fatalf("cut at %d: read reached %d pages, mapped %d", cut, wr.reached, wm.reached)
		}
		if cut == len(orig) && errR != nil {
			t.Fatalf("the whole file: %v", errR)
		}
	}
	if _, err := (mappedFile(orig)).slice(int64(len(orig))-10, 20); err == nil {
		t.Fatal("a slice past the end is not refused")
	}
}

// TestWalkKeepsWhatBboltReads: the values Check reads from the structure
// walk's pages are exactly bbolt's, bucket by bucket in key order — for
// branch pages, overflow pages and inline buckets — and a
// walk without collect keeps none.
func TestWalkKeepsWhatBboltReads(t *testing.T) {
	b := damageFixture(t)
	w, err := walk(mappedFile(b), int64(len(b)), true, true)
	if err != nil {
		t.Fatal(err)
	}
	if !w.collect {
		t.Fatal("the walk gave up keeping values of a sound file")
	}
	db, err := bolt.Open(writeTemp(t, b), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	buckets, branches, overflow, inline := 0, false, false, false
	err = db.View(func(btx *bolt.Tx) error {
		return btx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			buckets++
			s, ok := w.spans[string(name)]
			if !ok {
				return fmt.Errorf("bucket %q not kept", name)
			}
			var kept []stored
			for i := s[0]; i < s[1]; i++ {
				kept = append(kept, w.kept(i))
			}
			st := bk.Stats()
			branches = branches || st.BranchPageN > 0
			overflow = overflow || st.LeafOverflowN > 0
			inline = inline || st.InlineBucketN > 0
			i := 0
			err := bk.ForEach(func(k, v []byte) error {
				if i >= len(kept) || !bytes.Equal(kept[i].id, k) || !bytes.Equal(kept[i].val, v) || (v == nil) != (kept[i].val == nil) {
					return fmt.Errorf("bucket %q, value %d differs", name, i)
				}
				i++
				return nil
			})
			if err == nil && i != len(kept) {
				err = fmt.Errorf("bucket %q: bbolt has %d values, the walk kept %d", name, i, len(kept))
			}
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if buckets != len(w.spans) || !branches || !overflow || !inline {
		t.Fatalf("%d buckets, %d kept; branch pages %v, overflow pages %v, inline buckets %v", buckets, len(w.spans), branches, overflow, inline)
	}
	if w, _ := walk(mappedFile(b), int64(len(b)), true, false); w.collect || w.nvals > 0 {
		t.Fatal("a walk without collect kept values")
	}
}
