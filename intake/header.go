package intake

import "time"

// Header is the part of an intake that a list of intakes needs. Its JSON
// names are Intake's own, so a stored intake decodes straight into a Header
// and the decoder skips everything else: the home screen lists 10,000
// intakes without building their notes, scans and agreements.
type Header struct {
	ID         string       `json:"id"`
	ResidentID string       `json:"resident_id,omitempty"`
	Status     Status       `json:"status"`
	Created    time.Time    `json:"created"`
	Updated    time.Time    `json:"updated"`
	Location   LocationCode `json:"location,omitempty"`
}

// Header returns the intake's header.
func (in Intake) Header() Header {
	return Header{ID: in.ID, ResidentID: in.ResidentID, Status: in.Status, Created: in.Created, Updated: in.Updated, Location: in.Location}
}
