package intake

import "regexp"

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

// codePattern is the syntax of every code.
var codePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// ValidCode reports whether s has the syntax of a code (it does not say
// whether the catalogue knows it).
func ValidCode(s string) bool { return codePattern.MatchString(s) }

// Question types: VNG's three layers of client support.
const (
	QuestionOwnLife QuestionTypeCode = "own_life" // about one's own life
	QuestionAccess  QuestionTypeCode = "access"   // getting access to support
	QuestionInUse   QuestionTypeCode = "in_use"   // support already in use
)
