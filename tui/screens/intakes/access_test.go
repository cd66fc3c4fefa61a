package intakes

import (
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// TestKompaanOpensOnlyOwn: a kompaan who asks for a conversation they
// did not take part in (by its ID) is told so, and nothing of it is in
// memory; a follow-up on it is refused the same way; their own opens.
func TestKompaanOpensOnlyOwn(t *testing.T) {
	st := sample()
	other := intake.Intake{ID: "0b9e2d7c4a1f4e86b3d5c7a9e2f41c55", StatID: "5ca1ab1e5ca1ab1e5ca1ab1e00000003",
		Status: intake.StatusOpen, Created: day0, Updated: day0, Location: intake.DefaultCatalogue().Locations[0].Code,
		Presence: intake.Presence{Supporter: "anna"}}
	st.Records = append(st.Records, other)
	for name, s := range map[string]*Screen{
		"open": open(t, st, karim, other.ID),
		"follow-up": func() *Screen {
			s := FollowUp(context(t, st, karim, "nl"), other.ID)
			screentest.Run(t, s, s.Init())
			return s
		}(),
	} {
		if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "U was niet bij dit gesprek") {
			t.Errorf("%s: no refusal:\n%s", name, screentest.Plain(s))
		}
		if s.ed != nil {
			t.Errorf("%s: the refused conversation is in memory", name)
		}
		if rc, ok := s.ResidentView(); ok {
			t.Errorf("%s: the resident view shows %+v", name, rc)
		}
		if msgs := screentest.Press(t, s, "esc"); len(msgs) != 1 || msgs[0] != (common.GoHomeMsg{}) {
			t.Errorf("%s: esc does not go back: %v", name, msgs)
		}
	}
	if s := open(t, st, karim, sampleID); s.ed == nil || s.loadErr != "" || s.ed.Draft().Resident.Pseudonym != "M. Bakker" {
		t.Fatalf("karim's own conversation did not open: %q", s.loadErr)
	}
}

const localOverrides = `{
  "version": 1,
  "locations": [{"code": "bieb_noord", "name": "Bibliotheek Noord"}],
  "organisations": [
    {"code": "voedselbank_noord", "name": "Voedselbank Noord", "domains": ["money"]}
  ]
}`

// TestLocalCatalogue: the municipality's own location (an override
// file) can be chosen on the start step and passes validation; its
// social map is offered for a referral (ported from the old
// tui/catalogue_test.go).
func TestLocalCatalogue(t *testing.T) {
	o, err := intake.ParseOverrides("overrides.json", []byte(localOverrides))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := intake.DefaultCatalogue().WithOverrides(o)
	if err != nil {
		t.Fatal(err)
	}
	st := fake()
	ctx := screentest.Context(screentest.Unlocked(t, st, cat, clock, "nl", "anna", screentest.Pass), "nl", clock)
	s, err := New(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	for range 40 {
		screentest.Press(t, s, "right") // the place has the focus
		if s.ed.Draft().Intake.Location == "bieb_noord" {
			break
		}
	}
	if got := saved(t, st, s.ed.ID()); got.Location != "bieb_noord" || !strings.Contains(screentest.Plain(s), "Bibliotheek Noord") {
		t.Fatalf("the local place is not among the choices (saved %q):\n%s", got.Location, screentest.Plain(s))
	}
	if errs := saved(t, st, s.ed.ID()).Validate(cat, day0); len(errs) > 0 {
		t.Fatalf("the local place does not validate: %v", errs)
	}
	focus(t, s, "Toestemming")
	screentest.Press(t, s, "space")
	toStep(t, s, stepAgreements)
	focus(t, s, "Doorverwijzingen")
	screentest.Press(t, s, "tab")
	focus(t, s, "Organisatie")
	for range 5 {
		if strings.Contains(screentest.Plain(s), "Voedselbank Noord") {
			break
		}
		screentest.Press(t, s, "right")
	}
	got := saved(t, st, s.ed.ID())
	if len(got.Referrals) != 1 || got.Referrals[0].Organisation != "voedselbank_noord" {
		t.Fatalf("the local organisation is not offered for a referral: %+v\n%s", got.Referrals, screentest.Plain(s))
	}

	// Without a social map there is no organisation to choose.
	d := newIntake(t, fake())
	focus(t, d, "Toestemming")
	screentest.Press(t, d, "space")
	toStep(t, d, stepAgreements)
	focus(t, d, "Doorverwijzingen")
	screentest.Press(t, d, "tab")
	focus(t, d, "Naar")
	screentest.Press(t, d, "tab")
	if f := focused(d); f != "Leefgebied" {
		t.Fatalf("after the agency comes %q, want the life domain (no organisation without organisations):\n%s", f, screentest.Plain(d))
	}
}
