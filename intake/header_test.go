package intake

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestHeaderDecodesFromIntakeJSON keeps Header's JSON names in step with
// Intake's: a renamed field would leave the header empty here.
func TestHeaderDecodesFromIntakeJSON(t *testing.T) {
	now := time.Date(2026, 5, 4, 13, 14, 15, 0, time.UTC)
	withResident := NewIntake(now)
	withResident.ResidentID = NewID()
	withResident.Location = "library"
	withResident.Status = StatusOpen
	withResident.Updated = now.Add(time.Hour)
	withResident.OwnWords = "not part of the header"
	withResident.Agencies = []AgencyCode{"uwv"}
	withResident.Clarifications = []Clarification{{Domain: "money", Happening: "not in the header", Agencies: []AgencyCode{"schuldhulp"},
		Letters: []Letter{{Kind: LetterApplication, From: "wmo_loket", Sent: D(2026, 4, 1), Answered: D(2026, 4, 10), About: "hulp"}}}}
	withResident.Agreements = []Agreement{{What: "bellen", Who: PartyAgency, Agency: "uwv", By: D(2026, 5, 10), Done: true, DoneOn: D(2026, 5, 4)}}
	withResident.Referrals = []Referral{{Agency: "ggz", On: D(2026, 5, 1), State: ReferralRefused, StateOn: D(2026, 5, 3), Why: "vol"}}
	withResident.NextAppointment = Appointment{At: now.Add(48 * time.Hour), Where: "library", Note: "brief mee"}
	withResident.Contacts = []Contact{{At: now.Add(time.Hour), Kind: ContactPhone, By: "anna", Note: "not in the header"}}
	anonymous := NewIntake(now)

	for name, in := range map[string]Intake{"with resident": withResident, "anonymous draft": anonymous} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			var h Header
			if err := json.Unmarshal(b, &h); err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(h)
			want, _ := json.Marshal(in.Header())
			if string(got) != string(want) {
				t.Errorf("decoded header\n%s\nwant\n%s", got, want)
			}
			if strings.Contains(string(got), "not in the header") || strings.Contains(string(got), "not part of the header") {
				t.Errorf("the header holds a text it does not need: %s", got)
			}
			if h.ID == "" || h.Status == "" || h.Updated.IsZero() {
				t.Errorf("header fields empty: %+v", h)
			}
		})
	}
}

// TestLastContact: the latest of the first contact and the follow-ups.
func TestLastContact(t *testing.T) {
	first := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	h := Header{Created: first}
	if !h.LastContact().Equal(first) {
		t.Fatalf("no follow-up: %v", h.LastContact())
	}
	later := first.Add(72 * time.Hour)
	h.Contacts = []ContactHeader{{At: later}, {At: first.Add(time.Hour)}}
	if !h.LastContact().Equal(later) {
		t.Fatalf("with follow-ups: %v, want %v", h.LastContact(), later)
	}
}
