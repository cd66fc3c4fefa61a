package store

import (
	"errors"
	"testing"
)

// TestRequireSupporter: the one check for a supporter's tasks (managing
// users, handover bundles), for every role.
func TestRequireSupporter(t *testing.T) {
	v, path, code := newVault(t)
	kompaan, coord := []byte("kompaan passphrase"), []byte("coordinator passphrase")
	if err := v.AddUser("Kees", RoleKompaan, kompaan); err != nil {
		t.Fatal(err)
	}
	if err := v.AddUser("Cees", RoleCoordinator, coord); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	tests := []struct {
		name   string
		unlock func() error
		want   []error // nil: allowed
		not    error   // an error it must not be
	}{
		{"locked", func() error { return nil }, []error{ErrLocked}, ErrNotPermitted},
		{"supporter", func() error { return v.Unlock(testUser, []byte(testPass)) }, nil, nil},
		{"recovery", func() error { return v.UnlockWithRecovery(code) }, nil, nil},
		{"kompaan", func() error { return v.Unlock("Kees", kompaan) }, []error{ErrNotPermitted}, ErrNoAccess},
		{"coordinator", func() error { return v.Unlock("Cees", coord) }, []error{ErrNotPermitted, ErrNoAccess}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v.Lock()
			if err := tt.unlock(); err != nil {
				t.Fatal(err)
			}
			err := v.RequireSupporter()
			if tt.want == nil && err != nil {
				t.Fatalf("RequireSupporter = %v, want nil", err)
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("RequireSupporter = %v, want %v", err, w)
				}
			}
			if tt.not != nil && errors.Is(err, tt.not) {
				t.Errorf("RequireSupporter = %v, must not be %v", err, tt.not)
			}
			// AddUser asks the same question.
			if tt.want != nil {
				if err := v.AddUser("Nieuw", RoleKompaan, []byte("new user passphrase")); !errors.Is(err, tt.want[0]) {
					t.Errorf("AddUser = %v, want %v", err, tt.want[0])
				}
			}
		})
	}
}
