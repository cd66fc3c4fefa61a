package session_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
)

// TestIntakeHeadersFromTheVault: the vault adapter reads every intake's
// header — decoded by several workers — as intake.Header makes it from
// the intake, none lost or mixed up; a closed intake's without its
// letters, agreements and referrals (nothing of it is due), with its
// agencies.
func TestIntakeHeadersFromTheVault(t *testing.T) {
	v, _, err := store.Create(filepath.Join(t.TempDir(), "v.db"), "anna", store.RoleSupporter, []byte("correct horse battery"),
		store.Options{KDF: store.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	cat := intake.DefaultCatalogue()
	want := map[string]intake.Header{}
	err = v.Update(func(tx *store.Tx) error {
		for i := range 300 {
			in := intake.NewIntake(now.Add(-time.Duration(i) * time.Hour))
			in.Status = intake.StatusOpen
			if i%3 == 0 {
				in.Status, in.ClosedAt = intake.StatusClosed, now
			}
			in.Agencies = []intake.AgencyCode{"uwv"}
			in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: in.Created}
			in.Agreements = []intake.Agreement{{What: strings.Repeat("x", i%7+1), Who: intake.PartyResident, By: intake.DateOf(now).AddDays(i % 9)}}
			in.Clarifications = []intake.Clarification{{Domain: "money", Agencies: []intake.AgencyCode{"schuldhulp"},
				Letters: []intake.Letter{{Kind: intake.LetterApplication, Sent: intake.DateOf(now).AddDays(-i)}}}}
			in.Notes = []intake.Note{{Author: "anna", Role: intake.RoleSupporter, At: now, Text: `"status":"closed" typed`}}
			if err := tx.SaveIntake(in, cat, now); err != nil {
				return err
			}
			want[in.ID] = in.Header()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := session.FromVault(v, cat, clock).IntakeHeaders()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d headers, want %d", len(got), len(want))
	}
	closed := 0
	for _, h := range got {
		w, ok := want[h.ID]
		if !ok {
			t.Fatalf("a header of no intake: %s", h.ID)
		}
		if h.Status != w.Status || !h.Created.Equal(w.Created) || !slices.Equal(h.Agencies, w.Agencies) ||
			len(h.Clarifications) != 1 || !slices.Equal(h.Clarifications[0].Agencies, w.Clarifications[0].Agencies) {
			t.Fatalf("header %s = %+v, want %+v", h.ID, h, w)
		}
		switch h.Status {
		case intake.StatusClosed:
			closed++
			if len(h.Agreements) != 0 || len(h.Clarifications[0].Letters) != 0 || len(h.Agenda(intake.DateOf(now))) != 0 {
				t.Fatalf("closed header %s decoded what only the agenda needs: %+v", h.ID, h)
			}
		default:
			if h.Agreements[0].What != w.Agreements[0].What || h.Clarifications[0].Letters[0].Sent != w.Clarifications[0].Letters[0].Sent ||
				!slices.Equal(h.AgencyCodes(), w.AgencyCodes()) {
				t.Fatalf("header %s = %+v, want %+v", h.ID, h, w)
			}
		}
		delete(want, h.ID)
	}
	if closed != 100 {
		t.Errorf("%d closed headers, want 100", closed)
	}
}
