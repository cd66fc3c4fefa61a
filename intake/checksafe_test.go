package intake

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestCheckSafeAcceptsDrafts: what a draft may still lack, or a code only
// another laptop's catalogue knows, is no reason for CheckSafe to refuse a
// record, though Validate (the form's check) does.
func TestCheckSafeAcceptsDrafts(t *testing.T) {
	c := DefaultCatalogue()
	tests := []struct {
		name   string
		change func(*Intake)
		field  string // a field Validate does flag
	}{
		{"agreement without what", func(in *Intake) { in.Agreements[0].What = "" }, "agreements[0].what"},
		{"agreement without who", func(in *Intake) { in.Agreements[0].Who = "" }, "agreements[0].who"},
		{"agreement by an agency without agency", func(in *Intake) { in.Agreements[2].Agency = "" }, "agreements[2].agency"},
		{"half-filled agreement", func(in *Intake) { in.Agreements = append(in.Agreements, Agreement{}) }, "agreements[3].what"},
		{"referral to nobody", func(in *Intake) { in.Referrals[0].Agency = "" }, "referrals[0].agency"},
		{"clarification without domain", func(in *Intake) { in.Clarifications[0].Domain = "" }, "clarifications[0].domain"},
		{"letter without kind", func(in *Intake) { in.Clarifications[0].Letters[0].Kind = "" }, "clarifications[0].letters[0].kind"},
		{"appointment without time", func(in *Intake) { in.NextAppointment.At = time.Time{} }, "next_appointment.at"},
		{"contact without kind", func(in *Intake) { in.Contacts[0].Kind = "" }, "contacts[0].kind"},
		{"note without text", func(in *Intake) { in.Notes[0].Text = "" }, "notes[0].text"},
		{"consent without time", func(in *Intake) { in.Consent.At = time.Time{} }, "consent.at"},
		{"closed without end", func(in *Intake) { in.Status = StatusClosed }, "closed_at"},
		{"kompaan name without kompaan", func(in *Intake) { in.Presence.Kompaan = false }, "presence.kompaan_name"},
		{"duplicate agency", func(in *Intake) { in.Agencies = append(in.Agencies, "sociale_zaken") }, "agencies[2]"},
		{"local location code", func(in *Intake) { in.Location = "buurthuis_oost" }, "location"},
		{"local route code", func(in *Intake) { in.Route = "pigeon" }, "route"},
		{"local domain in the scan", func(in *Intake) { in.Scan["weather"] = Worries }, "scan.weather"},
		{"local agency", func(in *Intake) { in.Agreements[2].Agency = "buurtteam_oost" }, "agreements[2].agency"},
		{"local organisation", func(in *Intake) { in.Referrals[0].Organisation = "acme" }, "referrals[0].organisation"},
		{"appointment at a local place", func(in *Intake) { in.NextAppointment.Where = "moon" }, "next_appointment.where"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, _ := sampleIntake()
			tt.change(&in)
			if errs := in.CheckSafe(testNow); len(errs) > 0 {
				t.Fatalf("CheckSafe refuses: %v", errs)
			}
			if errs := in.Validate(c, testNow); len(errs.For(tt.field)) == 0 {
				t.Fatalf("Validate has no error for %s; got %v", tt.field, errs)
			}
		})
	}

	t.Run("new empty intake", func(t *testing.T) {
		if errs := NewIntake(testNow).CheckSafe(testNow); len(errs) > 0 {
			t.Fatalf("CheckSafe refuses a new intake: %v", errs)
		}
	})
	t.Run("resident without pseudonym, local target group", func(t *testing.T) {
		_, r := sampleIntake()
		r.Pseudonym = ""
		r.Created = time.Time{}
		r.TargetGroups = []TargetGroupCode{"mantelzorg_oost"}
		if errs := r.CheckSafe(testNow); len(errs) > 0 {
			t.Fatalf("CheckSafe refuses: %v", errs)
		}
		if errs := r.Validate(c, testNow); len(errs.For("pseudonym")) == 0 || len(errs.For("target_groups[0]")) == 0 {
			t.Fatalf("Validate: %v", errs)
		}
	})
}

