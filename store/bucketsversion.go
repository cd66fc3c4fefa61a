package store

import "fmt"

// BucketsVersion identifies what some buckets hold at one transaction:
// their summaries in the vault's digest (docs/FORMAT.md §6), which change
// with every value written, replaced or removed in them. Two versions of
// the same kinds are equal (==) only if those buckets hold the same values
// (but for a collision of the digest's keyed sums). An import plans from
// the vault once, when the bundle is previewed, and plans again only if
// what it planned from changed (writing the access log in between does
// not).
type BucketsVersion struct{ sums string }

// BucketsVersion is the version of kinds ks at this transaction (an
// intake's index entries go with KindIntake); ok is false when the vault
// has no digest to tell it (a format-3 file whose digest was deleted,
// until the next write).
func (tx *Tx) BucketsVersion(ks ...Kind) (v BucketsVersion, ok bool, err error) {
	if tx.delta != nil {
		return v, false, fmt.Errorf("store: BucketsVersion in a write transaction")
	}
	d, err := tx.v.readDigest(tx.btx, tx.keys)
	if err != nil || d == nil {
		return v, false, err
	}
	var out []byte
	add := func(name string) {
		s := d.bucket(name)
		out = fmt.Appendf(out, "%s:%d:%x:%x:%x;", name, s.count, s.ids, s.a.Bytes(), s.b.Bytes())
	}
	for _, k := range ks {
		add(string(k))
		if k == KindIntake {
			add(bucketIndex)
		}
	}
	return BucketsVersion{sums: string(out)}, true, nil
}
