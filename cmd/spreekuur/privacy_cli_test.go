package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// TestLogCommand: the access log shows what the commands did, to a
// supporter only, filtered by resident and day; reading it is logged; a
// wrong passphrase shows up after the next supporter's unlock.
func TestLogCommand(t *testing.T) {
	db, inID, resID, _ := residentVault(t)
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass}
	dir := t.TempDir()
	if r := spreekuur(t, anna, "--db", db, "export", "sheet", "--intake", inID, "-o", filepath.Join(dir, "s.pdf")); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=not annas passphrase"}, "--db", db, "--user", "Anna", "users", "list"); r.code != exitWrongPassword {
		t.Fatalf("wrong passphrase: exit %d", r.code)
	}
	if r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=not annas passphrase"}, "--db", db, "--user", "Anna", "log"); r.code != exitWrongPassword {
		t.Fatalf("wrong passphrase: exit %d", r.code)
	}
	r := spreekuur(t, anna, "--db", db, "--lang", "en", "log")
	if r.code != 0 {
		t.Fatalf("log: exit %d %s", r.code, r.stderr)
	}
	for _, want := range []string{"WHEN", "print", "sheet", "Anna (supporter)", inID[:8], resID[:8], "unlock-failed", "log-read"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("log lacks %q:\n%s", want, r.stdout)
		}
	}
	// The read-only users list could not record its own failed unlock;
	// the log command's could (it opens the vault for writing).
	if n := strings.Count(r.stdout, "unlock-failed"); n != 1 {
		t.Errorf("%d failed unlocks in the log, want 1:\n%s", n, r.stdout)
	}
	mine := spreekuur(t, anna, "--db", db, "log", "--resident", resID[:6])
	if mine.code != 0 || !strings.Contains(mine.stdout, "print") || strings.Contains(mine.stdout, "unlock-failed") {
		t.Errorf("log --resident:\n%s\n%s", mine.stdout, mine.stderr)
	}
	future := spreekuur(t, anna, "--db", db, "log", "--since", time.Now().AddDate(0, 0, 2).Format("2006-01-02"))
	if future.code != 0 || strings.Contains(future.stdout, "print") {
		t.Errorf("log --since the day after tomorrow:\n%s", future.stdout)
	}
	for _, who := range []struct{ user, pass string }{{"Carla", carlaPass}, {"Karim", karimPass}} {
		r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + who.pass}, "--db", db, "--user", who.user, "log")
		if r.code != exitFailure || r.stdout != "" {
			t.Errorf("%s reads the log: exit %d\n%s", who.user, r.code, r.stdout)
		}
	}
	if r := spreekuur(t, anna, "--db", db, "check"); r.code != 0 {
		t.Errorf("check after logging: %s\n%s", r.stdout, r.stderr)
	}
}

