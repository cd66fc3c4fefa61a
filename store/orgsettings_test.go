package store

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestOrganisation: a supporter sets the name and phone printed on the
// papers; bad values and other roles are refused; it survives reopening.
func TestOrganisation(t *testing.T) {
	v, path, _ := newVault(t)
	if o, err := v.Organisation(); err != nil || o != (Organisation{}) {
		t.Fatalf("never set: %+v %v", o, err)
	}
	if err := v.AddUser("Kim", RoleKompaan, []byte("Kim passphrase")); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 9, 30, 12, 500, time.UTC)
	tests := []struct {
		name, phone string
		wantErr     error
	}{
		{"  Stichting Samen Verder ", " 020-123 45 67 ", nil},
		{strings.Repeat("x", MaxOrganisationName+1), "", ErrOrganisation},
		{"Twee\nregels", "", ErrOrganisation},
		{"Samen", "bel ons", ErrOrganisation},
		{"Samen", strings.Repeat("1", MaxOrganisationPhone+1), ErrOrganisation},
	}
	for _, tt := range tests {
		if _, err := v.SetOrganisation(tt.name, tt.phone, now); !errors.Is(err, tt.wantErr) {
			t.Errorf("%q %q: err %v, want %v", tt.name, tt.phone, err, tt.wantErr)
		}
	}
	want := Organisation{Name: "Stichting Samen Verder", Phone: "020-123 45 67", ChangedBy: testUser, ChangedAt: now.Truncate(time.Second)}
	v = reopen(t, v, path)
	if err := v.Unlock("Kim", []byte("Kim passphrase")); err != nil {
		t.Fatal(err)
	}
	if o, err := v.Organisation(); err != nil || o != want {
		t.Fatalf("after reopen: %+v %v, want %+v", o, err, want)
	}
	if _, err := v.SetOrganisation("Ander", "", now); !errors.Is(err, ErrNotPermitted) {
		t.Errorf("kompaan may not change it: %v", err)
	}
}
