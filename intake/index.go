package intake

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// IndexEntry is what the vault's intake index keeps of one intake
// (docs/FORMAT.md, "The intake index"): its Header — all the home list,
// find and the agenda read —, the names of the kompanen who took part,
// for the kompaan's list, and what saving, exporting and importing
// compare. The store writes it with every save of the intake, sealed
// under the intake's own data key, so the home screen of a vault with
// 100,000 intakes reads a few hundred bytes per intake instead of
// decoding whole intakes.
type IndexEntry struct {
	Header Header
	// Participants are the names TookPart matches: the kompaan who was
	// present, and every note's author.
	Participants []string
	// StatID is the intake's statistics record.
	StatID string
	// Handover: the consent covers handing the intake over (ScopeHandover).
	Handover bool
}

// IndexEntry returns the intake's index entry.
func (in Intake) IndexEntry() IndexEntry {
	e := IndexEntry{Header: in.Header(), StatID: in.StatID, Handover: in.Consent.Has(ScopeHandover)}
	add := func(name string) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		for _, p := range e.Participants {
			if strings.EqualFold(p, name) {
				return
			}
		}
		e.Participants = append(e.Participants, name)
	}
	if in.Presence.Kompaan {
		add(in.Presence.KompaanName)
	}
	for _, n := range in.Notes {
		add(n.Author)
	}
	return e
}

// TookPart is TookPart of the intake the entry was made of.
func (e IndexEntry) TookPart(user string) bool {
	user = strings.TrimSpace(user)
	if user == "" {
		return false
	}
	for _, p := range e.Participants {
		if strings.EqualFold(p, user) {
			return true
		}
	}
	return false
}

// IndexVersion is the first byte of an encoded IndexEntry. A change of
// Header's fields is a new version, and a new vault format whose
// migration writes the index again.
const IndexVersion = 1

// ErrIndexEntry: bytes that are not an index entry of this version.
var ErrIndexEntry = errors.New("intake: not an index entry")

// MarshalBinary encodes the entry (docs/FORMAT.md, "The intake index"):
// a version byte, then the fields in order — strings and lists with a
// uvarint length, times as zigzag-varint seconds, uvarint nanoseconds and
// a zone byte — and nothing after them.
func (e IndexEntry) MarshalBinary() ([]byte, error) {
	var w entryWriter
	w.b = make([]byte, 0, 128)
	w.b = append(w.b, IndexVersion)
	h := e.Header
	w.str(h.ID)
	w.str(h.ResidentID)
	w.str(string(h.Status))
	w.time(h.Created)
	w.time(h.Updated)
	w.str(string(h.Location))
	writeCodes(&w, h.Agencies)
	w.uint(uint64(len(h.Clarifications)))
	for _, c := range h.Clarifications {
		w.str(string(c.Domain))
		writeCodes(&w, c.Agencies)
		w.uint(uint64(len(c.Letters)))
		for _, l := range c.Letters {
			w.str(string(l.Kind))
			w.str(string(l.From))
			w.date(l.Sent)
			w.date(l.Received)
			w.date(l.Due)
			w.str(l.About)
			w.date(l.Answered)
		}
	}
	w.uint(uint64(len(h.Agreements)))
	for _, a := range h.Agreements {
		w.str(a.What)
		w.str(string(a.Who))
		w.str(string(a.Agency))
		w.date(a.By)
		w.bool(a.Done)
		w.date(a.DoneOn)
	}
	w.uint(uint64(len(h.Referrals)))
	for _, r := range h.Referrals {
		w.str(string(r.Agency))
		w.str(string(r.Organisation))
		w.str(string(r.Domain))
		w.str(r.Reason)
		w.bool(r.Warm)
		w.date(r.On)
		w.str(string(r.State))
		w.date(r.StateOn)
		w.str(r.Why)
	}
	w.time(h.NextAppointment.At)
	w.str(string(h.NextAppointment.Where))
	w.str(h.NextAppointment.Note)
	w.uint(uint64(len(h.Contacts)))
	for _, c := range h.Contacts {
		w.time(c.At)
	}
	w.uint(uint64(len(e.Participants)))
	for _, p := range e.Participants {
		w.str(p)
	}
	w.str(e.StatID)
	var flags byte
	if e.Handover {
		flags |= entryHandover
	}
	w.b = append(w.b, flags)
	return w.b, nil
}

