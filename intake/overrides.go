package intake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// OverridesFile is the name of the local override file; it lives next to
// the vault file (see OverridesPath).
const OverridesFile = "spreekuur-local.json"

// OverridesVersion is the version of the override file format.
const OverridesVersion = 1

// MaxOverridesSize is the largest override file that is read.
const MaxOverridesSize = 1 << 20

// Limits for override entries.
const (
	maxOverrideEntries = 500
	maxOrgName         = 100
	maxAddress         = 200
	maxPhone           = 40
	maxHours           = 200
)

// ErrOverrides is wrapped by every problem with an override file.
var ErrOverrides = errors.New("the local override file is not valid")

// OverrideError says what is wrong in an override file, and where.
type OverrideError struct {
	File  string // the file name as given
	Line  int    // 1-based line; 0 when the problem is the file as a whole
	Field string // path such as "organisations[2].domains[0]"
	Msg   Text   // what is wrong, in plain words
}

// Error returns "file:line: field: message" in English.
func (e *OverrideError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	b.WriteString(": " + e.Msg.EN)
	return b.String()
}

// Unwrap lets errors.Is(err, ErrOverrides) work.
func (e *OverrideError) Unwrap() error { return ErrOverrides }

// Overrides are a municipality's local additions to the catalogue: its own
// consultation-hour locations, routes in, and a small social map of
// organisations. Write them in a JSON file next to the vault:
//
//	{
//	  "version": 1,
//	  "locations": [{"code": "bieb_noord", "name": "Bibliotheek Noord"}],
//	  "routes": [{"code": "markt", "name": {"nl": "Kraam op de markt", "en": "Market stall"}}],
//	  "organisations": [{
//	    "code": "voedselbank_noord", "name": "Voedselbank Noord",
//	    "domains": ["money"], "address": "Dorpsstraat 1, 1234 AB Noord",
//	    "phone": "012-3456789", "hours": {"nl": "dinsdag 10 tot 12 uur", "en": "Tuesday 10 to 12"}
//	  }]
//	}
//
// A name or opening hours may be one string (used for both languages) or
// {"nl": ..., "en": ...}. Codes are new: they may not repeat a code in the
// file or in the built-in catalogue.
type Overrides struct {
	File          string         `json:"-"`
	Version       int            `json:"version"`
	Locations     []Location     `json:"locations,omitempty"`
	Routes        []Route        `json:"routes,omitempty"`
	Organisations []Organisation `json:"organisations,omitempty"`

	// lines of each entry, for errors found by WithOverrides.
	locLines, routeLines, orgLines []int
}

// OverridesPath returns where the override file for a vault lives.
func OverridesPath(vaultPath string) string {
	return filepath.Join(filepath.Dir(vaultPath), OverridesFile)
}

// LoadOverrides reads and checks an override file. A missing file is not
// an error: it gives empty overrides. Anything but a regular file (a FIFO,
// a device, a directory) is refused without waiting for it: the file is
// opened non-blocking (a FIFO with no writer would otherwise hang the
// program at start) and checked before it is read.
func LoadOverrides(path string) (*Overrides, error) {
	f, err := openNonBlocking(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Overrides{File: path, Version: OverridesVersion}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOverrides, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, &OverrideError{File: path, Msg: T("Dit is geen gewoon bestand.", "This is not a regular file.")}
	}
	data, err := readLimited(f, MaxOverridesSize)
	if err != nil {
		return nil, &OverrideError{File: path, Msg: T("Het bestand is te groot of niet te lezen.", "The file is too large or cannot be read.")}
	}
	return ParseOverrides(path, data)
}

func readLimited(r io.Reader, max int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > max {
		return nil, errors.New("too large")
	}
	return data, nil
}

// overrideParser walks the file with a json.Decoder so that every entry
// keeps the offset where it starts, for line numbers in errors.
type overrideParser struct {
	file string
	data []byte
	dec  *json.Decoder
}

func (p *overrideParser) line(off int64) int {
	if off < 0 {
		off = 0
	}
	if off > int64(len(p.data)) {
		off = int64(len(p.data))
	}
	return 1 + bytes.Count(p.data[:off], []byte{'\n'})
}

func (p *overrideParser) fail(off int64, field string, msg Text) error {
	return &OverrideError{File: p.file, Line: p.line(off), Field: field, Msg: msg}
}

