package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

var now = time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC)

func TestSameSeedSameOutput(t *testing.T) {
	cat := intake.DefaultCatalogue()
	for _, seed := range []uint64{0, 1, 42, 1 << 63} {
		a := New(seed, cat, now).Residents(300)
		b := New(seed, cat, now).Residents(300)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("seed %d: two runs differ", seed)
		}
	}
}

func TestDifferentSeedDifferentOutput(t *testing.T) {
	cat := intake.DefaultCatalogue()
	a := New(1, cat, now).Residents(50)
	b := New(2, cat, now).Residents(50)
	if reflect.DeepEqual(a, b) {
		t.Fatal("seeds 1 and 2 give the same output")
	}
	ids := map[string]bool{}
	for _, cs := range [][]Case{a, b} {
		for _, c := range cs {
			for _, in := range c.Intakes {
				if ids[in.ID] {
					t.Fatalf("intake ID %s appears twice across seeds", in.ID)
				}
				ids[in.ID] = true
			}
		}
	}
}

// TestEverythingValid checks every resident and intake against the
// catalogue, for several seeds and moments (including one close to the
// earliest allowed date, so clamping is exercised).
func TestEverythingValid(t *testing.T) {
	cat := intake.DefaultCatalogue()
	for _, tc := range []struct {
		seed uint64
		now  time.Time
	}{
		{1, now},
		{7, now.AddDate(0, 0, 3)}, // a Sunday-ish edge
		{99, time.Date(2017, 6, 1, 8, 0, 0, 0, time.UTC)},
		{3, time.Date(2026, 1, 4, 23, 0, 0, 0, time.FixedZone("CET", 3600))},
	} {
		for _, c := range New(tc.seed, cat, tc.now).Residents(2000) {
			if len(c.Intakes) == 0 {
				t.Fatalf("seed %d: a case without intakes", tc.seed)
			}
			for _, in := range c.Intakes {
				if errs := in.Validate(cat, tc.now); len(errs) > 0 {
					t.Fatalf("seed %d: intake %s (%s, step %s): %v", tc.seed, in.ID, in.Status, in.Step, errs)
				}
				if in.Updated.After(tc.now) || in.Created.After(tc.now) {
					t.Fatalf("seed %d: intake %s lies in the future", tc.seed, in.ID)
				}
			}
			if c.Resident == nil {
				if in := c.Intakes[0]; len(c.Intakes) != 1 || in.Consent.Given || in.HasPersonalData() {
					t.Fatalf("seed %d: anonymous contact keeps personal data or consent", tc.seed)
				}
				continue
			}
			r := *c.Resident
			if !strings.HasSuffix(r.Pseudonym, Suffix) {
				t.Fatalf("pseudonym %q lacks the demo suffix", r.Pseudonym)
			}
			for _, in := range c.Intakes {
				if in.ResidentID != r.ID {
					t.Fatalf("intake %s belongs to %s, not %s", in.ID, in.ResidentID, r.ID)
				}
				if errs := r.ValidateWith(in, cat, tc.now); len(errs) > 0 {
					t.Fatalf("seed %d: resident %s: %v", tc.seed, r.ID, errs)
				}
				if in.Created.Before(r.Created) {
					t.Fatalf("intake before its resident was created")
				}
			}
		}
	}
}

