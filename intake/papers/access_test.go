package papers

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

func accessFixture() Access {
	in, r := fixture()
	second, _ := fixture()
	second.ID = intake.NewID()
	second.ResidentID = r.ID
	second.Created = in.Created.Add(-24 * time.Hour)
	second.Notes = []intake.Note{{Author: "Anouk", Role: intake.RoleSupporter, At: second.Created, Text: "Eerste keer \x1b[31mgezien."}}
	other, _ := fixture()
	other.ID = intake.NewID()
	other.ResidentID = intake.NewID()
	other.Notes = []intake.Note{{Author: "X", Role: intake.RoleSupporter, At: testNow, Text: "OTHER-RESIDENT-NOTE"}}
	a := AccessExport(r, []intake.Intake{in, other, second}, intake.DefaultCatalogue())
	a.Exported = testNow
	a.Statistics = []AccessStat{{IntakeID: in.ID, Record: intake.DefaultCatalogue().Anonymise(in, r, testNow)}}
	return a
}

func TestAccessExport(t *testing.T) {
	a := accessFixture()
	if len(a.Intakes) != 2 {
		t.Fatalf("%d intakes, want the resident's 2", len(a.Intakes))
	}
	if !a.Intakes[0].Created.Before(a.Intakes[1].Created) {
		t.Error("intakes not oldest first")
	}
	if a.Codes["domain/money"].NL != "Geld en schulden" || a.Codes["agency/sociale_zaken"].IsZero() {
		t.Errorf("codes not explained: %v", a.Codes)
	}
	js, err := a.JSON()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		out  string
		want []string
	}{
		{"json", string(js), []string{`"format": "spreekuur-access"`, `"version": 1`, noteMarker, contactMarker, `"author": "Ruud"`, `"role": "kompaan"`, "06-12345678", `"pseudonym": "Zoë Müller"`, `\u001b[31m`, "Zus helpt met boodschappen"}},
		{"text nl", a.Text("nl"), []string{"Alles wat wij over u bewaren", "bewaren.¹", "¹ Algemene verordening gegevensbescherming (AVG), artikel 15", "Doelgroepen:", "Zoë Müller", "06-12345678", "1961", noteMarker, "Ruud (kompaan)", "Anouk (cliëntondersteuner)", "Eerste keer [31mgezien.",
			contactMarker, "(telefoon)", "Gesprek 1", "Gesprek 2", "Geld en schulden", "Huurachterstand", "besluit", "Sociale Zaken", questionMarker, "Toestemming: ja", "woensdag 28 februari 2024", "Voor de telling (zonder naam of tekst): maand 2024-02"}},
		{"text en", a.Text("en"), []string{"Everything we keep about you", "keep about you.¹", "¹ General Data Protection Regulation (GDPR), article 15", "Target groups:", noteMarker, "Ruud (kompaan)", "Money and debts", "Conversation 2", "Consent: yes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flat := strings.Join(strings.Fields(tt.out), " ") // wrapped lines joined
			for _, w := range tt.want {
				if !strings.Contains(flat, w) {
					t.Errorf("lacks %q", w)
				}
			}
			if strings.Contains(tt.out, "OTHER-RESIDENT-NOTE") {
				t.Error("another resident's intake is in the export")
			}
			if strings.HasPrefix(tt.name, "text") {
				checkText(t, tt.out)
			} else if strings.ContainsRune(tt.out, 0x1b) {
				t.Error("raw ESC in the JSON")
			}
		})
	}
}