// UnmarshalBinary decodes an entry strictly: an unknown version, a length
// past the end, invalid UTF-8, a time out of range or bytes after the last
// field are ErrIndexEntry. It copies what it keeps.
func (e *IndexEntry) UnmarshalBinary(b []byte) error {
	out, err := DecodeIndexEntry(b)
	if err != nil {
		return err
	}
	*e = out
	return nil
}

// DecodeIndexEntry is UnmarshalBinary as a function.
func DecodeIndexEntry(b []byte) (IndexEntry, error) { return decodeEntry(b, nil, entryListed) }

// DecodeListed decodes an entry as strictly as DecodeIndexEntry and gives
// its header as a list keeps it (Header.Listed); see ListDecoder.
func DecodeListed(b []byte) (Header, error) { return new(ListDecoder).Decode(b) }

// ListDecoder decodes entries as DecodeListed does, for a list of many
// (home reads 100,000 headers after the unlock, most of them closed): of
// a closed intake the letters, agreements, referrals and appointment are
// read past, not made; the codes (status, places, agencies, domains,
// kinds) are made once per decoder. What it keeps of many entries shares
// a few large blocks (see slabs) instead of seven small allocations per
// entry: the strings' bytes, and each kind of list. One decoder per
// goroutine.
type ListDecoder struct {
	_     noCopy // a copy would append into the blocks' free space the original hands out
	codes map[string]string
	slabs
}

// noCopy makes go vet's copylocks check report a ListDecoder copied.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// slabs are the blocks a ListDecoder hands out its entries' strings and
// lists from, each filled front to back and replaced by a new one when
// full. A handed-out part is never written again, so the strings made
// over text stay as immutable as Go's; a header kept on its own keeps its
// blocks alive (a list keeps them all anyway). At 100,000 headers this
// took the objects made reading home's index from 7.7 to 1.0 an entry
// (the one left is the AEAD of the entry's own key). The blocks start
// small and double, so a decoder of a few entries stays small.
type slabs struct {
	text           []byte
	agencies       []AgencyCode
	clarifications []ClarificationHeader
	letters        []Letter
	agreements     []Agreement
	referrals      []Referral
	contacts       []ContactHeader
}

// slabSize is how many elements (bytes, for text) a new block holds.
const slabSize = 4096

// grown is the size of the block after one of size old: a decoder's
// first blocks are small (a header decoded on its own, a laptop's few
// intakes), doubling up to slabSize.
func grown(old int) int { return min(slabSize, max(16, 2*old)) }

// take hands out the next n elements of *slab, full (cap n), so an append
// to them copies instead of writing into the block.
func take[T any](slab *[]T, n int) []T {
	if n > cap(*slab)-len(*slab) {
		*slab = make([]T, 0, max(n, grown(cap(*slab))))
	}
	s := *slab
	*slab = s[:len(s)+n]
	return s[len(s) : len(s)+n : len(s)+n]
}

// keep makes a string of b's bytes in the text block.
func (sl *slabs) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(sl.text)-len(sl.text) {
		sl.text = make([]byte, 0, max(len(b), grown(cap(sl.text))))
	}
	at := len(sl.text)
	sl.text = append(sl.text, b...)
	return unsafe.String(&sl.text[at], len(b))
}

// makeList is make([]T, n), from slab when the entry is decoded for a
// list.
func makeList[T any](r *entryReader, slab *[]T, n int) []T {
	if r.slabs == nil {
		return make([]T, n)
	}
	return take(slab, n)
}

// maxCodes bounds a ListDecoder's codes: a catalogue has a few hundred.
const maxCodes = 4096

// Decode is DecodeListed.
func (d *ListDecoder) Decode(b []byte) (Header, error) {
	e, err := d.decode(b, entryListed)
	return e.Header, err
}