// next returns the offset of the next value: past spaces, commas and colons.
func (p *overrideParser) next() int64 {
	off := p.dec.InputOffset()
	for off < int64(len(p.data)) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

var unknownFieldRE = regexp.MustCompile(`^json: unknown field "(.*)"$`)

var (
	msgOvSyntax   = T("Dit is geen geldige JSON.", "This is not valid JSON.")
	msgOvObject   = T("Het bestand moet één JSON-object zijn: { ... }.", "The file must be one JSON object: { ... }.")
	msgOvUnknown  = T("Dit veld kennen we niet. Kijk of het goed gespeld is.", "We do not know this field. Check the spelling.")
	msgOvList     = T("Hier hoort een lijst: [ ... ].", "A list belongs here: [ ... ].")
	msgOvVersion  = T(fmt.Sprintf("Zet \"version\": %d in het bestand.", OverridesVersion), fmt.Sprintf("Put \"version\": %d in the file.", OverridesVersion))
	msgOvType     = T("Hier hoort een ander soort waarde.", "A different kind of value belongs here.")
	msgOvCode     = T("Een code is 1 tot 32 kleine letters, cijfers of _, en begint met een letter.", "A code is 1 to 32 lower-case letters, digits or _, starting with a letter.")
	msgOvDupCode  = T("Deze code komt al eerder voor.", "This code is used before.")
	msgOvTaken    = T("Deze code bestaat al in de ingebouwde lijst. Kies een andere.", "This code already exists in the built-in list. Choose another.")
	msgOvName     = T("De naam is leeg.", "The name is empty.")
	msgOvDomains  = T("Noem minstens één leefgebied.", "Name at least one life domain.")
	msgOvDomain   = T("Dit leefgebied kennen we niet.", "We do not know this life domain.")
	msgOvPhone    = T("Een telefoonnummer heeft alleen cijfers, spaties, +, - en haakjes.", "A phone number has only digits, spaces, +, - and brackets.")
	msgOvTooMany  = T(fmt.Sprintf("Er mogen hoogstens %d staan.", maxOverrideEntries), fmt.Sprintf("There may be at most %d.", maxOverrideEntries))
	msgOvTrailing = T("Na het object staat nog iets.", "There is something after the object.")
	msgOvChars    = T("Hier staan tekens in die niet kunnen.", "This contains characters that are not allowed.")
	msgOvDupKey   = T("Deze naam staat twee keer in hetzelfde blok.", "This name appears twice in the same block.")
)

func msgOvLong(max int) Text {
	return T(fmt.Sprintf("Dit is te lang (hoogstens %d tekens).", max), fmt.Sprintf("This is too long (at most %d characters).", max))
}

// ParseOverrides decodes and checks override data; file names the source in errors.
func ParseOverrides(file string, data []byte) (*Overrides, error) {
	p := &overrideParser{file: file, data: data}
	if len(data) > MaxOverridesSize {
		return nil, &OverrideError{File: file, Msg: msgOvLong(MaxOverridesSize)}
	}
	var probe any
	if err := json.Unmarshal(data, &probe); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, p.fail(se.Offset, "", msgOvSyntax)
		}
		return nil, p.fail(0, "", msgOvSyntax)
	}
	if _, ok := probe.(map[string]any); !ok {
		return nil, p.fail(p.firstByte(), "", msgOvObject)
	}
	// encoding/json keeps the last of two equal keys without a word; a
	// file that says a thing twice is a mistake to point at.
	if off, key, ok := duplicateKey(data); ok {
		return nil, p.fail(off, key, msgOvDupKey)
	}
	p.dec = json.NewDecoder(bytes.NewReader(data))
	p.dec.DisallowUnknownFields()
	o := &Overrides{File: file}
	if _, err := p.dec.Token(); err != nil { // '{'
		return nil, p.fail(0, "", msgOvSyntax)
	}
	versionSeen := false
	for p.dec.More() {
		keyOff := p.next()
		tok, err := p.dec.Token()
		if err != nil {
			return nil, p.fail(keyOff, "", msgOvSyntax)
		}
		key, _ := tok.(string)
		valOff := p.next()
		switch key {
		case "version":
			if err := p.dec.Decode(&o.Version); err != nil || o.Version != OverridesVersion {
				return nil, p.fail(valOff, "version", msgOvVersion)
			}
			versionSeen = true
		case "locations":
			err = decodeList(p, key, &o.Locations, &o.locLines)
		case "routes":
			err = decodeList(p, key, &o.Routes, &o.routeLines)
		case "organisations":
			err = decodeList(p, key, &o.Organisations, &o.orgLines)
		default:
			return nil, p.fail(keyOff, key, msgOvUnknown)
		}
		if err != nil {
			return nil, err
		}
	}
	if _, err := p.dec.Token(); err != nil { // '}'
		return nil, p.fail(p.next(), "", msgOvSyntax)
	}
	if _, err := p.dec.Token(); err == nil {
		return nil, p.fail(p.next(), "", msgOvTrailing)
	}
	if !versionSeen {
		return nil, p.fail(p.firstByte(), "version", msgOvVersion)
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	return o, nil
}

