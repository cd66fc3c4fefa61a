package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

const corPass = "cor's passphrase for tests"

// statsNow is the clock of these tests: the third quarter of 2026 is the
// last that is over.
const statsNow = "SPREEKUUR_TEST_NOW=2026-11-27T10:00:00Z"

// putStats saves n intakes in the third quarter of 2026 as Anna (a
// supporter), as the app does; the first three at the shelter, a small
// count. It returns them.
func putStats(t *testing.T, db string, n int) []intake.Intake {
	t.Helper()
	v := annaVault(t, db)
	defer v.Close()
	var ins []intake.Intake
	err := v.Update(func(tx *store.Tx) error {
		for i := range n {
			in := intake.NewIntake(time.Date(2026, time.Month(7+i%3), 1+i%28, 10, 0, 0, 0, time.UTC))
			in.Location = "library"
			if i < 3 {
				in.Location = "shelter"
			}
			in.SetScan("money", intake.Worries)
			if err := tx.SaveIntake(in, intake.DefaultCatalogue(), in.Created); err != nil {
				return err
			}
			ins = append(ins, in)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ins
}

// TestExportStatsCoordinator: a coordinator, who holds no notes key,
// exports the statistics of a fixed period; the command says where it
// wrote, never how many records it counted; reading notes as that
// coordinator is refused.
func TestExportStatsCoordinator(t *testing.T) {
	db, _ := initVault(t)
	putStats(t, db, 60)
	anna := "SPREEKUUR_PASSPHRASE=" + annaPass
	if r := spreekuur(t, []string{anna, "SPREEKUUR_NEW_PASSPHRASE=" + corPass}, "--db", db, "users", "add", "Cor", "--role", "coordinator"); r.code != 0 {
		t.Fatalf("users add: %d %s", r.code, r.stderr)
	}
	cor := "SPREEKUUR_PASSPHRASE=" + corPass
	dir := t.TempDir()
	for _, format := range []string{"csv", "json", "html"} {
		out := filepath.Join(dir, "stats."+format)
		r := spreekuur(t, []string{cor, statsNow}, "--db", db, "--user", "Cor", "export", "stats", "--format", format, "--period", "2026-Q3", "-o", out)
		if r.code != 0 || !strings.Contains(r.stdout, out) || !strings.Contains(r.stdout, "period 2026-Q3") {
			t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", format, r.code, r.stdout, r.stderr)
		}
		for _, n := range []int{60, 3, 57} { // intakes, at the shelter, at the library
			if strings.Contains(r.stdout, " "+strconv.Itoa(n)+" ") || strings.Contains(r.stdout, strconv.Itoa(n)+" of") {
				t.Errorf("%s: the command prints a count (%d): %s", format, n, r.stdout)
			}
		}
		fi, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", format, fi.Mode().Perm())
		}
		data, _ := os.ReadFile(out)
		switch format {
		case "csv":
			if !strings.HasPrefix(string(data), "\ufefftabel;") || !strings.Contains(string(data), ";<10;") || !strings.Contains(string(data), "2026-Q3 (2026-07 t/m 2026-09)") {
				t.Errorf("csv: %.300s", data)
			}
		case "json":
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil || doc["format"] != "spreekuur-statistics" || doc["period"] != "2026-Q3" || doc["published"] != "2026-11-27" {
				t.Errorf("json: %v %v %v %v", err, doc["format"], doc["period"], doc["published"])
			}
		case "html":
			if strings.Contains(string(data), "//") || !strings.Contains(string(data), "<svg") {
				t.Errorf("html not self-contained or without charts")
			}
		}
	}

	// The coordinator's key slot opens the statistics only.
	v, err := store.Open(db, store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock("Cor", []byte(corPass)); err != nil {
		t.Fatal(err)
	}
	if v.CanReadNotes() {
		t.Error("coordinator can read notes")
	}
	err = v.View(func(tx *store.Tx) error {
		return tx.ForEach(store.KindIntake, func(string, func(any) error) error { return nil })
	})
	if !errors.Is(err, store.ErrNoAccess) {
		t.Errorf("notes read as coordinator: %v, want ErrNoAccess", err)
	}
}

func TestExportStatsFlags(t *testing.T) {
	db, _ := initVault(t)
	putStats(t, db, 12)
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass, statsNow}
	dir := t.TempDir()
	existing := filepath.Join(dir, "exists.csv")
	if err := os.WriteFile(existing, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(dir, "a")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
		wantOut  string
	}{
		{"no kind", []string{"export"}, 2, "stats", ""},
		{"unknown kind", []string{"export", "pictures"}, 2, "unknown export", ""},
		{"no format", []string{"export", "stats", "-o", a}, 2, "--format", ""},
		{"bad format", []string{"export", "stats", "--format", "xlsx", "-o", a}, 2, "csv, json or html", ""},
		{"no output", []string{"export", "stats", "--format", "csv"}, 2, "-o FILE", ""},
		{"from is gone", []string{"export", "stats", "--format", "csv", "--from", "2025-01", "-o", a}, 2, "--from is gone: statistics cover one fixed period", ""},
		{"to is gone", []string{"export", "stats", "--format", "csv", "--to=2025-01", "-o", a}, 2, "--to is gone", ""},
		{"threshold is gone", []string{"export", "stats", "--format", "csv", "--threshold", "5", "-o", a}, 2, "the minimum cell size is a setting of the vault", ""},
		{"bad period", []string{"export", "stats", "--format", "csv", "--period", "2026-01..2026-03", "-o", a}, 2, "--period must be a month (2026-11), a quarter (2026-Q3) or a year (2026)", ""},
		{"period not over", []string{"export", "stats", "--format", "csv", "--period", "2026-Q4", "-o", a}, 2, "2026-Q4 is not over yet; add --provisional", ""},
		{"nothing over yet", []string{"export", "stats", "--format", "csv", "--period", "2026-11", "--provisional", "-o", a}, 2, "no month of 2026-11 is over yet", ""},
		{"provisional", []string{"export", "stats", "--format", "csv", "--period", "2026", "--provisional", "-o", filepath.Join(dir, "p.csv")}, 0, "", "period 2026, PROVISIONAL: counted 2026-01 to 2026-10"},
		{"default period", []string{"export", "stats", "--format", "csv", "-o", filepath.Join(dir, "d.csv")}, 0, "", "period 2026-Q3,"},
		{"bad flag", []string{"export", "stats", "--bogus"}, 2, "bogus", ""},
		{"exists", []string{"export", "stats", "--format", "csv", "-o", existing}, 1, "--force", ""},
		{"directory", []string{"export", "stats", "--format", "csv", "-o", dir}, 1, dir + " is a directory; give the name of a file", ""},
		{"directory with force", []string{"export", "stats", "--format", "csv", "-o", dir, "--force"}, 1, dir + " is a directory; give the name of a file", ""},
		{"force", []string{"export", "stats", "--format", "json", "--period", "2026-08", "-o", existing, "--force"}, 0, "", "period 2026-08,"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := spreekuur(t, anna, append([]string{"--db", db}, tt.args...)...)
			if r.code != tt.wantCode || !strings.Contains(r.stderr, tt.wantErr) || !strings.Contains(r.stdout, tt.wantOut) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.wantCode, r.stdout, r.stderr)
			}
			if tt.wantCode != 0 && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("stderr is not one line:\n%s", r.stderr)
			}
		})
	}
	if data, _ := os.ReadFile(existing); !strings.Contains(string(data), "spreekuur-statistics") {
		t.Errorf("--force did not replace the file: %.40s", data)
	}
	if fi, _ := os.Stat(existing); fi.Mode().Perm() != 0o600 {
		t.Errorf("forced file mode %v", fi.Mode().Perm())
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "p.csv")); !strings.Contains(string(data), "Voorlopig;;ja;;") {
		t.Errorf("a provisional CSV does not say so: %.400s", data)
	}
}