// TestCheckSafeRefuses: what is not safe to store or show is refused by
// CheckSafe, and by Validate too (Validate includes every rule of
// CheckSafe).
func TestCheckSafeRefuses(t *testing.T) {
	c := DefaultCatalogue()
	tooMany := func(in *Intake) {
		for len(in.Agreements) <= MaxItems {
			in.Agreements = append(in.Agreements, Agreement{})
		}
	}
	tests := []struct {
		name   string
		change func(*Intake)
		field  string
	}{
		{"bad id", func(in *Intake) { in.ID = "x" }, "id"},
		{"bad statistics id", func(in *Intake) { in.StatID = "a/b" }, "stat_id"},
		{"bad resident id", func(in *Intake) { in.ResidentID = "../x" }, "resident_id"},
		{"unknown status", func(in *Intake) { in.Status = "gone" }, "status"},
		{"flow step 99", func(in *Intake) { in.Step = "stap_99" }, "step"},
		{"scan step 99", func(in *Intake) { in.Scan["money"] = 99 }, "scan.money"},
		{"appreciation 77", func(in *Intake) { in.Closure.Appreciation = 77 }, "closure.appreciation"},
		{"appreciation -1", func(in *Intake) { in.Closure.Appreciation = -1 }, "closure.appreciation"},
		{"bad answer", func(in *Intake) { in.Closure.StateBetter = "maybe" }, "closure.state_better"},
		{"bad urgency", func(in *Intake) { in.Clarifications[0].Urgency = "yesterday" }, "clarifications[0].urgency"},
		{"bad letter kind", func(in *Intake) { in.Clarifications[0].Letters[0].Kind = "poem" }, "clarifications[0].letters[0].kind"},
		{"bad party", func(in *Intake) { in.Agreements[0].Who = "mayor" }, "agreements[0].who"},
		{"bad contact kind", func(in *Intake) { in.Contacts[0].Kind = "pigeon" }, "contacts[0].kind"},
		{"bad note role", func(in *Intake) { in.Notes[0].Role = "coordinator" }, "notes[0].role"},
		{"unknown consent scope", func(in *Intake) { in.Consent.Scopes = append(in.Consent.Scopes, "sell") }, "consent.scopes[2]"},
		{"consent without notes scope", func(in *Intake) { in.Consent.Scopes = []ConsentScope{ScopeHandover} }, "consent.scopes"},
		{"personal field without consent", func(in *Intake) { in.Consent = Consent{} }, "own_words"},
		{"ESC in own words", func(in *Intake) { in.OwnWords = "hoi\x1b[2J" }, "own_words"},
		{"OSC in a note", func(in *Intake) { in.Notes[0].Text = "x\x1b]0;pwned\x07" }, "notes[0].text"},
		{"C1 control in an agreement", func(in *Intake) { in.Agreements[0].What = "a\u009bb" }, "agreements[0].what"},
		{"invalid utf-8", func(in *Intake) { in.ClarifiedQuestion = "a\xffb" }, "clarified_question"},
		{"newline in a name", func(in *Intake) { in.Presence.Supporter = "Anouk\nX" }, "presence.supporter"},
		{"over-long own words", func(in *Intake) { in.OwnWords = strings.Repeat("woord ", 100_000/6+1) }, "own_words"},
		{"over-long agreement", func(in *Intake) { in.Agreements[0].What = strings.Repeat("x", MaxLine+1) }, "agreements[0].what"},
		{"malformed location", func(in *Intake) { in.Location = "Bad Code" }, "location"},
		{"escape sequence as location", func(in *Intake) { in.Location = "\x1b[2J" }, "location"},
		{"malformed scan domain", func(in *Intake) { in.Scan["Money"] = Worries }, "scan.Money"},
		{"malformed agency", func(in *Intake) { in.Agencies = []AgencyCode{"fbi!"} }, "agencies[0]"},
		{"malformed letter sender", func(in *Intake) { in.Clarifications[0].Letters[0].From = "Gemeente Oost" }, "clarifications[0].letters[0].from"},
		{"over-long code", func(in *Intake) { in.Route = RouteCode(strings.Repeat("a", MaxCodeLen+1)) }, "route"},
		{"malformed organisation", func(in *Intake) { in.Referrals[0].Organisation = "-acme" }, "referrals[0].organisation"},
		{"created before 2015", func(in *Intake) { in.Created = time.Date(2014, 5, 1, 0, 0, 0, 0, time.UTC) }, "created"},
		{"created in the future", func(in *Intake) { in.Created = testNow.Add(72 * time.Hour); in.Updated = in.Created }, "created"},
		{"letter sent in the future", func(in *Intake) { in.Clarifications[0].Letters[0].Sent = d("2024-04-01") }, "clarifications[0].letters[0].sent"},
		{"agreement far away", func(in *Intake) { in.Agreements[0].By = d("2035-01-01") }, "agreements[0].by"},
		{"appointment far away", func(in *Intake) { in.NextAppointment.At = testNow.AddDate(6, 0, 0) }, "next_appointment.at"},
		{"end date far away on an open intake", func(in *Intake) { in.ClosedAt = testNow.AddDate(3, 0, 0) }, "closed_at"},
		{"too many agreements", tooMany, "agreements"},
		{"too many scan entries", func(in *Intake) {
			for i := 0; len(in.Scan) <= MaxItems; i++ {
				in.Scan[DomainCode(fmt.Sprintf("d%d", i))] = Worries
			}
		}, "scan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, _ := sampleIntake()
			tt.change(&in)
			safe := in.CheckSafe(testNow)
			if len(safe.For(tt.field)) == 0 {
				t.Fatalf("CheckSafe: no error for %s; got %v", tt.field, safe)
			}
			if full := in.Validate(c, testNow); len(full.For(tt.field)) == 0 {
				t.Fatalf("Validate: no error for %s; got %v", tt.field, full)
			}
		})
	}

	residents := []struct {
		name   string
		change func(*Resident)
		field  string
	}{
		{"bad id", func(r *Resident) { r.ID = "abc" }, "id"},
		{"ESC in a pseudonym", func(r *Resident) { r.Pseudonym = "Jan\x1b[2J" }, "pseudonym"},
		{"newline in a pseudonym", func(r *Resident) { r.Pseudonym = "Jan\nde Vries" }, "pseudonym"},
		{"over-long pseudonym", func(r *Resident) { r.Pseudonym = strings.Repeat("x", MaxName+1) }, "pseudonym"},
		{"over-long contact", func(r *Resident) { r.Contact = strings.Repeat("0", MaxContact+1) }, "contact"},
		{"birth year 1234", func(r *Resident) { r.BirthYear = 1234 }, "birth_year"},
		{"birth year ahead", func(r *Resident) { r.BirthYear = testNow.Year() + 1 }, "birth_year"},
		{"malformed target group", func(r *Resident) { r.TargetGroups = []TargetGroupCode{"VIP"} }, "target_groups[0]"},
		{"created before 2015", func(r *Resident) { r.Created = time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC) }, "created"},
	}
	for _, tt := range residents {
		t.Run("resident "+tt.name, func(t *testing.T) {
			_, r := sampleIntake()
			tt.change(&r)
			if errs := r.CheckSafe(testNow); len(errs.For(tt.field)) == 0 {
				t.Fatalf("CheckSafe: no error for %s; got %v", tt.field, errs)
			}
			if errs := r.Validate(c, testNow); len(errs.For(tt.field)) == 0 {
				t.Fatalf("Validate: no error for %s; got %v", tt.field, errs)
			}
		})
	}
}
