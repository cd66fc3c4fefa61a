package intake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"testing"
	"time"
	"unsafe"
)

// fillAll sets every field of the value v points to, recursively, to
// something other than its zero value (one element in each slice), so a
// field an encoder forgets shows as a difference after a round trip.
func fillAll(t *testing.T, v reflect.Value, seed int) {
	t.Helper()
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			loc := time.FixedZone("", 3600*(1+seed%3))
			v.Set(reflect.ValueOf(time.Date(2026, time.Month(1+seed%12), 1+seed%28, 9, seed%60, 7, 123456789, loc)))
			return
		}
		if v.Type() == reflect.TypeFor[Date]() {
			v.Set(reflect.ValueOf(D(2026, time.Month(1+seed%12), 1+seed%28)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillAll(t, v.Field(i), seed+i+1)
			}
		}
	case reflect.String:
		v.SetString("x" + string(rune('a'+seed%26)) + "ë")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(1 + seed%5))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(1 + seed%5))
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		fillAll(t, s.Index(0), seed+7)
		fillAll(t, s.Index(1), seed+11)
		v.Set(s)
	default:
		t.Fatalf("fillAll: no rule for %s (%s): teach the test and the encoder", v.Type(), v.Kind())
	}
}

// sameTimes compares entries as their users do: times by instant and
// offset (a decoded time's location may be Local or a fixed zone with
// the same offset, as after encoding/json).
func sameEntry(a, b IndexEntry) bool {
	norm := func(e IndexEntry) []byte {
		j, _ := json.Marshal(e)
		return j
	}
	return bytes.Equal(norm(a), norm(b))
}

func TestIndexEntryRoundTrip(t *testing.T) {
	var full IndexEntry
	fillAll(t, reflect.ValueOf(&full).Elem(), 0)
	utc := IndexEntry{Header: Header{ID: "abc", Status: StatusDraft, Updated: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}}
	cases := []struct {
		name string
		e    IndexEntry
	}{
		{"every field set", full},
		{"zero", IndexEntry{}},
		{"utc, no resident, no participants", utc},
		{"negative offset", IndexEntry{Header: Header{ID: "x", Updated: time.Date(2025, 7, 1, 23, 0, 0, 1, time.FixedZone("", -5*3600))}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.e.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var got IndexEntry
			if err := got.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
			if !sameEntry(got, c.e) {
				t.Errorf("round trip changed the entry:\n got %+v\nwant %+v", got, c.e)
			}
			again, _ := got.MarshalBinary()
			if !bytes.Equal(again, b) {
				t.Errorf("encoding is not canonical:\n% x\n% x", again, b)
			}
		})
	}
}

// TestIndexEntryLikeJSON: the entry of an intake decodes to the header
// that decoding the intake's stored JSON gives (what home read before the
// index), times with the same instant and location rules.
func TestIndexEntryLikeJSON(t *testing.T) {
	in, _ := sampleIntake()
	in.Presence.Kompaan, in.Presence.KompaanName = true, " Fatima "
	in.Notes = []Note{{Author: "fatima"}, {Author: "Sanne"}}
	in.Consent.Scopes = append(in.Consent.Scopes, ScopeHandover)
	for _, loc := range []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("CEST", 7200), time.Local} {
		in.Updated = time.Date(2026, 6, 1, 10, 0, 0, 5, loc)
		raw, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON Intake
		if err := json.Unmarshal(raw, &fromJSON); err != nil {
			t.Fatal(err)
		}
		b, _ := in.IndexEntry().MarshalBinary()
		e, err := DecodeIndexEntry(b)
		if err != nil {
			t.Fatal(err)
		}
		want := fromJSON.Header()
		if !reflect.DeepEqual(e.Header, want) {
			t.Errorf("%s: entry header %#v, JSON header %#v", loc, e.Header, want)
		}
	}
	e := in.IndexEntry()
	if e.StatID == "" || e.StatID != in.StatID || !e.Handover {
		t.Errorf("entry: statistics ID %q handover %v; intake %q %v", e.StatID, e.Handover, in.StatID, in.Consent.Has(ScopeHandover))
	}
	if want := []string{"Fatima", "Sanne"}; !reflect.DeepEqual(e.Participants, want) {
		t.Errorf("participants %q, want %q (trimmed, once each whatever the case)", e.Participants, want)
	}
	for _, user := range []string{"fatima", "SANNE", "Sanne "} {
		if !e.TookPart(user) || !TookPart(&in, user) {
			t.Errorf("%q took part", user)
		}
	}
	for _, user := range []string{"", "Fati", "Piet"} {
		if e.TookPart(user) != TookPart(&in, user) {
			t.Errorf("%q: the entry says %v, the intake %v", user, e.TookPart(user), TookPart(&in, user))
		}
	}
	in.Presence.Kompaan, in.Notes = false, nil // named, but not present
	if e := in.IndexEntry(); e.TookPart("Fatima") {
		t.Error("a kompaan named but not present took part by the entry")
	}
	in.Consent.Given = false
	if in.IndexEntry().Handover {
		t.Error("handover without consent")
	}
}

