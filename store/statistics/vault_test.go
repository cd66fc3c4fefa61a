package statistics

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

var cheap = store.Options{KDF: store.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}}

// TestLoadAsCoordinator: a supporter writes statistics records, adds a
// coordinator; the coordinator loads the statistics, and a notes read as
// the coordinator is refused.
func TestLoadAsCoordinator(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	v, _, err := store.Create(path, "Anna", store.RoleSupporter, []byte("anna's passphrase"), cheap)
	if err != nil {
		t.Fatal(err)
	}
	err = v.Update(func(tx *store.Tx) error {
		for i, r := range many(25, "2025-04", nil) {
			if err := tx.Put(store.KindStat, fmt.Sprintf("s%03d", i), r); err != nil {
				return err
			}
		}
		return tx.Put(store.KindStat, "bad", map[string]int{"v": 99}) // not a valid record: skipped
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.AddUser("Cor", store.RoleCoordinator, []byte("cor's passphrase")); err != nil {
		t.Fatal(err)
	}
	v.Close()

	v, err = store.Open(path, cheap)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock("Cor", []byte("cor's passphrase")); err != nil {
		t.Fatal(err)
	}
	r, info, err := Load(v, Options{}, nil)
	if err != nil {
		t.Fatalf("load as coordinator: %v", err)
	}
	if info != (LoadInfo{Read: 26, Counted: 25, Skipped: 1}) {
		t.Errorf("info %+v", info)
	}
	if c := cell(t, r, "overview", "intakes", 0); c.N != 25 {
		t.Errorf("intakes %+v", c)
	}
	err = v.View(func(tx *store.Tx) error {
		var x map[string]any
		return tx.Get(store.KindIntake, "anything", &x)
	})
	if !errors.Is(err, store.ErrNoAccess) {
		t.Errorf("notes read as coordinator: %v, want ErrNoAccess", err)
	}
	if _, _, err := Load(v, Options{Threshold: 3}, nil); !errors.Is(err, ErrThreshold) {
		t.Errorf("threshold 3: %v", err)
	}
	_ = intake.StatVersion
}