// duplicateKey finds the first object key that repeats a key of the same
// object, and its offset. data is valid JSON.
func duplicateKey(data []byte) (int64, string, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object bool
		keys   map[string]bool
		expect bool // the next string token is a key
	}
	var stack []*frame
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return 0, "", false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				if top != nil && top.object {
					top.expect = true
				}
				stack = append(stack, &frame{object: true, keys: map[string]bool{}, expect: true})
				continue
			case '[':
				if top != nil && top.object {
					top.expect = true
				}
				stack = append(stack, &frame{})
				continue
			default:
				stack = stack[:len(stack)-1]
				continue
			}
		case string:
			if top != nil && top.object && top.expect {
				if top.keys[t] {
					for off < int64(len(data)) && data[off] != '"' {
						off++
					}
					return off, t, true
				}
				top.keys[t] = true
				top.expect = false
				continue
			}
		}
		if top != nil && top.object {
			top.expect = true
		}
	}
}

func (p *overrideParser) firstByte() int64 {
	return int64(len(p.data) - len(bytes.TrimLeft(p.data, " \t\r\n")))
}

// decodeList decodes one list of entries, remembering each entry's line.
func decodeList[E any](p *overrideParser, key string, list *[]E, lines *[]int) error {
	listOff := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		return p.fail(listOff, key, msgOvList)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		if tok == nil { // null: no entries
			return nil
		}
		return p.fail(listOff, key, msgOvList)
	}
	for i := 0; p.dec.More(); i++ {
		if i >= maxOverrideEntries {
			return p.fail(listOff, key, msgOvTooMany)
		}
		base := p.dec.InputOffset() // decode errors count offsets from here
		start := p.next()
		field := fmt.Sprintf("%s[%d]", key, i)
		var e E
		if err := p.dec.Decode(&e); err != nil {
			return p.entryError(base, start, field, err)
		}
		*list = append(*list, e)
		*lines = append(*lines, p.line(start))
	}
	if _, err := p.dec.Token(); err != nil { // ']'
		return p.fail(p.next(), key, msgOvSyntax)
	}
	return nil
}

// entryError turns a decode error inside an entry into an OverrideError
// pointing at the right line and field.
func (p *overrideParser) entryError(base, start int64, field string, err error) error {
	end := min(p.dec.InputOffset(), int64(len(p.data)))
	if end < start {
		end = int64(len(p.data))
	}
	if m := unknownFieldRE.FindStringSubmatch(err.Error()); m != nil {
		name := m[1]
		off := start
		if i := bytes.Index(p.data[start:end], []byte(`"`+name+`"`)); i >= 0 {
			off = start + int64(i)
		}
		return p.fail(off, field+"."+name, msgOvUnknown)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		f := field
		if te.Field != "" {
			f += "." + te.Field
		}
		off := start
		if te.Field != "" {
			// Follow the path's keys through the entry: "name.nl" finds
			// "name", then "nl" after it. Offsets of nested decoders are
			// not absolute, the keys are.
			for _, seg := range strings.Split(te.Field, ".") {
				if i := bytes.Index(p.data[off:end], []byte(`"`+seg+`"`)); i >= 0 {
					off += int64(i)
				}
			}
		} else if te.Offset > 0 && base+te.Offset <= end {
			off = base + te.Offset - 1
		}
		return p.fail(off, f, msgOvType)
	}
	return p.fail(start, field, msgOvType)
}

