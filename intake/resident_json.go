package intake

import (
	"encoding/json"
	"time"
	"unicode/utf8"
)

// DecodeJSON decodes a Resident as json.Unmarshal does into a zero
// Resident (r is zeroed first). What json.Marshal makes of one — how the
// vault keeps it — is read without reflection when it holds no escaped
// character (Marshal escapes quotes, backslashes, <, >, &, control
// characters, U+2028 and U+2029): home reads 100,000 residents after the
// unlock. Anything else (an escape, another field order, white space,
// invalid UTF-8) goes through encoding/json, so the result and whether it
// fails are always Unmarshal's (FuzzResidentDecodeJSON).
func (r *Resident) DecodeJSON(b []byte) error {
	if decodeResidentAsMarshalled(b, r) {
		return nil
	}
	*r = Resident{}
	return json.Unmarshal(b, r)
}

// ResidentCreated is the Created of a Resident's JSON, as json.Unmarshal
// gives it into a struct of that field alone, error or value. What
// json.Marshal makes of a Resident is read without reflection and without
// making strings of its pseudonym and contact (Go strings cannot be
// wiped): `export bundle` reads every chosen resident's created time.
// Anything else goes through encoding/json (FuzzResidentCreated).
func ResidentCreated(b []byte) (time.Time, error) {
	if t, ok := createdAsMarshalled(b); ok {
		return t, nil
	}
	var r struct {
		Created time.Time `json:"created"`
	}
	err := json.Unmarshal(b, &r)
	return r.Created, err
}

// createdAsMarshalled is decodeResidentAsMarshalled that keeps only the
// created time: the other fields are checked, not copied.
func createdAsMarshalled(b []byte) (time.Time, bool) {
	s := marshalledScanner{b: b}
	var birth int
	ok := s.lit(`{"id":`) && s.skip() && s.lit(`,"pseudonym":`) && s.skip()
	if ok && s.lit(`,"contact":`) {
		ok = s.skip()
	}
	if ok && s.lit(`,"birth_year":`) {
		ok = s.int(&birth)
	}
	if ok && s.lit(`,"target_groups":[`) {
		for first := true; ok && !s.lit(`]`); first = false {
			if !first {
				ok = s.lit(`,`)
			}
			ok = ok && s.skip()
		}
	}
	if !ok || !s.lit(`,"created":`) {
		return time.Time{}, false
	}
	var t time.Time
	raw, ok := s.quoted()
	if !ok || t.UnmarshalJSON(raw) != nil || !s.lit(`}`) || len(s.b) != 0 {
		return time.Time{}, false
	}
	return t, true
}

// decodeResidentAsMarshalled reads b if it is exactly as json.Marshal
// writes a Resident, and reports whether it was.
func decodeResidentAsMarshalled(b []byte, out *Resident) bool {
	s := marshalledScanner{b: b}
	var r Resident
	ok := s.lit(`{"id":`) && s.str(&r.ID) && s.lit(`,"pseudonym":`) && s.str(&r.Pseudonym)
	if ok && s.lit(`,"contact":`) {
		ok = s.str(&r.Contact)
	}
	if ok && s.lit(`,"birth_year":`) {
		ok = s.int(&r.BirthYear)
	}
	if ok && s.lit(`,"target_groups":[`) {
		r.TargetGroups = []TargetGroupCode{}
		for ok && !s.lit(`]`) {
			if len(r.TargetGroups) > 0 {
				ok = s.lit(`,`)
			}
			var g string
			ok = ok && s.str(&g)
			r.TargetGroups = append(r.TargetGroups, TargetGroupCode(g))
		}
	}
	if !ok || !s.lit(`,"created":`) {
		return false
	}
	raw, ok := s.quoted()
	if !ok || r.Created.UnmarshalJSON(raw) != nil || !s.lit(`}`) || len(s.b) != 0 {
		return false
	}
	*out = r
	return true
}

// marshalledScanner reads JSON in the shape json.Marshal writes: no white
// space, strings without escapes. (It also takes an empty contact or a
// birth year 0, which Marshal leaves out; Unmarshal gives the same.)
type marshalledScanner struct{ b []byte }

func (s *marshalledScanner) lit(l string) bool {
	if len(s.b) < len(l) || string(s.b[:len(l)]) != l {
		return false
	}
	s.b = s.b[len(l):]
	return true
}

// quoted reads a string without escapes or control characters, in valid
// UTF-8, and returns it with its quotes.
func (s *marshalledScanner) quoted() ([]byte, bool) {
	if len(s.b) == 0 || s.b[0] != '"' {
		return nil, false
	}
	for i := 1; i < len(s.b); i++ {
		switch c := s.b[i]; {
		case c == '"':
			q := s.b[:i+1]
			s.b = s.b[i+1:]
			return q, utf8.Valid(q)
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// skip reads a string as str does, keeping nothing of it.
func (s *marshalledScanner) skip() bool {
	_, ok := s.quoted()
	return ok
}

func (s *marshalledScanner) str(out *string) bool {
	q, ok := s.quoted()
	if ok {
		*out = string(q[1 : len(q)-1])
	}
	return ok
}

// int reads 0 or a number of up to 9 digits without a leading zero,
// maybe negative: what Marshal writes of a birth year.
func (s *marshalledScanner) int(out *int) bool {
	i, neg := 0, false
	if len(s.b) > 0 && s.b[0] == '-' {
		neg, i = true, 1
	}
	start, n := i, 0
	for i < len(s.b) && i-start < 10 && s.b[i] >= '0' && s.b[i] <= '9' {
		n = n*10 + int(s.b[i]-'0')
		i++
	}
	digits := i - start
	if digits == 0 || digits > 9 || (digits > 1 && s.b[start] == '0') {
		return false
	}
	if i < len(s.b) && (s.b[i] == '.' || s.b[i] == 'e' || s.b[i] == 'E' || s.b[i] >= '0' && s.b[i] <= '9') {
		return false
	}
	if neg {
		n = -n
	}
	*out, s.b = n, s.b[i:]
	return true
}
