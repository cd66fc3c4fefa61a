package store

import "fmt"

// sealedMany are records of one kind sealed by sealMany, to be put by
// putSealed: their IDs, sealed values and the digest's sum of them.
type sealedMany struct {
	k      Kind
	ids    []string
	sealed [][]byte
	sum    digestSum
}

// sealMany is putMany's work before the transaction: every value is
// encoded, sealed and summed into the digest on every core. It reads
// nothing of the transaction (only tx.v and tx.keys), so it may run
// outside one: FinishStagedStats seals the next records while the ones
// before are written.
func (tx *Tx) sealMany(k Kind, ids []string, value func(i int) any) (sealedMany, error) {
	s := sealedMany{k: k, ids: ids}
	if len(ids) == 0 {
		return s, nil
	}
	if tx.filedKind(k) || homeSource(string(k)) { // those go through put: it drops home's kept first screen
		return s, fmt.Errorf("store: putMany of %s records", k)
	}
	key, err := tx.key(k)
	if err != nil {
		return s, err
	}
	bucket := string(k)
	workers := workersFor(len(ids))
	sums := newDigestWorkers(tx.keys.digest, workers, 1)
	sealed, errs := make([][]byte, len(ids)), make([]error, len(ids))
	err = parallel(len(ids), workers, func(w int) func(i int) {
		return func(i int) {
			if errs[i] = validID(ids[i]); errs[i] != nil {
				return
			}
			plain, err := encodeValue(value(i))
			if err != nil {
				errs[i] = fmt.Errorf("store: encode %s record: %w", k, err)
				return
			}
			defer clear(plain)
			if sealed[i], errs[i] = seal(key, recordAD(tx.v.version, bucket, ids[i]), plain); errs[i] == nil {
				sums.add(w, 0, bucket, []byte(ids[i]), sealed[i])
			}
		}
	})
	if err != nil {
		return s, err
	}
	for _, err := range errs {
		if err != nil {
			return s, err
		}
	}
	s.sealed, s.sum = sealed, sums.sum(0)
	return s, nil
}

// putSealed is putMany's work in the transaction: what sealMany made is
// put in the order of its IDs (give them in key order for a bucket
// InKeyOrder names).
func (tx *Tx) putSealed(s sealedMany) error {
	if len(s.ids) == 0 {
		return nil
	}
	bucket := string(s.k)
	b, err := tx.btx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return fmt.Errorf("store: %s: %w", bucket, err)
	}
	if tx.ordered[bucket] {
		b.FillPercent = 1
	}
	// Records after the last one there replace none (an import's, in key
	// order): no look-up for what they replace.
	replace := !after(b, s.ids)
	for i, id := range s.ids {
		if replace {
			if old := b.Get([]byte(id)); old != nil {
				tx.delta.apply(tx.keys.digest, bucket, []byte(id), old, -1)
			}
		}
		if err := b.Put([]byte(id), s.sealed[i]); err != nil {
			return err
		}
	}
	tx.delta.added(bucket, s.sum)
	return nil
}
