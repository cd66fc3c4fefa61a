package intake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/spreekuur/spreekuur/assets"
)

// CatalogueVersion is the version of the catalogue format.
const CatalogueVersion = 1

// ScaleStep is the wording of one step of the scan scale.
type ScaleStep struct {
	Scale       Scale `json:"scale"`
	Name        Text  `json:"name"`        // e.g. "Gaat goed"
	Explanation Text  `json:"explanation"` // one plain sentence
}

// DomainTags link a domain to other frameworks, by name only.
type DomainTags struct {
	Wmo string `json:"wmo"`           // Wmo 2015 area of client support (e.g. "werk en inkomen")
	ZRM string `json:"zrm,omitempty"` // matching Self-Sufficiency Matrix domain name, if any
}

// Domain is one life domain of the scan.
type Domain struct {
	Code        DomainCode   `json:"code"`
	Name        Text         `json:"name"`
	Question    Text         `json:"question"`    // the one plain scan question
	Explanation Text         `json:"explanation"` // what belongs to this domain
	Prompts     []Text       `json:"prompts"`     // 3–6 clarifying prompts
	Agencies    []AgencyCode `json:"agencies"`    // typical agencies
	Tags        DomainTags   `json:"tags"`
}

// Agency is a kind of agency the resident deals with.
type Agency struct {
	Code        AgencyCode `json:"code"`
	Name        Text       `json:"name"`
	Explanation Text       `json:"explanation"`
	// Collects marks an agency whose part is to collect money the resident
	// owes (fines): it is involved, but it is not help, so the personal
	// plan does not list it under the help already there.
	Collects bool `json:"collects,omitempty"`
}

// Location is a place where consultation hours are held.
type Location struct {
	Code LocationCode `json:"code"`
	Name Text         `json:"name"`
}

// Route is how a resident found the service.
type Route struct {
	Code RouteCode `json:"code"`
	Name Text      `json:"name"`
}

// TargetGroup is a group a resident may belong to (the resident chooses).
type TargetGroup struct {
	Code TargetGroupCode `json:"code"`
	Name Text            `json:"name"`
}

// QuestionType is one of VNG's three layers of client support.
type QuestionType struct {
	Code        QuestionTypeCode `json:"code"`
	Name        Text             `json:"name"`
	Explanation Text             `json:"explanation"`
}

// Organisation is an entry of the local social map (from the override file).
type Organisation struct {
	Code    OrganisationCode `json:"code"`
	Name    Text             `json:"name"`
	Domains []DomainCode     `json:"domains"`
	Address string           `json:"address,omitempty"`
	Phone   string           `json:"phone,omitempty"`
	Hours   Text             `json:"hours,omitzero"` // opening hours in plain words
}

// Catalogue is everything the conversation offers to choose from. Lists
// are in display order. A Catalogue is read-only once loaded: share it,
// do not change it (WithOverrides returns a new one).
type Catalogue struct {
	Version       int            `json:"version"`
	Steps         []ScaleStep    `json:"steps"`
	QuestionTypes []QuestionType `json:"question_types"`
	Domains       []Domain       `json:"domains"`
	Agencies      []Agency       `json:"agencies"`
	Locations     []Location     `json:"locations"`
	Routes        []Route        `json:"routes"`
	TargetGroups  []TargetGroup  `json:"target_groups"`
	Organisations []Organisation `json:"organisations,omitempty"`

	domains       map[DomainCode]int
	agencies      map[AgencyCode]int
	locations     map[LocationCode]int
	routes        map[RouteCode]int
	targetGroups  map[TargetGroupCode]int
	questionTypes map[QuestionTypeCode]int
	organisations map[OrganisationCode]int
}

// ErrCatalogue is wrapped by every catalogue problem.
var ErrCatalogue = errors.New("catalogue is not valid")

// ParseCatalogue decodes and checks a catalogue (unknown fields are errors).
func ParseCatalogue(data []byte) (*Catalogue, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Catalogue
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCatalogue, err)
	}
	if err := c.index(); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return &c, nil
}

// LoadCatalogue decodes the embedded catalogue afresh.
func LoadCatalogue() (*Catalogue, error) { return ParseCatalogue(assets.Catalogue()) }

var defaultCatalogue = sync.OnceValues(LoadCatalogue)