// check verifies the entries on their own: codes, names, lengths, duplicates.
func (o *Overrides) check() error {
	at := func(lines []int, i int) int {
		if i < len(lines) {
			return lines[i]
		}
		return 0
	}
	fail := func(lines []int, i int, field string, msg Text) error {
		return &OverrideError{File: o.File, Line: at(lines, i), Field: field, Msg: msg}
	}
	seen := map[string]bool{}
	for i, l := range o.Locations {
		f := fmt.Sprintf("locations[%d]", i)
		if err := checkEntry(string(l.Code), l.Name, MaxName, "loc:", seen); err != nil {
			return fail(o.locLines, i, f+err.field, err.msg)
		}
	}
	for i, r := range o.Routes {
		f := fmt.Sprintf("routes[%d]", i)
		if err := checkEntry(string(r.Code), r.Name, MaxName, "route:", seen); err != nil {
			return fail(o.routeLines, i, f+err.field, err.msg)
		}
	}
	for i, g := range o.Organisations {
		f := fmt.Sprintf("organisations[%d]", i)
		if err := checkEntry(string(g.Code), g.Name, maxOrgName, "org:", seen); err != nil {
			return fail(o.orgLines, i, f+err.field, err.msg)
		}
		if len(g.Domains) == 0 {
			return fail(o.orgLines, i, f+".domains", msgOvDomains)
		}
		dseen := map[DomainCode]bool{}
		for j, d := range g.Domains {
			if !ValidCode(string(d)) {
				return fail(o.orgLines, i, fmt.Sprintf("%s.domains[%d]", f, j), msgOvDomain)
			}
			if dseen[d] {
				return fail(o.orgLines, i, fmt.Sprintf("%s.domains[%d]", f, j), msgOvDupCode)
			}
			dseen[d] = true
		}
		if msg, ok := plainField(g.Address, maxAddress); !ok {
			return fail(o.orgLines, i, f+".address", msg)
		}
		if msg, ok := plainField(g.Phone, maxPhone); !ok {
			return fail(o.orgLines, i, f+".phone", msg)
		}
		if strings.Trim(g.Phone, "0123456789 +-()") != "" {
			return fail(o.orgLines, i, f+".phone", msgOvPhone)
		}
		for _, h := range []string{g.Hours.NL, g.Hours.EN} {
			if msg, ok := plainField(h, maxHours); !ok {
				return fail(o.orgLines, i, f+".hours", msg)
			}
		}
	}
	return nil
}

type entryProblem struct {
	field string
	msg   Text
}

func checkEntry(code string, name Text, max int, kind string, seen map[string]bool) *entryProblem {
	if !ValidCode(code) {
		return &entryProblem{".code", msgOvCode}
	}
	if seen[kind+code] {
		return &entryProblem{".code", msgOvDupCode}
	}
	seen[kind+code] = true
	if strings.TrimSpace(name.NL) == "" && strings.TrimSpace(name.EN) == "" {
		return &entryProblem{".name", msgOvName}
	}
	for _, s := range []string{name.NL, name.EN} {
		if msg, ok := plainField(s, max); !ok {
			return &entryProblem{".name", msg}
		}
	}
	return nil
}

// plainField checks a one-line text: printable, at most max runes.
func plainField(s string, max int) (Text, bool) {
	if !utf8.ValidString(s) || !IsInert(s) || strings.ContainsAny(s, "\n\t") {
		return msgOvChars, false
	}
	if utf8.RuneCountInString(s) > max {
		return msgOvLong(max), false
	}
	return Text{}, true
}

// WithOverrides returns a new catalogue: c plus the local entries. It
// refuses codes that c already has and domains c does not know, naming the
// file, line and field. c itself is not changed; nil o gives a copy of c.
func (c *Catalogue) WithOverrides(o *Overrides) (*Catalogue, error) {
	n := *c
	n.Locations = slices.Clone(c.Locations)
	n.Routes = slices.Clone(c.Routes)
	n.Organisations = slices.Clone(c.Organisations)
	if o == nil {
		return &n, n.index()
	}
	line := func(lines []int, i int) int {
		if i < len(lines) {
			return lines[i]
		}
		return 0
	}
	for i, l := range o.Locations {
		if _, taken := c.Location(l.Code); taken {
			return nil, &OverrideError{File: o.File, Line: line(o.locLines, i), Field: fmt.Sprintf("locations[%d].code", i), Msg: msgOvTaken}
		}
		n.Locations = append(n.Locations, l)
	}
	for i, r := range o.Routes {
		if _, taken := c.Route(r.Code); taken {
			return nil, &OverrideError{File: o.File, Line: line(o.routeLines, i), Field: fmt.Sprintf("routes[%d].code", i), Msg: msgOvTaken}
		}
		n.Routes = append(n.Routes, r)
	}
	for i, g := range o.Organisations {
		if _, taken := c.Organisation(g.Code); taken {
			return nil, &OverrideError{File: o.File, Line: line(o.orgLines, i), Field: fmt.Sprintf("organisations[%d].code", i), Msg: msgOvTaken}
		}
		for j, d := range g.Domains {
			if _, ok := c.Domain(d); !ok {
				return nil, &OverrideError{File: o.File, Line: line(o.orgLines, i), Field: fmt.Sprintf("organisations[%d].domains[%d]", i, j), Msg: msgOvDomain}
			}
		}
		n.Organisations = append(n.Organisations, g)
	}
	if err := n.index(); err != nil {
		return nil, err
	}
	return &n, nil
}

// CatalogueWithOverrides returns the embedded catalogue plus the override
// file at path (a missing file gives the embedded catalogue).
func CatalogueWithOverrides(path string) (*Catalogue, error) {
	o, err := LoadOverrides(path)
	if err != nil {
		return nil, err
	}
	return DefaultCatalogue().WithOverrides(o)
}
