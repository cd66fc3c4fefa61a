package intake

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzInertTextAsBefore: inertText, the one pass a free text's check
// makes, says what the three passes before it said (valid UTF-8, inert
// once "\r\n" is read as "\n", the number of runes).
func FuzzInertTextAsBefore(f *testing.F) {
	for _, s := range []string{"", "gewoon", "twee\r\nregels", "los \r", "\r", "\r\r\n", "\n\r", "a\tb\n",
		"\x1b[31m", "\u202e", "\u0085", "\xff", "é\xc3", "\uFFFD", "naïef €5", "\r\n\r\n", "x\r\ny\rz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		wantOK := utf8.ValidString(s) && IsInert(strings.ReplaceAll(s, "\r\n", "\n"))
		n, ok := inertText(s)
		if ok != wantOK {
			t.Fatalf("%q: inertText says %v, before %v", s, ok, wantOK)
		}
		if ok && n != utf8.RuneCountInString(s) {
			t.Fatalf("%q: %d runes, before %d", s, n, utf8.RuneCountInString(s))
		}
	})
}

// TestFieldPathsAfterLists: a problem in a field after a list (agreements,
// referrals, contacts, notes, clarifications) is named by its own path, not
// inside the list's last item, whichever lists the record has.
func TestFieldPathsAfterLists(t *testing.T) {
	for _, drop := range []string{"nothing", "agreements", "referrals", "contacts", "notes", "clarifications",
		"too many referrals", "too many contacts", "too many notes", "too many letters"} {
		t.Run(drop, func(t *testing.T) {
			in, _ := sampleIntake()
			switch drop {
			case "agreements":
				in.Agreements = nil
			case "referrals":
				in.Referrals = nil
			case "contacts":
				in.Contacts = nil
			case "notes":
				in.Notes = nil
			case "clarifications":
				in.Clarifications = nil
			case "too many referrals":
				in.Referrals = make([]Referral, MaxItems+1)
			case "too many contacts":
				in.Contacts = make([]Contact, MaxItems+1)
			case "too many notes":
				in.Notes = make([]Note, MaxItems+1)
			case "too many letters":
				in.Clarifications = append(in.Clarifications, Clarification{Domain: "work", Letters: make([]Letter, MaxItems+1)})
			}
			in.NextAppointment.Note = "\x1b[2J"
			in.Closure.Appreciation = 9
			in.Agencies = append(in.Agencies, "Not A Code!")
			in.ClarifiedQuestion = "\u202e"
			var got []string
			for _, e := range in.CheckSafe(testNow) {
				got = append(got, e.Field)
			}
			want := []string{fmt.Sprintf("agencies[%d]", len(in.Agencies)-1), "clarified_question", "closure.appreciation", "next_appointment.note"}
			if list, ok := strings.CutPrefix(drop, "too many "); ok {
				if list == "letters" {
					list = fmt.Sprintf("clarifications[%d].letters", len(in.Clarifications)-1)
				}
				want = append(want, list)
				slices.Sort(want)
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("problems at %v, want %v", got, want)
			}
		})
	}
}
