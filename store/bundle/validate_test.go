package bundle

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// craft encrypts a bundle built with the package's own Encoder, so its
// format, counts and checksum are right whatever the records hold.
func craft(t *testing.T, to *age.X25519Identity, residents []intake.Resident, intakes []intake.Intake) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := Encrypt(&out, to.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	enc, err := NewEncoder(w, Header{Created: t0, Source: "0123456789abcdef", Selection: SelectAll,
		Residents: len(residents), Intakes: len(intakes)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range residents {
		if err := enc.Resident(r, t0); err != nil {
			t.Fatal(err)
		}
	}
	for _, in := range intakes {
		if err := enc.Intake(in); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestInvalidRecordsRefused: a bundle that follows the format but holds a
// record that is not safe to store or show (a malformed code, a value out
// of range, a text too long or with control characters, a date out of
// bounds) is refused as a whole, naming the record's kind and ID and not
// its content; nothing is imported.
func TestInvalidRecordsRefused(t *testing.T) {
	office := newIdentity(t)
	good := newResident(1)
	goodIntake := newIntake(good, true, "MARKER-good", t0)
	r := newResident(2)
	base := newIntake(r, true, "MARKER-bad", t0.Add(time.Minute))

	tests := []struct {
		name     string
		resident func(*intake.Resident)
		intake   func(*intake.Intake)
		field    string
	}{
		{name: "scan step 99", intake: func(in *intake.Intake) { in.Scan[cat.Domains[0].Code] = intake.Scale(99) }, field: "scan." + string(cat.Domains[0].Code)},
		{name: "malformed domain in the scan", intake: func(in *intake.Intake) { in.Scan["Geen Domein"] = intake.Worries }, field: "scan"},
		{name: "escape sequence as domain code", intake: func(in *intake.Intake) { in.Scan["\x1b[2Jx"] = intake.Worries }, field: "scan"},
		{name: "malformed clarification domain", intake: func(in *intake.Intake) { in.Clarifications[0].Domain = "geen-domein" }, field: "clarifications[0].domain"},
		{name: "escape sequence as location", intake: func(in *intake.Intake) { in.Location = "\x1b]0;pwned\x07" }, field: "location"},
		{name: "malformed agency", intake: func(in *intake.Intake) { in.Agencies = []intake.AgencyCode{"Geen Instantie"} }, field: "agencies[0]"},
		{name: "over-long route code", intake: func(in *intake.Intake) { in.Route = intake.RouteCode(strings.Repeat("r", 33)) }, field: "route"},
		{name: "appreciation 77", intake: func(in *intake.Intake) { in.Closure.Appreciation = 77 }, field: "closure.appreciation"},
		{name: "unknown flow step", intake: func(in *intake.Intake) { in.Step = "stap_99" }, field: "step"},
		{name: "unknown party", intake: func(in *intake.Intake) { in.Agreements = []intake.Agreement{{Who: "burgemeester"}} }, field: "agreements[0].who"},
		{name: "own words of 100,000 characters", intake: func(in *intake.Intake) { in.OwnWords = strings.Repeat("woord ", 100_000/6+1) }, field: "own_words"},
		{name: "escape sequence in own words", intake: func(in *intake.Intake) { in.OwnWords = "MARKER\x1b]0;pwned\x07" }, field: "own_words"},
		{name: "escape sequence in an agreement", intake: func(in *intake.Intake) { in.Agreements = []intake.Agreement{{What: "MARKER\x1b[2J"}} }, field: "agreements[0].what"},
		{name: "date before 2015", intake: func(in *intake.Intake) { in.Notes[0].At = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) }, field: "notes[0].at"},
		{name: "too many agreements", intake: func(in *intake.Intake) { in.Agreements = make([]intake.Agreement, intake.MaxItems+1) }, field: "agreements"},
		{name: "escape sequence in a pseudonym", resident: func(r *intake.Resident) { r.Pseudonym = "Jan\x1b[2J" }, field: "pseudonym"},
		{name: "newline in a pseudonym", resident: func(r *intake.Resident) { r.Pseudonym = "Jan\nde Vries" }, field: "pseudonym"},
		{name: "malformed target group", resident: func(r *intake.Resident) { r.TargetGroups = []intake.TargetGroupCode{"Geen_Groep"} }, field: "target_groups[0]"},
		{name: "birth year 1234", resident: func(r *intake.Resident) { r.BirthYear = 1234 }, field: "birth_year"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad, badIn := r, base
			badIn.Scan = map[intake.DomainCode]intake.Scale{}
			for k, v := range base.Scan {
				badIn.Scan[k] = v
			}
			badIn.Clarifications = append([]intake.Clarification(nil), base.Clarifications...)
			badIn.Notes = append([]intake.Note(nil), base.Notes...)
			kind, id := "intake", badIn.ID
			if tt.resident != nil {
				tt.resident(&bad)
				kind, id = "resident", bad.ID
			}
			if tt.intake != nil {
				tt.intake(&badIn)
			}
			// The valid records come first: they must not be imported either.
			data := craft(t, office, []intake.Resident{good, bad}, []intake.Intake{goodIntake, badIn})

			v := newVault(t)
			saveResident(t, v, newResident(99)) // something to keep
			refused(t, v, data, ErrInvalidRecord, office)

			_, err := importBytes(v, data, office)
			var re *RecordError
			if !errors.As(err, &re) {
				t.Fatalf("error %T %v, want a *RecordError", err, err)
			}
			if re.Kind != kind || re.ID != id {
				t.Fatalf("RecordError names %s %q, want %s %q", re.Kind, re.ID, kind, id)
			}
			if tt.field != "" && !strings.Contains(strings.Join(re.Fields, " "), tt.field) {
				t.Fatalf("fields %q, want %q", re.Fields, tt.field)
			}
			msg := err.Error()
			for _, secret := range []string{"MARKER", "Jan", "\x1b", "\n", "woord", "R2", "pwned"} {
				if strings.Contains(msg, secret) {
					t.Fatalf("error %q shows content %q", msg, secret)
				}
			}
		})
	}

	t.Run("valid bundle still imports", func(t *testing.T) {
		data := craft(t, office, []intake.Resident{good, r}, []intake.Intake{goodIntake, base})
		v := newVault(t)
		res, err := importBytes(v, data, office)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if res.Intakes.Added != 2 || res.Residents.Added != 2 {
			t.Fatalf("result %+v", res)
		}
	})
}

// TestDraftsAndLocalCodesImport: the laptop saves drafts as they are typed
// and may have local catalogue codes the office lacks. Such records are
// safe, so they import (they were refused whole while Import ran the
// form's Validate): the record is kept as it was, and the unknown codes
// count nowhere in the office's statistics.
func TestDraftsAndLocalCodesImport(t *testing.T) {
	office := newIdentity(t)
	r := newResident(1)
	r.Pseudonym = "" // not typed yet
	draft := newIntake(r, true, "MARKER-draft", t0)
	draft.Agreements = []intake.Agreement{{What: "Brief meenemen"}, {Who: intake.PartyAgency}, {}}
	draft.Referrals = []intake.Referral{{Reason: "nog niet gekozen"}}
	draft.Clarifications = append(draft.Clarifications, intake.Clarification{Happening: "nog geen domein"})
	draft.NextAppointment = intake.Appointment{Note: "nog geen tijd"}

	r2 := newResident(2)
	r2.TargetGroups = []intake.TargetGroupCode{"mantelzorgers_oost"}
	local := newIntake(r2, true, "MARKER-local", t0.Add(time.Minute))
	local.Location = "buurthuis_oost"
	local.Route = "flyer_markt"
	local.Scan["klimaat"] = intake.Worries
	local.Agencies = []intake.AgencyCode{"buurtteam_oost"}
	local.Referrals = []intake.Referral{{Organisation: "voedselbank_oost", Domain: "klimaat"}}
	local.NextAppointment = intake.Appointment{At: t0.Add(48 * time.Hour), Where: "buurthuis_oost"}

	for _, in := range []intake.Intake{draft, local} {
		if errs := in.Validate(cat, t0); len(errs) == 0 {
			t.Fatalf("intake %s passes Validate; the test needs one that does not", in.OwnWords)
		}
	}
	if _, ok := cat.Location(local.Location); ok {
		t.Fatal("the default catalogue knows the local location")
	}

	data := craft(t, office, []intake.Resident{r, r2}, []intake.Intake{draft, local})
	v := newVault(t)
	res, err := importBytes(v, data, office)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if res.Intakes.Added != 2 || res.Residents.Added != 2 {
		t.Fatalf("result %+v", res)
	}
	for _, want := range []intake.Intake{draft, local} {
		var got intake.Intake
		if err := v.View(func(tx *store.Tx) error { return tx.Get(store.KindIntake, want.ID, &got) }); err != nil {
			t.Fatal(err)
		}
		if jsonOf(t, got) != jsonOf(t, want) {
			t.Fatalf("intake %s changed on import:\n got %s\nwant %s", want.ID, jsonOf(t, got), jsonOf(t, want))
		}
	}
	var rec intake.StatRecord
	err = v.View(func(tx *store.Tx) error { return tx.Get(store.KindStat, local.StatID, &rec) })
	if err != nil {
		t.Fatal(err)
	}
	if rec.V == 0 || rec.Location != "" || len(rec.TargetGroups) != 0 {
		t.Fatalf("statistics of the intake with local codes: %+v", rec)
	}
}

// TestBundleIDs: a bundle accepts the IDs intake.ValidID accepts — the one
// rule for IDs the program makes — and each of them is a valid store
// record ID.
func TestBundleIDs(t *testing.T) {
	v := newVault(t)
	for _, tt := range []struct {
		id string
		ok bool
	}{
		{intake.NewID(), true},
		{"abcdefgh", true},
		{"ABC_def-123", true},
		{strings.Repeat("a", 64), true},
		{"abcdefg", false},
		{strings.Repeat("a", 65), false},
		{"abc.defgh", false},
		{"abc:defgh", false},
		{"abc/defgh", false},
		{"abc defgh", false},
		{"abcdéfgh", false},
	} {
		if got := intake.ValidID(tt.id); got != tt.ok {
			t.Errorf("ValidID(%q) = %v, want %v", tt.id, got, tt.ok)
		}
		if tt.ok {
			if err := v.Update(func(tx *store.Tx) error { return tx.Put(store.KindMeta, tt.id, "x") }); err != nil {
				t.Errorf("store refuses %q: %v", tt.id, err)
			}
		}
		var buf bytes.Buffer
		_, err := NewEncoder(&buf, Header{Created: t0, Source: tt.id, Selection: SelectAll})
		if (err == nil) != tt.ok {
			t.Errorf("bundle source %q: %v, want ok=%v", tt.id, err, tt.ok)
		}
	}
}