// DecodeEntry is Decode that gives the entry's statistics ID and handover
// flag too, not its participants.
func (d *ListDecoder) DecodeEntry(b []byte) (IndexEntry, error) { return d.decode(b, entryStat) }

// DecodeLink reads an entry as strictly as DecodeEntry but keeps only its
// Link, without the lists made for every entry of an office vault.
func (d *ListDecoder) DecodeLink(b []byte) (Link, error) {
	e, err := d.decode(b, entryLinks)
	return e.Link(), err
}

// Link is what links an intake to the rest of the vault: what `check`
// links an intake by and `export bundle` chooses its intakes by.
type Link struct {
	ID, ResidentID   string
	Status           Status
	Created, Updated time.Time
	StatID           string
	Handover         bool
}

// Link is e's link.
func (e IndexEntry) Link() Link {
	h := &e.Header
	return Link{ID: h.ID, ResidentID: h.ResidentID, Status: h.Status, Created: h.Created, Updated: h.Updated, StatID: e.StatID, Handover: e.Handover}
}

// What a ListDecoder keeps of an entry.
const (
	entryListed = iota // the listed header
	entryStat          // and the statistics ID and handover flag
	entryLinks         // what its Link needs (DecodeLink)
)

func (d *ListDecoder) decode(b []byte, keep int) (IndexEntry, error) {
	if d.codes == nil {
		d.codes = map[string]string{}
	}
	return decodeEntry(b, d, keep)
}

// decodeEntry decodes an entry: the whole, or with d what a ListDecoder
// keeps of it (keepOf).
func decodeEntry(b []byte, d *ListDecoder, keepOf int) (IndexEntry, error) {
	var e IndexEntry
	if len(b) == 0 || b[0] != IndexVersion {
		return e, fmt.Errorf("%w: unknown version", ErrIndexEntry)
	}
	listed := d != nil
	links := listed && keepOf == entryLinks
	withStat := listed && keepOf != entryListed
	r := entryReader{b: b[1:]}
	var own slabs // a whole entry's lists are made (r.slabs nil): these stay empty
	sl := &own
	if listed {
		r.codes, r.slabs, sl = d.codes, &d.slabs, &d.slabs
	} else {
		// One string for all of it: the fields are substrings of it (one
		// allocation per entry, not one per field).
		r.s = string(b[1:])
	}
	h := &e.Header
	h.ID = r.str()
	h.ResidentID = r.str()
	h.Status = Status(r.code())
	h.Created = r.time()
	h.Updated = r.time()
	r.discard = links // until the statistics ID
	h.Location = LocationCode(r.code())
	h.Agencies = readCodes(&r, &sl.agencies)
	// What is due is kept unless the list drops it; then it is read into
	// these, one at a time. (The three loops are written out: a generic
	// reader with a closure made them allocate 3× as much per entry.)
	keep := !listed || !links && !h.droppedFromList()
	var letter Letter
	var agreement Agreement
	var referral Referral
	var clarification ClarificationHeader
	if n := r.count(); n > 0 {
		if !links {
			h.Clarifications = makeList(&r, &sl.clarifications, n)
		}
		for i := range n {
			c := &clarification
			if !links {
				c = &h.Clarifications[i]
			}
			c.Domain = DomainCode(r.code())
			c.Agencies = readCodes(&r, &sl.agencies)
			if m := r.count(); m > 0 {
				if keep {
					c.Letters = makeList(&r, &sl.letters, m)
				}
				r.discard = !keep
				for j := range m {
					l := &letter
					if keep {
						l = &c.Letters[j]
					}
					l.Kind, l.From = LetterKind(r.code()), AgencyCode(r.code())
					l.Sent, l.Received, l.Due = r.date(), r.date(), r.date()
					l.About, l.Answered = r.str(), r.date()
				}
				r.discard = links
			}
		}
	}
	r.discard = !keep // until the appointment
	if n := r.count(); n > 0 {
		if keep {
			h.Agreements = makeList(&r, &sl.agreements, n)
		}
		for i := range n {
			a := &agreement
			if keep {
				a = &h.Agreements[i]
			}
			a.What, a.Who, a.Agency = r.str(), Party(r.code()), AgencyCode(r.code())
			a.By, a.Done, a.DoneOn = r.date(), r.bool(), r.date()
		}
	}
	if n := r.count(); n > 0 {
		if keep {
			h.Referrals = makeList(&r, &sl.referrals, n)
		}
		for i := range n {
			f := &referral
			if keep {
				f = &h.Referrals[i]
			}
			f.Agency, f.Organisation, f.Domain = AgencyCode(r.code()), OrganisationCode(r.code()), DomainCode(r.code())
			f.Reason, f.Warm, f.On = r.str(), r.bool(), r.date()
			f.State, f.StateOn, f.Why = ReferralState(r.code()), r.date(), r.str()
		}
	}
	next := Appointment{At: r.time(), Where: LocationCode(r.code()), Note: r.str()}
	if keep {
		h.NextAppointment = next
	}
	r.discard = links
	if n := r.count(); n > 0 {
		if links {
			for range n {
				r.time()
			}
		} else {
			h.Contacts = makeList(&r, &sl.contacts, n)
			for i := range h.Contacts {
				h.Contacts[i].At = r.time()
			}
		}
	}
	r.discard = listed // a list keeps the header only
	if n := r.count(); n > 0 {
		if !listed {
			e.Participants = make([]string, n)
		}
		for i := range n {
			p := r.str()
			if !listed {
				e.Participants[i] = p
			}
		}
	}
	r.discard = listed && !withStat
	e.StatID = r.str()
	flags := r.byte()
	e.Handover = flags&entryHandover != 0
	if r.err == nil && flags&^entryHandover != 0 {
		r.err = errors.New("unknown flags")
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errors.New("bytes after the last field")
	}
	if r.err != nil {
		return IndexEntry{}, fmt.Errorf("%w: %v", ErrIndexEntry, r.err)
	}
	return e, nil
}

