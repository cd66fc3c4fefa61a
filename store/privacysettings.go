package store

import (
	"errors"
	"time"
)

// Privacy are the organisation's choices about the data's life
// (docs/PRIVACY.md): how long a resident's file is kept after the last
// contact, and whether a resident's access export names the people who
// looked at their file or only their role. Sealed with the statistics key
// (KindSettings) like the organisation, so every role reads them; only a
// supporter changes them.
type Privacy struct {
	// RetentionMonths is how long after the last contact a resident's
	// file is kept before it is listed to be erased. 0 means the default.
	RetentionMonths int `json:"retention_months,omitempty"`
	// NamesInAccess: the access export names users (else only roles).
	NamesInAccess bool      `json:"names_in_access,omitempty"`
	ChangedBy     string    `json:"changed_by,omitempty"`
	ChangedAt     time.Time `json:"changed_at,omitzero"`
}

// DefaultRetentionMonths is two years after the last contact: long enough
// for a resident who comes back with the same question, and for an
// objection and appeal against a decision to run their course (6 weeks,
// then often a year at the court), and short enough that the file of
// someone who no longer needs support does not stay (AVG art. 5(1)(e)).
// docs/PRIVACY.md gives the reasoning.
const DefaultRetentionMonths = 24

// Bounds of the retention period: at least 6 months (a follow-up must
// remain possible), at most 10 years.
const (
	MinRetentionMonths = 6
	MaxRetentionMonths = 120
)

// ErrRetention: a retention period outside the bounds.
var ErrRetention = errors.New("store: the retention period must be from 6 to 120 months")

const privacyID = "privacy"

// Retention is the retention period in months, the default when not set.
func (p Privacy) Retention() int {
	if p.RetentionMonths == 0 {
		return DefaultRetentionMonths
	}
	return p.RetentionMonths
}

// Privacy returns the privacy settings; the defaults if never set.
func (v *Vault) Privacy() (Privacy, error) {
	var p Privacy
	err := v.View(func(tx *Tx) error { return tx.Get(KindSettings, privacyID, &p) })
	if errors.Is(err, ErrNotFound) {
		return Privacy{}, nil
	}
	return p, err
}

// SetPrivacy stores p (a supporter), with who and when, and log written
// in the same transaction.
func (v *Vault) SetPrivacy(p Privacy, now time.Time, log ...LogEntry) (Privacy, error) {
	if err := v.RequireSupporter(); err != nil {
		return Privacy{}, err
	}
	if p.RetentionMonths != 0 && (p.RetentionMonths < MinRetentionMonths || p.RetentionMonths > MaxRetentionMonths) {
		return Privacy{}, ErrRetention
	}
	by, _ := v.User()
	if v.Recovery() {
		by = RecoveryUser
	}
	p.ChangedBy, p.ChangedAt = by, now.UTC().Truncate(time.Second)
	return p, v.Update(func(tx *Tx) error {
		if err := tx.Put(KindSettings, privacyID, p); err != nil {
			return err
		}
		for _, e := range log {
			if _, err := tx.AppendLog(e); err != nil {
				return err
			}
		}
		return nil
	})
}