// DefaultCatalogue returns the embedded catalogue, decoded once and shared.
// It panics only if the embedded data is broken, which the tests rule out.
func DefaultCatalogue() *Catalogue {
	c, err := defaultCatalogue()
	if err != nil {
		panic("intake: embedded catalogue: " + err.Error())
	}
	return c
}

func indexOf[K ~string](m map[K]int, code K, kind string, seen func(string)) {
	if _, dup := m[code]; dup {
		seen(fmt.Sprintf("%s code %q appears twice", kind, code))
	}
}

// index builds the lookup maps; it reports bad and duplicate codes.
func (c *Catalogue) index() error {
	var problems []string
	add := func(s string) { problems = append(problems, s) }
	c.domains = map[DomainCode]int{}
	c.agencies = map[AgencyCode]int{}
	c.locations = map[LocationCode]int{}
	c.routes = map[RouteCode]int{}
	c.targetGroups = map[TargetGroupCode]int{}
	c.questionTypes = map[QuestionTypeCode]int{}
	c.organisations = map[OrganisationCode]int{}
	for i, d := range c.Domains {
		checkCode(string(d.Code), "domain", add)
		indexOf(c.domains, d.Code, "domain", add)
		c.domains[d.Code] = i
	}
	for i, a := range c.Agencies {
		checkCode(string(a.Code), "agency", add)
		indexOf(c.agencies, a.Code, "agency", add)
		c.agencies[a.Code] = i
	}
	for i, l := range c.Locations {
		checkCode(string(l.Code), "location", add)
		indexOf(c.locations, l.Code, "location", add)
		c.locations[l.Code] = i
	}
	for i, r := range c.Routes {
		checkCode(string(r.Code), "route", add)
		indexOf(c.routes, r.Code, "route", add)
		c.routes[r.Code] = i
	}
	for i, t := range c.TargetGroups {
		checkCode(string(t.Code), "target group", add)
		indexOf(c.targetGroups, t.Code, "target group", add)
		c.targetGroups[t.Code] = i
	}
	for i, q := range c.QuestionTypes {
		checkCode(string(q.Code), "question type", add)
		indexOf(c.questionTypes, q.Code, "question type", add)
		c.questionTypes[q.Code] = i
	}
	for i, o := range c.Organisations {
		checkCode(string(o.Code), "organisation", add)
		indexOf(c.organisations, o.Code, "organisation", add)
		c.organisations[o.Code] = i
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrCatalogue, problems[0])
	}
	return nil
}

func checkCode(code, kind string, add func(string)) {
	if !ValidCode(code) {
		add(fmt.Sprintf("%s code %q: use 1–32 lower-case letters, digits or _", kind, code))
	}
}

// check verifies the content: both languages everywhere, 3–6 prompts, known
// agencies, all scale steps, the three question types.
func (c *Catalogue) check() error {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrCatalogue}, a...)...)
	}
	if c.Version != CatalogueVersion {
		return fail("version %d, want %d", c.Version, CatalogueVersion)
	}
	if len(c.Steps) != len(Scales()) {
		return fail("%d scale steps, want %d", len(c.Steps), len(Scales()))
	}
	for i, s := range c.Steps {
		if s.Scale != Scales()[i] {
			return fail("scale step %d is %d, want %d", i, s.Scale, Scales()[i])
		}
		if !s.Name.Complete() || !s.Explanation.Complete() {
			return fail("scale step %d: name and explanation need nl and en", i)
		}
	}
	for _, q := range []QuestionTypeCode{QuestionOwnLife, QuestionAccess, QuestionInUse} {
		if _, ok := c.questionTypes[q]; !ok {
			return fail("question type %q missing", q)
		}
	}
	if len(c.QuestionTypes) != 3 {
		return fail("%d question types, want VNG's 3", len(c.QuestionTypes))
	}
	for _, q := range c.QuestionTypes {
		if !q.Name.Complete() || !q.Explanation.Complete() {
			return fail("question type %q: name and explanation need nl and en", q.Code)
		}
	}
	if len(c.Domains) == 0 {
		return fail("no domains")
	}
	for _, d := range c.Domains {
		if !d.Name.Complete() || !d.Question.Complete() || !d.Explanation.Complete() {
			return fail("domain %q: name, question and explanation need nl and en", d.Code)
		}
		if n := len(d.Prompts); n < 3 || n > 6 {
			return fail("domain %q has %d prompts, want 3–6", d.Code, n)
		}
		for i, p := range d.Prompts {
			if !p.Complete() {
				return fail("domain %q prompt %d needs nl and en", d.Code, i)
			}
		}
		if len(d.Agencies) == 0 {
			return fail("domain %q has no typical agencies", d.Code)
		}
		for _, a := range d.Agencies {
			if _, ok := c.agencies[a]; !ok {
				return fail("domain %q: unknown agency %q", d.Code, a)
			}
		}
		if d.Tags.Wmo == "" {
			return fail("domain %q: Wmo tag missing", d.Code)
		}
	}
	for _, a := range c.Agencies {
		if !a.Name.Complete() || !a.Explanation.Complete() {
			return fail("agency %q: name and explanation need nl and en", a.Code)
		}
	}
	for _, l := range c.Locations {
		if !l.Name.Complete() {
			return fail("location %q: name needs nl and en", l.Code)
		}
	}
	for _, r := range c.Routes {
		if !r.Name.Complete() {
			return fail("route %q: name needs nl and en", r.Code)
		}
	}
	for _, t := range c.TargetGroups {
		if !t.Name.Complete() {
			return fail("target group %q: name needs nl and en", t.Code)
		}
	}
	for _, o := range c.Organisations {
		if o.Name.IsZero() {
			return fail("organisation %q: name missing", o.Code)
		}
		for _, d := range o.Domains {
			if _, ok := c.domains[d]; !ok {
				return fail("organisation %q: unknown domain %q", o.Code, d)
			}
		}
	}
	return nil
}

