package statistics

import (
	"bytes"
	"fmt"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// Records is what Load needs from a vault: the decrypted bytes of every
// statistics record, the minimum cell size, and the figures kept per
// range of months once exported. *store.Vault has them; the interface
// keeps this package free of the store, so the TUI can use the report
// types without reaching the vault except through its own narrow
// interface (DESIGN §3).
type Records interface {
	ForEachStatRecord(fn func(plain []byte) error) error
	StatThreshold() (int, error)
	PublishedStats(id string) ([]byte, error)
	PublishStats(id string, data []byte) (kept []byte, err error)
}

// LoadInfo says what Load met on the way. It holds no count of records:
// the CLI and the TUI print only published figures.
type LoadInfo struct {
	// Skipped is true when some records decrypt but are not valid
	// statistics records (e.g. from a newer version): they are left out.
	Skipped bool
	// Kept is true when the figures are the ones first exported for
	// these months, not counted now.
	Kept bool
}

// Load returns the report for opt from an unlocked vault. It reads only
// the statistics key's records: a coordinator, who holds no notes key,
// can run it. If figures were exported before for the same months, those
// are the report (Published figures stay). Otherwise the records are
// counted, streaming; with opt.Publish the figures are then kept, so that
// every later report over these months shows the same numbers. A record
// that fails its integrity check stops the load (the vault's tamper
// error); one that decrypts but is not a valid statistics record is
// skipped and said in LoadInfo.
func Load(v Records, opt Options, cat *intake.Catalogue) (*Report, LoadInfo, error) {
	var info LoadInfo
	scope, err := opt.Scope()
	if err != nil {
		return nil, info, err
	}
	threshold, err := v.StatThreshold()
	if err != nil {
		return nil, info, err
	}
	kept, err := v.PublishedStats(scope.key())
	if err != nil {
		return nil, info, err
	}
	if kept != nil {
		p, err := decodePublished(kept)
		if err != nil {
			return nil, info, err
		}
		info.Kept = true
		rep, err := build(p, scope, threshold, cat)
		return rep, info, err
	}
	a := NewAggregator(scope)
	err = v.ForEachStatRecord(func(plain []byte) error {
		rec, err := intake.DecodeStatRecord(plain)
		if err != nil {
			info.Skipped = true // decrypts, but is not a valid statistics record
			return nil
		}
		a.Add(&rec)
		return nil
	})
	if err != nil {
		return nil, info, err
	}
	p := a.published()
	if opt.Publish {
		now := opt.Now
		if now.IsZero() {
			now = time.Now()
		}
		p.Date = now.Format(time.DateOnly)
		data, err := p.encode()
		if err != nil {
			return nil, info, err
		}
		stored, err := v.PublishStats(scope.key(), data)
		if err != nil {
			return nil, info, fmt.Errorf("statistics: keep the published figures: %w", err)
		}
		if !bytes.Equal(stored, data) { // published a moment ago by another copy
			if p, err = decodePublished(stored); err != nil {
				return nil, info, err
			}
			info.Kept = true
		}
	}
	rep, err := build(p, scope, threshold, cat)
	return rep, info, err
}
