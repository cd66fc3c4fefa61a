// Package conversationtest fills a conversation's every field, for tests of
// the renderings: the terminal forms and the line mode must each be able to
// fill and read back every field the definition has.
package conversationtest

import (
	"fmt"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
)

// Now is the fixed clock of the samples.
var Now = time.Date(2026, time.November, 27, 10, 30, 0, 0, time.UTC)

// Catalogue is the default catalogue with one organisation on the local
// social map, so the fields that offer the social map are shown.
func Catalogue() *intake.Catalogue {
	o, err := intake.ParseOverrides("local.json", []byte(`{"version": 1, "organisations": [
		{"code": "voedselbank_noord", "name": "Voedselbank Noord", "domains": ["money"]}]}`))
	if err != nil {
		panic(err)
	}
	c, err := intake.DefaultCatalogue().WithOverrides(o)
	if err != nil {
		panic(err)
	}
	return c
}

// Context returns a context with Catalogue, a supporter "anna" and a
// kompaan "karim" among the users, and the fixed clock.
func Context(lang string) *conversation.Context {
	return &conversation.Context{
		Cat: Catalogue(), Lang: lang, Now: func() time.Time { return Now },
		User: "anna", Role: intake.RoleSupporter,
		Users: []conversation.User{{Name: "anna", Role: intake.RoleSupporter}, {Name: "karim", Role: intake.RoleKompaan}},
	}
}

// Sample is a valid value for f at a: marker text for typed text (unique
// per field and item), a fixed day, the last option of a choice (so a
// "yes" that shows more fields is taken: an agency as who, "other mail" as
// a letter's kind) — but "urgent" in the scan, so every domain is
// clarified —, the first two options of a multiple choice, and yes.
func Sample(f *conversation.Field, a conversation.At) conversation.Value {
	switch f.Kind {
	case conversation.KindText, conversation.KindLongText:
		return conversation.Value{Text: Marker(f, a)}
	case conversation.KindDate:
		return conversation.Value{Text: "20-11-2026"}
	case conversation.KindDateTime:
		return conversation.Value{Text: "20-11-2026 10:15"}
	case conversation.KindYear:
		return conversation.Value{Text: "1975"}
	case conversation.KindChoice:
		if f.Key == "scan.step" { // urgent: every domain then matters and is clarified
			return conversation.Value{Text: conversation.ScaleCode(intake.Urgent)}
		}
		opts := f.Options(a)
		return conversation.Value{Text: opts[len(opts)-1].Code}
	case conversation.KindMulti:
		opts := f.Options(a)
		var codes []string
		for _, o := range opts[:min(2, len(opts))] {
			codes = append(codes, o.Code)
		}
		return conversation.Value{Codes: codes}
	case conversation.KindYesNo:
		return conversation.Value{Yes: true}
	}
	return conversation.Value{}
}

// Marker is the sample text of f at a: "mk-" and the field key with its
// item indices, letters and digits only, so it survives any rendering.
func Marker(f *conversation.Field, a conversation.At) string {
	var b strings.Builder
	b.WriteString("mk")
	for _, r := range f.Key {
		if r == '.' || r == '_' {
			b.WriteByte('x')
			continue
		}
		b.WriteRune(r)
	}
	for _, i := range a.Idx {
		fmt.Fprintf(&b, "i%d", i)
	}
	return b.String()
}

// Alternative is the other sample of f at a, for the second item Fill
// adds to a list: the first option of a choice that is not "not chosen"
// (so the fields a first option shows are reached too: the answer to an
// application, who is the resident), else the same as Sample.
func Alternative(f *conversation.Field, a conversation.At) conversation.Value {
	if f.Kind == conversation.KindChoice {
		for _, o := range f.Options(a) {
			if o.Code != "" {
				return conversation.Value{Text: o.Code}
			}
		}
	}
	return Sample(f, a)
}

// Visit is one field to fill: the step, the field, where, and the value
// it was given.
type Visit struct {
	Step  *conversation.Step
	Field *conversation.Field
	At    conversation.At
	Value conversation.Value
}

// Missed lists the fields of def (but info and list fields) that no visit
// filled: a rendering's fill reached every field when it is empty.
func Missed(def *conversation.Definition, visits []Visit) []string {
	seen := map[string]bool{}
	for _, v := range visits {
		seen[v.Field.Key] = true
	}
	var out []string
	def.Walk(func(_ *conversation.Step, _, f *conversation.Field) {
		if f.Kind != conversation.KindInfo && f.Kind != conversation.KindList && !seen[f.Key] {
			out = append(out, f.Key)
		}
	})
	return out
}