// TestEraseCommand: erase names what goes, needs --yes without a
// terminal, erases, writes the receipt, and the resident is gone for
// every later command; check stays clean.
func TestEraseCommand(t *testing.T) {
	db, inID, resID, _ := residentVault(t)
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass}
	dir := t.TempDir()
	if r := spreekuur(t, anna, "--db", db, "erase", "--resident", resID); r.code != exitUsage || !strings.Contains(r.stderr, "--yes") {
		t.Fatalf("without a terminal and --yes: exit %d %s", r.code, r.stderr)
	}
	if r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + karimPass}, "--db", db, "--user", "Karim", "erase", "--resident", resID, "--yes"); r.code != exitFailure {
		t.Fatalf("a kompaan erased: exit %d", r.code)
	}
	receipt := filepath.Join(dir, "bewijs.txt")
	r := spreekuur(t, anna, "--db", db, "--lang", "nl", "erase", "--resident", resID[:8], "--yes", "-o", receipt)
	if r.code != 0 {
		t.Fatalf("erase: exit %d %s", r.code, r.stderr)
	}
	for _, want := range []string{"Dit wordt gewist", "Zoë", inID[:8], "Gewist: bewoner " + resID[:8] + " en 1 gesprek", "spreekuur compact"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	b, err := os.ReadFile(receipt)
	if err != nil {
		t.Fatal(err)
	}
	if txt := strings.Join(strings.Fields(string(b)), " "); !strings.Contains(txt, "Uw gegevens zijn gewist") || !strings.Contains(txt, resID[:8]) || strings.Contains(txt, paperNote) {
		t.Errorf("receipt:\n%s", b)
	}
	if r := spreekuur(t, anna, "--db", db, "export", "sheet", "--intake", inID, "-o", filepath.Join(dir, "s.pdf")); r.code != exitFailure || !strings.Contains(r.stderr, "no intake") {
		t.Errorf("the erased intake still exports: %d %s", r.code, r.stderr)
	}
	if r := spreekuur(t, anna, "--db", db, "check"); r.code != 0 {
		t.Errorf("check after erasure: %s\n%s", r.stdout, r.stderr)
	}
	l := spreekuur(t, anna, "--db", db, "log", "--resident", resID)
	if !strings.Contains(l.stdout, "erase") || !strings.Contains(l.stdout, "receipt") {
		t.Errorf("the log of the erased resident:\n%s", l.stdout)
	}
}

// TestEraseCompaction: erase offers compaction; with --compact no 32-byte
// window of the erased resident's, intake's or index entry's stored bytes
// is left in the file and the log holds the compaction; without it
// (--no-compact, or --yes without a terminal) the command says the old
// bytes stay until `spreekuur compact`; both flags is a usage error.
func TestEraseCompaction(t *testing.T) {
	cases := []struct {
		name  string
		flags []string
		code  int
		gone  bool   // no window of the erased values left
		say   string // in stdout or stderr
	}{
		{"compact", []string{"--compact"}, 0, true, "opnieuw geschreven zonder de oude versies"},
		{"no-compact", []string{"--no-compact"}, 0, false, "spreekuur compact"},
		{"yes without a terminal", nil, 0, false, "niet opnieuw geschreven"},
		{"both", []string{"--compact", "--no-compact"}, exitUsage, false, "not both"},
	}
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, inID, resID, _ := residentVault(t)
			// A second conversation with long notes: its stored value
			// spans overflow pages that the command's own small writes
			// after the erasure do not all reuse.
			bigID := bigIntake(t, db, resID)
			windows := map[[32]byte]bool{}
			bdb, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			_ = bdb.View(func(tx *bolt.Tx) error {
				for _, kv := range [][2]string{{"residents", resID}, {"intakes", inID}, {"intakeindex", inID}, {"intakes", bigID}, {"intakeindex", bigID}} {
					val := tx.Bucket([]byte(kv[0])).Get([]byte(kv[1]))
					if len(val) < 64 {
						t.Fatalf("%s/%s: %d bytes", kv[0], kv[1], len(val))
					}
					for j := 0; j+32 <= len(val); j++ {
						windows[[32]byte(val[j:j+32])] = true
					}
				}
				return nil
			})
			_ = bdb.Close()
			r := spreekuur(t, anna, append([]string{"--db", db, "--lang", "nl", "erase", "--resident", resID, "--yes"}, c.flags...)...)
			if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.say) {
				t.Fatalf("exit %d, want %d; lacks %q:\n%s\n%s", r.code, c.code, c.say, r.stdout, r.stderr)
			}
			if c.code != 0 {
				return
			}
			file, err := os.ReadFile(db)
			if err != nil {
				t.Fatal(err)
			}
			left := 0
			for j := 0; j+32 <= len(file); j++ {
				if windows[[32]byte(file[j:j+32])] {
					left++
				}
			}
			if (left == 0) != c.gone {
				t.Errorf("%d windows of the erased values in the file; gone=%v wanted", left, c.gone)
			}
			l := spreekuur(t, anna, "--db", db, "log")
			if strings.Contains(l.stdout, "compact") != c.gone {
				t.Errorf("compaction in the log: %v, want %v:\n%s", !c.gone, c.gone, l.stdout)
			}
			if r := spreekuur(t, anna, "--db", db, "check"); r.code != 0 {
				t.Errorf("check: %s%s", r.stdout, r.stderr)
			}
		})
	}
}