// TestDistribution checks that the output has the variety a demo needs.
func TestDistribution(t *testing.T) {
	cat := intake.DefaultCatalogue()
	cases := New(1, cat, now).Residents(3000)
	var residents, anonymous, intakes, withLetters, withContacts, withKompaanNote, withAgreements, withReferral, withClosure, multi int
	status := map[intake.Status]int{}
	draftSteps := map[intake.FlowStep]bool{}
	locations := map[intake.LocationCode]bool{}
	years := map[int]bool{}
	domains := map[intake.DomainCode]int{}
	for _, c := range cases {
		if c.Resident == nil {
			anonymous++
		} else {
			residents++
			if len(c.Intakes) > 1 {
				multi++
			}
		}
		for _, in := range c.Intakes {
			intakes++
			status[in.Status]++
			if in.Status == intake.StatusDraft {
				draftSteps[in.Step] = true
			}
			locations[in.Location] = true
			years[in.Created.Year()] = true
			for d, s := range in.Scan {
				if s >= intake.Worries {
					domains[d]++
				}
			}
			for _, cl := range in.Clarifications {
				if len(cl.Letters) > 0 {
					withLetters++
					break
				}
			}
			if len(in.Contacts) > 0 {
				withContacts++
			}
			if len(in.Agreements) > 0 {
				withAgreements++
			}
			if len(in.Referrals) > 0 {
				withReferral++
			}
			if in.Closure.Appreciation > 0 {
				withClosure++
			}
			for _, n := range in.Notes {
				if n.Role == intake.RoleKompaan {
					withKompaanNote++
					break
				}
			}
		}
	}
	if residents != 3000 {
		t.Errorf("%d residents, want 3000", residents)
	}
	share := func(n int) float64 { return float64(n) / float64(intakes) }
	for _, c := range []struct {
		what   string
		got    float64
		lo, hi float64
	}{
		{"anonymous contacts", float64(anonymous) / float64(len(cases)), 0.04, 0.14},
		{"drafts", share(status[intake.StatusDraft]), 0.01, 0.15},
		{"open", share(status[intake.StatusOpen]), 0.05, 0.4},
		{"closed", share(status[intake.StatusClosed]), 0.5, 0.95},
		{"with letters", share(withLetters), 0.1, 0.8},
		{"with follow-up contacts", share(withContacts), 0.3, 0.9},
		{"with agreements", share(withAgreements), 0.5, 1},
		{"with referrals", share(withReferral), 0.05, 0.6},
		{"with closure answers", share(withClosure), 0.3, 0.95},
		{"with a kompaan note", share(withKompaanNote), 0.05, 0.5},
		{"residents with more than one intake", float64(multi) / float64(residents), 0.1, 0.4},
	} {
		if c.got < c.lo || c.got > c.hi {
			t.Errorf("%s: %.3f, want %.2f–%.2f", c.what, c.got, c.lo, c.hi)
		}
	}
	if len(draftSteps) < 4 {
		t.Errorf("drafts stop at only %d different steps", len(draftSteps))
	}
	if len(locations) < 6 {
		t.Errorf("only %d locations", len(locations))
	}
	if len(years) < Years {
		t.Errorf("intakes span only %d calendar years", len(years))
	}
	if domains["money"] < domains["safety"] || domains["safety"] == 0 {
		t.Errorf("domain pattern off: money %d, safety %d", domains["money"], domains["safety"])
	}
	if len(domains) < len(cat.Domains)-1 {
		t.Errorf("only %d of %d domains ever a worry", len(domains), len(cat.Domains))
	}
}

// TestTextsUseKnownCodes guards the hand-written tables against typos.
func TestTextsUseKnownCodes(t *testing.T) {
	cat := intake.DefaultCatalogue()
	for _, p := range patterns {
		for _, d := range p.domains {
			if _, ok := cat.Domain(d); !ok {
				t.Errorf("pattern %s: unknown domain %s", p.name, d)
			}
			if _, ok := domainTexts[d]; !ok {
				t.Errorf("pattern %s: no texts for domain %s", p.name, d)
			}
		}
		for _, g := range p.groups {
			if _, ok := cat.TargetGroup(g); !ok {
				t.Errorf("pattern %s: unknown target group %s", p.name, g)
			}
		}
		for _, l := range p.locations {
			if _, ok := cat.Location(l); !ok {
				t.Errorf("pattern %s: unknown location %s", p.name, l)
			}
		}
	}
	for _, d := range cat.Domains {
		if _, ok := domainTexts[d.Code]; !ok {
			t.Errorf("no texts for domain %s", d.Code)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	g := New(1, intake.DefaultCatalogue(), now)
	for b.Loop() {
		_ = g.Next()
	}
}
