package intake

// StatVersion is the version of the StatRecord encoding.
const StatVersion = 1

// Month is a calendar month "YYYY-MM": the only time a statistics record has.
type Month string

// AgeBand is a coarse age group; never an exact age or birth year.
type AgeBand string

// Age bands ("" = unknown).
const (
	AgeUnknown AgeBand = ""
	AgeUnder18 AgeBand = "u18"
	Age18to26  AgeBand = "18_26"
	Age27to44  AgeBand = "27_44"
	Age45to66  AgeBand = "45_66"
	Age67Plus  AgeBand = "67plus"
)

// AgeBands lists the known bands in order.
func AgeBands() []AgeBand { return []AgeBand{AgeUnder18, Age18to26, Age27to44, Age45to66, Age67Plus} }

// DomainStep is one domain's scan answer in a statistics record.
type DomainStep struct {
	Domain DomainCode `json:"d"`
	Scale  Scale      `json:"s"`
}

// StatRecord is the anonymised statistics record of one intake. It holds
// coded fields only: no free text, no names, no exact dates (DESIGN §4).
// Every string-typed field is a code type that is checked against the
// catalogue (see Anonymise and StatRecord.Validate).
type StatRecord struct {
	V              int               `json:"v"`                   // StatVersion
	Month          Month             `json:"month"`               // month of first contact
	Location       LocationCode      `json:"loc,omitempty"`       // "" = unknown
	Route          RouteCode         `json:"route,omitempty"`     // "" = unknown
	TargetGroups   []TargetGroupCode `json:"tg,omitempty"`        // sorted
	AgeBand        AgeBand           `json:"age,omitempty"`       // "" = unknown
	Domains        []DomainStep      `json:"dom,omitempty"`       // discussed domains, catalogue order
	Clarified      []DomainCode      `json:"clar,omitempty"`      // domains clarified in depth, catalogue order
	QuestionType   QuestionTypeCode  `json:"qt,omitempty"`        // "" = unknown
	Kompaan        bool              `json:"kompaan,omitempty"`   // a kompaan took part
	Network        bool              `json:"network,omitempty"`   // someone from the own network took part
	Consent        bool              `json:"consent,omitempty"`   // notes were kept with consent
	Status         Status            `json:"status"`              // draft, open or closed
	Closed         bool              `json:"closed,omitempty"`    // status is closed
	TurnaroundDays int               `json:"days,omitempty"`      // first contact → closure, in days (closed only)
	Appreciation   int               `json:"appr,omitempty"`      // 1–5; 0 = not asked
	StateBetter    Answer            `json:"better,omitempty"`    // "Can you state your question better now?"
	MoreControl    Answer            `json:"control,omitempty"`   // "Do you feel more in control?"
	Contacts       int               `json:"contacts"`            // number of contacts, the first included
	Referrals      int               `json:"referrals,omitempty"` // number of referrals
}
