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

// TestFieldPathsDeep: a problem in a later letter of a later
// clarification is named by both indexes, and a text of exactly its
// maximum length (runes, not bytes; "\r\n" counting two) passes where
// one rune more does not (a reviewer's two gaps).
func TestFieldPathsDeep(t *testing.T) {
	c := DefaultCatalogue()
	in, _ := sampleIntake()
	in.Clarifications = append(in.Clarifications,
		Clarification{Domain: "work", Letters: []Letter{{Kind: LetterOther}, {Kind: "postcard"}}})
	i := len(in.Clarifications) - 1
	want := fmt.Sprintf("clarifications[%d].letters[1].kind", i)
	if errs := in.Validate(c, testNow); len(errs.For(want)) == 0 {
		t.Fatalf("no problem at %s: %v", want, errs)
	}
	if errs := in.CheckSafe(testNow); len(errs.For(want)) == 0 {
		t.Fatalf("CheckSafe: no problem at %s: %v", want, errs)
	}

	line := "é\r\n" + strings.Repeat("ë", MaxLine-3) // MaxLine runes, more bytes
	in, _ = sampleIntake()
	in.Agreements[0].What = line
	field := "agreements[0].what"
	if errs := in.CheckSafe(testNow); len(errs.For(field)) > 0 {
		t.Fatalf("a text of %d runes refused: %v", MaxLine, errs)
	}
	in.Agreements[0].What = line + "x"
	if errs := in.CheckSafe(testNow); len(errs.For(field)) == 0 {
		t.Fatalf("a text of %d runes passed", MaxLine+1)
	}
}
