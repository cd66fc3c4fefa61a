package intake

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2024, time.March, 4, 14, 30, 0, 0, time.UTC)

// sampleIntake is a complete, valid intake with consent.
func sampleIntake() (Intake, Resident) {
	start := testNow.Add(-2 * time.Hour)
	r := NewResident("M.B.", start)
	r.BirthYear = 1961
	r.TargetGroups = []TargetGroupCode{"homeless", "low_literacy"}
	r.Contact = "06-12345678"
	in := NewIntake(start)
	in.ResidentID = r.ID
	in.Location = "shelter"
	in.Presence = Presence{Supporter: "Anouk", Kompaan: true, KompaanName: "Ruud", Network: true, NetworkRelation: "zus"}
	in.Route = "shelter_staff"
	in.Consent = Consent{Given: true, Scopes: []ConsentScope{ScopeNotes, ScopeFollowUp}, At: start}
	in.OwnWords = "Ik krijg steeds brieven en ik snap ze niet."
	in.QuestionType = QuestionAccess
	in.SetScan("money", Serious)
	in.SetScan("papers", Urgent)
	in.SetScan("housing", Worries)
	in.SetScan("network", GoesWell)
	in.Clarifications = []Clarification{
		{Domain: "money", Happening: "Huurachterstand van twee maanden.", Tried: "Zelf gebeld.", Agencies: []AgencyCode{"woningcorporatie"},
			WouldHelp: "Een betalingsregeling.", Urgency: UrgencyWeek,
			Letters: []Letter{{Kind: LetterDemand, From: "woningcorporatie", Sent: d("2024-02-20"), Due: d("2024-03-15"), About: "huurachterstand"}}},
		{Domain: "papers", Happening: "Post blijft liggen.", Urgency: UrgencyNow,
			Letters: []Letter{{Kind: LetterDecision, From: "sociale_zaken", Sent: d("2024-02-26"), Received: d("2024-02-28"), About: "bijzondere bijstand afgewezen"}}},
	}
	in.Agencies = []AgencyCode{"woningcorporatie", "sociale_zaken"}
	in.ClarifiedQuestion = "Mijn vraag is: help mij met mijn post en met de huur."
	in.Agreements = []Agreement{
		{What: "Betalingsregeling aanvragen", Who: PartySupporter, By: d("2024-03-08")},
		{What: "Alle post meenemen", Who: PartyResident, By: d("2024-03-11")},
		{What: "Bezwaar beoordelen", Who: PartyAgency, Agency: "juridisch_loket"},
	}
	in.Referrals = []Referral{{Agency: "schuldhulp", Domain: "money", Reason: "Schulden op een rij", Warm: true, On: d("2024-03-04")}}
	in.NextAppointment = Appointment{At: testNow.Add(7 * 24 * time.Hour), Where: "shelter", Note: "Post meenemen"}
	in.Contacts = []Contact{{At: testNow.Add(-time.Hour), Kind: ContactPhone, Note: "Gebeld met corporatie"}}
	in.Notes = []Note{{Author: "Ruud", Role: RoleKompaan, At: start.Add(30 * time.Minute), Text: "Voelde zich gehoord."}}
	in.Closure = Closure{Appreciation: 4, StateBetter: AnswerYes, MoreControl: AnswerPartly}
	in.Status = StatusOpen
	in.Step = StepAgreements
	in.Updated = testNow
	return in, r
}

func TestSampleIsValid(t *testing.T) {
	c := DefaultCatalogue()
	in, r := sampleIntake()
	if errs := in.Validate(c, testNow); len(errs) > 0 {
		t.Fatalf("sample intake invalid: %v", errs)
	}
	if errs := r.ValidateWith(in, c, testNow); len(errs) > 0 {
		t.Fatalf("sample resident invalid: %v", errs)
	}
}

