package conversation_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/intake/conversation/conversationtest"
)

func TestReadYear(t *testing.T) {
	today := intake.D(2026, 11, 27)
	tests := []struct {
		in         string
		want       int
		err        string
		incomplete bool
	}{
		{"1975", 1975, "", false},
		{" 1975 ", 1975, "", false},
		{"", 0, "", false},
		{"2026", 2026, "", false},
		{"1900", 1900, "", false},
		{"1850", 0, "Dit jaar kan niet: kies een jaar tussen 1900 en 2026.", false},
		{"2030", 0, "Dit jaar kan niet: kies een jaar tussen 1900 en 2026.", false},
		{"85", 0, "Dit jaar kan niet", true},
		{"abc", 0, "Dit jaar kan niet", false},
		{"19755", 0, "Dit jaar kan niet", false},
	}
	for _, tt := range tests {
		got, err := conversation.ReadYear(tt.in, today)
		if got != tt.want {
			t.Errorf("ReadYear(%q) = %d, want %d", tt.in, got, tt.want)
		}
		checkErr(t, "ReadYear("+tt.in+")", err, tt.err, tt.incomplete)
	}
}

func checkErr(t *testing.T, what string, err error, want string, incomplete bool) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Errorf("%s: unexpected error %v", what, err)
		}
		return
	}
	ie, ok := conversation.AsInputError(err)
	if !ok {
		t.Errorf("%s: error %v, want an InputError %q", what, err, want)
		return
	}
	if !strings.Contains(ie.Msg.NL, want) {
		t.Errorf("%s: message %q, want it to contain %q", what, ie.Msg.NL, want)
	}
	if ie.Msg.EN == "" {
		t.Errorf("%s: no English message", what)
	}
	if ie.Incomplete != incomplete {
		t.Errorf("%s: incomplete = %v, want %v", what, ie.Incomplete, incomplete)
	}
}

