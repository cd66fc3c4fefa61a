package intake

import "testing"

func TestTookPart(t *testing.T) {
	withKompaan := Intake{Presence: Presence{Kompaan: true, KompaanName: " Karim "}}
	namedNotPresent := Intake{Presence: Presence{Kompaan: false, KompaanName: "Karim"}}
	withNote := Intake{Notes: []Note{{Author: "anna"}, {Author: "KARIM"}}}
	for _, tc := range []struct {
		name string
		in   Intake
		user string
		want bool
	}{
		{"present as kompaan", withKompaan, "karim", true},
		{"named but not present", namedNotPresent, "Karim", false},
		{"wrote a note", withNote, "Karim", true},
		{"someone else", withKompaan, "Kees", false},
		{"empty user", withNote, "  ", false},
		{"empty intake", Intake{}, "Karim", false},
	} {
		if got := TookPart(&tc.in, tc.user); got != tc.want {
			t.Errorf("%s: TookPart(%q) = %v, want %v", tc.name, tc.user, got, tc.want)
		}
	}
}