// bigIntake adds a conversation with about 40 KB of notes to resident
// resID of the vault at db, and returns its ID.
func bigIntake(t *testing.T, db, resID string) string {
	t.Helper()
	v := annaVault(t, db)
	defer v.Close()
	now := time.Now()
	in := intake.NewIntake(now)
	in.ResidentID, in.Status = resID, intake.StatusOpen
	in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
	in.Notes = []intake.Note{{Author: "Anna", Role: intake.RoleSupporter, At: now, Text: strings.Repeat("Een lange aantekening over de brieven. ", 1000)}}
	if err := v.Update(func(tx *store.Tx) error { return tx.SaveIntake(in, intake.DefaultCatalogue(), now) }); err != nil {
		t.Fatal(err)
	}
	return in.ID
}

// TestCompactCommandLogged: `spreekuur compact` needs no passphrase; its
// compaction reaches the access log at the next supporter's unlock.
func TestCompactCommandLogged(t *testing.T) {
	db, _, _, _ := residentVault(t)
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass}
	if r := spreekuur(t, anna, "--db", db, "log"); r.code != 0 || strings.Contains(r.stdout, "compact") {
		t.Fatalf("log before: %d %s%s", r.code, r.stdout, r.stderr)
	}
	if r := spreekuur(t, nil, "--db", db, "compact"); r.code != 0 {
		t.Fatalf("compact: %d %s", r.code, r.stderr)
	}
	if r := spreekuur(t, anna, "--db", db, "log"); !strings.Contains(r.stdout, "compact") {
		t.Errorf("no compaction in the log:\n%s", r.stdout)
	}
}

// TestRetentionCommand: the preview lists residents past the period with
// what still runs and erases nothing; --apply erases only those for whom
// nothing runs; the setting moves the line.
func TestRetentionCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	v, _, err := store.Create(db, "Anna", store.RoleSupporter, []byte(annaPass), store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	cat := intake.DefaultCatalogue()
	mk := func(name string, monthsAgo int, edit func(*intake.Intake)) string {
		at := now.AddDate(0, -monthsAgo, 0)
		r := intake.NewResident(name, at)
		in := intake.NewIntake(at)
		in.ResidentID, in.Status = r.ID, intake.StatusOpen
		in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: at}
		if edit != nil {
			edit(&in)
		}
		if err := v.Update(func(tx *store.Tx) error {
			if err := tx.Put(store.KindResident, r.ID, r); err != nil {
				return err
			}
			return tx.SaveIntake(in, cat, now)
		}); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	old := mk("Oud", 30, nil)
	agreed := mk("Afspraak", 28, func(in *intake.Intake) {
		in.Agreements = []intake.Agreement{{What: "bellen", Who: intake.PartySupporter}}
	})
	recent := mk("Nieuw", 4, nil)
	_ = v.Close()
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass, "LANG=nl_NL.UTF-8"}
	pre := spreekuur(t, anna, "--db", db, "retention")
	if pre.code != 0 || !strings.Contains(pre.stdout, "Te wissen: 2") || !strings.Contains(pre.stdout, old[:8]) || !strings.Contains(pre.stdout, "open afspraak") ||
		strings.Contains(pre.stdout, recent[:8]) || !strings.Contains(pre.stdout, "niets gewist") {
		t.Fatalf("preview: %d\n%s%s", pre.code, pre.stdout, pre.stderr)
	}
	if r := spreekuur(t, anna, "--db", db, "retention", "--apply"); r.code != exitUsage {
		t.Fatalf("--apply without a terminal or --yes: %d", r.code)
	}
	app := spreekuur(t, anna, "--db", db, "retention", "--apply", "--yes")
	if app.code != 0 || !strings.Contains(app.stdout, "1 bewoner(s) gewist, 1 niet") {
		t.Fatalf("apply: %d\n%s%s", app.code, app.stdout, app.stderr)
	}
	after := spreekuur(t, anna, "--db", db, "retention")
	if !strings.Contains(after.stdout, "Te wissen: 1") || !strings.Contains(after.stdout, agreed[:8]) || strings.Contains(after.stdout, old[:8]) {
		t.Fatalf("after apply:\n%s", after.stdout)
	}
	if r := spreekuur(t, anna, "--db", db, "settings", "retention", "36"); r.code != 0 || !strings.Contains(r.stdout, "retention 36") {
		t.Fatalf("setting: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := spreekuur(t, anna, "--db", db, "retention"); !strings.Contains(r.stdout, "Te wissen: 0") {
		t.Fatalf("with 36 months:\n%s", r.stdout)
	}
	if r := spreekuur(t, anna, "--db", db, "settings", "retention", "2"); r.code != exitUsage {
		t.Fatalf("2 months: %d", r.code)
	}
	if r := spreekuur(t, anna, "--db", db, "check"); r.code != 0 {
		t.Errorf("check: %s\n%s", r.stdout, r.stderr)
	}
}

