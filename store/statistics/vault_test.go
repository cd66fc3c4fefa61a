package statistics

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

var cheap = store.Options{KDF: store.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}}

// TestStoreBounds: the store refuses the same thresholds as this package.
func TestStoreBounds(t *testing.T) {
	if store.MinStatThreshold != MinThreshold || store.MaxStatThreshold != MaxThreshold || store.DefaultStatThreshold != DefaultThreshold {
		t.Fatal("the store's bounds of the minimum cell size differ from statistics'")
	}
}

// vaultWithIntakes makes a vault (supporter Anna, coordinator Cor) with n
// intakes per month of the third quarter of 2026, saved as the app saves
// them; it returns the vault unlocked as Anna and the intakes.
func vaultWithIntakes(t *testing.T, n int) (*store.Vault, []intake.Intake) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "v.db")
	v, _, err := store.Create(path, "Anna", store.RoleSupporter, []byte("anna's passphrase"), cheap)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.AddUser("Cor", store.RoleCoordinator, []byte("cor's passphrase")); err != nil {
		t.Fatal(err)
	}
	var ins []intake.Intake
	for _, m := range []time.Month{7, 8, 9} {
		for i := range n {
			in := intake.NewIntake(time.Date(2026, m, 1+i%28, 10, 0, 0, 0, time.UTC))
			in.Location = []intake.LocationCode{"library", "shelter"}[i%2]
			in.SetScan("money", intake.Scale(1+i%5))
			ins = append(ins, in)
		}
	}
	save := func(tx *store.Tx) error {
		for _, in := range ins {
			if err := tx.SaveIntake(in, intake.DefaultCatalogue(), testNow); err != nil {
				return err
			}
		}
		return tx.Put(store.KindStat, "bad", map[string]int{"v": 99}) // not a valid record: skipped
	}
	if err := v.Update(save); err != nil {
		t.Fatal(err)
	}
	return v, ins
}

// TestLoadAsCoordinator: a coordinator, holding no notes key, loads the
// statistics at the vault's minimum cell size; reading notes is refused;
// a record that is not valid is left out and said.
func TestLoadAsCoordinator(t *testing.T) {
	v, ins := vaultWithIntakes(t, 20)
	if _, err := v.SetStatThreshold(25, testNow); err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("Cor", []byte("cor's passphrase")); err != nil {
		t.Fatal(err)
	}
	r, info, err := Load(v, opts("2026-Q3"), nil)
	if err != nil {
		t.Fatalf("load as coordinator: %v", err)
	}
	if !info.Skipped || info.Kept || r.Threshold != 25 {
		t.Errorf("info %+v, threshold %d", info, r.Threshold)
	}
	var recs []intake.StatRecord
	for _, in := range ins {
		rec := intake.DefaultCatalogue().Anonymise(in, intake.Resident{}, testNow)
		rec.Key = statKey(t, v, in.StatID)
		recs = append(recs, rec)
	}
	if got, want := cell(t, r, "overview", "intakes", 0), shownAs(publishedOf(recs, func(*intake.StatRecord) bool { return true }), 25); got != want {
		t.Errorf("intakes %+v, want %+v", got, want)
	}
	err = v.View(func(tx *store.Tx) error {
		var x map[string]any
		return tx.Get(store.KindIntake, "anything", &x)
	})
	if !errors.Is(err, store.ErrNoAccess) {
		t.Errorf("notes read as coordinator: %v, want ErrNoAccess", err)
	}
	if _, err := v.SetStatThreshold(5, testNow); !errors.Is(err, store.ErrNotPermitted) {
		t.Errorf("a coordinator set the threshold: %v", err)
	}
	if _, _, err := Load(v, opts("2026-Q4"), nil); !errors.Is(err, ErrPeriodOpen) {
		t.Errorf("open quarter: %v", err)
	}
}

func statKey(t *testing.T, v *store.Vault, statID string) uint32 {
	t.Helper()
	var rec intake.StatRecord
	if err := v.View(func(tx *store.Tx) error { return tx.Get(store.KindStat, statID, &rec) }); err != nil {
		t.Fatal(err)
	}
	return rec.Key
}