func TestValidateIntake(t *testing.T) {
	c := DefaultCatalogue()
	long := strings.Repeat("é", MaxText+1)
	tests := []struct {
		name   string
		change func(*Intake)
		field  string
	}{
		{"bad id", func(in *Intake) { in.ID = "x" }, "id"},
		{"unknown status", func(in *Intake) { in.Status = "gone" }, "status"},
		{"unknown step", func(in *Intake) { in.Step = "later" }, "step"},
		{"no first contact", func(in *Intake) { in.Created = time.Time{} }, "created"},
		{"first contact in the future", func(in *Intake) { in.Created = testNow.Add(72 * time.Hour); in.Updated = in.Created }, "created"},
		{"first contact before Wmo 2015", func(in *Intake) { in.Created = time.Date(2014, 5, 1, 0, 0, 0, 0, time.UTC) }, "created"},
		{"closed without end", func(in *Intake) { in.Status = StatusClosed }, "closed_at"},
		{"open with end", func(in *Intake) { in.ClosedAt = testNow }, "closed_at"},
		{"closed before start", func(in *Intake) { in.Status = StatusClosed; in.ClosedAt = in.Created.Add(-time.Hour) }, "closed_at"},
		{"unknown location", func(in *Intake) { in.Location = "moon" }, "location"},
		{"unknown route", func(in *Intake) { in.Route = "pigeon" }, "route"},
		{"unknown question type", func(in *Intake) { in.QuestionType = "other" }, "question_type"},
		{"supporter name too long", func(in *Intake) { in.Presence.Supporter = strings.Repeat("a", MaxName+1) }, "presence.supporter"},
		{"name with newline", func(in *Intake) { in.Presence.Supporter = "Anouk\nX" }, "presence.supporter"},
		{"kompaan name without kompaan", func(in *Intake) { in.Presence.Kompaan = false }, "presence.kompaan_name"},
		{"network relation without network", func(in *Intake) { in.Presence.Network = false }, "presence.network_relation"},
		{"consent without notes scope", func(in *Intake) { in.Consent.Scopes = []ConsentScope{ScopeFollowUp} }, "consent.scopes"},
		{"consent without time", func(in *Intake) { in.Consent.At = time.Time{} }, "consent.at"},
		{"duplicate scope", func(in *Intake) { in.Consent.Scopes = append(in.Consent.Scopes, ScopeNotes) }, "consent.scopes[2]"},
		{"unknown scope", func(in *Intake) { in.Consent.Scopes = append(in.Consent.Scopes, "sell") }, "consent.scopes[2]"},
		{"own words too long", func(in *Intake) { in.OwnWords = long }, "own_words"},
		{"escape in own words", func(in *Intake) { in.OwnWords = "hoi\x1b[2J" }, "own_words"},
		{"invalid utf-8", func(in *Intake) { in.OwnWords = "a\xffb" }, "own_words"},
		{"unknown scan domain", func(in *Intake) { in.Scan["weather"] = Worries }, "scan.weather"},
		{"scan out of range", func(in *Intake) { in.Scan["money"] = 9 }, "scan.money"},
		{"unknown clarified domain", func(in *Intake) { in.Clarifications[0].Domain = "weather" }, "clarifications[0].domain"},
		{"domain clarified twice", func(in *Intake) { in.Clarifications[1].Domain = "money" }, "clarifications[1].domain"},
		{"unknown agency in clarification", func(in *Intake) { in.Clarifications[0].Agencies = []AgencyCode{"fbi"} }, "clarifications[0].agencies[0]"},
		{"bad urgency", func(in *Intake) { in.Clarifications[0].Urgency = "yesterday" }, "clarifications[0].urgency"},
		{"letter without kind", func(in *Intake) { in.Clarifications[0].Letters[0].Kind = "" }, "clarifications[0].letters[0].kind"},
		{"letter sent in the future", func(in *Intake) { in.Clarifications[0].Letters[0].Sent = d("2024-04-01") }, "clarifications[0].letters[0].sent"},
		{"letter received before sent", func(in *Intake) { in.Clarifications[1].Letters[0].Received = d("2024-02-01") }, "clarifications[1].letters[0].received"},
		{"letter due far away", func(in *Intake) { in.Clarifications[0].Letters[0].Due = d("2035-01-01") }, "clarifications[0].letters[0].due"},
		{"duplicate agency", func(in *Intake) { in.Agencies = append(in.Agencies, "sociale_zaken") }, "agencies[2]"},
		{"clarified question too long", func(in *Intake) { in.ClarifiedQuestion = long }, "clarified_question"},
		{"agreement without what", func(in *Intake) { in.Agreements[0].What = "  " }, "agreements[0].what"},
		{"agreement without who", func(in *Intake) { in.Agreements[0].Who = "" }, "agreements[0].who"},
		{"agreement by agency without agency", func(in *Intake) { in.Agreements[2].Agency = "" }, "agreements[2].agency"},
		{"agreement date before 2015", func(in *Intake) { in.Agreements[0].By = d("2010-01-01") }, "agreements[0].by"},
		{"referral to nobody", func(in *Intake) { in.Referrals[0].Agency = "" }, "referrals[0].agency"},
		{"referral to unknown organisation", func(in *Intake) { in.Referrals[0].Organisation = "acme" }, "referrals[0].organisation"},
		{"appointment without time", func(in *Intake) { in.NextAppointment.At = time.Time{} }, "next_appointment.at"},
		{"appointment at unknown place", func(in *Intake) { in.NextAppointment.Where = "moon" }, "next_appointment.where"},
		{"contact before first contact", func(in *Intake) { in.Contacts[0].At = in.Created.Add(-time.Hour) }, "contacts[0].at"},
		{"contact without kind", func(in *Intake) { in.Contacts[0].Kind = "" }, "contacts[0].kind"},
		{"note without author", func(in *Intake) { in.Notes[0].Author = "" }, "notes[0].author"},
		{"note with unknown role", func(in *Intake) { in.Notes[0].Role = "coordinator" }, "notes[0].role"},
		{"empty note", func(in *Intake) { in.Notes[0].Text = "" }, "notes[0].text"},
		{"too many notes", func(in *Intake) {
			for len(in.Notes) <= MaxItems {
				in.Notes = append(in.Notes, in.Notes[0])
			}
		}, "notes"},
		{"appreciation 6", func(in *Intake) { in.Closure.Appreciation = 6 }, "closure.appreciation"},
		{"bad answer", func(in *Intake) { in.Closure.MoreControl = "maybe" }, "closure.more_control"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, _ := sampleIntake()
			tt.change(&in)
			errs := in.Validate(c, testNow)
			if len(errs.For(tt.field)) == 0 {
				t.Fatalf("no error for %s; got %v", tt.field, errs)
			}
			for _, e := range errs {
				if !e.Msg.Complete() {
					t.Errorf("message for %s lacks a language: %+v", e.Field, e.Msg)
				}
			}
			if !errors.Is(errs.Err(), ErrInvalid) {
				t.Error("errors.Is(ErrInvalid) false")
			}
		})
	}
}