// TestUsersRemoveRotate: removing a supporter with --rotate renews every
// key: a new recovery code is shown once (the old one stops working), the
// removed supporter is out, everyone else still opens the vault and reads
// what they read before, and check finds nothing.
func TestUsersRemoveRotate(t *testing.T) {
	db, code := initVault(t)
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass}
	if r := spreekuur(t, append(anna, "SPREEKUUR_NEW_PASSPHRASE=bert's passphrase for tests"), "--db", db, "users", "add", "Bert", "--role", "supporter"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := spreekuur(t, append(anna, "SPREEKUUR_NEW_PASSPHRASE="+carlaPass), "--db", db, "users", "add", "Carla", "--role", "coordinator"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := spreekuur(t, anna, "--db", db, "--lang", "nl", "users", "remove", "Bert", "--rotate")
	if r.code != 0 {
		t.Fatalf("remove --rotate: %d %s", r.code, r.stderr)
	}
	newCode := codeRE.FindString(r.stdout)
	if newCode == "" || newCode == code || !strings.Contains(r.stdout, "alle sleutels vernieuwd") || !strings.Contains(r.stdout, "opnieuw geschreven zonder de oude versies") || !strings.Contains(r.stdout, "Carla") || !strings.Contains(r.stdout, "volgende openen: ") || !strings.Contains(r.stderr, "Sleutels vernieuwen:") {
		t.Fatalf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	if r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=bert's passphrase for tests"}, "--db", db, "--user", "Bert", "users", "list"); r.code != exitWrongPassword {
		t.Errorf("Bert after removal: exit %d", r.code)
	}
	for _, u := range []struct{ name, pass string }{{"Carla", carlaPass}, {"Anna", annaPass}} {
		if r := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + u.pass}, "--db", db, "--user", u.name, "settings"); r.code != 0 {
			t.Errorf("%s after the rotation: exit %d %s", u.name, r.code, r.stderr)
		}
	}
	if r := spreekuur(t, anna, "--db", db, "check"); r.code != 0 {
		t.Errorf("check after the rotation:\n%s%s", r.stdout, r.stderr)
	}
	if r := spreekuur(t, anna, "--db", db, "log"); !strings.Contains(r.stdout, "key-rotation") || !strings.Contains(r.stdout, "compact") || !strings.Contains(r.stdout, "rotation") {
		t.Errorf("no rotation and compaction after it in the log:\n%s", r.stdout)
	}
	old := spreekuur(t, []string{"SPREEKUUR_RECOVERY_CODE=" + code, "SPREEKUUR_NEW_PASSPHRASE=whatever passphrase"}, "--db", db, "--user", "Anna", "passwd", "--recovery")
	if old.code != exitWrongPassword {
		t.Errorf("the old recovery code: exit %d %s", old.code, old.stderr)
	}
}
