package statistics

import (
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// LoadInfo says what Load read.
type LoadInfo struct {
	Read    int // statistics records in the vault
	Counted int // records in the month range
	Skipped int // records that are not valid statistics records (e.g. from a newer version)
}

// Load counts the statistics records of an unlocked vault, streaming, and
// returns the protected report. It touches only store.KindStat, which is
// sealed with the statistics key: a coordinator, who holds no notes key,
// can run it. A record that fails its integrity check stops the export
// (store.ErrTampered); one that decrypts but is not a valid statistics
// record is skipped and counted in LoadInfo.Skipped.
func Load(v *store.Vault, opt Options, cat *intake.Catalogue) (*Report, LoadInfo, error) {
	var info LoadInfo
	a, err := NewAggregator(opt)
	if err != nil {
		return nil, info, err
	}
	err = v.View(func(tx *store.Tx) error {
		return tx.ForEachPlain(store.KindStat, func(_ string, plain []byte) error {
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
	})
	if err != nil {
		return nil, info, err
	}
	return a.Report(cat), info, nil
}