// TestPublishedFiguresStay: once a period is exported, later edits to its
// intakes (a closure, a new domain, consent withdrawn, a late intake)
// change nothing in its reports; a view before the first export counts
// what is there now; the running month is never counted.
func TestPublishedFiguresStay(t *testing.T) {
	v, ins := vaultWithIntakes(t, 30)
	load := func(o Options) *Report {
		t.Helper()
		r, _, err := Load(v, o, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	view := load(opts("2026-Q3"))
	if view.Published != "" {
		t.Fatalf("a view published the figures: %q", view.Published)
	}
	pub := opts("2026-Q3")
	pub.Publish = true
	first := load(pub)
	if first.Published != "2026-11-27" || !reflect.DeepEqual(first.Tables, view.Tables) {
		t.Fatalf("first export: published %q; same tables as the view: %v", first.Published, reflect.DeepEqual(first.Tables, view.Tables))
	}
	// Edits after the export: one intake changes location and domain,
	// another is closed with an appreciation, and one more intake arrives
	// dated in the quarter (an import).
	ins[0].Location = "phone"
	ins[0].SetScan("addiction", intake.Urgent)
	ins[1].Closure.Appreciation = 1
	if err := ins[1].SetStatus(intake.StatusOpen, testNow); err != nil {
		t.Fatal(err)
	}
	if err := ins[1].SetStatus(intake.StatusClosed, time.Date(2026, 9, 20, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	late := intake.NewIntake(time.Date(2026, 8, 12, 10, 0, 0, 0, time.UTC))
	late.SetScan("safety", intake.Urgent)
	err := v.Update(func(tx *store.Tx) error {
		for _, in := range []intake.Intake{ins[0], ins[1], late} {
			if err := tx.SaveIntake(in, intake.DefaultCatalogue(), testNow); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []Options{opts("2026-Q3"), pub} {
		if again := load(o); !reflect.DeepEqual(again, first) {
			t.Errorf("after the edits (publish %v) the quarter changed", o.Publish)
		}
	}
	// August alone was never exported: its view counts the edits.
	if aug := load(opts("2026-08")); aug.Published != "" {
		t.Errorf("August: %q", aug.Published)
	}
	// An intake in the running month is in no report at all: the
	// provisional quarter counts October only.
	prov := opts("2026-Q4")
	prov.Provisional, prov.Publish = true, true
	before := load(prov)
	now := intake.NewIntake(testNow)
	now.SetScan("addiction", intake.Urgent)
	if err := v.Update(func(tx *store.Tx) error { return tx.SaveIntake(now, intake.DefaultCatalogue(), testNow) }); err != nil {
		t.Fatal(err)
	}
	if after := load(prov); !reflect.DeepEqual(after, before) || !after.Provisional || after.To != "2026-10" {
		t.Errorf("the provisional quarter changed with an intake of the running month, or is not marked: %v %s", after.Provisional, after.To)
	}
	// The threshold changes only what is hidden, never a number.
	if _, err := v.SetStatThreshold(5, testNow); err != nil {
		t.Fatal(err)
	}
	low := load(opts("2026-Q3"))
	for ti := range first.Tables {
		for ri, row := range first.Tables[ti].Rows {
			for ci, c := range row.Cells {
				if l := low.Tables[ti].Rows[ri].Cells[ci]; c.Visible() && l != c {
					t.Errorf("%s %s: %+v at threshold 10, %+v at 5", first.Tables[ti].ID, row.Key, c, l)
				}
			}
		}
	}
}

// fakeRecords is a Records with a given threshold and kept figures.
type fakeRecords struct {
	threshold int
	kept      []byte
}

func (f *fakeRecords) ForEachStatRecord(func([]byte) error) error { return nil }
func (f *fakeRecords) StatThreshold() (int, error)                { return f.threshold, nil }
func (f *fakeRecords) PublishedStats(string) ([]byte, error)      { return f.kept, nil }
func (f *fakeRecords) PublishStats(_ string, d []byte) ([]byte, error) {
	if f.kept == nil {
		f.kept = d
	}
	return f.kept, nil
}

// TestLoadRefusesBadKept: kept figures that do not decode, and a minimum
// cell size out of bounds, stop a report with an error.
func TestLoadRefusesBadKept(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    fakeRecords
		err  error
	}{
		{"not JSON", fakeRecords{threshold: 10, kept: []byte("x")}, errPublished},
		{"threshold 3", fakeRecords{threshold: 3}, ErrThreshold},
		{"threshold 1001", fakeRecords{threshold: 1001}, ErrThreshold},
	} {
		if _, _, err := Load(&tt.f, opts("2026-Q3"), nil); !errors.Is(err, tt.err) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.err)
		}
	}
}

func FuzzDecodePublished(f *testing.F) {
	s, _ := opts("2025").Scope()
	a := NewAggregator(s)
	for _, r := range many(40, "2025-03", nil) {
		a.Add(&r)
	}
	good, _ := a.published().encode()
	f.Add(good)
	f.Add([]byte(`{"v":1,"from":"2025-01","to":"2025-03","counts":{"location|library|intakes":12},"figures":{}}`))
	f.Add([]byte(`{"v":1,"from":"2025-01","to":"2025-03","counts":{"x|y":1},"figures":{"appreciation_mean":null}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := decodePublished(data)
		if err != nil {
			if !errors.Is(err, errPublished) {
				t.Fatalf("error %v does not wrap errPublished", err)
			}
			return
		}
		s := Scope{Period: Period{Kind: PeriodYear, Year: p.From.Year()}, From: p.From, To: p.To}
		if _, err := build(p, s, 10, nil); err != nil {
			t.Fatalf("kept figures decode but do not build: %v", err)
		}
		if _, err := p.encode(); err != nil {
			t.Fatal(err)
		}
	})
}

func ExampleCell_Text() {
	fmt.Println(Cell{N: 12}.Text(10), Cell{Hidden: Small}.Text(10))
	// Output: 12 <10
}
