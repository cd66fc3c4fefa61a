package store

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// Organisation is who stands behind the papers and the handover: the
// organisation's name and phone number, printed on the sheet and the plan
// so a resident knows whom to call. Sealed with the statistics key
// (KindSettings), so every role reads it — a kompaan prints papers too;
// only a supporter may change it.
type Organisation struct {
	Name      string    `json:"name,omitempty"`
	Phone     string    `json:"phone,omitempty"`
	ChangedBy string    `json:"changed_by,omitempty"`
	ChangedAt time.Time `json:"changed_at,omitzero"`
}

// Limits that keep the organisation's lines on one line of a paper.
const (
	MaxOrganisationName  = 80
	MaxOrganisationPhone = 30
)

// ErrOrganisation: a name or phone number too long, or a phone number with
// characters no phone number has.
var ErrOrganisation = errors.New("store: the organisation's name or phone number is not valid")

const organisationID = "organisation"

// Organisation returns the organisation settings; the zero value if they
// were never set.
func (v *Vault) Organisation() (Organisation, error) {
	var o Organisation
	err := v.View(func(tx *Tx) error { return tx.Get(KindSettings, organisationID, &o) })
	if errors.Is(err, ErrNotFound) {
		return Organisation{}, nil
	}
	return o, err
}

// SetOrganisation stores the organisation's name and phone number (spaces
// around them trimmed) and who set them, at now.
func (v *Vault) SetOrganisation(name, phone string, now time.Time) (Organisation, error) {
	if err := v.RequireSupporter(); err != nil {
		return Organisation{}, err
	}
	name, phone = strings.TrimSpace(name), strings.TrimSpace(phone)
	if utf8.RuneCountInString(name) > MaxOrganisationName || utf8.RuneCountInString(phone) > MaxOrganisationPhone ||
		strings.ContainsAny(name, "\n\r\t") || !phoneLike(phone) {
		return Organisation{}, ErrOrganisation
	}
	by, _ := v.User()
	if v.Recovery() {
		by = RecoveryUser
	}
	o := Organisation{Name: name, Phone: phone, ChangedBy: by, ChangedAt: now.UTC().Truncate(time.Second)}
	return o, v.Update(func(tx *Tx) error { return tx.Put(KindSettings, organisationID, o) })
}

// phoneLike accepts what people write as a phone number: digits, spaces,
// + - ( ) and dots; empty means not set.
func phoneLike(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("0123456789 +-().", r) {
			return false
		}
	}
	return true
}
