package session_test

import (
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session/sessiontest"
)

// TestOverviewStampedOnlyWhenUnchanged: the overview carries the vault's
// stamp when nothing changed while it was read, and none when a write
// came between its two reads (the residents and the intakes): a list
// read half before and half after a write must not be kept as the list
// after it.
func TestOverviewStampedOnlyWhenUnchanged(t *testing.T) {
	for _, write := range []bool{false, true} {
		st := sessiontest.New()
		st.Stored = []intake.Resident{{ID: "r1", Pseudonym: "Ria", Created: now}}
		st.Records = []intake.Intake{{ID: "i1", ResidentID: "r1", Status: intake.StatusOpen, Created: now, Updated: now}}
		s := open(t, st, "anna", "correct horse battery")
		before, err := st.HomeStamp()
		if err != nil {
			t.Fatal(err)
		}
		reads := 0
		st.NotesRead = func(what string) {
			if what != "Residents" && what != "Intakes" {
				return
			}
			if reads++; reads == 2 && write { // between the two reads (the lock is held here)
				st.Stored[0].Pseudonym = "Ria renamed"
				st.Records[0].Status = intake.StatusClosed
			}
		}
		ov, err := s.Overview()
		if err != nil || reads != 2 {
			t.Fatalf("overview: %v, %d reads", err, reads)
		}
		if write == ov.Stamped || (!write && ov.Stamp != before) {
			t.Errorf("a write between the reads %v: stamped %v, the stamp before %v", write, ov.Stamped, ov.Stamp == before)
		}
	}
}
