package intake

import "strings"

// TookPart reports whether user took part in the intake: named as the
// kompaan who was present, or the author of a note (names compared without
// case and surrounding spaces). A kompaan sees and exports only such
// intakes (DESIGN §1: a kompaan does not browse other residents' files).
// Users are recognised by the name they were recorded under; user names are
// unique within a vault.
func TookPart(in *Intake, user string) bool {
	user = strings.TrimSpace(user)
	if user == "" {
		return false
	}
	if in.Presence.Kompaan && strings.EqualFold(strings.TrimSpace(in.Presence.KompaanName), user) {
		return true
	}
	for _, n := range in.Notes {
		if strings.EqualFold(strings.TrimSpace(n.Author), user) {
			return true
		}
	}
	return false
}