func TestDecodeIndexEntryRefuses(t *testing.T) {
	good, _ := IndexEntry{Header: Header{ID: "ab", Status: StatusOpen, Updated: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}, Participants: []string{"P"}, StatID: "s", Handover: true}.MarshalBinary()
	cases := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"unknown version", append([]byte{2}, good[1:]...)},
		{"cut off", good[:len(good)-1]},
		{"trailing byte", append(append([]byte{}, good...), 0)},
		{"string past the end", []byte{IndexVersion, 9, 'a'}},
		{"not UTF-8", []byte{IndexVersion, 1, 0xff}},
		{"nanoseconds out of range", append([]byte{IndexVersion, 0, 0, 0, 0}, 0x80, 0x94, 0xeb, 0xdc, 0x03, 0)},
		{"unknown zone", []byte{IndexVersion, 0, 0, 0, 0, 0, 0, 7}},
		{"offset zero written as an offset", []byte{IndexVersion, 0, 0, 0, 0, 0, 0, zoneOffset, 0, 0, 0}},
		{"list longer than the rest", []byte{IndexVersion, 0, 0, 0, 0, 0, 0, zoneUTC, 0, 50}},
		{"unknown flag", append(append([]byte{}, good[:len(good)-1]...), 2)},
		{"a varint with a needless zero byte", append([]byte{IndexVersion, 0x82, 0x00}, good[2:]...)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := DecodeIndexEntry(c.b); !errors.Is(err, ErrIndexEntry) {
				t.Errorf("DecodeIndexEntry(% x) = %v, want ErrIndexEntry", c.b, err)
			}
			if _, err := DecodeListed(c.b); !errors.Is(err, ErrIndexEntry) {
				t.Errorf("DecodeListed(% x) = %v, want ErrIndexEntry", c.b, err)
			}
		})
	}
	if _, err := DecodeIndexEntry(good); err != nil {
		t.Errorf("the good entry: %v", err)
	}
}