func TestReadDate(t *testing.T) {
	tests := []struct {
		in         string
		want       intake.Date
		err        string
		incomplete bool
	}{
		{"27-11-2026", intake.D(2026, 11, 27), "", false},
		{"27/11/2026", intake.D(2026, 11, 27), "", false},
		{"27.11.2026", intake.D(2026, 11, 27), "", false},
		{"3-4-2026", intake.D(2026, 4, 3), "", false},
		{"2026-11-27", intake.D(2026, 11, 27), "", false},
		{"29-02-2024", intake.D(2024, 2, 29), "", false},
		{"", intake.Date{}, "", false},
		{"31-02-2026", intake.Date{}, "31 februari bestaat niet.", false},
		{"29-02-2025", intake.Date{}, "29 februari bestaat niet.", false},
		{"31-04-2026", intake.Date{}, "31 april bestaat niet.", false},
		{"27-13-2026", intake.Date{}, "Maand 13 bestaat niet.", false},
		{"27-1", intake.Date{}, "Typ de datum zo", true},
		{"27-11-", intake.Date{}, "Typ de datum zo", true},
		{"27-11-20", intake.Date{}, "Typ de datum zo", true},
		{"morgen", intake.Date{}, "Typ de datum zo", false},
		{"1-2-3-4", intake.Date{}, "Typ de datum zo", false},
	}
	for _, tt := range tests {
		got, err := conversation.ReadDate(tt.in)
		if got != tt.want {
			t.Errorf("ReadDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
		checkErr(t, "ReadDate("+tt.in+")", err, tt.err, tt.incomplete)
	}
}

func TestReadDateTime(t *testing.T) {
	got, err := conversation.ReadDateTime("4-12-2026 10:15", nil)
	if err != nil || got.Format("2006-01-02 15:04") != "2026-12-04 10:15" {
		t.Fatalf("ReadDateTime = %v, %v", got, err)
	}
	_, err = conversation.ReadDateTime("4-12-2026", nil)
	checkErr(t, "day only", err, "Typ datum en tijd zo", true)
	_, err = conversation.ReadDateTime("4-12-2026 25:00", nil)
	checkErr(t, "25:00", err, "Deze tijd bestaat niet", false)
	_, err = conversation.ReadDateTime("31-02-2026 10:00", nil)
	checkErr(t, "31 feb", err, "31 februari bestaat niet", false)
}

func TestReadTextLimit(t *testing.T) {
	long := strings.Repeat("a", 5000)
	got, err := conversation.ReadText(long, 2000, true)
	if utf8.RuneCountInString(got) != 2000 {
		t.Fatalf("kept %d runes, want 2000", utf8.RuneCountInString(got))
	}
	ie, ok := conversation.AsInputError(err)
	if !ok || !ie.Kept {
		t.Fatalf("err = %v, want a Kept InputError", err)
	}
	if want := "Te lang: 2.000 tekens is het meest. 3.000 tekens zijn niet bewaard."; ie.Msg.NL != want {
		t.Errorf("nl = %q, want %q", ie.Msg.NL, want)
	}
	if want := "Too long: 2,000 characters is the most. 3,000 characters were not kept."; ie.Msg.EN != want {
		t.Errorf("en = %q, want %q", ie.Msg.EN, want)
	}
	// Control characters are left out with a message; a CR-LF is not one.
	got, err = conversation.ReadText("a\x1b[2Jb", 100, false)
	if got != "a[2Jb" || err == nil {
		t.Errorf("escape: got %q, %v", got, err)
	}
	if got, err = conversation.ReadText("één\ntwee", 100, false); got != "één twee" || err != nil {
		t.Errorf("one line: got %q, %v", got, err)
	}
}

func newDraft() (*conversation.Draft, *conversation.Context) {
	c := conversationtest.Context("nl")
	d := &conversation.Draft{Intake: intake.NewIntake(conversationtest.Now)}
	return d, c
}

func field(t *testing.T, def *conversation.Definition, key string) *conversation.Field {
	t.Helper()
	var found *conversation.Field
	def.Walk(func(_ *conversation.Step, _, f *conversation.Field) {
		if f.Key == key {
			found = f
		}
	})
	if found == nil {
		t.Fatalf("no field %q", key)
	}
	return found
}

// TestEveryFieldFillsAndReadsBack fills every field of the definition
// directly and reads it back: the definition itself is complete and
// consistent (each rendering's own parity test does the same through it).
func TestEveryFieldFillsAndReadsBack(t *testing.T) {
	def := conversation.New()
	d, c := newDraft()
	set := func(v conversationtest.Visit, val conversation.Value) error { return v.Field.Set(v.At, val) }
	add := func(v conversationtest.Visit) (int, error) { return v.Field.List.Add(v.At) }
	visits, err := conversationtest.Fill(def, d, c, set, add)
	if err != nil {
		t.Fatal(err)
	}
	if err := conversationtest.Check(visits); err != nil {
		t.Fatal(err)
	}
	// Every field of the definition was reached.
	for _, key := range conversationtest.Missed(def, visits) {
		t.Errorf("field %s was never filled", key)
	}
	if len(d.Intake.Clarifications) != len(c.Cat.Domains) {
		t.Errorf("clarifications = %d, want one per domain", len(d.Intake.Clarifications))
	}
	if errs := d.Intake.CheckSafe(conversationtest.Now); len(errs) > 0 {
		t.Errorf("the filled intake is not safe to store: %v", errs)
	}
}

func TestDefinitionIsWellFormed(t *testing.T) {
	def := conversation.New()
	keys := map[string]bool{}
	def.Walk(func(s *conversation.Step, parent, f *conversation.Field) {
		if keys[f.Key] {
			t.Errorf("duplicate key %s", f.Key)
		}
		keys[f.Key] = true
		if f.Label.NL == "" || f.Label.EN == "" {
			t.Errorf("%s: label missing in a language: %+v", f.Key, f.Label)
		}
		if (f.Help.NL == "") != (f.Help.EN == "") {
			t.Errorf("%s: help in one language only", f.Key)
		}
		switch f.Kind {
		case conversation.KindInfo:
			if f.Info == nil {
				t.Errorf("%s: info without Info", f.Key)
			}
		case conversation.KindList:
			if f.List == nil || f.List.Count == nil || f.List.Title == nil {
				t.Errorf("%s: list without Count or Title", f.Key)
			}
			if f.List.Remove != nil && f.List.RemoveConfirm == nil {
				t.Errorf("%s: items can be removed without a confirmation", f.Key)
			}
		default:
			if f.Get == nil || f.Set == nil {
				t.Errorf("%s: no Get or Set", f.Key)
			}
			if f.Kind.Typed() && f.Limit <= 0 {
				t.Errorf("%s: typed field without a limit", f.Key)
			}
			if (f.Kind == conversation.KindChoice || f.Kind == conversation.KindMulti) && f.Options == nil {
				t.Errorf("%s: choice without options", f.Key)
			}
		}
	})
	for _, s := range def.Steps {
		if s.Title.NL == "" || s.Intro.NL == "" || s.Intro.EN == "" {
			t.Errorf("step %s: title or intro missing", s.ID)
		}
	}
}

func TestConsentWithdrawalAsksAndNamesWhatGoes(t *testing.T) {
	def := conversation.New()
	d, c := newDraft()
	a := conversation.At{D: d, C: c}
	consent := field(t, def, "start.consent")

	// Nothing written yet: withdrawing needs no question.
	if err := consent.Set(a, conversation.Value{Yes: true}); err != nil {
		t.Fatal(err)
	}
	if q := consent.Confirm(a, conversation.Value{Yes: false}); q != nil {
		t.Errorf("nothing written, yet a question: %+v", q)
	}

	d.Resident = intake.Resident{ID: "res1234567", Pseudonym: "Ali B."}
	d.Intake.ResidentID = d.Resident.ID
	d.Intake.OwnWords = "Ik heb schulden"
	d.Intake.Notes = []intake.Note{{Author: "anna", Text: "x"}, {Author: "anna", Text: "y"}}
	d.Intake.Clarifications = []intake.Clarification{{Domain: "money", Letters: []intake.Letter{{Kind: intake.LetterDecision}}}}
	q := consent.Confirm(a, conversation.Value{Yes: false})
	if q == nil {
		t.Fatal("withdrawing consent with notes written asks nothing")
	}
	var all []string
	for _, r := range q.Removes {
		all = append(all, r.NL)
	}
	joined := strings.Join(all, "\n")
	for _, want := range []string{"Ali B.", "De vraag in eigen woorden", "2 notities", "1 brief met termijnen", "1 leefgebied met uitleg"} {
		if !strings.Contains(joined, want) {
			t.Errorf("confirmation does not name %q:\n%s", want, joined)
		}
	}
	if !strings.Contains(q.Question.NL, "Weet u het zeker?") || !strings.Contains(q.Question.EN, "Are you sure?") {
		t.Errorf("question: %+v", q.Question)
	}
	// Asking changed nothing.
	if d.Intake.OwnWords == "" || !d.Intake.Consent.Given {
		t.Fatal("Confirm changed the draft")
	}
	// Set after yes erases, and marks the resident for deletion.
	if err := consent.Set(a, conversation.Value{Yes: false}); err != nil {
		t.Fatal(err)
	}
	if d.Intake.OwnWords != "" || len(d.Intake.Notes) != 0 || d.Intake.ResidentID != "" || d.Resident.Pseudonym != "" {
		t.Errorf("personal fields kept after withdrawal: %+v", d.Intake)
	}
	if d.DropResident != "res1234567" {
		t.Errorf("DropResident = %q", d.DropResident)
	}
}

func TestPersonalFieldsLockedWithoutConsent(t *testing.T) {
	def := conversation.New()
	d, c := newDraft()
	a := conversation.At{D: d, C: c}
	for _, key := range []string{"start.pseudonym", "start.birth_year", "question.own_words", "clarified.question"} {
		if locked, why := field(t, def, key).Locked(a); !locked || why.NL == "" {
			t.Errorf("%s not locked without consent", key)
		}
	}
	for _, key := range []string{"start.location", "start.route", "question.type"} {
		if locked, _ := field(t, def, key).Locked(a); locked {
			t.Errorf("%s locked without consent; it is not personal", key)
		}
	}
}

func TestKompaanWarnedBeforeLosingAccess(t *testing.T) {
	def := conversation.New()
	d, c := newDraft()
	c.User, c.Role = "karim", intake.RoleKompaan
	d.Intake.Presence.Kompaan, d.Intake.Presence.KompaanName = true, "karim"
	a := conversation.At{D: d, C: c}
	kompaan := field(t, def, "start.kompaan")
	q := kompaan.Confirm(a, conversation.Value{Yes: false})
	if q == nil || !strings.Contains(q.Question.NL, "niet meer openen") {
		t.Fatalf("kompaan unticking themselves: %+v", q)
	}
	name := field(t, def, "start.kompaan_name")
	if q := name.Confirm(a, conversation.Value{Text: ""}); q == nil {
		t.Error("kompaan choosing nobody is not warned")
	}
	// A supporter removing a kompaan user is told that kompaan loses access.
	c.User, c.Role = "anna", intake.RoleSupporter
	if q := kompaan.Confirm(a, conversation.Value{Yes: false}); q == nil || !strings.Contains(q.Question.NL, "Kompaan karim") {
		t.Errorf("supporter: %+v", q)
	}
	// A kompaan who wrote a note keeps access: not told they lose it
	// (only that the name goes).
	c.User, c.Role = "karim", intake.RoleKompaan
	d.Intake.Notes = []intake.Note{{Author: "karim", Role: intake.RoleKompaan, Text: "x"}}
	if q := kompaan.Confirm(a, conversation.Value{Yes: false}); q == nil || strings.Contains(q.Question.NL, "niet meer openen") {
		t.Errorf("kompaan with a note: %+v", q)
	}
	// Only users with the kompaan role are offered.
	opts := name.Options(a)
	if len(opts) != 2 || opts[1].Code != "karim" {
		t.Errorf("kompaan options = %+v", opts)
	}
}

func TestLetterKindIsNeverGuessed(t *testing.T) {
	def := conversation.New()
	d, c := newDraft()
	d.Intake.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}}
	d.Intake.SetScan("money", intake.Urgent)
	a := conversation.At{D: d, C: c}
	letters := field(t, def, "clarify.letters")
	at := a.In(0)
	sent := field(t, def, "clarify.letter.sent")
	// Typing a date first (on the "new letter" row) adds a letter with no
	// kind: no deadline is made up.
	if _, err := letters.List.Add(at); err != nil {
		t.Fatal(err)
	}
	if err := sent.Set(at.In(0), conversation.Value{Text: "23-10-2026"}); err != nil {
		t.Fatal(err)
	}
	l := d.Intake.Clarifications[0].Letters[0]
	if l.Kind != "" {
		t.Errorf("kind = %q, want not chosen", l.Kind)
	}
	kind := field(t, def, "clarify.letter.kind")
	if got := conversation.OptionLabel(kind.Options(at.In(0)), kind.Get(at.In(0)).Text, "nl"); !strings.Contains(got, "kies") {
		t.Errorf("kind shows %q before it is chosen", got)
	}
	info := field(t, def, "clarify.letter.deadlines").Info(at.In(0))
	if len(info) != 1 || !strings.Contains(info[0].NL, "Kies eerst de soort brief") {
		t.Errorf("deadlines before kind: %+v", info)
	}
	// The due date is offered only for kinds that state one.
	due := field(t, def, "clarify.letter.due")
	if due.IsShown(at.In(0)) {
		t.Error("due date shown before the kind is chosen")
	}
	_ = kind.Set(at.In(0), conversation.Value{Text: string(intake.LetterDecision)})
	if due.IsShown(at.In(0)) {
		t.Error("due date shown for a decision")
	}
	info = field(t, def, "clarify.letter.deadlines").Info(at.In(0))
	if len(info) != 1 || !strings.Contains(info[0].NL, "Bezwaar maken: uiterlijk vrijdag 4 december 2026 (nog 7 dagen)") {
		t.Errorf("decision sent 23-10-2026: %+v", info)
	}
	_ = kind.Set(at.In(0), conversation.Value{Text: string(intake.LetterDemand)})
	if !due.IsShown(at.In(0)) {
		t.Error("due date hidden for a bill")
	}
}