// Domain returns the domain with this code.
func (c *Catalogue) Domain(code DomainCode) (Domain, bool) {
	return lookup(c.domains, c.Domains, code)
}

// DomainName is the domain's name, or its code where this catalogue does
// not know it (an intake imported from a laptop with local codes): a name
// on screen or paper is never blank.
func (c *Catalogue) DomainName(code DomainCode) Text {
	if d, ok := c.Domain(code); ok {
		return d.Name
	}
	return T(string(code), string(code))
}

// lookup returns the item whose code idx maps to its index in items.
func lookup[K comparable, V any](idx map[K]int, items []V, code K) (V, bool) {
	if i, ok := idx[code]; ok {
		return items[i], true
	}
	var zero V
	return zero, false
}

// AgencyName is an agency's name, or its code when the catalogue lacks it.
func (c *Catalogue) AgencyName(code AgencyCode) Text {
	if a, ok := c.Agency(code); ok {
		return a.Name
	}
	return T(string(code), string(code))
}

// Agency returns the agency with this code.
func (c *Catalogue) Agency(code AgencyCode) (Agency, bool) {
	return lookup(c.agencies, c.Agencies, code)
}

// Location returns the location with this code.
func (c *Catalogue) Location(code LocationCode) (Location, bool) {
	return lookup(c.locations, c.Locations, code)
}

// Route returns the route in with this code.
func (c *Catalogue) Route(code RouteCode) (Route, bool) {
	return lookup(c.routes, c.Routes, code)
}

// TargetGroup returns the target group with this code.
func (c *Catalogue) TargetGroup(code TargetGroupCode) (TargetGroup, bool) {
	return lookup(c.targetGroups, c.TargetGroups, code)
}

// QuestionType returns the question type with this code.
func (c *Catalogue) QuestionType(code QuestionTypeCode) (QuestionType, bool) {
	return lookup(c.questionTypes, c.QuestionTypes, code)
}

// Organisation returns the organisation on the social map with this code.
func (c *Catalogue) Organisation(code OrganisationCode) (Organisation, bool) {
	return lookup(c.organisations, c.Organisations, code)
}

// OrganisationsFor returns the organisations on the social map that help in domain d.
func (c *Catalogue) OrganisationsFor(d DomainCode) []Organisation {
	var out []Organisation
	for _, o := range c.Organisations {
		for _, od := range o.Domains {
			if od == d {
				out = append(out, o)
				break
			}
		}
	}
	return out
}

// Step returns the wording of scale step s (the "not discussed" step for an invalid s).
func (c *Catalogue) Step(s Scale) ScaleStep {
	if !s.Valid() {
		s = NotDiscussed
	}
	return c.Steps[s]
}
