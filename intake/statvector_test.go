package intake

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var updateVectors = flag.Bool("update", false, "rewrite testdata/statrecords.json from the records below (only on purpose)")

// statVector is a statistics record in its binary encoding (hex, with the
// record key) and its JSON form (without the key), as docs/FORMAT.md §2
// lays it out.
type statVector struct {
	Name string `json:"name"`
	Hex  string `json:"hex"`
	Key  uint32 `json:"key"`
	JSON string `json:"json"`
}

// vectorRecords are the records of the vector file.
func vectorRecords() map[string]StatRecord {
	base := StatRecord{V: StatVersion, Key: 0x01020304, Month: "2024-03", FirstInMonth: true, FirstInQuarter: true, FirstInYear: true}
	refs := base
	refs.Referrals = []ReferralStat{{"ggz", ReferralRefused}, {"uwv", ReferralDone}}
	v2 := base
	v2.V = statVersionNoReferrals
	full := StatRecord{V: StatVersion, Key: 0xfffffffe, Month: "2026-11", Location: "library", Route: "poster",
		QuestionType: "access", TargetGroups: []TargetGroupCode{"homeless"}, AgeBand: Age27to44, Kompaan: true,
		Domains:      []DomainStep{{"money", Serious}, {"housing", Worries}},
		Clarified:    []DomainCode{"money"},
		Referrals:    []ReferralStat{{"schuldhulp", ReferralAccepted}, {"schuldhulp", ReferralNoResponse}, {"voedselbank_noord", ReferralSent}},
		FirstInMonth: true, Closed: true, ClosedMonth: "2027-01", TurnaroundDays: 55, Appreciation: 4,
		StateBetter: AnswerYes, MoreControl: AnswerPartly, Contacts: ContactsThree5}
	return map[string]StatRecord{"minimal": base, "two referrals": refs, "version 2": v2, "closed with referrals": full}
}

// TestStatRecordVectors: the vectors decode to their JSON form and every
// record encodes to its vector's bytes.
func TestStatRecordVectors(t *testing.T) {
	path := "testdata/statrecords.json"
	if *updateVectors {
		var out []statVector
		for _, name := range []string{"minimal", "two referrals", "version 2", "closed with referrals"} {
			rec := vectorRecords()[name]
			b, err := rec.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			j, _ := json.Marshal(rec)
			out = append(out, statVector{Name: name, Hex: hex.EncodeToString(b), Key: rec.Key, JSON: string(j)})
		}
		b, _ := json.MarshalIndent(out, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var vecs []statVector
	if err := json.Unmarshal(data, &vecs); err != nil {
		t.Fatal(err)
	}
	if len(vecs) != len(vectorRecords()) {
		t.Fatalf("%d vectors, want %d", len(vecs), len(vectorRecords()))
	}
	for _, v := range vecs {
		b, err := hex.DecodeString(v.Hex)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := DecodeStatRecord(b)
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		if j, _ := json.Marshal(rec); string(j) != v.JSON || rec.Key != v.Key {
			t.Errorf("%s: decodes to %s key %#x, want %s key %#x", v.Name, j, rec.Key, v.JSON, v.Key)
		}
		want := vectorRecords()[v.Name]
		if enc, err := want.MarshalBinary(); err != nil || !bytes.Equal(enc, b) {
			t.Errorf("%s: encodes to %x (%v), want %s", v.Name, enc, err, v.Hex)
		}
	}
}