// TestExportStatsFixed: the first export of a period fixes its figures; an
// edit of one of its intakes afterwards changes nothing in the next export
// of that period, and the command says the figures are the fixed ones.
func TestExportStatsFixed(t *testing.T) {
	db, _ := initVault(t)
	ins := putStats(t, db, 90)
	env := []string{"SPREEKUUR_PASSPHRASE=" + annaPass, statsNow}
	dir := t.TempDir()
	export := func(name string) (string, result) {
		out := filepath.Join(dir, name)
		r := spreekuur(t, env, "--db", db, "export", "stats", "--format", "json", "--period", "2026-Q3", "-o", out)
		if r.code != 0 {
			t.Fatalf("export: %d %s", r.code, r.stderr)
		}
		data, _ := os.ReadFile(out)
		return string(data), r
	}
	first, r := export("first.json")
	if !strings.Contains(r.stdout, "fixed now") {
		t.Errorf("first export: %s", r.stdout)
	}
	v, err := store.Open(db, store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("Anna", []byte(annaPass)); err != nil {
		t.Fatal(err)
	}
	for _, in := range ins[:10] { // ten intakes move to the shelter and get an urgent domain
		in.Location = "shelter"
		in.SetScan("addiction", intake.Urgent)
		if err := v.Update(func(tx *store.Tx) error { return tx.SaveIntake(in, intake.DefaultCatalogue(), in.Created) }); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	second, r := export("second.json")
	if second != first || !strings.Contains(r.stdout, "fixed at the first export on 2026-11-27") {
		t.Errorf("the second export differs from the first, or does not say it is fixed: %s", r.stdout)
	}
	// September alone was never exported: it counts the edits.
	out := filepath.Join(dir, "sep.json")
	if r := spreekuur(t, env, "--db", db, "export", "stats", "--format", "json", "--period", "2026-09", "-o", out); r.code != 0 {
		t.Fatalf("september: %s", r.stderr)
	}
}

// TestSettingsThreshold: the minimum cell size is a vault setting; a
// supporter sets it (who and when are kept and shown), a coordinator
// cannot (so no reader can search thresholds), out-of-range values are
// usage errors, and an export uses the setting.
func TestSettingsThreshold(t *testing.T) {
	db, _ := initVault(t)
	putStats(t, db, 60)
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass, statsNow}
	if r := spreekuur(t, []string{anna[0], "SPREEKUUR_NEW_PASSPHRASE=" + corPass}, "--db", db, "users", "add", "Cor", "--role", "coordinator"); r.code != 0 {
		t.Fatalf("users add: %s", r.stderr)
	}
	cor := []string{"SPREEKUUR_PASSPHRASE=" + corPass, statsNow}
	tests := []struct {
		name    string
		env     []string
		args    []string
		code    int
		stdout  string
		stderr  string
		wantThr string
	}{
		{"default", cor, []string{"--user", "Cor", "settings", "stats-threshold"}, 0, "stats-threshold 10 (the default, never changed)", "", ""},
		{"too small", anna, []string{"settings", "stats-threshold", "4"}, 2, "", "from 5 to 1000", ""},
		{"not a number", anna, []string{"settings", "stats-threshold", "ten"}, 2, "", "whole number", ""},
		{"unknown setting", anna, []string{"settings", "colour", "blue"}, 2, "", "unknown setting", ""},
		{"supporter sets", anna, []string{"settings", "stats-threshold", "15"}, 0, "stats-threshold 15 (set by Anna on 2026-11-27", "", ""},
		{"coordinator may not", cor, []string{"--user", "Cor", "settings", "stats-threshold", "5"}, 1, "", "your role may not do this", ""},
		{"shown to anyone", cor, []string{"--user", "Cor", "settings"}, 0, "stats-threshold 15 (set by Anna", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := spreekuur(t, tt.env, append([]string{"--db", db}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
		})
	}
	out := filepath.Join(t.TempDir(), "s.json")
	if r := spreekuur(t, cor, "--db", db, "--user", "Cor", "export", "stats", "--format", "json", "-o", out); r.code != 0 || !strings.Contains(r.stdout, "minimum cell size 15") {
		t.Fatalf("export: %d %s %s", r.code, r.stdout, r.stderr)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `"threshold": 15`) || !strings.Contains(string(data), `"display": "<15"`) {
		t.Errorf("export does not use the vault's threshold: %s", data)
	}
}
