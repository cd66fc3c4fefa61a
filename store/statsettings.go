package store

import (
	"errors"
	"fmt"
	"time"
)

// The minimum cell size of published statistics is a vault setting, not a
// choice per export (docs/STATISTICS.md, "No oracle"): a reader who could
// ask for exports at many thresholds could read hidden counts by comparing
// them. Only a supporter may change it. Until the access log exists, the
// setting itself records who changed it last, and when.
const (
	DefaultStatThreshold = 10
	MinStatThreshold     = 5
	MaxStatThreshold     = 1000
)

// ErrStatThreshold: a minimum cell size outside MinStatThreshold..MaxStatThreshold.
var ErrStatThreshold = fmt.Errorf("store: the minimum cell size must be from %d to %d", MinStatThreshold, MaxStatThreshold)

// statSettingsID is the one record of KindStatSettings.
const statSettingsID = "settings"

// StatSettings are the vault's statistics settings. They are sealed with
// the statistics key, so a coordinator's export can read them.
type StatSettings struct {
	Threshold int       `json:"threshold"`            // counts below it are published as "<N"
	ChangedBy string    `json:"changed_by,omitempty"` // user name; RecoveryUser after a recovery unlock
	ChangedAt time.Time `json:"changed_at,omitzero"`  // zero: never changed (the default)
}

// RecoveryUser names who changed a setting in a session opened with the
// recovery code, which belongs to no user.
const RecoveryUser = "(recovery code)"

// StatSettings returns the statistics settings; the defaults if they were
// never changed. A stored threshold out of range (a damaged or foreign
// record) is an error, never silently used.
func (v *Vault) StatSettings() (StatSettings, error) {
	s := StatSettings{Threshold: DefaultStatThreshold}
	err := v.View(func(tx *Tx) error { return tx.Get(KindStatSettings, statSettingsID, &s) })
	if errors.Is(err, ErrNotFound) {
		return StatSettings{Threshold: DefaultStatThreshold}, nil
	}
	if err != nil {
		return StatSettings{}, err
	}
	if s.Threshold < MinStatThreshold || s.Threshold > MaxStatThreshold {
		return StatSettings{}, fmt.Errorf("%w (stored: %d)", ErrStatThreshold, s.Threshold)
	}
	return s, nil
}

// StatThreshold is the minimum cell size (statistics.Records).
func (v *Vault) StatThreshold() (int, error) {
	s, err := v.StatSettings()
	return s.Threshold, err
}

// SetStatThreshold sets the minimum cell size and records who did it, at
// now. Only a supporter (or a recovery session) may; a kompaan or a
// coordinator gets ErrNotPermitted.
func (v *Vault) SetStatThreshold(n int, now time.Time) (StatSettings, error) {
	if err := v.RequireSupporter(); err != nil {
		return StatSettings{}, err
	}
	if n < MinStatThreshold || n > MaxStatThreshold {
		return StatSettings{}, ErrStatThreshold
	}
	name, _ := v.User()
	if v.Recovery() {
		name = RecoveryUser
	}
	s := StatSettings{Threshold: n, ChangedBy: name, ChangedAt: now.UTC().Truncate(time.Second)}
	return s, v.Update(func(tx *Tx) error { return tx.Put(KindStatSettings, statSettingsID, s) })
}

// opaque is a record the store seals as it is: the figures a statistics
// export published, in their own format (store/statistics).
type opaque []byte

func (o opaque) MarshalBinary() ([]byte, error) { return append([]byte(nil), o...), nil }

func (o *opaque) UnmarshalBinary(b []byte) error {
	*o = append((*o)[:0], b...)
	return nil
}

// PublishedStats returns the figures first published for id (the months
// counted, e.g. "2026-07:2026-09"), or nil if none were.
func (v *Vault) PublishedStats(id string) ([]byte, error) {
	var o opaque
	err := v.View(func(tx *Tx) error { return tx.Get(KindStatPublished, id, &o) })
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return o, err
}

// PublishStats keeps data as the figures published for id, unless figures
// were published for id before: those stay. It returns what is kept. Any
// role may publish (a coordinator exports statistics).
func (v *Vault) PublishStats(id string, data []byte) ([]byte, error) {
	var kept opaque
	err := v.Update(func(tx *Tx) error {
		err := tx.Get(KindStatPublished, id, &kept)
		if errors.Is(err, ErrNotFound) {
			kept = append(kept[:0], data...)
			return tx.Put(KindStatPublished, id, kept)
		}
		return err
	})
	return kept, err
}
