package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

const corPass = "cor's passphrase for tests"

// putStats writes n statistics records as Anna (a supporter), as the app
// does when intakes are saved.
func putStats(t *testing.T, db string, n int) {
	t.Helper()
	v, err := store.Open(db, store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock("Anna", []byte(annaPass)); err != nil {
		t.Fatal(err)
	}
	err = v.Update(func(tx *store.Tx) error {
		for i := range n {
			r := intake.StatRecord{
				V: intake.StatVersion, Month: intake.Month(fmt.Sprintf("2025-%02d", 1+i%3)), Location: "library",
				Status: intake.StatusClosed, Closed: true, TurnaroundDays: 5 + i%20, Appreciation: 3 + i%3, Contacts: 1 + i%2,
				Domains: []intake.DomainStep{{Domain: "money", Scale: intake.Worries}},
			}
			if i < 3 {
				r.Location = "shelter" // a small count
			}
			if err := tx.Put(store.KindStat, fmt.Sprintf("stat%04d", i), r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestExportStatsCoordinator: a coordinator, who holds no notes key,
// exports the statistics; reading notes as that coordinator is refused.
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
		r := spreekuur(t, []string{cor}, "--db", db, "--user", "Cor", "export", "stats", "--format", format, "--from", "2025-01", "--to", "2025-03", "-o", out)
		if r.code != 0 || !strings.Contains(r.stdout, out) || !strings.Contains(r.stdout, "60 of 60") {
			t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", format, r.code, r.stdout, r.stderr)
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
			if !strings.HasPrefix(string(data), "\ufefftabel;") || !strings.Contains(string(data), ";<10;") {
				t.Errorf("csv: %.200s", data)
			}
		case "json":
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil || doc["format"] != "spreekuur-statistics" {
				t.Errorf("json: %v %v", err, doc["format"])
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
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass}
	dir := t.TempDir()
	existing := filepath.Join(dir, "exists.csv")
	if err := os.WriteFile(existing, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no kind", []string{"export"}, 2, "stats"},
		{"unknown kind", []string{"export", "pictures"}, 2, "unknown export"},
		{"no format", []string{"export", "stats", "-o", filepath.Join(dir, "a")}, 2, "--format"},
		{"bad format", []string{"export", "stats", "--format", "xlsx", "-o", filepath.Join(dir, "a")}, 2, "csv, json or html"},
		{"no output", []string{"export", "stats", "--format", "csv"}, 2, "-o FILE"},
		{"threshold 4", []string{"export", "stats", "--format", "csv", "--threshold", "4", "-o", filepath.Join(dir, "a")}, 2, "at least 5"},
		{"bad month", []string{"export", "stats", "--format", "csv", "--from", "2025-13", "-o", filepath.Join(dir, "a")}, 2, "--from"},
		{"from after to", []string{"export", "stats", "--format", "csv", "--from", "2025-06", "--to", "2025-01", "-o", filepath.Join(dir, "a")}, 2, "after"},
		{"bad flag", []string{"export", "stats", "--bogus"}, 2, "bogus"},
		{"exists", []string{"export", "stats", "--format", "csv", "-o", existing}, 1, "--force"},
		{"directory", []string{"export", "stats", "--format", "csv", "-o", dir}, 1, dir + " is a directory; give the name of a file"},
		{"directory with force", []string{"export", "stats", "--format", "csv", "-o", dir, "--force"}, 1, dir + " is a directory; give the name of a file"},
		{"force", []string{"export", "stats", "--format", "json", "-o", existing, "--force"}, 0, ""},
		{"threshold 5", []string{"export", "stats", "--format", "csv", "--threshold", "5", "-o", filepath.Join(dir, "t5.csv")}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := spreekuur(t, anna, append([]string{"--db", db}, tt.args...)...)
			if r.code != tt.wantCode || !strings.Contains(r.stderr, tt.wantErr) {
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
}
