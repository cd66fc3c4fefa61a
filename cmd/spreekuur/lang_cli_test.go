package main

import (
	"strings"
	"testing"
)

// TestCLILanguage: every kind of message — output, usage errors, errors
// the vault gives, help — follows --lang, else LC_ALL, LC_MESSAGES, LANG
// (Dutch when the first one set starts with nl), else English.
func TestCLILanguage(t *testing.T) {
	db, _ := initVault(t)
	anna := "SPREEKUUR_PASSPHRASE=" + annaPass
	wrong := "SPREEKUUR_PASSPHRASE=not the passphrase"
	nl, en := "LANG=nl_NL.UTF-8", "LANG=en_GB.UTF-8"
	tests := []struct {
		name string
		env  []string
		args []string
		code int
		out  string // in stdout
		err  string // in stderr
	}{
		{"output in Dutch", []string{anna, nl}, []string{"--db", db, "check"}, 0, "goed: elk gegeven is te ontsleutelen en echt", ""},
		{"no language set: English", []string{anna}, []string{"--db", db, "users", "list"}, 0, "NAME", ""},
		{"--lang before LANG", []string{anna, nl}, []string{"--db", db, "--lang", "en", "check"}, 0, "ok: every record", ""},
		{"--lang after the command", []string{anna, en}, []string{"--db", db, "check", "--lang", "nl"}, 0, "goed: elk gegeven", ""},
		{"LC_ALL before LANG", []string{anna, nl, "LC_ALL=en_US.UTF-8"}, []string{"--db", db, "check"}, 0, "ok: every record", ""},
		{"LC_MESSAGES", []string{anna, "LC_MESSAGES=nl_BE.UTF-8"}, []string{"--db", db, "check"}, 0, "goed: elk gegeven", ""},
		{"wrong passphrase in Dutch", []string{wrong, nl}, []string{"--db", db, "check"}, 3, "", "spreekuur: de naam of de wachtwoordzin klopt niet."},
		{"wrong passphrase in English", []string{wrong}, []string{"--db", db, "check"}, 3, "", "spreekuur: the name or the passphrase is not correct."},
		{"usage error in Dutch", []string{anna, nl}, []string{"--db", db, "check", "extra"}, 2, "", "check neemt geen argumenten"},
		{"a file that is not there, in Dutch", []string{nl}, []string{"--db", db, "check", "--passphrase-file", "/nergens/geheim"}, 1, "", "het bestand bestaat niet"},
		{"unknown command in Dutch", []string{nl}, []string{"opruimen"}, 2, "", "onbekende opdracht"},
		{"help in Dutch", []string{nl}, []string{"help"}, 0, "opdrachten:", ""},
		{"an import refused, in Dutch", []string{anna, nl}, []string{"--db", db, "import", db}, 1, "", "naast dit bestand staat geen handtekening"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := spreekuur(t, tt.env, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.out) || !strings.Contains(r.stderr, tt.err) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
		})
	}
}
