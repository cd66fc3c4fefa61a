package store

import (
	"errors"
	"testing"
)

// TestMigrationHook raises the format version with a registered step and
// checks that Unlock runs it: records re-sealed for the new version, the
// version written, a coordinator refused.
func TestMigrationHook(t *testing.T) {
	v, path, _ := newVault(t)
	id := NewID()
	put(t, v, KindIntake, id, note{Text: "van versie 1"})
	coordPass := []byte("coordinator passphrase")
	if err := v.AddUser("Cees", RoleCoordinator, coordPass); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}

	oldFormat, oldSteps := currentFormat, migrations
	t.Cleanup(func() { currentFormat, migrations = oldFormat, oldSteps })
	ran := 0
	from := currentFormat
	currentFormat = from + 1
	migrations = map[uint32]func(*migrator) error{
		from: func(m *migrator) error { ran++; return m.resealAll() },
	}

	v, err := Open(path, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.FormatVersion() != from {
		t.Fatalf("format on open = %d", v.FormatVersion())
	}
	if err := v.Unlock("Cees", coordPass); !errors.Is(err, ErrNeedsUpgrade) || v.Unlocked() {
		t.Fatalf("coordinator unlocking an old vault: %v", err)
	}
	if err := v.Unlock(testUser, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if ran != 1 || v.FormatVersion() != from+1 {
		t.Fatalf("migration ran %d times, format %d", ran, v.FormatVersion())
	}
	if got, err := get(v, KindIntake, id); err != nil || got.Text != "van versie 1" {
		t.Fatalf("record after migration: %v %v", got, err)
	}
	rep, err := v.Check()
	if err != nil || !rep.OK() || rep.Format != from+1 {
		t.Fatalf("Check after migration: %v %+v", err, rep)
	}
	// The old version's associated data no longer opens the record.
	sealed := rawValue(t, v, "intakes", id)
	if _, err := openEnvelope(v.notes, recordAD(from, "intakes", id), sealed); err == nil {
		t.Fatal("record still opens with the old format's associated data")
	}
	v = reopen(t, v, path)
	if err := v.Unlock("Cees", coordPass); err != nil {
		t.Fatalf("coordinator after upgrade: %v", err)
	}

	// A vault from a newer version is refused.
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	currentFormat = from
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
	currentFormat, migrations = currentFormat+1, map[uint32]func(*migrator) error{}
	v, err := Open(path, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock("", []byte(testPass)); !errors.Is(err, ErrUnsupportedFormat) || v.Unlocked() {
		t.Fatalf("Unlock = %v", err)
	}
}
