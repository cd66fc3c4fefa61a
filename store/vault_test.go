package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	berrors "go.etcd.io/bbolt/errors"

	"github.com/spreekuur/spreekuur/intake"
)

func TestRoundTrip(t *testing.T) {
	v, path, _ := newVault(t)
	records := []struct {
		kind Kind
		id   string
		val  note
	}{
		{KindResident, NewID(), note{Text: "Woont sinds maart in de opvang."}},
		{KindIntake, NewID(), note{Text: "Brief van de gemeente, termijn 6 weken.", Tags: []string{"geld", "wonen"}}},
		{kindStatNote, NewID(), note{Text: "coded", Tags: []string{"2026-03"}}},
		{KindMeta, "settings", note{Text: "{}"}},
		{KindIntake, NewID(), note{Text: strings.Repeat("lang verhaal ", 500)}},
		{KindIntake, NewID(), note{Text: ""}},
	}
	for _, r := range records {
		put(t, v, r.kind, r.id, r.val)
	}
	v = reopen(t, v, path)
	if v.Unlocked() {
		t.Fatal("a freshly opened vault is unlocked")
	}
	if _, err := get(v, KindIntake, records[1].id); !errors.Is(err, ErrLocked) {
		t.Fatalf("read while locked: %v, want ErrLocked", err)
	}
	if err := v.Unlock("", []byte(testPass)); err != nil {
		t.Fatalf("Unlock: %v", err)
	}
	if name, role := v.User(); name != testUser || role != RoleSupporter {
		t.Fatalf("User() = %q, %q", name, role)
	}
	for _, r := range records {
		got, err := get(v, r.kind, r.id)
		if err != nil {
			t.Fatalf("Get %s: %v", r.kind, err)
		}
		if got.Text != r.val.Text || strings.Join(got.Tags, ",") != strings.Join(r.val.Tags, ",") {
			t.Fatalf("Get %s = %+v, want %+v", r.kind, got, r.val)
		}
	}
	err := v.View(func(tx *Tx) error {
		if n := tx.Count(KindIntake); n != 3 {
			t.Errorf("Count(intakes) = %d, want 3", n)
		}
		seen := 0
		err := tx.ForEach(KindIntake, func(id string, decode func(any) error) error {
			var n note
			seen++
			return decode(&n)
		})
		if seen != 3 {
			t.Errorf("ForEach saw %d, want 3", seen)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Update(func(tx *Tx) error { return tx.Delete(KindResident, records[0].id) }); err != nil {
		t.Fatal(err)
	}
	if _, err := get(v, KindResident, records[0].id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after Delete: %v, want ErrNotFound", err)
	}
	if _, err := get(v, KindResident, NewID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing id: %v, want ErrNotFound", err)
	}
	rep, err := v.Check()
	if err != nil || !rep.OK() {
		t.Fatalf("Check: %v %+v", err, rep.Failures)
	}
	if rep.Counts["intakes"] != 3 || rep.Counts["users"] != 1 || rep.Slots != 2 {
		t.Fatalf("Check counts = %v slots %d", rep.Counts, rep.Slots)
	}
}

func TestUpdateRollsBack(t *testing.T) {
	v, _, _ := newVault(t)
	id := NewID()
	boom := errors.New("boom")
	err := v.Update(func(tx *Tx) error {
		if err := tx.Put(KindIntake, id, note{Text: "x"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v", err)
	}
	if _, err := get(v, KindIntake, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("rolled-back record: %v, want ErrNotFound", err)
	}
	err = v.View(func(tx *Tx) error { return tx.Put(KindIntake, id, note{}) })
	if err == nil {
		t.Fatal("Put inside View succeeded")
	}
}

func TestInvalidInput(t *testing.T) {
	v, _, _ := newVault(t)
	tests := []struct {
		name string
		fn   func(tx *Tx) error
		want error
	}{
		{"empty id", func(tx *Tx) error { return tx.Put(KindIntake, "", note{}) }, ErrInvalidID},
		{"id with space", func(tx *Tx) error { return tx.Put(KindIntake, "Jan Jansen", note{}) }, ErrInvalidID},
		{"id too long", func(tx *Tx) error { return tx.Put(KindIntake, strings.Repeat("a", 129), note{}) }, ErrInvalidID},
		{"unknown kind", func(tx *Tx) error { return tx.Put(Kind("nope"), "a", note{}) }, ErrUnknownKind},
		{"internal bucket", func(tx *Tx) error { return tx.Put(Kind("slots"), "a", note{}) }, ErrUnknownKind},
		{"unencodable", func(tx *Tx) error { return tx.Put(KindIntake, "a", make(chan int)) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Update(tt.fn)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestRegisterKind(t *testing.T) {
	tests := []struct {
		kind    Kind
		class   KeyClass
		wantErr bool
	}{
		{"exports", NotesKey, false}, // already registered, same key
		{"exports", StatsKey, true},  // conflicting key
		{"slots", NotesKey, true},    // internal bucket
		{"with space", NotesKey, true},
		{"x-test-kind", 0, true},
		{"x-test-kind", StatsKey, false},
	}
	for _, tt := range tests {
		if err := RegisterKind(tt.kind, tt.class); (err != nil) != tt.wantErr {
			t.Errorf("RegisterKind(%q, %v) = %v", tt.kind, tt.class, err)
		}
	}
	v, _, _ := newVault(t)
	put(t, v, "x-test-kind", "a", note{Text: "new kind"})
	if got, err := get(v, "x-test-kind", "a"); err != nil || got.Text != "new kind" {
		t.Fatalf("new kind: %v %v", got, err)
	}
}

func TestUnlock(t *testing.T) {
	v, path, _ := newVault(t)
	if err := v.AddUser("Bram", RoleKompaan, []byte("bram's own passphrase")); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	tests := []struct {
		name, user, pass string
		want             error
		wantUser         string
	}{
		{"right", testUser, testPass, nil, testUser},
		{"name case and spaces", "  anna DE vries ", testPass, nil, testUser},
		{"no name picks by passphrase", "", "bram's own passphrase", nil, "Bram"},
		{"wrong passphrase", testUser, testPass + "!", ErrWrongPassphrase, ""},
		{"empty passphrase", "", "", ErrWrongPassphrase, ""},
		{"someone else's passphrase", testUser, "bram's own passphrase", ErrWrongPassphrase, ""},
		{"unknown user", "Carla", testPass, ErrWrongPassphrase, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Unlock(tt.user, []byte(tt.pass))
			if !errors.Is(err, tt.want) {
				t.Fatalf("Unlock = %v, want %v", err, tt.want)
			}
			if name, _ := v.User(); name != tt.wantUser || v.Unlocked() != (tt.want == nil) {
				t.Fatalf("after Unlock: user %q unlocked %v", name, v.Unlocked())
			}
		})
	}
}

func TestLockWipesKeys(t *testing.T) {
	v, _, _ := newVault(t)
	keys := v.keys
	keys.recordKey("made before the lock") // the record keys' HMAC, as a save makes it
	group, stats := keys.group.raw, keys.stats.raw
	groupAEAD, statsAEAD := aeadKeyBytes(keys.group.aead), aeadKeyBytes(keys.stats.aead)
	v.Lock()
	zero := make([]byte, keySize)
	for what, b := range map[string][]byte{"group key": group, "statistics key": stats, "group AEAD": groupAEAD, "statistics AEAD": statsAEAD} {
		if !bytes.Equal(b, zero) {
			t.Errorf("Lock left the %s in memory", what)
		}
	}
	if keys.digest != nil || keys.cell != nil || keys.group != nil && keys.groupPriv != nil {
		t.Error("Lock kept the digest's MAC, the record keys' MAC or the group's private key")
	}
	if v.Unlocked() {
		t.Fatal("still unlocked")
	}
	for name, err := range map[string]error{
		"Update":           v.Update(func(*Tx) error { return nil }),
		"View":             v.View(func(*Tx) error { return nil }),
		"AddUser":          v.AddUser("x", RoleKompaan, []byte(testPass)),
		"ChangePassphrase": v.ChangePassphrase([]byte(testPass)),
	} {
		if !errors.Is(err, ErrLocked) {
			t.Errorf("%s on a locked vault = %v, want ErrLocked", name, err)
		}
	}
	if _, err := v.Check(); !errors.Is(err, ErrLocked) {
		t.Errorf("Check locked = %v", err)
	}
	if _, err := v.Users(); !errors.Is(err, ErrLocked) {
		t.Errorf("Users locked = %v", err)
	}
}

func TestCreate(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.db")
	if err := os.WriteFile(existing, []byte("not mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, user string
		role             Role
		pass             string
		want             error
	}{
		{"exists", existing, testUser, RoleSupporter, testPass, ErrVaultExists},
		{"kompaan first", filepath.Join(dir, "a.db"), testUser, RoleKompaan, testPass, ErrNotPermitted},
		{"bad role", filepath.Join(dir, "b.db"), testUser, "admin", testPass, ErrInvalidRole},
		{"short passphrase", filepath.Join(dir, "c.db"), testUser, RoleSupporter, "kort", ErrPassphraseTooShort},
		{"empty passphrase", filepath.Join(dir, "c.db"), testUser, RoleSupporter, "", ErrPassphraseTooShort},
		{"empty name", filepath.Join(dir, "d.db"), "  ", RoleSupporter, testPass, ErrInvalidName},
		{"control char", filepath.Join(dir, "d.db"), "a\x1b[2J", RoleSupporter, testPass, ErrInvalidName},
		{"long name", filepath.Join(dir, "d.db"), strings.Repeat("x", 65), RoleSupporter, testPass, ErrInvalidName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Create(tt.path, tt.user, tt.role, []byte(tt.pass), testOpt)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Create = %v, want %v", err, tt.want)
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "not mine" {
		t.Fatal("Create touched an existing file")
	}
	for _, name := range []string{"a.db", "b.db", "c.db", "d.db"} {
		if Exists(filepath.Join(dir, name)) {
			t.Errorf("failed Create left %s behind", name)
		}
	}

	path := filepath.Join(dir, "sub", "dir", "vault.db")
	v, code, err := Create(path, testUser, RoleSupporter, []byte(testPass), testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if len(code) != 39 || bytes.Count(code, []byte("-")) != 7 {
		t.Fatalf("recovery code %q: want 8 groups of 4", code)
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("file mode %v (%v), want 0600", fi.Mode().Perm(), err)
		}
		di, _ := os.Stat(filepath.Dir(path))
		if di.Mode().Perm() != 0o700 {
			t.Fatalf("dir mode %v, want 0700", di.Mode().Perm())
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path string
		want       error
	}{
		{"missing", filepath.Join(dir, "missing.db"), ErrNoVault},
		{"empty file", write("empty.db", nil), ErrNotVault},
		{"garbage", write("garbage.db", bytes.Repeat([]byte("spreekuur"), 2000)), ErrNotVault},
		{"directory", dir, ErrNotVault},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Open(tt.path, testOpt)
			if !errors.Is(err, tt.want) {
				if v != nil {
					v.Close()
				}
				t.Fatalf("Open = %v, want %v", err, tt.want)
			}
		})
	}
	if Exists(filepath.Join(dir, "missing.db")) {
		t.Fatal("Open created a file")
	}
}

func TestVaultInUse(t *testing.T) {
	_, path, _ := newVault(t) // holds the lock
	start := time.Now()
	v2, err := Open(path, Options{Timeout: 300 * time.Millisecond})
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("second Open took %v", elapsed)
	}
	if !errors.Is(err, ErrVaultInUse) {
		if v2 != nil {
			v2.Close()
		}
		t.Fatalf("second Open = %v, want ErrVaultInUse", err)
	}
	// With the default timeout too, well under 2 s.
	start = time.Now()
	_, err = Open(path, Options{})
	if elapsed := time.Since(start); !errors.Is(err, ErrVaultInUse) || elapsed > 2*time.Second {
		t.Fatalf("default-timeout Open = %v after %v", err, elapsed)
	}
}

func TestChangePassphrase(t *testing.T) {
	v, path, _ := newVault(t)
	if err := v.AddUser("Bram", RoleKompaan, []byte("bram's own passphrase")); err != nil {
		t.Fatal(err)
	}
	id := NewID()
	put(t, v, KindIntake, id, note{Text: "blijft bewaard"})
	slotsBefore := slotBytes(t, v)
	before := snapshotBuckets(t, v)

	if err := v.ChangePassphrase([]byte("kort")); !errors.Is(err, ErrPassphraseTooShort) {
		t.Fatalf("short new passphrase: %v", err)
	}
	newPass := "een heel nieuwe zin voor anna"
	if err := v.ChangePassphrase([]byte(newPass)); err != nil {
		t.Fatal(err)
	}
	slotsAfter := slotBytes(t, v)
	changed := 0
	for id, b := range slotsBefore {
		if !bytes.Equal(b, slotsAfter[id]) {
			changed++
		}
	}
	if changed != 1 || len(slotsAfter) != len(slotsBefore) {
		t.Fatalf("%d slots changed, want exactly 1 (of %d)", changed, len(slotsBefore))
	}
	after := snapshotBuckets(t, v)
	if !bytes.Equal(before, after) {
		t.Fatal("records were re-encrypted by a passphrase change")
	}
	v = reopen(t, v, path)
	if err := v.Unlock(testUser, []byte(testPass)); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase: %v", err)
	}
	if err := v.Unlock(testUser, []byte(newPass)); err != nil {
		t.Fatalf("new passphrase: %v", err)
	}
	if got, err := get(v, KindIntake, id); err != nil || got.Text != "blijft bewaard" {
		t.Fatalf("data after change: %v %v", got, err)
	}
	if err := v.Unlock("Bram", []byte("bram's own passphrase")); err != nil {
		t.Fatalf("other user after change: %v", err)
	}
}

func TestRecovery(t *testing.T) {
	v, path, code := newVault(t)
	id := NewID()
	put(t, v, KindResident, id, note{Text: "herstel"})
	v = reopen(t, v, path)

	typo := bytes.Clone(code)
	if typo[0] == 'A' {
		typo[0] = 'B'
	} else {
		typo[0] = 'A'
	}
	tests := []struct {
		name string
		code []byte
		want error
	}{
		{"typo", typo, ErrBadRecoveryCode},
		{"too short", code[:20], ErrBadRecoveryCode},
		{"empty", nil, ErrBadRecoveryCode},
		{"passphrase is not a code", []byte(testPass), ErrBadRecoveryCode},
		{"lower case with spaces", []byte(" " + strings.ToLower(strings.ReplaceAll(string(code), "-", " ")) + "\n"), nil},
		{"as shown", code, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.UnlockWithRecovery(tt.code)
			if !errors.Is(err, tt.want) {
				t.Fatalf("UnlockWithRecovery = %v, want %v", err, tt.want)
			}
		})
	}
	if !v.Recovery() {
		t.Fatal("not a recovery session")
	}
	if got, err := get(v, KindResident, id); err != nil || got.Text != "herstel" {
		t.Fatalf("read with recovery: %v %v", got, err)
	}
	if err := v.ChangePassphrase([]byte("whatever long enough")); !errors.Is(err, ErrNotPermitted) {
		t.Fatalf("ChangePassphrase in a recovery session: %v", err)
	}
	if err := v.SetPassphraseWithRecovery("Niemand", []byte("whatever long enough")); !errors.Is(err, ErrUnknownUser) {
		t.Fatalf("unknown user: %v", err)
	}
	newPass := "na herstel een nieuwe zin"
	if err := v.SetPassphraseWithRecovery("", []byte(newPass)); err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("", []byte(testPass)); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase after reset: %v", err)
	}
	if err := v.Unlock("", []byte(newPass)); err != nil {
		t.Fatalf("new passphrase after reset: %v", err)
	}
	if err := v.SetPassphraseWithRecovery("", []byte(newPass)); !errors.Is(err, ErrNotPermitted) {
		t.Fatalf("SetPassphraseWithRecovery without recovery: %v", err)
	}
	// Wrapping with a wrong code must not silently open: a fresh code of the
	// right shape opens nothing.
	_, other, err := newRecoveryCode()
	if err != nil {
		t.Fatal(err)
	}
	if err := v.UnlockWithRecovery(other); !errors.Is(err, ErrBadRecoveryCode) || v.Unlocked() {
		t.Fatalf("foreign code: %v unlocked=%v", err, v.Unlocked())
	}
}

func TestCoordinatorHasNoNotesKey(t *testing.T) {
	v, path, _ := newVault(t)
	notesID, statID := NewID(), NewID()
	put(t, v, KindIntake, notesID, note{Text: "persoonlijk"})
	put(t, v, KindStat, statID, statRecord(7))
	coordPass := []byte("coordinator passphrase")
	if err := v.AddUser("Cees", RoleCoordinator, coordPass); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	if err := v.Unlock("Cees", coordPass); err != nil {
		t.Fatal(err)
	}
	if v.keys.group != nil || v.keys.member != nil || v.CanReadNotes() {
		t.Fatal("a coordinator's unlocked vault holds a notes key")
	}
	for _, k := range []Kind{KindIntake, KindResident, KindMeta, KindExport} {
		err := v.View(func(tx *Tx) error { var n note; return tx.Get(k, notesID, &n) })
		if !errors.Is(err, ErrNoAccess) {
			t.Errorf("Get %s: %v, want ErrNoAccess", k, err)
		}
		err = v.View(func(tx *Tx) error {
			return tx.ForEach(k, func(string, func(any) error) error { return nil })
		})
		if !errors.Is(err, ErrNoAccess) {
			t.Errorf("ForEach %s: %v, want ErrNoAccess", k, err)
		}
		err = v.Update(func(tx *Tx) error { return tx.Put(k, NewID(), note{}) })
		if !errors.Is(err, ErrNoAccess) {
			t.Errorf("Put %s: %v, want ErrNoAccess", k, err)
		}
		err = v.Update(func(tx *Tx) error { return tx.Delete(k, notesID) })
		if !errors.Is(err, ErrNoAccess) {
			t.Errorf("Delete %s: %v, want ErrNoAccess", k, err)
		}
	}
	var got intake.StatRecord
	if err := v.View(func(tx *Tx) error { return tx.Get(KindStat, statID, &got) }); err != nil || got.Key != 7 {
		t.Fatalf("coordinator reading stats: %+v %v", got, err)
	}
	if users, err := v.Users(); err != nil || len(users) != 2 {
		t.Fatalf("coordinator listing users: %v %v", users, err)
	}
	if err := v.AddUser("X", RoleCoordinator, coordPass); !errors.Is(err, ErrNotPermitted) {
		t.Fatalf("coordinator adding a user: %v", err)
	}
	rep, err := v.Check()
	if err != nil || !rep.OK() || rep.Skipped["intakes"] != 1 || rep.Counts["stats"] != 1 {
		t.Fatalf("coordinator Check: %v %+v", err, rep)
	}
	// The slot itself holds no notes key: decode it with the passphrase.
	for id, raw := range slotBytes(t, v) {
		if _, p, err := openSlot(id, raw, coordPass); err == nil {
			if p.Notes != nil || p.Role != RoleCoordinator {
				t.Fatalf("coordinator slot payload: role %q notes %v", p.Role, p.Notes != nil)
			}
			return
		}
	}
	t.Fatal("coordinator slot not found")
}

func TestUsers(t *testing.T) {
	v, _, _ := newVault(t)
	pass := []byte("a passphrase for tests")
	steps := []struct {
		name string
		do   func() error
		want error
	}{
		{"add kompaan", func() error { return v.AddUser("Bram", RoleKompaan, pass) }, nil},
		{"add coordinator", func() error { return v.AddUser("Cees", RoleCoordinator, pass) }, nil},
		{"duplicate (case)", func() error { return v.AddUser("bram", RoleSupporter, pass) }, ErrUserExists},
		{"bad role", func() error { return v.AddUser("Dirk", "admin", pass) }, ErrInvalidRole},
		{"short passphrase", func() error { return v.AddUser("Dirk", RoleKompaan, []byte("123")) }, ErrPassphraseTooShort},
		{"remove self", func() error { return v.RemoveUser(testUser) }, ErrNotPermitted},
		{"remove unknown", func() error { return v.RemoveUser("Zoë") }, ErrUnknownUser},
		{"remove coordinator", func() error { return v.RemoveUser("CEES") }, nil},
	}
	for _, s := range steps {
		if err := s.do(); !errors.Is(err, s.want) {
			t.Fatalf("%s: %v, want %v", s.name, err, s.want)
		}
	}
	users, err := v.Users()
	if err != nil {
		t.Fatal(err)
	}
	want := []User{{Name: testUser, Role: RoleSupporter}, {Name: "Bram", Role: RoleKompaan}}
	for i := range users {
		if len(users[i].ID) != 32 {
			t.Errorf("user %d has ID %q", i, users[i].ID)
		}
		users[i].ID = ""
	}
	if len(users) != 2 || users[0] != want[0] || users[1] != want[1] {
		t.Fatalf("Users = %v, want %v", users, want)
	}
	if err := v.Unlock("Cees", pass); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("removed user unlocks: %v", err)
	}
	if err := v.Unlock("Bram", pass); err != nil {
		t.Fatal(err)
	}
	if err := v.AddUser("Dirk", RoleKompaan, pass); !errors.Is(err, ErrNotPermitted) {
		t.Fatalf("kompaan adds a user: %v", err)
	}
	if err := v.RemoveUser(testUser); !errors.Is(err, ErrNotPermitted) {
		t.Fatalf("kompaan removes a user: %v", err)
	}
	// Last supporter, from a second supporter's session.
	if err := v.Unlock(testUser, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if err := v.AddUser("Eva", RoleSupporter, pass); err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("Eva", pass); err != nil {
		t.Fatal(err)
	}
	if err := v.RemoveUser(testUser); err != nil {
		t.Fatalf("removing one of two supporters: %v", err)
	}
	if users, _ := v.Users(); len(users) != 2 {
		t.Fatalf("after removals: %v", users)
	}
}

func TestLastSupporterWithRecovery(t *testing.T) {
	v, _, code := newVault(t)
	if err := v.UnlockWithRecovery(code); err != nil {
		t.Fatal(err)
	}
	if err := v.RemoveUser(testUser); !errors.Is(err, ErrLastSupporter) {
		t.Fatalf("RemoveUser(last supporter) = %v, want ErrLastSupporter", err)
	}
}

// TestCreateBuildsUnderATemporaryName: Create leaves nothing but the
// finished vault; it removes half-built vaults of interrupted Creates that
// are older than staleInit and leaves younger ones (another Create may be
// building one).
func TestCreateBuildsUnderATemporaryName(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.db")
	stale, young := path+".deadbeef"+initTmpSuffix, path+".cafebabe"+initTmpSuffix
	for _, p := range []string{stale, young} {
		if err := os.WriteFile(p, make([]byte, 16<<10), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * staleInit)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	v, _, err := Create(path, testUser, RoleSupporter, []byte(testPass), testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"vault.db", filepath.Base(young)}; !slices.Equal(names, want) {
		t.Fatalf("directory holds %v, want %v", names, want)
	}
	if rep, err := v.Check(); err != nil || !rep.OK() {
		t.Fatalf("Check of the new vault: %v %+v", err, rep.Failures)
	}
}

// TestWriteErrors: the file system's "disk full" and a read-only vault
// become the store's sentinels.
func TestWriteErrors(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want error
	}{
		{&fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, ErrDiskFull},
		{fmt.Errorf("commit: %w", &fs.PathError{Op: "fdatasync", Path: "x", Err: syscall.ENOSPC}), ErrDiskFull},
		{berrors.ErrDatabaseReadOnly, ErrReadOnly},
	} {
		if got := writeError(tt.err); !errors.Is(got, tt.want) {
			t.Errorf("writeError(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestNewRecoveryCodeVoidsTheOld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	v, oldCode, err := Create(path, "anna", RoleSupporter, []byte("correct horse battery"), Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.AddUser("karim", RoleKompaan, []byte("karims passphrase")); err != nil {
		t.Fatal(err)
	}
	newCode, err := v.NewRecoveryCode()
	if err != nil {
		t.Fatal(err)
	}
	if string(newCode) == string(oldCode) {
		t.Fatal("the same code again")
	}
	if err := v.UnlockWithRecovery(oldCode); !errors.Is(err, ErrBadRecoveryCode) {
		t.Fatalf("the old code still opens the vault: %v", err)
	}
	if err := v.UnlockWithRecovery(newCode); err != nil {
		t.Fatalf("the new code: %v", err)
	}
	if !v.CanReadNotes() {
		t.Fatal("the new recovery slot lacks the notes key")
	}
	// Not with the recovery code itself, and not as a kompaan.
	if _, err := v.NewRecoveryCode(); !errors.Is(err, ErrNotPermitted) {
		t.Errorf("with the recovery code: %v", err)
	}
	if err := v.Unlock("karim", []byte("karims passphrase")); err != nil {
		t.Fatal(err)
	}
	if _, err := v.NewRecoveryCode(); !errors.Is(err, ErrNotPermitted) {
		t.Errorf("as a kompaan: %v", err)
	}
	v.Lock()
	if _, err := v.NewRecoveryCode(); !errors.Is(err, ErrLocked) {
		t.Errorf("locked: %v", err)
	}
}
