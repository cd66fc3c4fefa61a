package intake

// Codes name things in the catalogue. They are short, stable, lower-case
// ASCII identifiers ("money", "shelter", "wijkteam"); statistics carry codes
// only, never free text. Each kind has its own type so that a location code
// cannot be passed where a domain code is meant, and so that a reflection
// test can tell codes from free text.
type (
	DomainCode       string // a life domain, e.g. "money"
	LocationCode     string // a consultation-hour location, e.g. "library"
	RouteCode        string // how the resident found the service, e.g. "poster"
	TargetGroupCode  string // a target group, e.g. "homeless"
	AgencyCode       string // a kind of agency, e.g. "uwv"
	QuestionTypeCode string // one of VNG's three layers, e.g. "own_life"
	OrganisationCode string // an organisation on the local social map
)

// MaxCodeLen is the length of the longest code, in bytes.
const MaxCodeLen = 32

// ValidCode reports whether s has the syntax of a code (it does not say
// whether the catalogue knows it): a lower-case ASCII letter, then up to
// 31 lower-case ASCII letters, digits or underscores — the regular
// expression ^[a-z][a-z0-9_]{0,31}$, written out as a loop because it runs
// for every code of every statistics record read.
func ValidCode(s string) bool { return validCode(s) }

func validCode[T string | []byte](s T) bool {
	if len(s) == 0 || len(s) > MaxCodeLen || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Question types: VNG's three layers of client support.
const (
	QuestionOwnLife QuestionTypeCode = "own_life" // about one's own life
	QuestionAccess  QuestionTypeCode = "access"   // getting access to support
	QuestionInUse   QuestionTypeCode = "in_use"   // support already in use
)