// TestDecodeListed: DecodeListed gives what Listed makes of the decoded
// header, for every status, an entry with every field set; a closed
// intake's letters, agreements, referrals and appointment are dropped and
// nothing else. It refuses what DecodeIndexEntry refuses.
func TestDecodeListed(t *testing.T) {
	var full IndexEntry
	fillAll(t, reflect.ValueOf(&full).Elem(), 0)
	for _, st := range []Status{StatusDraft, StatusOpen, StatusClosed} {
		t.Run(string(st), func(t *testing.T) {
			e := full
			e.Header.Status = st
			b, err := e.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeListed(b)
			if err != nil {
				t.Fatal(err)
			}
			want := e.Header.Listed()
			if !sameEntry(IndexEntry{Header: got}, IndexEntry{Header: want}) {
				t.Errorf("DecodeListed:\n got %+v\nwant %+v", got, want)
			}
			dropped := st == StatusClosed
			if (got.Agreements == nil) != dropped || (got.Referrals == nil) != dropped || got.NextAppointment.At.IsZero() != dropped ||
				(got.Clarifications[0].Letters == nil) != dropped {
				t.Errorf("status %s: agreements %v, referrals %v, appointment %v, letters %v", st, got.Agreements, got.Referrals, got.NextAppointment, got.Clarifications[0].Letters)
			}
			if len(got.Clarifications) != len(e.Header.Clarifications) || len(got.Contacts) != len(e.Header.Contacts) ||
				len(got.Clarifications[0].Agencies) == 0 || len(got.Agencies) == 0 {
				t.Errorf("status %s: dropped more than what is due: %+v", st, got)
			}
			if e.Header.Clarifications[0].Letters == nil {
				t.Error("Listed changed the header it was given")
			}
		})
	}
}

// TestListDecoderKeepsNoPartOfTheInput: the store clears an entry's
// plaintext once it is decoded, so what a ListDecoder gives must not
// point into it; one decoder gives the same for many entries.
func TestListDecoderKeepsNoPartOfTheInput(t *testing.T) {
	in, _ := sampleIntake()
	var d ListDecoder
	for _, st := range []Status{StatusOpen, StatusClosed} {
		in.Status = st
		b, err := in.IndexEntry().MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		want, err := DecodeListed(bytes.Clone(b))
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			got, err := d.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			clear(b[1:])
			if !sameEntry(IndexEntry{Header: got}, IndexEntry{Header: want}) {
				t.Fatalf("%s: after the input was cleared:\n got %+v\nwant %+v", st, got, want)
			}
			b, _ = in.IndexEntry().MarshalBinary()
		}
	}
}

