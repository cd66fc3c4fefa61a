package tui

import (
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
)

const localOverrides = `{
  "version": 1,
  "locations": [{"code": "bieb_noord", "name": "Bibliotheek Noord"}],
  "organisations": [
    {"code": "voedselbank_noord", "name": "Voedselbank Noord", "domains": ["money"]}
  ]
}`

func localCatalogue(t *testing.T) *intake.Catalogue {
	t.Helper()
	o, err := intake.ParseOverrides("overrides.json", []byte(localOverrides))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := intake.DefaultCatalogue().WithOverrides(o)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestLocalCatalogueInTheApp: the municipality's own location (override
// file) can be chosen on the start step and passes validation; its social
// map is offered for a referral.
func TestLocalCatalogueInTheApp(t *testing.T) {
	v := sampleVault()
	a := New(Options{Vault: v, Now: (&clock{day0}).now, LockAfter: -1, User: "anna", Catalogue: localCatalogue(t)})
	typeIn(a, "correct horse battery")
	run(a, keyMsg("enter"))
	press(a, "ctrl+n")
	s, ok := a.cur.(*intakeScreen)
	if !ok {
		t.Fatalf("ctrl+n opened %T", a.cur)
	}
	found := false
	for range 40 {
		press(a, "right") // the location choice has the focus
		if s.c.in.Location == "bieb_noord" {
			found = true
			break
		}
	}
	if !found {
		t.Fatal("the local location is not among the choices")
	}
	if !strings.Contains(plain(a), "Bibliotheek Noord") {
		t.Fatalf("location name not shown:\n%s", plain(a))
	}
	if got := savedIntake(t, v, s.c.in.ID); got.Location != "bieb_noord" {
		t.Fatalf("saved location %q", got.Location)
	}
	if msg := s.c.errFor("location"); msg != "" {
		t.Fatalf("validation rejects the local location: %s", msg)
	}

	ag := s.steps[intake.StepAgreements].(*agreementsStep)
	if ag.rfOrg == nil {
		t.Fatal("no organisation choice for referrals")
	}
	s.c.in.Referrals = []intake.Referral{{Domain: "money"}}
	ag.rf = 0
	ag.refresh()
	var names []string
	for _, o := range ag.rfOrg.opts {
		names = append(names, o.name)
	}
	if !strings.Contains(strings.Join(names, "|"), "Voedselbank Noord") {
		t.Fatalf("organisation choices %v", names)
	}
}

// TestDefaultCatalogueHasNoOrganisationField: without a social map the
// agreements step stays as it was.
func TestDefaultCatalogueHasNoOrganisationField(t *testing.T) {
	_, s := newFlow(t, sampleVault())
	if s.steps[intake.StepAgreements].(*agreementsStep).rfOrg != nil {
		t.Fatal("organisation choice without organisations")
	}
}
