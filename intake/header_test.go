package intake

import (
	"encoding/json"
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
			want := in.Header()
			if h.ID != want.ID || h.ResidentID != want.ResidentID || h.Status != want.Status ||
				!h.Updated.Equal(want.Updated) || h.Location != want.Location {
				t.Errorf("decoded header %+v, want %+v", h, want)
			}
			if h.ID == "" || h.Status == "" || h.Updated.IsZero() {
				t.Errorf("header fields empty: %+v", h)
			}
		})
	}
}
