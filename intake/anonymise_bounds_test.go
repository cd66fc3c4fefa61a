package intake

import (
	"testing"
	"time"
)

// TestAnonymiseAlwaysEncodes: whatever an intake holds, its statistics
// record fits the encoding, so saving the intake never fails over it.
func TestAnonymiseAlwaysEncodes(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	base := func() Intake {
		in := NewIntake(now)
		in.Consent.Given = true
		return in
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Intake)
		check func(t *testing.T, s StatRecord)
	}{
		{"many contacts and referrals", func(in *Intake) {
			in.Contacts = make([]Contact, 150)
			in.Referrals = make([]Referral, 150)
		}, func(t *testing.T, s StatRecord) {
			if s.Contacts != 1+MaxItems || s.Referrals != MaxItems {
				t.Errorf("contacts %d referrals %d, want %d and %d", s.Contacts, s.Referrals, 1+MaxItems, MaxItems)
			}
		}},
		{"closed after more than a century", func(in *Intake) {
			in.Status = StatusClosed
			in.Created = time.Date(2016, 1, 1, 9, 0, 0, 0, time.UTC)
			in.ClosedAt = time.Date(2150, 1, 1, 9, 0, 0, 0, time.UTC)
		}, func(t *testing.T, s StatRecord) {
			if !s.Closed || s.TurnaroundDays != maxTurnaround {
				t.Errorf("closed %v turnaround %d, want closed and %d", s.Closed, s.TurnaroundDays, maxTurnaround)
			}
		}},
		{"unknown status", func(in *Intake) { in.Status = "weird" }, func(t *testing.T, s StatRecord) {
			if s.Status != StatusDraft {
				t.Errorf("status %q, want draft", s.Status)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := base()
			tc.edit(&in)
			s := Anonymise(in, Resident{}, now)
			b, err := s.MarshalBinary()
			if err != nil {
				t.Fatalf("record does not encode: %v", err)
			}
			back, err := DecodeStatRecord(b)
			if err != nil {
				t.Fatalf("record does not decode: %v", err)
			}
			tc.check(t, back)
		})
	}
}