// entryHandover is bit 0 of an entry's flags byte.
const entryHandover = 1

type entryWriter struct{ b []byte }

func (w *entryWriter) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// date is a Date's year (zigzag), month and day; the zero Date is 0 0 0.
func (w *entryWriter) date(d Date) {
	w.b = binary.AppendVarint(w.b, int64(d.Year))
	w.uint(uint64(d.Month))
	w.uint(uint64(d.Day))
}

// writeCodes writes a list of codes.
func writeCodes[C ~string](w *entryWriter, cs []C) {
	w.uint(uint64(len(cs)))
	for _, c := range cs {
		w.str(string(c))
	}
}

// readCodes reads a list of codes (nil when empty, as JSON gives; nil
// too when the reader discards).
func readCodes[C ~string](r *entryReader, slab *[]C) []C {
	n := r.count()
	if r.discard {
		for range n {
			r.code()
		}
		return nil
	}
	if n == 0 {
		return nil
	}
	out := makeList(r, slab, n)
	for i := range out {
		out[i] = C(r.code())
	}
	return out
}

func (r *entryReader) bool() bool {
	switch r.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	if r.err == nil {
		r.err = errors.New("a bool that is neither 0 nor 1")
	}
	return false
}

// Dates lie in the years 0 to 9999 (the zero Date is year 0), months 0-12,
// days 0-31: what a Date from JSON holds.
func (r *entryReader) date() Date {
	y, m, d := r.int(), r.uint(), r.uint()
	if r.err == nil && (y < 0 || y > 9999 || m > 12 || d > 31) {
		r.err = errors.New("a date out of range")
	}
	if r.err != nil {
		return Date{}
	}
	return Date{Year: int(y), Month: time.Month(m), Day: int(d)}
}

func (w *entryWriter) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }

