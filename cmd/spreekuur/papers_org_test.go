package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// TestSettingsOrganisation: the organisation's name and phone number are a
// vault setting; a supporter sets them (who and when are kept), one flag
// at a time keeps the other, a kompaan and a coordinator may not set them
// (they may see them: nothing personal, docs/FORMAT.md "settings"), bad
// values are usage errors, and the
// sheet and plan then carry them with the name of who made the paper.
func TestSettingsOrganisation(t *testing.T) {
	db, inID, _, _ := residentVault(t)
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass, statsNow}
	karim := []string{"SPREEKUUR_PASSPHRASE=" + karimPass, statsNow}
	carla := []string{"SPREEKUUR_PASSPHRASE=" + carlaPass, statsNow}
	tests := []struct {
		name   string
		env    []string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"never set", anna, []string{"settings", "organisation"}, 0, `organisation (not set), phone (not set) (never set)`, ""},
		{"both", anna, []string{"settings", "organisation", "--name", "Stichting Samen Sterk", "--phone", "020 123 45 67"}, 0,
			`organisation "Stichting Samen Sterk", phone "020 123 45 67" (set by Anna on 2026-11-27`, ""},
		{"the phone alone keeps the name", anna, []string{"settings", "organisation", "--phone", "+31 (0)20-1234567"}, 0,
			`organisation "Stichting Samen Sterk", phone "+31 (0)20-1234567"`, ""},
		{"letters in a phone number", anna, []string{"settings", "organisation", "--phone", "bel ons"}, 2, "", "phone number is at most 30"},
		{"a name too long", anna, []string{"settings", "organisation", "--name", strings.Repeat("x", 81)}, 2, "", "at most 80 characters"},
		{"flags without the setting", anna, []string{"settings", "--name", "X"}, 2, "", "--name and --phone set the organisation"},
		{"a kompaan may not", karim, []string{"--user", "Karim", "settings", "organisation", "--name", "X"}, 1, "", "your role may not do this"},
		{"a coordinator sees it", carla, []string{"--user", "Carla", "settings", "organisation"}, 0, `organisation "Stichting Samen Sterk"`, ""},
		{"a coordinator may not change it", carla, []string{"--user", "Carla", "settings", "organisation", "--name", "X"}, 1, "", "your role may not do this"},
		{"all settings, for a supporter", anna, []string{"settings"}, 0, `stats-threshold 10`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := spreekuur(t, tt.env, append([]string{"--db", db}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
		})
	}
	if r := spreekuur(t, anna, "--db", db, "settings"); !strings.Contains(r.stdout, `organisation "Stichting Samen Sterk"`) {
		t.Errorf("settings does not show the organisation: %s", r.stdout)
	}
	if r := spreekuur(t, carla, "--db", db, "--user", "Carla", "settings"); r.code != 0 || !strings.Contains(r.stdout, "Samen") {
		t.Errorf("a coordinator's settings: %d %q %q", r.code, r.stdout, r.stderr)
	}
	for _, kind := range []string{"sheet", "plan"} {
		out := filepath.Join(t.TempDir(), kind+".txt")
		if r := spreekuur(t, anna, "--db", db, "export", kind, "--intake", inID[:8], "-o", out); r.code != 0 {
			t.Fatalf("export %s: %s", kind, r.stderr)
		}
		b, _ := os.ReadFile(out)
		for _, want := range []string{"Naam: Anna", "Organisatie: Stichting Samen Sterk", "Telefoon: +31 (0)20-1234567"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("the %s lacks %q:\n%s", kind, want, b)
			}
		}
	}
}

// TestExportLetter: `export letter` writes the letter for a late decision
// (dates from the vault and the clock), says which are there when there
// are several, and refuses when the municipality is not late.
func TestExportLetter(t *testing.T) {
	db, notLate, _, _ := residentVault(t) // a Wmo report made yesterday: not late
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	v, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("Anna", []byte(annaPass)); err != nil {
		t.Fatal(err)
	}
	in := intake.NewIntake(now.AddDate(0, -1, 0))
	in.Status, in.Consent = intake.StatusOpen, intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: in.Created}
	in.Clarifications = []intake.Clarification{{Domain: "self_care", Letters: []intake.Letter{
		{Kind: intake.LetterApplication, From: "wmo_loket", Sent: intake.D(2026, 11, 2), About: "huishoudelijke hulp"},
		{Kind: intake.LetterWmoReport, From: "wmo_loket", Sent: intake.D(2026, 10, 9)},
	}}}
	err = v.Update(func(tx *store.Tx) error { return tx.SaveIntake(in, intake.DefaultCatalogue(), now) })
	_ = v.Close()
	if err != nil {
		t.Fatal(err)
	}
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass, statsNow}
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		want   []string
		stderr string
	}{
		{"the one late longest", []string{"--intake", in.ID[:8]}, 0, []string{"Onderwerp: ingebrekestelling", "maandag 16 november 2026", "artikel 4:17"}, ""},
		{"the second", []string{"--intake", in.ID[:8], "--late", "2"}, 0, []string{"Onderwerp: aanvraag voor hulp uit de Wmo", "vrijdag 20 november 2026"}, ""},
		{"english", []string{"--intake", in.ID[:8], "--lang", "en"}, 0, []string{"Subject: notice of default"}, ""},
		{"no third", []string{"--intake", in.ID[:8], "--late", "3"}, 2, nil, "--late must be from 1 to 2"},
		{"not late", []string{"--intake", notLate}, 1, nil, "the municipality is not late"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.Repeat("x", i+1)+".txt")
			r := spreekuur(t, anna, append([]string{"--db", db, "export", "letter", "-o", out}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, want %d: %s", r.code, tt.code, r.stderr)
			}
			if tt.code != 0 {
				if _, err := os.Stat(out); err == nil {
					t.Error("a file was written")
				}
				return
			}
			b, _ := os.ReadFile(out)
			for _, w := range tt.want {
				if !strings.Contains(flat(string(b)), flat(w)) {
					t.Errorf("the letter lacks %q:\n%s", w, b)
				}
			}
		})
	}
}
