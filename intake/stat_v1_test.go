package intake

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// minimalStatV1 is the example of docs/FORMAT.md for version 1: an open
// intake from March 2024, one contact, nothing else known.
var minimalStatV1 = []byte{1, 0x07, 0xe8, 3, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}

func TestDecodeStatRecordV1(t *testing.T) {
	got, err := DecodeStatRecordV1(minimalStatV1)
	if err != nil {
		t.Fatal(err)
	}
	if want := (StatRecordV1{Month: "2024-03", Status: StatusOpen, Contacts: 1}); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
	full := StatRecordV1{
		Month: "2026-03", Location: "library", Route: "poster", TargetGroups: []TargetGroupCode{"homeless"},
		AgeBand: Age27to44, Domains: []DomainStep{{"money", Serious}, {"housing", Worries}}, Clarified: []DomainCode{"money"},
		QuestionType: QuestionAccess, Kompaan: true, Network: true, Consent: true, Status: StatusClosed,
		TurnaroundDays: 200, Appreciation: 4, StateBetter: AnswerYes, MoreControl: AnswerPartly, Contacts: 3, Referrals: 1,
	}
	b, err := full.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeStatRecordV1(b)
	if err != nil || !reflect.DeepEqual(back, full) {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	for _, bad := range [][]byte{nil, {2}, minimalStat, append(bytes.Clone(minimalStatV1), 0), minimalStatV1[:10]} {
		if _, err := DecodeStatRecordV1(bad); !errors.Is(err, ErrStatRecord) {
			t.Errorf("% x: err %v", bad, err)
		}
	}
	// A version 1 record is not a version 2 record.
	if _, err := DecodeStatRecord(b); !errors.Is(err, ErrStatRecord) {
		t.Errorf("version 1 decoded as version 2: %v", err)
	}
}

// TestUpgradeStatRecordV1: what a version 1 record keeps in version 2,
// coarsened: turnaround to 5 days (at most 365), contacts to a band, the
// closure in the month given (or estimated from the turnaround); draft
// and open both become "not closed"; referrals, network, consent go.
func TestUpgradeStatRecordV1(t *testing.T) {
	closed := StatRecordV1{
		Month: "2026-03", Location: "library", Route: "poster", TargetGroups: []TargetGroupCode{"homeless"},
		AgeBand: Age27to44, Domains: []DomainStep{{"money", Serious}}, Clarified: []DomainCode{"money"},
		QuestionType: QuestionAccess, Kompaan: true, Network: true, Consent: true, Status: StatusClosed,
		TurnaroundDays: 200, Appreciation: 4, StateBetter: AnswerYes, MoreControl: AnswerPartly, Contacts: 3, Referrals: 1,
	}
	base := StatRecord{
		V: StatVersion, Month: "2026-03", Location: "library", Route: "poster", TargetGroups: []TargetGroupCode{"homeless"},
		AgeBand: Age27to44, Domains: []DomainStep{{"money", Serious}}, Clarified: []DomainCode{"money"},
		QuestionType: QuestionAccess, Kompaan: true, FirstInMonth: true, FirstInQuarter: true, FirstInYear: true,
	}
	withClosure := func(month Month, days int) StatRecord {
		s := base
		s.Closed, s.ClosedMonth, s.TurnaroundDays = true, month, days
		s.Appreciation, s.StateBetter, s.MoreControl, s.Contacts = 4, AnswerYes, AnswerPartly, ContactsThree5
		return s
	}
	tests := []struct {
		name   string
		in     StatRecordV1
		closed Month
		want   StatRecord
	}{
		{"closed, month known", closed, "2026-09", withClosure("2026-09", 200)},
		// 15 March + 200 days = 1 October.
		{"closed, month estimated", closed, "", withClosure("2026-10", 200)},
		{"closed, month before first contact", closed, "2025-01", withClosure("2026-10", 200)},
		{"closed, long", func() StatRecordV1 { c := closed; c.TurnaroundDays = 4000; return c }(), "", withClosure("2037-02", 365)},
		{"closed at the end of time", func() StatRecordV1 { c := closed; c.Month = "2199-11"; c.TurnaroundDays = 4000; return c }(), "",
			func() StatRecord { s := withClosure("2199-12", 365); s.Month = "2199-11"; return s }()},
		{"open", func() StatRecordV1 { c := closed; c.Status, c.TurnaroundDays = StatusOpen, 0; return c }(), "2026-09", base},
		{"draft", func() StatRecordV1 { c := closed; c.Status, c.TurnaroundDays = StatusDraft, 0; return c }(), "", base},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.Upgrade(tt.closed)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
			if _, err := got.MarshalBinary(); err != nil {
				t.Fatalf("upgraded record does not encode: %v", err)
			}
		})
	}
}

func FuzzDecodeStatRecordV1(f *testing.F) {
	f.Add(bytes.Clone(minimalStatV1))
	f.Add(bytes.Clone(minimalStat))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeStatRecordV1(data)
		if err != nil {
			if !errors.Is(err, ErrStatRecord) {
				t.Fatalf("error %v does not wrap ErrStatRecord", err)
			}
			return
		}
		b, err := s.MarshalBinary()
		if err != nil || !bytes.Equal(b, data) {
			t.Fatalf("not canonical: % x decodes, encodes as % x (%v)", data, b, err)
		}
		if _, err := s.Upgrade("").MarshalBinary(); err != nil {
			t.Fatalf("upgrade of a valid version 1 record does not encode: %v", err)
		}
	})
}