// TestListDecoderOwnStringsAndCodes: what a ListDecoder keeps lies in its
// own blocks, not in the entry's plaintext (which is wiped after), a list
// it hands out cannot be appended into the next, headers made over many
// blocks keep their values, a code is made once per decoder (two
// entries' statuses are one string), and past maxCodes it stops keeping
// codes but decodes them still. A decoder of a few entries stays small.
func TestListDecoderOwnStringsAndCodes(t *testing.T) {
	var d ListDecoder
	entry := func(id, loc string, agencies ...AgencyCode) []byte {
		b, err := IndexEntry{Header: Header{ID: id, ResidentID: "r-" + id, Status: StatusOpen, Location: LocationCode(loc),
			Agencies: agencies, Contacts: []ContactHeader{{At: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}}}}.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// The plaintext is wiped after decoding: what the header keeps must
	// not lie in it.
	ba, bb := entry("a1", "x", "uwv"), entry("b2", "x", "svb")
	a, err := d.Decode(ba)
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.Decode(bb)
	if err != nil {
		t.Fatal(err)
	}
	clear(ba)
	clear(bb)
	if a.ID != "a1" || a.ResidentID != "r-a1" || b.ID != "b2" || b.ResidentID != "r-b2" || !slices.Equal(a.Agencies, []AgencyCode{"uwv"}) {
		t.Errorf("after the plaintexts were wiped: %q %q %q %q %q", a.ID, a.ResidentID, b.ID, b.ResidentID, a.Agencies)
	}
	if unsafe.StringData(string(a.Status)) != unsafe.StringData(string(b.Status)) || unsafe.StringData(string(a.Location)) != unsafe.StringData(string(b.Location)) {
		t.Error("a code was made twice by one decoder")
	}
	// A list handed out is full: an append copies, so it cannot write
	// over the next entry's list in the same block.
	_ = append(a.Agencies, "belastingdienst")
	_ = append(a.Contacts, ContactHeader{})
	if !slices.Equal(b.Agencies, []AgencyCode{"svb"}) || len(b.Contacts) != 1 || !b.Contacts[0].At.Equal(a.Contacts[0].At) {
		t.Errorf("an append to one header's list changed the next one's: %q %v", b.Agencies, b.Contacts)
	}
	// Over several blocks (and more codes than it keeps), every header
	// keeps its own values.
	var hs []Header
	for i := range maxCodes + slabSize/4 {
		loc := fmt.Sprintf("plaats-%d", i)
		h, err := d.Decode(entry(fmt.Sprintf("id-%d", i), loc, AgencyCode(fmt.Sprintf("a%d", i))))
		if err != nil || string(h.Location) != loc {
			t.Fatalf("code %d: %q, %v", i, h.Location, err)
		}
		hs = append(hs, h)
	}
	for i, h := range hs {
		if want := fmt.Sprintf("id-%d", i); h.ID != want || h.ResidentID != "r-"+want || len(h.Agencies) != 1 || string(h.Agencies[0]) != fmt.Sprintf("a%d", i) {
			t.Fatalf("header %d later: %q %q %q", i, h.ID, h.ResidentID, h.Agencies)
		}
	}
	if len(d.codes) > maxCodes {
		t.Errorf("the decoder keeps %d codes, at most %d", len(d.codes), maxCodes)
	}
	// A laptop's few intakes: the blocks grow with what is decoded (they
	// were 4,096 elements each from the first entry: 2 MB).
	small := entry("s1", "x", "uwv", "svb")
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	var fresh ListDecoder
	for range 20 {
		if _, err := fresh.Decode(small); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&m1)
	if got := m1.TotalAlloc - m0.TotalAlloc; got > 64<<10 {
		t.Errorf("20 small entries made %d bytes, want well under 64 KiB", got)
	}
}

func TestListDecoderEntry(t *testing.T) {
	in, _ := sampleIntake()
	want := in.IndexEntry()
	want.StatID, want.Handover, want.Participants = "stat-1", true, []string{"kompaan-a"}
	b, err := want.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var d ListDecoder
	got, err := d.DecodeEntry(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.StatID != "stat-1" || !got.Handover || got.Participants != nil {
		t.Errorf("stat ID %q, handover %v, participants %q: want stat-1, true, none", got.StatID, got.Handover, got.Participants)
	}
	if !sameEntry(IndexEntry{Header: got.Header}, IndexEntry{Header: want.Header.Listed()}) {
		t.Errorf("header %+v, want %+v", got.Header, want.Header.Listed())
	}
	// Decode, as home uses it, leaves them out.
	if e, err := d.decode(b, entryListed); err != nil || e.StatID != "" {
		t.Errorf("a list's decode kept the stat ID %q (%v)", e.StatID, err)
	}
	// DecodeLink keeps the link alone, for an open and a closed intake.
	for _, st := range []Status{StatusOpen, StatusClosed} {
		want.Header.Status = st
		b, err := want.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		got, err := d.DecodeLink(b)
		if err != nil || !sameLink(got, linksOf(want)) {
			t.Errorf("%s: DecodeLink %+v (%v), want %+v", st, got, err, linksOf(want))
		}
	}
}

// linksOf is what DecodeLink keeps of e.
func linksOf(e IndexEntry) Link {
	h := e.Header
	return Link{ID: h.ID, ResidentID: h.ResidentID, Status: h.Status, Created: h.Created, Updated: h.Updated,
		StatID: e.StatID, Handover: e.Handover}
}

// sameLink compares links as sameEntry does entries (times by instant
// and offset, not by their *Location).
func sameLink(a, b Link) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestDecodeLinkMakesNoLists: the links of an office's entries take
// their few strings from the decoder's blocks and no list at all.
func TestDecodeLinkMakesNoLists(t *testing.T) {
	in, _ := sampleIntake()
	b, err := in.IndexEntry().MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var d ListDecoder
	if _, err := d.DecodeLink(b); err != nil {
		t.Fatal(err)
	}
	if d.clarifications != nil || d.agencies != nil || d.letters != nil || d.agreements != nil || d.referrals != nil || d.contacts != nil {
		t.Errorf("DecodeLink made lists: %d clarifications, %d agencies, %d letters, %d agreements, %d referrals, %d contacts",
			len(d.clarifications), len(d.agencies), len(d.letters), len(d.agreements), len(d.referrals), len(d.contacts))
	}
	if len(in.Clarifications) == 0 || len(in.Agencies) == 0 || len(in.Contacts) == 0 {
		t.Fatal("the sample has no lists to leave out")
	}
}

func FuzzDecodeIndexEntry(f *testing.F) {
	in, _ := sampleIntake()
	b, _ := in.IndexEntry().MarshalBinary()
	f.Add(b)
	f.Add([]byte{IndexVersion})
	// A used decoder (as home uses one per core, its blocks holding the
	// headers it made): made afresh in each call, from fixed entries, so
	// a failure is the input's alone (reproducible, and minimisable).
	seed := b
	seedWant, _ := DecodeListed(seed)
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := DecodeIndexEntry(b)
		// DecodeListed reads the same bytes as strictly.
		h, lerr := DecodeListed(b)
		if (err == nil) != (lerr == nil) {
			t.Fatalf("DecodeIndexEntry: %v, DecodeListed: %v", err, lerr)
		}
		var d ListDecoder
		before, _ := d.Decode(seed)
		hs, serr := d.Decode(b)
		es, eerr := d.DecodeEntry(b)
		ls, kerr := d.DecodeLink(b)
		_, _ = d.Decode(b) // fills the blocks after hs, es and ls
		if (serr == nil) != (lerr == nil) || (eerr == nil) != (lerr == nil) || (kerr == nil) != (lerr == nil) {
			t.Fatalf("a used decoder: %v, %v, %v; a new one: %v", serr, eerr, kerr, lerr)
		}
		if !sameEntry(IndexEntry{Header: before}, IndexEntry{Header: seedWant}) {
			t.Fatalf("a header made before changed: %+v, was %+v", before, seedWant)
		}
		if err != nil {
			return
		}
		if !sameLink(ls, linksOf(e)) || !sameLink(e.Link(), ls) {
			t.Fatalf("DecodeLink %+v, want %+v", ls, linksOf(e))
		}
		// DecodeEntry keeps the statistics ID and handover flag too.
		if es.StatID != e.StatID || es.Handover != e.Handover || es.Participants != nil || !sameEntry(IndexEntry{Header: es.Header}, IndexEntry{Header: h}) {
			t.Fatalf("DecodeEntry %+v, want the listed header, stat ID %q, handover %v", es, e.StatID, e.Handover)
		}
		if !sameEntry(IndexEntry{Header: h}, IndexEntry{Header: e.Header.Listed()}) || !sameEntry(IndexEntry{Header: hs}, IndexEntry{Header: h}) {
			t.Fatalf("DecodeListed %+v (a used decoder: %+v), want %+v", h, hs, e.Header.Listed())
		}
		// What decodes encodes to the same bytes: one encoding per entry.
		again, err := e.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("decoded % x, encodes to % x (%v)", b, again, err)
		}
	})
}

func BenchmarkListDecoder(b *testing.B) {
	in, _ := sampleIntake()
	for _, st := range []Status{StatusOpen, StatusClosed} {
		in.Status = st
		raw, _ := in.IndexEntry().MarshalBinary()
		b.Run(string(st), func(b *testing.B) {
			var d ListDecoder
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.Decode(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecodeIndexEntry(b *testing.B) {
	in, _ := sampleIntake()
	raw, _ := in.IndexEntry().MarshalBinary()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeIndexEntry(raw); err != nil {
			b.Fatal(err)
		}
	}
}
