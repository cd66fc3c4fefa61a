package intake

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spreekuur/spreekuur/assets"
)

// The domains the issue asks for, by code.
var requiredDomains = []DomainCode{
	"money", "income", "work", "daytime", "housing", "home_relations", "parenting", "school",
	"mental_health", "physical_health", "addiction", "self_care", "network", "participation",
	"justice", "papers", "safety",
}

func TestEmbeddedCatalogueComplete(t *testing.T) {
	c, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range requiredDomains {
		if _, ok := c.Domain(code); !ok {
			t.Errorf("domain %s missing", code)
		}
	}
	// Walk every Text in the catalogue: both languages, not blank, inert, short.
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		if v.Type() == reflect.TypeFor[Text]() {
			tx := v.Interface().(Text)
			if !tx.Complete() {
				t.Errorf("%s: missing a language: %+v", path, tx)
			}
			for _, s := range []string{tx.NL, tx.EN} {
				if !IsInert(s) || strings.TrimSpace(s) != s || utf8.RuneCountInString(s) > 400 {
					t.Errorf("%s: bad text %q", path, s)
				}
			}
			if tx.NL == tx.EN && len(tx.NL) > 12 && !strings.Contains(path, "Agencies") {
				t.Errorf("%s: English is a copy of the Dutch: %q", path, tx.NL)
			}
			return
		}
		switch v.Kind() {
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(path+"."+v.Type().Field(i).Name, v.Field(i))
				}
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(path+"["+string(rune('0'+i%10))+"]", v.Index(i))
			}
		}
	}
	walk("catalogue", reflect.ValueOf(*c))

	// Codes are unique across each list (index checks this) and every
	// domain has 3–6 prompts, known agencies and a Wmo tag (check does).
	// Here: the raw JSON has no duplicate codes that index would hide.
	var raw map[string][]map[string]any
	_ = json.Unmarshal(assets.Catalogue(), &raw)
	for list, entries := range raw {
		seen := map[any]bool{}
		for _, e := range entries {
			code, ok := e["code"]
			if !ok {
				continue
			}
			if seen[code] {
				t.Errorf("%s: code %v twice", list, code)
			}
			seen[code] = true
		}
	}
	// Scan questions are questions.
	for _, d := range c.Domains {
		if !strings.HasSuffix(d.Question.NL, "?") || !strings.HasSuffix(d.Question.EN, "?") {
			t.Errorf("domain %s: scan question does not end in '?'", d.Code)
		}
	}
	// Every agency is used by some domain, so none is dead weight.
	used := map[AgencyCode]bool{}
	for _, d := range c.Domains {
		for _, a := range d.Agencies {
			used[a] = true
		}
	}
	for _, a := range c.Agencies {
		if !used[a.Code] {
			t.Errorf("agency %s is typical for no domain", a.Code)
		}
	}
}

func TestDefaultCatalogueShared(t *testing.T) {
	if a, b := DefaultCatalogue(), DefaultCatalogue(); a != b {
		t.Fatal("DefaultCatalogue is not cached")
	}
	c := DefaultCatalogue()
	if s := c.Step(Urgent); s.Name.In("en") != "Urgent: help needed now" {
		t.Errorf("Urgent = %q", s.Name.In("en"))
	}
	if s := c.Step(Scale(42)); s.Scale != NotDiscussed {
		t.Errorf("invalid step gives %d", s.Scale)
	}
	if _, ok := c.QuestionType(QuestionInUse); !ok {
		t.Error("question type in_use missing")
	}
}

func TestParseCatalogueRejects(t *testing.T) {
	good := string(assets.Catalogue())
	tests := []struct{ name, from, to string }{
		{"unknown field", `"version": 1,`, `"version": 1, "extra": true,`},
		{"wrong version", `"version": 1,`, `"version": 2,`},
		{"duplicate domain code", `"code": "income"`, `"code": "money"`},
		{"bad code", `"code": "income"`, `"code": "Income"`},
		{"missing English", `"en": "How are things with money?"`, `"en": ""`},
		{"unknown agency", `"agencies": ["uwv", "sociale_zaken", "leerwerkloket"]`, `"agencies": ["uwv", "nasa"]`},
		{"too few prompts", `"prompts": [
       {"nl": "Heeft u werk, of zoekt u werk?", "en": "Do you have work, or are you looking for work?"},`, `"prompts": [`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(good, tt.from) {
				t.Fatalf("fixture text %q not in the catalogue", tt.from)
			}
			bad := strings.Replace(good, tt.from, tt.to, 1)
			if tt.name == "too few prompts" {
				// remove three of the four prompts of "work"
				i := strings.Index(bad, `"code": "work"`)
				j := strings.Index(bad[i:], `"prompts": [`) + i + len(`"prompts": [`)
				k := strings.Index(bad[j:], `{"nl": "Wilt u iets leren`) + j
				bad = bad[:j] + bad[k:]
			}
			if _, err := ParseCatalogue([]byte(bad)); !errors.Is(err, ErrCatalogue) {
				t.Errorf("err = %v, want ErrCatalogue", err)
			}
		})
	}
}

func TestTextIn(t *testing.T) {
	tests := []struct {
		t          Text
		lang, want string
	}{
		{T("ja", "yes"), "nl", "ja"},
		{T("ja", "yes"), "en", "yes"},
		{T("ja", "yes"), "EN-gb", "yes"},
		{T("ja", "yes"), "fr", "ja"},
		{T("ja", ""), "en", "ja"},
		{T("", "yes"), "nl", "yes"},
	}
	for _, tt := range tests {
		if got := tt.t.In(tt.lang); got != tt.want {
			t.Errorf("%+v.In(%q) = %q, want %q", tt.t, tt.lang, got, tt.want)
		}
	}
	var tx Text
	if err := json.Unmarshal([]byte(`"Bieb"`), &tx); err != nil || tx != T("Bieb", "Bieb") {
		t.Errorf("plain string: %+v %v", tx, err)
	}
	if err := json.Unmarshal([]byte(`{"nl":"a","de":"b"}`), &tx); err == nil {
		t.Error("unknown language accepted")
	}
}

func TestModelJSONRoundTrip(t *testing.T) {
	in, r := sampleIntake()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back Intake
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, in) {
		t.Errorf("intake round trip differs:\n%s", b)
	}
	for _, tag := range []string{`"own_words"`, `"clarified_question"`, `"scan":{"`, `"sent":"2024-02-26"`, `"stat_id"`, `"step":"agreements"`} {
		if !strings.Contains(string(b), tag) {
			t.Errorf("JSON lacks %s", tag)
		}
	}
	rb, _ := json.Marshal(r)
	var rback Resident
	if err := json.Unmarshal(rb, &rback); err != nil || rback.Pseudonym != r.Pseudonym || rback.BirthYear != r.BirthYear {
		t.Errorf("resident round trip: %v %+v", err, rback)
	}
}
