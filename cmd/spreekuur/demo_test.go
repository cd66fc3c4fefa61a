package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

var (
	demoSummaryRE = regexp.MustCompile(`(\d+) residents, (\d+) intakes`)
	checkCountRE  = regexp.MustCompile(`(?m)^\s+(\w+)\s+(\d+) ok$`)
)

// checkCounts runs `check` and returns the record count per bucket.
func checkCounts(t *testing.T, db string) map[string]int {
	t.Helper()
	r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, "--db", db, "check")
	if r.code != 0 || !strings.Contains(r.stdout, "ok: every record") {
		t.Fatalf("check: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	out := map[string]int{}
	for _, m := range checkCountRE.FindAllStringSubmatch(r.stdout, -1) {
		out[m[1]], _ = strconv.Atoi(m[2])
	}
	return out
}

func demoCounts(t *testing.T, r result) (residents, intakes int) {
	t.Helper()
	m := demoSummaryRE.FindStringSubmatch(r.stdout)
	if r.code != 0 || m == nil {
		t.Fatalf("demo: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	residents, _ = strconv.Atoi(m[1])
	intakes, _ = strconv.Atoi(m[2])
	return residents, intakes
}

// TestDemoCreatesVault: demo makes the vault when there is none, prints the
// recovery code like init, and everything it writes passes check.
func TestDemoCreatesVault(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	pass := []string{"SPREEKUUR_PASSPHRASE=" + annaPass}
	r := spreekuur(t, pass, "--db", db, "demo", "--user", "Anna", "--residents", "120", "--seed", "7")
	if !codeRE.MatchString(r.stdout) {
		t.Fatalf("no recovery code printed for the new vault:\n%s", r.stdout)
	}
	residents, intakes := demoCounts(t, r)
	if residents != 120 || intakes < 120 {
		t.Fatalf("demo wrote %d residents and %d intakes, want 120 and at least as many intakes", residents, intakes)
	}
	got := checkCounts(t, db)
	if got["residents"] != residents || got["intakes"] != intakes || got["stats"] != intakes {
		t.Fatalf("check counts %v, demo said %d residents, %d intakes", got, residents, intakes)
	}

	// The same seed again rewrites the same records; another seed adds.
	r = spreekuur(t, pass, "--db", db, "demo", "--residents", "120", "--seed", "7")
	if codeRE.MatchString(r.stdout) {
		t.Fatalf("recovery code printed for an existing vault:\n%s", r.stdout)
	}
	if got2 := checkCounts(t, db); got2["intakes"] != intakes || got2["residents"] != residents {
		t.Fatalf("same seed again: counts %v, want unchanged %v", got2, got)
	}
	r = spreekuur(t, pass, "--db", db, "demo", "--residents", "30", "--seed", "8")
	res2, in2 := demoCounts(t, r)
	if got3 := checkCounts(t, db); got3["intakes"] != intakes+in2 || got3["residents"] != residents+res2 || got3["stats"] != intakes+in2 {
		t.Fatalf("another seed: counts %v, want %d residents, %d intakes", got3, residents+res2, intakes+in2)
	}
}

// TestDemoRefusesRealVault: demo adds only to a vault demo created; a
// vault made by init (real data) is refused in one sentence and left as it
// was, so demo records never reach real figures or office bundles.
func TestDemoRefusesRealVault(t *testing.T) {
	db, _ := initVault(t)
	fillVault(t, db, 2)
	before := vaultCounts(t, db)
	r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, "--db", db, "demo", "--residents", "5")
	if r.code != 1 || r.stderr != "spreekuur: this vault holds real data; use --db with a new file for demo data.\n" {
		t.Fatalf("exit %d, want 1\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if got := vaultCounts(t, db); got != before {
		t.Fatalf("the real vault changed: %s → %s", before, got)
	}

	// A vault demo created carries the sealed marker.
	demoDB := filepath.Join(t.TempDir(), "demo.db")
	if r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, "--db", demoDB, "demo", "--user", "Anna", "--residents", "3"); r.code != 0 {
		t.Fatalf("demo: %d %s", r.code, r.stderr)
	}
	v, err := store.Open(demoDB, store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock("Anna", []byte(annaPass)); err != nil {
		t.Fatal(err)
	}
	if at, err := demoMoment(v); err != nil || at.IsZero() || time.Since(at) > time.Hour {
		t.Fatalf("vault made by demo: made at %v, %v", at, err)
	}
}

func TestDemoErrors(t *testing.T) {
	db, _ := initVault(t)
	pass := []string{"SPREEKUUR_PASSPHRASE=" + annaPass}
	tests := []struct {
		name string
		env  []string
		args []string
		code int
		err  string
	}{
		{"zero", pass, []string{"--db", db, "demo", "--residents", "0"}, 2, "between 1 and"},
		{"negative", pass, []string{"--db", db, "demo", "--residents", "-5"}, 2, "between 1 and"},
		{"absurd", pass, []string{"--db", db, "demo", "--residents", "50000000"}, 2, "between 1 and"},
		{"not a number", pass, []string{"--db", db, "demo", "--residents", "veel"}, 2, "residents"},
		{"argument", pass, []string{"--db", db, "demo", "extra"}, 2, "no arguments"},
		{"wrong passphrase", []string{"SPREEKUUR_PASSPHRASE=not the passphrase"}, []string{"--db", db, "demo"}, 3, "passphrase is not correct"},
		{"no user for a new vault", pass, []string{"--db", filepath.Join(t.TempDir(), "new.db"), "demo"}, 2, "--user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := spreekuur(t, tt.env, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.err) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			if strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("stderr is not one line:\n%s", r.stderr)
			}
		})
	}
}

// TestFillDemoProgress checks the batching and the progress callback in
// process, and that statistics records are written with the intakes.
func TestFillDemoProgress(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	v, _, err := store.Create(path, "Anna", store.RoleSupporter, []byte(annaPass), store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	var calls []int
	sum, err := fillDemo(v, intake.DefaultCatalogue(), 3, 900, time.Now(), func(done int) { calls = append(calls, done) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Residents != 900 || sum.Drafts+sum.Open+sum.Closed != sum.Intakes || sum.Drafts == 0 || sum.Open == 0 || sum.Closed == 0 {
		t.Fatalf("summary %+v", sum)
	}
	if len(calls) < 2 || calls[len(calls)-1] != 900 {
		t.Fatalf("progress calls %v: want several, ending at 900", calls)
	}
	stats := 0
	if err := v.View(func(tx *store.Tx) error {
		return tx.ForEachStat(func(intake.StatRecord) error { stats++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if stats != sum.Intakes {
		t.Fatalf("%d statistics records for %d intakes", stats, sum.Intakes)
	}
}

// TestDemoLeavesTheVaultCompacted: demo writes in hundreds of
// transactions, which leaves freed pages all over the file and each
// bucket's pages scattered; it compacts at the end, so what is measured on
// a demo vault is a kept vault (compactDemo). 1,200 residents are written
// in several transactions: without the compaction the file holds freed
// pages (from 2.8 % to a quarter of them in the runs seen), with it at
// most a handful. Free pages stand in for the order of each bucket's
// pages, which BenchmarkFirstRead measures.
func TestDemoLeavesTheVaultCompacted(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + annaPass}, "--db", db, "demo", "--user", "Anna", "--residents", "1200")
	if _, intakes := demoCounts(t, r); intakes < 2*demoBatch {
		t.Fatalf("demo wrote %d intakes: too few for several transactions", intakes)
	}
	bdb, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	free, pages := 0, 0
	if err := bdb.View(func(tx *bolt.Tx) error {
		pages = int(tx.Size() / int64(bdb.Info().PageSize))
		for id := 0; id < pages; id++ {
			p, err := tx.Page(id)
			if err != nil {
				return err
			}
			if p == nil {
				continue
			}
			if p.Type == "free" {
				free++
			}
			id += p.OverflowCount
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if free > pages/100 {
		t.Fatalf("%d of the file's %d pages are free after demo: not compacted", free, pages)
	}
}