func TestValidateWithoutConsentRefusesPersonalFields(t *testing.T) {
	c := DefaultCatalogue()
	in, _ := sampleIntake()
	in.Consent = Consent{}
	errs := in.Validate(c, testNow)
	for _, f := range []string{"resident_id", "own_words", "clarifications", "clarified_question", "agreements", "referrals", "next_appointment", "notes", "contacts[0].note", "presence.network_relation"} {
		found := false
		for _, e := range errs.For(f) {
			found = found || e.Msg == msgNoConsent
		}
		if !found {
			t.Errorf("no refusal for %s without consent; got %v", f, errs)
		}
	}
	if !in.HasPersonalData() {
		t.Error("HasPersonalData false for a full intake")
	}
	in.StripPersonal()
	if errs := in.Validate(c, testNow); len(errs) > 0 {
		t.Fatalf("stripped intake still invalid: %v", errs)
	}
	if in.HasPersonalData() {
		t.Error("HasPersonalData true after StripPersonal")
	}
	// What is left can still be counted.
	if in.Location != "shelter" || in.Route != "shelter_staff" || in.ScanOf("papers") != Urgent || len(in.Contacts) != 1 || in.Closure.Appreciation != 4 {
		t.Errorf("coded fields lost: %+v", in)
	}
	// Scopes without consent are refused.
	in.Consent.Scopes = []ConsentScope{ScopeNotes}
	if len(in.Validate(c, testNow).For("consent.scopes")) == 0 {
		t.Error("scopes without consent accepted")
	}
}

func TestValidateResident(t *testing.T) {
	c := DefaultCatalogue()
	tests := []struct {
		name   string
		change func(*Resident, *Intake)
		field  string
	}{
		{"no pseudonym", func(r *Resident, _ *Intake) { r.Pseudonym = "" }, "pseudonym"},
		{"pseudonym too long", func(r *Resident, _ *Intake) { r.Pseudonym = strings.Repeat("x", 61) }, "pseudonym"},
		{"birth year in the future", func(r *Resident, _ *Intake) { r.BirthYear = 2030 }, "birth_year"},
		{"birth year too early", func(r *Resident, _ *Intake) { r.BirthYear = 1850 }, "birth_year"},
		{"unknown target group", func(r *Resident, _ *Intake) { r.TargetGroups = []TargetGroupCode{"vip"} }, "target_groups[0]"},
		{"duplicate target group", func(r *Resident, _ *Intake) { r.TargetGroups = []TargetGroupCode{"carer", "carer"} }, "target_groups[1]"},
		{"contact without follow-up consent", func(_ *Resident, in *Intake) { in.Consent.Scopes = []ConsentScope{ScopeNotes} }, "contact"},
		{"resident without consent", func(_ *Resident, in *Intake) { in.Consent = Consent{} }, "pseudonym"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, r := sampleIntake()
			tt.change(&r, &in)
			if errs := r.ValidateWith(in, c, testNow); len(errs.For(tt.field)) == 0 {
				t.Fatalf("no error for %s; got %v", tt.field, errs)
			}
		})
	}
}

