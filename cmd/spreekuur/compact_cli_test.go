package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/store"
)

// TestCompactCommand: compact rewrites a demo vault that check still
// passes, says so in the language asked for, and leaves a vault another
// process holds alone (exit 4).
func TestCompactCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	pass := "SPREEKUUR_PASSPHRASE=" + annaPass
	if r := spreekuur(t, []string{pass}, "--db", db, "demo", "--user", "Anna", "--residents", "40"); r.code != exitOK {
		t.Fatalf("demo: %d %s", r.code, r.stderr)
	}
	for _, tt := range []struct {
		lang, want string
	}{
		{"en", "was rewritten without free space"},
		{"nl", "is opnieuw geschreven zonder vrije ruimte"},
	} {
		r := spreekuur(t, nil, "--db", db, "--lang", tt.lang, "compact")
		if r.code != exitOK || !strings.Contains(r.stdout, tt.want) {
			t.Fatalf("compact --lang %s: exit %d\n%s%s", tt.lang, r.code, r.stdout, r.stderr)
		}
	}
	if r := spreekuur(t, []string{pass}, "--db", db, "check", "--deep"); r.code != exitOK {
		t.Fatalf("check after compact: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	v, err := store.Open(db, store.Options{KDF: cheapKDF, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if r := spreekuur(t, nil, "--db", db, "compact"); r.code != exitVaultInUse {
		t.Fatalf("compact of a vault in use: exit %d\n%s", r.code, r.stderr)
	}
}
