package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// TestNewVaultBanner: init and demo show a new vault and its recovery
// code with the same words (printNewVault).
func TestNewVaultBanner(t *testing.T) {
	pass := []string{"SPREEKUUR_PASSPHRASE=" + annaPass}
	for _, cmd := range [][]string{{"init"}, {"demo", "--residents", "2"}} {
		t.Run(cmd[0], func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "v.db")
			r := spreekuur(t, pass, append([]string{"--db", db, "--user", "Anna"}, cmd...)...)
			code := codeRE.FindString(r.stdout)
			if r.code != 0 || code == "" {
				t.Fatalf("%s: exit %d\n%s\n%s", cmd[0], r.code, r.stdout, r.stderr)
			}
			var want bytes.Buffer
			printNewVault(&want, db, "Anna", store.RoleSupporter, []byte(code))
			if !strings.HasPrefix(r.stdout, want.String()) {
				t.Fatalf("%s output does not start with the banner:\n%s\nwant:\n%s", cmd[0], r.stdout, want.String())
			}
		})
	}
}

// TestVaultCatalogue: the catalogue of a vault has the overrides from the
// file next to it; a broken file is an error.
func TestVaultCatalogue(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	c, err := vaultCatalogue(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Location("bieb_noord"); ok {
		t.Fatal("a location from nowhere")
	}
	overrides := `{"version": 1, "locations": [{"code": "bieb_noord", "name": "Bibliotheek Noord"}]}`
	if err := os.WriteFile(intake.OverridesPath(db), []byte(overrides), 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err = vaultCatalogue(db); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Location("bieb_noord"); !ok {
		t.Fatal("the override next to the vault was not loaded")
	}
	if err := os.WriteFile(intake.OverridesPath(db), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := vaultCatalogue(db); err == nil {
		t.Fatal("a broken override file was accepted")
	}
}
