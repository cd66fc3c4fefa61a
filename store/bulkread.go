package store

import (
	"errors"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// IntakeVersions is the Updated of many intakes' index entries at once,
// in the order of ids: found[i] reports whether the vault has intake
// ids[i]. The entries are looked up one after another and opened on every
// core (an import's plan compares 100,000 of a bundle's intakes with the
// vault's versions); one that cannot be opened is read from its intake,
// as IndexEntry does. Only the times are kept.
func (tx *Tx) IntakeVersions(ids []string) (updated []time.Time, found []bool, err error) {
	for _, id := range ids {
		if err := validID(id); err != nil {
			return nil, nil, err
		}
	}
	if err := tx.access(KindIntake); err != nil {
		return nil, nil, err
	}
	updated, found = make([]time.Time, len(ids)), make([]bool, len(ids))
	errs := make([]error, len(ids))
	b := tx.btx.Bucket([]byte(bucketIndex))
	if !tx.indexed() || b == nil {
		for i := range ids {
			errs[i] = ErrTampered // read from the intake below
		}
	} else {
		vals := make([][]byte, len(ids))
		for i, id := range ids {
			if vals[i] = b.Get([]byte(id)); vals[i] == nil {
				errs[i] = ErrTampered // no entry: the intake says
			}
		}
		if tx.keys.group != nil {
			if _, err := tx.keys.groupPrivateKey(); err != nil {
				return nil, nil, err
			}
		}
		err := parallel(len(ids), workersFor(len(ids)), func(int) func(int) {
			var sc entryScratch
			decode := new(intake.ListDecoder).Decode // only the version is kept: a list's header is enough
			return func(i int) {
				if vals[i] != nil {
					var h intake.Header
					h, errs[i] = openIndexWith(tx, &sc, []byte(ids[i]), vals[i], decode)
					updated[i] = h.Updated
				}
			}
		})
		if err != nil {
			return nil, nil, err
		}
	}
	for i, err := range errs {
		if errors.Is(err, ErrTampered) {
			var e intake.IndexEntry
			e, err = tx.entryFromIntake(ids[i])
			updated[i] = e.Header.Updated
		}
		switch {
		case err == nil:
			found[i] = true
		case errors.Is(err, ErrNotFound):
		default:
			return nil, nil, err
		}
	}
	return updated, found, nil
}

// GetPlains is GetPlain for many records of kind k at once, opened on
// every core: fn is called with the decrypted bytes of each record there
// (found[i]), from several goroutines at once but once per i; plain is
// valid only during fn. An error opening one (ErrTampered, ErrNoAccess)
// is returned, the first in the order of ids.
func (tx *Tx) GetPlains(k Kind, ids []string, fn func(i int, plain []byte)) (found []bool, err error) {
	for _, id := range ids {
		if err := validID(id); err != nil {
			return nil, err
		}
	}
	if err := tx.access(k); err != nil {
		return nil, err
	}
	found = make([]bool, len(ids))
	b := tx.btx.Bucket([]byte(k))
	if b == nil {
		return found, nil
	}
	vals := make([][]byte, len(ids))
	for i, id := range ids {
		vals[i] = b.Get([]byte(id))
		found[i] = vals[i] != nil
	}
	if tx.keys.group != nil {
		if _, err := tx.keys.groupPrivateKey(); err != nil {
			return nil, err
		}
	}
	errs := make([]error, len(ids))
	err = parallel(len(ids), workersFor(len(ids)), func(int) func(int) {
		return func(i int) {
			if vals[i] == nil {
				return
			}
			plain, err := tx.open(k, []byte(ids[i]), vals[i])
			if errs[i] = err; err == nil {
				fn(i, plain)
				clear(plain)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return found, nil
}
