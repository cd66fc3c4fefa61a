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
			in.Status, in.ClosedAt = StatusClosed, now.Add(time.Hour)
		}, func(t *testing.T, s StatRecord) {
			if s.Contacts != ContactsSix {
				t.Errorf("contacts band %d, want %d", s.Contacts, ContactsSix)
			}
		}},
		{"closed after more than a century", func(in *Intake) {
			in.Status = StatusClosed
			in.Created = time.Date(2016, 1, 1, 9, 0, 0, 0, time.UTC)
			in.ClosedAt = time.Date(2150, 1, 1, 9, 0, 0, 0, time.UTC)
		}, func(t *testing.T, s StatRecord) {
			if !s.Closed || s.TurnaroundDays != MaxTurnaround || s.ClosedMonth != "2150-01" {
				t.Errorf("closed %v in %s after %d days, want closed in 2150-01 after %d", s.Closed, s.ClosedMonth, s.TurnaroundDays, MaxTurnaround)
			}
		}},
		{"closed in 2200", func(in *Intake) {
			in.Status = StatusClosed
			in.ClosedAt = time.Date(2200, 1, 1, 9, 0, 0, 0, time.UTC)
		}, func(t *testing.T, s StatRecord) {
			if s.Closed {
				t.Errorf("closed in %s: a month a record cannot hold", s.ClosedMonth)
			}
		}},
		{"closed without a closing time", func(in *Intake) { in.Status = StatusClosed }, func(t *testing.T, s StatRecord) {
			if s.Closed || s.Appreciation != 0 {
				t.Errorf("closed %v: no month to count the closure in", s.Closed)
			}
		}},
		{"closed before first contact", func(in *Intake) {
			in.Status, in.ClosedAt = StatusClosed, now.AddDate(0, -2, 0)
			in.Closure.Appreciation = 5
		}, func(t *testing.T, s StatRecord) {
			if s.Closed || s.Appreciation != 0 {
				t.Errorf("closed %v appreciation %d: a closing time before the first contact is not counted", s.Closed, s.Appreciation)
			}
		}},
		{"unknown status", func(in *Intake) { in.Status = "weird" }, func(t *testing.T, s StatRecord) {
			if s.Closed {
				t.Errorf("unknown status counted as closed")
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