func TestRemovingAnItemAsks(t *testing.T) {
	def := conversation.New()
	d, c := newDraft()
	d.Intake.Agreements = []intake.Agreement{{What: "Bellen met UWV", Who: intake.PartyResident}}
	a := conversation.At{D: d, C: c}
	ag := field(t, def, "agreements")
	q := ag.List.RemoveConfirm(a, 0)
	if !strings.Contains(q.Question.NL, "Afspraak 1: Bellen met UWV wordt gewist. Weet u het zeker?") {
		t.Errorf("question = %q", q.Question.NL)
	}
	if err := ag.List.Remove(a, 0); err != nil || len(d.Intake.Agreements) != 0 {
		t.Errorf("remove: %v, %d left", err, len(d.Intake.Agreements))
	}
}

func TestNotesOnlyChangedByTheirAuthor(t *testing.T) {
	def := conversation.New()
	d, c := newDraft()
	d.Intake.Notes = []intake.Note{{Author: "karim", Role: intake.RoleKompaan, Text: "x"}}
	a := conversation.At{D: d, C: c}
	notes := def.Notes
	if ok, why := notes.List.Editable(a, 0); ok || !strings.Contains(why.NL, "karim") {
		t.Errorf("anna may edit karim's note: %v %q", ok, why.NL)
	}
	if err := notes.List.Remove(a, 0); err == nil || len(d.Intake.Notes) != 1 {
		t.Errorf("anna removed karim's note: %v", err)
	}
	if got := conversation.NoteTitle(d.Intake.Notes[0]).NL; !strings.HasPrefix(got, "karim (kompaan)") {
		t.Errorf("title %q does not name the kompaan", got)
	}
	i, err := notes.List.Add(a)
	if err != nil || d.Intake.Notes[i].Author != "anna" || d.Intake.Notes[i].Role != intake.RoleSupporter {
		t.Errorf("new note: %+v, %v", d.Intake.Notes[i], err)
	}
}

func TestUntickingTheKompaanNamesWhoGoes(t *testing.T) {
	def := conversation.New()
	d, c := newDraft()
	d.Intake.Presence.Kompaan, d.Intake.Presence.KompaanName = true, "Hakim" // no user of this vault
	a := conversation.At{D: d, C: c}
	q := field(t, def, "start.kompaan").Confirm(a, conversation.Value{Yes: false})
	if q == nil || len(q.Removes) != 1 || !strings.Contains(q.Removes[0].NL, "Hakim") {
		t.Fatalf("unticking erases the name without asking: %+v", q)
	}
	d.Intake.Presence.KompaanName = ""
	if q := field(t, def, "start.kompaan").Confirm(a, conversation.Value{Yes: false}); q != nil {
		t.Errorf("nothing to erase, yet asked: %+v", q)
	}
}
