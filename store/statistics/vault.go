package statistics

import (
	"github.com/spreekuur/spreekuur/intake"
)

// Records is what Load needs from a vault: the decrypted bytes of every
// statistics record. *store.Vault has it; the interface keeps this package
// free of the store, so the TUI can use the report types without reaching
// the vault except through its own narrow interface (DESIGN §3).
type Records interface {
	ForEachStatRecord(fn func(plain []byte) error) error
}

// LoadInfo says what Load read.
type LoadInfo struct {
	Read    int // statistics records in the vault
	Counted int // records in the month range
	Skipped int // records that are not valid statistics records (e.g. from a newer version)
}

// Load counts the statistics records of an unlocked vault, streaming, and
// returns the protected report. A vault reads only its statistics bucket,
// sealed with the statistics key: a coordinator, who holds no notes key,
// can run it. A record that fails its integrity check stops the export
// (the vault's tamper error); one that decrypts but is not a valid
// statistics record is skipped and counted in LoadInfo.Skipped.
func Load(v Records, opt Options, cat *intake.Catalogue) (*Report, LoadInfo, error) {
	var info LoadInfo
	a, err := NewAggregator(opt)
	if err != nil {
		return nil, info, err
	}
	err = v.ForEachStatRecord(func(plain []byte) error {
		info.Read++
		rec, err := intake.DecodeStatRecord(plain)
		if err != nil {
			info.Skipped++ // decrypts, but is not a valid statistics record
			return nil
		}
		if a.Add(&rec) {
			info.Counted++
		}
		return nil
	})
	if err != nil {
		return nil, info, err
	}
	return a.Report(cat), info, nil
}