func TestStatusTransitions(t *testing.T) {
	tests := []struct {
		from, to Status
		ok       bool
	}{
		{StatusDraft, StatusOpen, true},
		{StatusOpen, StatusClosed, true},
		{StatusClosed, StatusOpen, true},
		{StatusDraft, StatusClosed, false},
		{StatusOpen, StatusDraft, false},
		{StatusClosed, StatusDraft, false},
		{StatusOpen, StatusOpen, false},
		{"bogus", StatusOpen, false},
	}
	for _, tt := range tests {
		in := Intake{Status: tt.from}
		err := in.SetStatus(tt.to, testNow)
		if (err == nil) != tt.ok {
			t.Errorf("%s → %s: err = %v, want ok=%v", tt.from, tt.to, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrTransition) {
			t.Errorf("%s → %s: error %v is not ErrTransition", tt.from, tt.to, err)
		}
		if tt.ok && tt.to == StatusClosed && !in.ClosedAt.Equal(testNow) {
			t.Errorf("closing did not record ClosedAt")
		}
	}
}

func TestTurnaround(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	if ams == nil {
		ams = time.UTC
	}
	start := time.Date(2024, 3, 30, 23, 30, 0, 0, ams)
	tests := []struct {
		name   string
		closed time.Time
		days   int
		ok     bool
	}{
		{"same day", start.Add(10 * time.Minute), 0, true},
		{"next calendar day across DST", time.Date(2024, 3, 31, 0, 15, 0, 0, ams), 1, true},
		{"a month", time.Date(2024, 4, 30, 9, 0, 0, 0, ams), 31, true},
	}
	for _, tt := range tests {
		in := Intake{Status: StatusOpen, Created: start}
		if _, ok := in.TurnaroundDays(); ok {
			t.Fatal("open intake has a turnaround")
		}
		if err := in.SetStatus(StatusClosed, tt.closed); err != nil {
			t.Fatal(err)
		}
		days, ok := in.TurnaroundDays()
		if days != tt.days || ok != tt.ok {
			t.Errorf("%s: got %d,%v want %d,%v", tt.name, days, ok, tt.days, tt.ok)
		}
	}
}

func TestFlowSteps(t *testing.T) {
	steps := FlowSteps()
	if len(steps) != 7 || steps[0] != StepStart || steps[6] != StepClosure {
		t.Fatalf("steps = %v", steps)
	}
	for i, s := range steps {
		if s.Index() != i || !s.Text().Complete() {
			t.Errorf("step %s: index %d, text %+v", s, s.Index(), s.Text())
		}
		if i > 0 && s.Prev() != steps[i-1] {
			t.Errorf("%s.Prev() = %s", s, s.Prev())
		}
		if i+1 < len(steps) && s.Next() != steps[i+1] {
			t.Errorf("%s.Next() = %s", s, s.Next())
		}
	}
	if StepClosure.Next() != StepClosure || StepStart.Prev() != StepStart || FlowStep("x").Next() != StepStart {
		t.Error("ends of the flow wrong")
	}
}

func TestInert(t *testing.T) {
	tests := []struct{ in, want string }{
		{"gewoon tekst, met é en ✓", "gewoon tekst, met é en ✓"},
		{"regel 1\nregel 2\tmet tab", "regel 1\nregel 2\tmet tab"},
		{"\x1b[2Jweg", "[2Jweg"},
		{"\x1b]52;c;aGVsbG8=\x07klip", "]52;c;aGVsbG8=klip"},
		{"a\rb\r\nc", "ab\nc"},
		{"del\x7f", "del"},
		{"c1\u009b31mrood", "c131mrood"},
		{"bidi \u202eevil\u202c x", "bidi evil x"},
		{"isolate \u2066x\u2069", "isolate x"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"\x00\x01\x08nul", "nul"},
	}
	for _, tt := range tests {
		if got := Inert(tt.in); got != tt.want {
			t.Errorf("Inert(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !IsInert(Inert(tt.in)) {
			t.Errorf("Inert(%q) is not inert", tt.in)
		}
	}
}

func FuzzInert(f *testing.F) {
	for _, s := range []string{"", "a\x1b[31m", "\u009b", "\xff\xfe", "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Inert(s)
		for _, r := range out {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
				t.Fatalf("control %U left in %q", r, out)
			}
		}
		if Inert(out) != out {
			t.Fatalf("not idempotent on %q", s)
		}
	})
}