// Setter fills one field with a value, the way a rendering would (typing,
// choosing). It returns an error when the rendering could not.
type Setter func(v Visit, value conversation.Value) error

// Adder adds an item to a list the way a rendering would, and returns its
// index (a rendering that adds the item with its first field returns the
// index the item will get).
type Adder func(v Visit) (int, error)

// Fill walks every step of def in order and fills every shown field with
// its Sample through set; every list that can grow gets one new item
// (through add) whose fields are filled too — and, the first time a list
// is met, a second item filled with Alternative samples — and every list
// that cannot (the domains) has each item's fields filled. It returns the
// visits made, for Check.
func Fill(def *conversation.Definition, d *conversation.Draft, c *conversation.Context, set Setter, add Adder) ([]Visit, error) {
	var visits []Visit
	steps := append(append([]*conversation.Step{}, def.Steps...), def.FollowUp)
	steps = append(steps, &conversation.Step{ID: "notes", Fields: []*conversation.Field{def.Notes}})
	var fill func(s *conversation.Step, fs []*conversation.Field, a conversation.At) error
	sample := Sample
	altDone := map[string]bool{}
	one := func(s *conversation.Step, f *conversation.Field, a conversation.At) error {
		if !f.IsShown(a) {
			return nil
		}
		if locked, _ := f.Locked(a); locked {
			return fmt.Errorf("%s is locked (no consent?)", f.Key)
		}
		v := Visit{Step: s, Field: f, At: a}
		switch f.Kind {
		case conversation.KindInfo:
			return nil
		case conversation.KindList:
			if f.List.Add != nil {
				// A list that grows by hand gets one new item; a
				// rendering may add it only when its first field is
				// set, so the item is filled at the index add returns.
				i, err := add(v)
				if err != nil {
					return fmt.Errorf("%s: add: %w", f.Key, err)
				}
				if err := fill(s, f.List.Fields, a.In(i)); err != nil || altDone[f.Key] {
					return err
				}
				altDone[f.Key] = true
				if i, err = add(v); err != nil {
					return fmt.Errorf("%s: add a second: %w", f.Key, err)
				}
				sample = Alternative
				defer func() { sample = Sample }()
				return fill(s, f.List.Fields, a.In(i))
			}
			for i := 0; i < f.List.Count(a); i++ {
				if err := fill(s, f.List.Fields, a.In(i)); err != nil {
					return err
				}
			}
			return nil
		}
		v.Value = sample(f, a)
		if err := set(v, v.Value); err != nil {
			return fmt.Errorf("%s at %v: %w", f.Key, a.Idx, err)
		}
		visits = append(visits, v)
		return nil
	}
	fill = func(s *conversation.Step, fs []*conversation.Field, a conversation.At) error {
		// A personal field before the consent field is locked until
		// consent is given further down the step: it is filled after.
		var later []*conversation.Field
		for _, f := range fs {
			if locked, _ := f.Locked(a); locked && f.IsShown(a) {
				later = append(later, f)
				continue
			}
			if err := one(s, f, a); err != nil {
				return err
			}
		}
		for _, f := range later {
			if err := one(s, f, a); err != nil {
				return err
			}
		}
		return nil
	}
	for _, s := range steps {
		if err := fill(s, s.Fields, conversation.At{D: d, C: c}); err != nil {
			return visits, err
		}
	}
	return visits, nil
}

// Check reads every visited field back and reports the first that does
// not hold its sample.
func Check(visits []Visit) error {
	for _, v := range visits {
		want := v.Value
		got := v.Field.Get(v.At)
		if !Same(v.Field.Kind, got, want) {
			return fmt.Errorf("%s at %v: got %+v, want %+v", v.Field.Key, v.At.Idx, got, want)
		}
	}
	return nil
}

// Same compares two values of a kind.
func Same(k conversation.Kind, a, b conversation.Value) bool {
	switch k {
	case conversation.KindYesNo:
		return a.Yes == b.Yes
	case conversation.KindMulti:
		if len(a.Codes) != len(b.Codes) {
			return false
		}
		for i := range a.Codes {
			if a.Codes[i] != b.Codes[i] {
				return false
			}
		}
		return true
	}
	return a.Text == b.Text
}