func (w *entryWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// Zone bytes of an encoded time: how to give it back its location as
// encoding/json does (time.Parse of RFC 3339), so an entry decodes to
// what decoding the intake's JSON gives.
const (
	zoneUTC    = 0 // "Z"
	zoneOffset = 1 // followed by the offset in seconds, zigzag varint
)

func (w *entryWriter) time(t time.Time) {
	w.b = binary.AppendVarint(w.b, t.Unix())
	w.uint(uint64(t.Nanosecond()))
	if off := zoneOffsetOf(t); off != 0 {
		w.b = append(w.b, zoneOffset)
		w.b = binary.AppendVarint(w.b, int64(off))
		return
	}
	w.b = append(w.b, zoneUTC) // RFC 3339 writes offset 0 as "Z", which reads back as UTC
}

type entryReader struct {
	b       []byte
	s       string            // the same bytes as b started with; "": each string is made on its own
	codes   map[string]string // with s "": the codes made so far
	slabs   *slabs            // for a list: where kept strings and lists go
	discard bool              // strings are checked, not made
	err     error
}

func (r *entryReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 || !minimalVarint(r.b[:n]) {
		r.err = errors.New("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *entryReader) int() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 || !minimalVarint(r.b[:n]) {
		r.err = errors.New("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// minimalVarint: b (a whole varint) has no needless last byte of zeros,
// so a number has one encoding and an entry one (the fuzz test's rule).
func minimalVarint(b []byte) bool { return len(b) == 1 || b[len(b)-1] != 0 }

func (r *entryReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.err = errors.New("cut off")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// text reads a string's bytes (valid UTF-8) and where they start.
func (r *entryReader) text() ([]byte, int) {
	n := r.uint()
	if r.err != nil {
		return nil, 0
	}
	if n > uint64(len(r.b)) {
		r.err = errors.New("a string past the end")
		return nil, 0
	}
	at, b := len(r.s)-len(r.b), r.b[:n]
	r.b = r.b[n:]
	if !utf8.Valid(b) {
		r.err = errors.New("a string that is not UTF-8")
		return nil, 0
	}
	return b, at
}

// str reads a string: part of s, or its own.
func (r *entryReader) str() string {
	b, at := r.text()
	switch {
	case r.err != nil || r.discard:
		return ""
	case r.s != "":
		return r.s[at : at+len(b)]
	case r.slabs != nil:
		return r.slabs.keep(b)
	}
	return string(b)
}

// code reads a string that is a code: one of a few hundred, made once.
func (r *entryReader) code() string {
	if r.codes == nil || r.discard {
		return r.str()
	}
	b, _ := r.text()
	if r.err != nil {
		return ""
	}
	if s, ok := r.codes[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(r.codes) < maxCodes {
		r.codes[s] = s
	}
	return s
}

// count reads a list's length; each element takes at least one byte, so
// a count beyond what is left is refused before anything is allocated.
func (r *entryReader) count() int {
	n := r.uint()
	if r.err == nil && n > uint64(len(r.b)) {
		r.err = errors.New("a list longer than what is left")
	}
	if r.err != nil {
		return 0
	}
	return int(n)
}

// Times in an entry lie between the years 1 and 9999, as JSON's do.
const (
	minEntryUnix = -62135596800 // 0001-01-01T00:00:00Z
	maxEntryUnix = 253402300799 // 9999-12-31T23:59:59Z
	maxZoneSecs  = 24 * 3600
)

func (r *entryReader) time() time.Time {
	sec := r.int()
	nsec := r.uint()
	zone := r.byte()
	if r.err != nil {
		return time.Time{}
	}
	if sec < minEntryUnix || sec > maxEntryUnix || nsec >= 1e9 {
		r.err = errors.New("a time out of range")
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec))
	switch zone {
	case zoneUTC:
		return t.UTC()
	case zoneOffset:
		off := r.int()
		if r.err != nil {
			return time.Time{}
		}
		if off == 0 || off <= -maxZoneSecs || off >= maxZoneSecs { // 0 is zoneUTC: one encoding per time
			r.err = errors.New("a zone offset out of range")
			return time.Time{}
		}
		// As time.Parse does: the local zone when the offset is its own
		// at that moment, else a fixed zone without a name.
		if local := t.In(time.Local); zoneOffsetOf(local) == int(off) {
			return local
		}
		return t.In(time.FixedZone("", int(off)))
	}
	r.err = errors.New("an unknown zone")
	return time.Time{}
}

func zoneOffsetOf(t time.Time) int {
	_, off := t.Zone()
	return off
}