// The JSON field names are a contract with whoever reads the export:
// this test fails when one changes, so the version can be raised.
func TestAccessFieldNamesAreStable(t *testing.T) {
	a := accessFixture()
	js, err := a.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(js, &top); err != nil {
		t.Fatal(err)
	}
	if got, want := keys(top), []string{"codes", "exported", "format", "intakes", "resident", "statistics", "version"}; !slices.Equal(got, want) {
		t.Errorf("top-level keys %v, want %v", got, want)
	}
	var res map[string]json.RawMessage
	_ = json.Unmarshal(top["resident"], &res)
	if got, want := keys(res), []string{"birth_year", "contact", "created", "id", "pseudonym", "target_groups"}; !slices.Equal(got, want) {
		t.Errorf("resident keys %v, want %v", got, want)
	}
	var ins []map[string]json.RawMessage
	_ = json.Unmarshal(top["intakes"], &ins)
	want := []string{"agencies", "agreements", "clarifications", "clarified_question", "consent", "contacts", "created", "id", "location", "notes", "own_words", "presence", "referrals", "resident_id", "route", "scan", "stat_id", "status", "step", "updated"}
	if got := keys(ins[0]); !slices.Equal(got, want) {
		t.Errorf("intake keys %v, want %v", got, want)
	}
	var notes []map[string]json.RawMessage
	_ = json.Unmarshal(ins[0]["notes"], &notes)
	if got, want := keys(notes[0]), []string{"at", "author", "role", "text"}; !slices.Equal(got, want) {
		t.Errorf("note keys %v, want %v", got, want)
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestParseAccess(t *testing.T) {
	a := accessFixture()
	js, err := a.JSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseAccess(js)
	if err != nil {
		t.Fatal(err)
	}
	if back.Text("nl") != a.Text("nl") {
		t.Error("the text of a parsed export differs from the original")
	}
	js2, _ := back.JSON()
	if string(js2) != string(js) {
		t.Error("JSON does not round-trip")
	}
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"not json", "PDF-1.4"},
		{"other format", `{"format":"spreekuur-bundle","version":1}`},
		{"newer version", `{"format":"spreekuur-access","version":2,"resident":{},"intakes":[]}`},
		{"unknown field", `{"format":"spreekuur-access","version":1,"resident":{},"intakes":[],"extra":1}`},
		{"unknown nested field", `{"format":"spreekuur-access","version":1,"resident":{"name":"x"},"intakes":[]}`},
		{"trailing data", `{"format":"spreekuur-access","version":1,"resident":{},"intakes":[]} {}`},
		{"bad date", `{"format":"spreekuur-access","version":1,"resident":{},"intakes":[{"agreements":[{"what":"x","who":"resident","by":"2024-13-01"}]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseAccess([]byte(tt.in)); !errors.Is(err, ErrAccessFormat) {
				t.Errorf("err = %v, want ErrAccessFormat", err)
			}
		})
	}
}

func FuzzParseAccess(f *testing.F) {
	js, _ := accessFixture().JSON()
	f.Add(js)
	f.Add([]byte(`{"format":"spreekuur-access","version":1,"resident":{},"intakes":[]}`))
	f.Add([]byte(`{"format":"spreekuur-access","version":1,"resident":{"id":"x"},"intakes":[{"scan":{"money":9},"notes":[{"text":"\u001b"}]}],"codes":{"a":"b"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAccess(data)
		if err != nil {
			return
		}
		// Whatever parses renders without panicking, inert, and
		// survives a second round trip.
		if !intake.IsInert(a.Text("nl")) {
			t.Fatal("text of a parsed export is not inert")
		}
		js, err := a.JSON()
		if err != nil {
			t.Fatal(err)
		}
		b, err := ParseAccess(js)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if b.Text("en") != a.Text("en") {
			t.Fatal("text changed in a round trip")
		}
	})
}

// TestAccessExportHasNoRecordKey: the record key of the statistics record
// (the noise of the cell-key method) never leaves the vault, also not in
// the resident's access export, in JSON or text.
func TestAccessExportHasNoRecordKey(t *testing.T) {
	a := accessFixture()
	const key = 0xdeadbeef
	a.Statistics[0].Record.Key = key
	js, err := a.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{string(js), a.Text("nl"), a.Text("en")} {
		for _, leak := range []string{"3735928559", "deadbeef", "DEADBEEF", `"key"`, `"Key"`} {
			if strings.Contains(out, leak) {
				t.Errorf("the access export shows the record key (%s)", leak)
			}
		}
	}
	if !strings.Contains(string(js), `"statistics"`) {
		t.Fatal("no statistics record in the export: the test looks at nothing")
	}
}

// TestAccessShowsOutcomes: what issue 15 added to a conversation is in
// the readable access export too: the day an agreement was ticked off,
// a referral's outcome with its day and reason, the day a letter was
// answered, who had a follow-up contact.
func TestAccessShowsOutcomes(t *testing.T) {
	in, r := fixture()
	in.Agreements[0].Done, in.Agreements[0].DoneOn = true, date("2024-03-07")
	in.Referrals[0].On = date("2024-02-28")
	in.Referrals[0].State, in.Referrals[0].StateOn, in.Referrals[0].Why = intake.ReferralRefused, date("2024-03-05"), "wachtlijst"
	in.Clarifications[2].Letters[0].Answered = date("2024-03-20")
	in.Contacts[0].By = "Anouk"
	text := strings.Join(strings.Fields(AccessExport(r, []intake.Intake{in}, intake.DefaultCatalogue()).Text("nl")), " ")
	for _, want := range []string{
		"Betalingsregeling aanvragen (de cliëntondersteuner), uiterlijk vrijdag 8 maart 2024, klaar op donderdag 7 maart 2024",
		"Verwezen op woensdag 28 februari 2024. Geweigerd op dinsdag 5 maart 2024, want: wachtlijst.",
		"antwoord gekregen woensdag 20 maart 2024",
		"(telefoon, Anouk): " + contactMarker,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the access export lacks %q", want)
		}
	}
}
