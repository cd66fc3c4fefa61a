package intake

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodOverrides = `{
  "version": 1,
  "locations": [
    {"code": "bieb_noord", "name": "Bibliotheek Noord"}
  ],
  "routes": [
    {"code": "markt", "name": {"nl": "Kraam op de markt", "en": "Market stall"}}
  ],
  "organisations": [
    {"code": "voedselbank_noord", "name": "Voedselbank Noord",
     "domains": ["money", "income"], "address": "Dorpsstraat 1, 1234 AB Noord",
     "phone": "+31 (0)12-3456789", "hours": {"nl": "dinsdag 10 tot 12 uur", "en": "Tuesday 10 to 12"}}
  ]
}
`

func TestOverridesGood(t *testing.T) {
	dir := t.TempDir()
	vault := filepath.Join(dir, "spreekuur.db")
	path := OverridesPath(vault)
	if filepath.Base(path) != OverridesFile || filepath.Dir(path) != dir {
		t.Fatalf("OverridesPath = %s", path)
	}
	// Missing file: the embedded catalogue.
	c, err := CatalogueWithOverrides(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Locations) != len(DefaultCatalogue().Locations) {
		t.Fatal("missing file changed the catalogue")
	}
	if err := os.WriteFile(path, []byte(goodOverrides), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = CatalogueWithOverrides(path)
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := c.Location("bieb_noord"); !ok || l.Name.In("en") != "Bibliotheek Noord" {
		t.Errorf("location not added: %+v", l)
	}
	if r, ok := c.Route("markt"); !ok || r.Name.In("en") != "Market stall" {
		t.Errorf("route not added: %+v", r)
	}
	orgs := c.OrganisationsFor("income")
	if len(orgs) != 1 || orgs[0].Phone != "+31 (0)12-3456789" || orgs[0].Hours.In("nl") != "dinsdag 10 tot 12 uur" {
		t.Errorf("organisation not on the social map: %+v", orgs)
	}
	if _, ok := DefaultCatalogue().Location("bieb_noord"); ok {
		t.Error("WithOverrides changed the shared default catalogue")
	}
	// An intake at the local location validates against the new catalogue.
	in, _ := sampleIntake()
	in.Location = "bieb_noord"
	in.Referrals[0].Organisation = "voedselbank_noord"
	if errs := in.Validate(c, testNow); len(errs) > 0 {
		t.Errorf("local codes refused: %v", errs)
	}
	if s := c.Anonymise(in, Resident{}, testNow); s.Location != "bieb_noord" {
		t.Errorf("local location not counted: %+v", s)
	}
}

func TestOverridesErrors(t *testing.T) {
	tests := []struct {
		name, data string
		line       int
		field      string
	}{
		{"not json", "{\n  \"version\": 1,\n  \"locations\": [\n    {\"code\": \"a\" \"name\": \"A\"}\n  ]\n}", 4, ""},
		{"not an object", "\n[1, 2]", 2, ""},
		{"no version", "{\n  \"locations\": []\n}", 1, "version"},
		{"wrong version", "{\n  \"version\": 2\n}", 2, "version"},
		{"unknown top-level field", "{\n  \"version\": 1,\n  \"lokaties\": []\n}", 3, "lokaties"},
		{"list is not a list", "{\n  \"version\": 1,\n  \"routes\": {}\n}", 3, "routes"},
		{"unknown field in an entry", "{\n  \"version\": 1,\n  \"locations\": [\n    {\"code\": \"a\", \"name\": \"A\"},\n    {\"code\": \"b\",\n     \"naam\": \"B\"}\n  ]\n}", 6, "locations[1].naam"},
		{"wrong type", "{\n  \"version\": 1,\n  \"organisations\": [\n    {\"code\": \"a\",\n     \"name\": \"A\",\n     \"domains\": \"money\"}\n  ]\n}", 6, "organisations[0].domains"},
		{"wrong type in a text", "{\n  \"version\": 1,\n  \"routes\": [\n    {\"code\": \"a\",\n     \"name\": {\"nl\": 5}}\n  ]\n}", 5, "routes[0].name.nl"},
		{"bad code", "{\n  \"version\": 1,\n  \"locations\": [\n    {\"code\": \"Bieb Noord\", \"name\": \"B\"}\n  ]\n}", 4, "locations[0].code"},
		{"duplicate code", "{\n  \"version\": 1,\n  \"locations\": [\n    {\"code\": \"a\", \"name\": \"A\"},\n    {\"code\": \"a\", \"name\": \"B\"}\n  ]\n}", 5, "locations[1].code"},
		{"empty name", "{\n  \"version\": 1,\n  \"routes\": [\n    {\"code\": \"a\", \"name\": \"  \"}\n  ]\n}", 4, "routes[0].name"},
		{"missing name", "{\n  \"version\": 1,\n  \"routes\": [\n    {\"code\": \"a\"}\n  ]\n}", 4, "routes[0].name"},
		{"escape in a name", "{\n  \"version\": 1,\n  \"routes\": [\n    {\"code\": \"a\", \"name\": \"x\\u001b[2J\"}\n  ]\n}", 4, "routes[0].name"},
		{"organisation without domains", "{\n  \"version\": 1,\n  \"organisations\": [\n    {\"code\": \"a\", \"name\": \"A\"}\n  ]\n}", 4, "organisations[0].domains"},
		{"bad phone", "{\n  \"version\": 1,\n  \"organisations\": [\n    {\"code\": \"a\", \"name\": \"A\", \"domains\": [\"money\"], \"phone\": \"bel maar\"}\n  ]\n}", 4, "organisations[0].phone"},
		{"trailing data", "{\"version\": 1}\n{}", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseOverrides("local.json", []byte(tt.data))
			var oe *OverrideError
			if !errors.As(err, &oe) {
				t.Fatalf("err = %v, want *OverrideError", err)
			}
			if !errors.Is(err, ErrOverrides) {
				t.Error("not ErrOverrides")
			}
			if oe.Line != tt.line || oe.Field != tt.field || oe.File != "local.json" {
				t.Errorf("got %s (line %d, field %q), want line %d field %q", err, oe.Line, oe.Field, tt.line, tt.field)
			}
			if !oe.Msg.Complete() || !strings.HasPrefix(err.Error(), "local.json:") {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestWithOverridesErrors(t *testing.T) {
	tests := []struct {
		name, data string
		line       int
		field      string
	}{
		{"unknown domain", "{\n  \"version\": 1,\n  \"organisations\": [\n    {\"code\": \"a\", \"name\": \"A\", \"domains\": [\"money\"]},\n    {\"code\": \"b\", \"name\": \"B\", \"domains\": [\"money\", \"weather\"]}\n  ]\n}", 5, "organisations[1].domains[1]"},
		{"code already built in", "{\n  \"version\": 1,\n  \"locations\": [\n    {\"code\": \"library\", \"name\": \"Bieb\"}\n  ]\n}", 4, "locations[0].code"},
		{"route already built in", "{\n  \"version\": 1,\n\n  \"routes\": [{\"code\": \"poster\", \"name\": \"P\"}]\n}", 4, "routes[0].code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := ParseOverrides("local.json", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			_, err = DefaultCatalogue().WithOverrides(o)
			var oe *OverrideError
			if !errors.As(err, &oe) || oe.Line != tt.line || oe.Field != tt.field {
				t.Fatalf("got %v, want line %d field %s", err, tt.line, tt.field)
			}
		})
	}
}

func FuzzParseOverrides(f *testing.F) {
	f.Add([]byte(goodOverrides))
	f.Add([]byte(`{"version":1,"locations":[{"code":"a","name":{"nl":"x"}}]}`))
	f.Add([]byte(`{"version":1,"organisations":[{"code":"a","name":"A","domains":[1]}]}`))
	f.Add([]byte(`{"version":1,"routes":null}`))
	f.Add([]byte("{\n\"version\":1,\"locations\":[{\"nmae\":1}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := ParseOverrides("fuzz.json", data)
		if err != nil {
			var oe *OverrideError
			if !errors.As(err, &oe) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if oe.Line < 0 || oe.Line > 1+strings.Count(string(data), "\n") {
				t.Fatalf("line %d out of range", oe.Line)
			}
			return
		}
		c, err := DefaultCatalogue().WithOverrides(o)
		if err != nil {
			return
		}
		for _, l := range o.Locations {
			if _, ok := c.Location(l.Code); !ok {
				t.Fatalf("location %q not added", l.Code)
			}
		}
	})
}
