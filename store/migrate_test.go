package store

import (
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	bolt "go.etcd.io/bbolt"
)

// TestMigrationHook raises the format version with a registered step and
// checks that Unlock runs it: records re-sealed for the new version, the
// version written, a coordinator refused.
func TestMigrationHook(t *testing.T) {
	v, path, _ := newVault(t)
	id, intakeID := NewID(), NewID()
	put(t, v, KindMeta, id, note{Text: "van versie 2"})
	coordPass := []byte("coordinator passphrase")
	if err := v.AddUser("Cees", RoleCoordinator, coordPass); err != nil {
		t.Fatal(err)
	}
	kompaanPass := []byte("kompaan passphrase")
	if err := v.AddUser("Kim", RoleKompaan, kompaanPass); err != nil {
		t.Fatal(err)
	}
	in := intake.NewIntake(time.Now())
	in.ID, in.Presence.Kompaan, in.Presence.KompaanName = intakeID, true, "Kim"
	in.StatID = NewID()
	if err := v.Update(func(tx *Tx) error { return tx.SaveIntake(in, intake.DefaultCatalogue(), in.Created) }); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}

	oldFormat, oldSteps := currentFormat, migrations
	t.Cleanup(func() { currentFormat, migrations = oldFormat, oldSteps })
	ran := 0
	currentFormat = oldFormat + 1
	migrations = map[uint32]func(*migrator) error{
		oldFormat: func(m *migrator) error { ran++; return m.resealAll() },
	}

	v, err := Open(path, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.FormatVersion() != oldFormat {
		t.Fatalf("format on open = %d", v.FormatVersion())
	}
	if err := v.Unlock("Cees", coordPass); !errors.Is(err, ErrNeedsUpgrade) || v.Unlocked() {
		t.Fatalf("coordinator unlocking an old vault: %v", err)
	}
	if err := v.Unlock(testUser, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if ran != 1 || v.FormatVersion() != currentFormat {
		t.Fatalf("migration ran %d times, format %d", ran, v.FormatVersion())
	}
	if got, err := get(v, KindMeta, id); err != nil || got.Text != "van versie 2" {
		t.Fatalf("record after migration: %v %v", got, err)
	}
	rep, err := v.Check()
	if err != nil || !rep.OK() || rep.Format != currentFormat || !rep.Digest {
		t.Fatalf("Check after migration: %v %+v", err, rep)
	}
	// The old version's associated data no longer opens the record.
	sealed := rawValue(t, v, "meta", id)
	if _, err := openEnvelope(v.keys.group.aead, recordAD(oldFormat, "meta", id), sealed); err == nil {
		t.Fatal("record still opens with the old version's associated data")
	}
	v = reopen(t, v, path)
	if err := v.Unlock("Cees", coordPass); err != nil {
		t.Fatalf("coordinator after upgrade: %v", err)
	}
	// The kompaan still reads the intake they took part in.
	if err := v.Unlock("Kim", kompaanPass); err != nil {
		t.Fatalf("kompaan after upgrade: %v", err)
	}
	var got intake.Intake
	if err := v.View(func(tx *Tx) error { return tx.Get(KindIntake, intakeID, &got) }); err != nil || got.ID != intakeID {
		t.Fatalf("kompaan's intake after upgrade: %v", err)
	}

	// A vault from a newer version is refused.
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	currentFormat = oldFormat
	if _, err := Open(path, testOpt); !errors.Is(err, ErrUnsupportedFormat) {
		t.Fatalf("newer vault: %v", err)
	}
}

// TestMissingMigration: a version without a step is refused at Unlock.
func TestMissingMigration(t *testing.T) {
	v, path, _ := newVault(t)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	oldFormat, oldSteps := currentFormat, migrations
	t.Cleanup(func() { currentFormat, migrations = oldFormat, oldSteps })
	currentFormat, migrations = oldFormat+1, map[uint32]func(*migrator) error{}
	v, err := Open(path, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock("", []byte(testPass)); !errors.Is(err, ErrUnsupportedFormat) || v.Unlocked() {
		t.Fatalf("Unlock = %v", err)
	}
}

// TestNewerOrDamagedFormat: a vault whose format number is a little ahead
// of this program's was made by a newer version; one far ahead (a flipped
// byte of the number: TestDamagedFiles met one) is damaged, not a reason
// to tell someone to update.
func TestNewerOrDamagedFormat(t *testing.T) {
	for _, tc := range []struct {
		name string
		ver  uint32
		want error
	}{
		{"this version's", currentFormat, nil},
		{"the next version's", currentFormat + 1, ErrUnsupportedFormat},
		{"as far as a newer version may be", currentFormat + newerFormats, ErrUnsupportedFormat},
		{"one further", currentFormat + newerFormats + 1, ErrDamaged},
		{"a flipped high byte", currentFormat ^ 0x8d0000, ErrDamaged},
		{"zero", 0, ErrDamaged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			if err := v.Close(); err != nil {
				t.Fatal(err)
			}
			db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte(bucketVault)).Put([]byte("format"), binary.BigEndian.AppendUint32(nil, tc.ver))
			})
			if cerr := db.Close(); err != nil || cerr != nil {
				t.Fatal(err, cerr)
			}
			v2, err := Open(path, testOpt)
			if err == nil {
				_ = v2.Close()
			}
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("Open: %v, want %v", err, tc.want)
			}
		})
	}
}
