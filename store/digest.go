package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"math/bits"
	"sort"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// The vault's digest (docs/FORMAT.md §6, "The digest"): a sealed summary
// of every value in the file, updated in the same transaction as each
// write, so that `check` sees a record deleted from the file, one replaced
// by an older value of itself, an old key slot put back, or a record added
// from elsewhere — and, when one record per bucket changed, names it.
//
// Per bucket it keeps, over all its key/value pairs (i, v):
//
//	count = the number of values
//	ids   = XOR of the keys, each as a length byte and the key padded to 128 bytes
//	A     = Σ h(i, v)          mod p
//	B     = Σ x(i) · h(i, v)   mod p
//
// with p = 2^255 − 19, h = HMAC-SHA-256(K, 0x01 ‖ u16be(len b) ‖ b ‖
// u16be(len i) ‖ i ‖ v) and x = HMAC-SHA-256(K, 0x02 ‖ u16be(len b) ‖ b ‖
// u16be(len i) ‖ i), both read as big-endian numbers mod p, and K =
// subkey(statistics key, "digest") (see subkey). A and B are
// multiset hashes: the order of writes does not matter, and without K no
// one can compute them. One deleted record shows as count − 1 and its key
// in ids; one replaced value as the same count and ids, and its key x(i)
// = ΔB / ΔA. The summary is sealed under the statistics key (every role
// writes records, so every role must be able to update it) in the vault
// bucket under "digest", with a counter of write transactions.

const (
	digestID      = "digest"
	digestVersion = 1
	idPadLen      = 129 // one length byte and up to 128 bytes of key
	// digestRebuilt: the digest was missing at a write and was computed
	// afresh from the file; what was deleted before then is not seen.
	digestRebuilt byte = 1
	// digestKompaanWrote: a kompaan wrote a resident or intake (its group
	// wrap is to the group's public key) since a supporter last settled
	// them; the next supporter's unlock looks for such records.
	digestKompaanWrote byte = 2
)

// digestPrime is 2^255 − 19.
var digestPrime = func() *big.Int {
	p := new(big.Int).Lsh(big.NewInt(1), 255)
	return p.Sub(p, big.NewInt(19))
}()

type bucketSum struct {
	count int64 // may go negative in a delta
	ids   [idPadLen]byte
	a, b  big.Int
}

type vaultDigest struct {
	flags   byte
	writes  uint64
	buckets map[string]*bucketSum
}

func (d *vaultDigest) bucket(name string) *bucketSum {
	s := d.buckets[name]
	if s == nil {
		s = &bucketSum{}
		d.buckets[name] = s
	}
	return s
}

// digestDelta is what one write transaction changes in the digest: per
// bucket, the pairs it adds and the pairs it removes, summed as wide
// integers (digestSum) and reduced mod p once at its end (flushDigest) —
// the same sums as adding and removing each pair mod p, without a
// big.Int and two reductions per write.
type digestDelta struct {
	buckets map[string]*deltaSum
}

type deltaSum struct {
	plus, minus digestSum
}

func newDigestDelta() *digestDelta { return &digestDelta{buckets: map[string]*deltaSum{}} }

// add (sign +1) or remove (sign −1) one key/value pair of bucket.
func (d *digestDelta) apply(key *digester, bucket string, id, value []byte, sign int) {
	s := d.bucket(bucket)
	sum := &s.plus
	if sign < 0 {
		sum = &s.minus
	}
	key.mu.Lock()
	defer key.mu.Unlock()
	sum.add(key, bucket, id, value)
}

// added adds pairs summed elsewhere (on several cores) to bucket.
func (d *digestDelta) added(bucket string, sum digestSum) {
	d.bucket(bucket).plus.merge(&sum)
}

func (d *digestDelta) bucket(name string) *deltaSum {
	s := d.buckets[name]
	if s == nil {
		s = &deltaSum{}
		d.buckets[name] = s
	}
	return s
}

// bucketSum is the change to one bucket's summary, reduced mod p.
func (s *deltaSum) bucketSum() *bucketSum {
	out := s.plus.bucketSum()
	minus := s.minus.bucketSum()
	out.count -= minus.count
	for i := range out.ids {
		out.ids[i] ^= minus.ids[i]
	}
	out.a.Sub(&out.a, &minus.a).Mod(&out.a, digestPrime)
	out.b.Sub(&out.b, &minus.b).Mod(&out.b, digestPrime)
	return out
}

// digester computes the digest's h and x: one HMAC per unlock, keyed with
// K = subkey(statistics key, "digest"), which is cleared as soon as the
// HMAC holds it.
type digester struct {
	mu  sync.Mutex
	mac hash.Hash
	buf []byte            // the bytes before the value, written at once
	sum [sha256.Size]byte // the MAC, before it is copied out (Sum through the interface would move out to the heap)
}

func newDigester(stats *secretKey) *digester {
	k := subkey(stats, "digest")
	defer clear(k)
	return newDigesterKey(k)
}

func newDigesterKey(k []byte) *digester {
	return &digester{mac: hmac.New(sha256.New, k)}
}

func digestMAC(d *digester, tag byte, bucket string, id, value []byte) *big.Int {
	d.mu.Lock()
	defer d.mu.Unlock()
	var sum [sha256.Size]byte
	d.macTo(&sum, tag, bucket, id, value)
	n := new(big.Int).SetBytes(sum[:])
	return n.Mod(n, digestPrime)
}

// macTo writes h (tag 1) or x (tag 2) of one pair into out, unreduced. The
// caller holds d.mu or owns d (a fork for one goroutine).
func (d *digester) macTo(out *[sha256.Size]byte, tag byte, bucket string, id, value []byte) {
	m := d.mac
	m.Reset()
	h := append(d.buf[:0], tag)
	h = binary.BigEndian.AppendUint16(h, uint16(len(bucket)))
	h = append(h, bucket...)
	h = binary.BigEndian.AppendUint16(h, uint16(len(id)))
	h = append(h, id...)
	d.buf = h
	m.Write(h)
	if tag == 1 {
		m.Write(value)
	}
	*out = [sha256.Size]byte(m.Sum(d.sum[:0]))
}

func padID(id []byte) [idPadLen]byte {
	var p [idPadLen]byte
	n := min(len(id), idPadLen-1)
	p[0] = byte(len(id))
	copy(p[1:], id[:n])
	return p
}

// merge adds the delta d into s.
func (s *bucketSum) merge(d *bucketSum) {
	s.count += d.count
	s.a.Add(&s.a, &d.a).Mod(&s.a, digestPrime)
	s.b.Add(&s.b, &d.b).Mod(&s.b, digestPrime)
	for i := range s.ids {
		s.ids[i] ^= d.ids[i]
	}
}

func (s *bucketSum) equal(o *bucketSum) bool {
	return s.count == o.count && s.ids == o.ids && s.a.Cmp(&o.a) == 0 && s.b.Cmp(&o.b) == 0
}

func (d *vaultDigest) encode() []byte {
	names := make([]string, 0, len(d.buckets))
	for n, s := range d.buckets {
		if s.count != 0 || s.a.Sign() != 0 {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	out := []byte{digestVersion, d.flags}
	out = binary.BigEndian.AppendUint64(out, d.writes)
	out = binary.BigEndian.AppendUint16(out, uint16(len(names)))
	for _, n := range names {
		s := d.buckets[n]
		out = append(out, byte(len(n)))
		out = append(out, n...)
		out = binary.BigEndian.AppendUint64(out, uint64(s.count))
		out = append(out, s.ids[:]...)
		out = append(out, s.a.FillBytes(make([]byte, 32))...)
		out = append(out, s.b.FillBytes(make([]byte, 32))...)
	}
	return out
}

var errBadDigest = errors.New("malformed digest")

func decodeDigest(b []byte) (*vaultDigest, error) {
	if len(b) < 12 || b[0] != digestVersion {
		return nil, errBadDigest
	}
	d := &vaultDigest{flags: b[1], writes: binary.BigEndian.Uint64(b[2:10]), buckets: map[string]*bucketSum{}}
	n := int(binary.BigEndian.Uint16(b[10:12]))
	rest := b[12:]
	for range n {
		if len(rest) < 1 || len(rest) < 1+int(rest[0])+8+idPadLen+64 {
			return nil, errBadDigest
		}
		name := string(rest[1 : 1+rest[0]])
		rest = rest[1+int(rest[0]):]
		s := d.bucket(name)
		s.count = int64(binary.BigEndian.Uint64(rest[:8]))
		copy(s.ids[:], rest[8:8+idPadLen])
		rest = rest[8+idPadLen:]
		s.a.SetBytes(rest[:32])
		s.b.SetBytes(rest[32:64])
		rest = rest[64:]
		if s.count < 0 || s.a.Cmp(digestPrime) >= 0 || s.b.Cmp(digestPrime) >= 0 {
			return nil, errBadDigest
		}
	}
	if len(rest) != 0 {
		return nil, errBadDigest
	}
	return d, nil
}

// digested reports whether a bucket's values are in the digest: all but
// the vault bucket, which holds the format version and the digest itself,
// and the failed unlocks, written by someone who holds no key.
func digested(bucket string) bool { return bucket != bucketVault && bucket != bucketFailedUnlocks }

// fork returns a digester with the same key, for another goroutine.
func (d *digester) fork() *digester {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.mac.Reset()
	c, err := d.mac.(hash.Cloner).Clone()
	if err != nil { // every hash of the standard library clones
		panic(err)
	}
	return &digester{mac: c}
}

// digestSum adds up one bucket's part of the digest from many pairs at
// once (check, computeDigest): h and x·h are summed as wide integers and
// reduced mod p once, in bucketSum — the same sums as apply's, since
// reduction mod p commutes with + and ·, without a big.Int per value.
type digestSum struct {
	count int64
	ids   [idPadLen]byte
	a     [5]uint64 // Σ h, each < 2^256: room for 2^64 values
	b     [9]uint64 // Σ x·h, each < 2^512
}

// add sums one key/value pair, with d owned by the caller's goroutine.
func (s *digestSum) add(d *digester, bucket string, id, value []byte) {
	var hb, xb [sha256.Size]byte
	d.macTo(&hb, 1, bucket, id, value)
	d.macTo(&xb, 2, bucket, id, nil)
	h, x := limbs(&hb), limbs(&xb)
	var c uint64
	for i := range h {
		s.a[i], c = bits.Add64(s.a[i], h[i], c)
	}
	s.a[4] += c
	var p [8]uint64 // x·h, schoolbook
	for i := range x {
		var carry uint64
		for j := range h {
			hi, lo := bits.Mul64(x[i], h[j])
			var c1, c2 uint64
			lo, c1 = bits.Add64(lo, p[i+j], 0)
			lo, c2 = bits.Add64(lo, carry, 0)
			p[i+j], carry = lo, hi+c1+c2
		}
		p[i+4] = carry
	}
	c = 0
	for i := range p {
		s.b[i], c = bits.Add64(s.b[i], p[i], c)
	}
	s.b[8] += c
	s.count++
	n := min(len(id), idPadLen-1)
	s.ids[0] ^= byte(len(id))
	for i, v := range id[:n] {
		s.ids[1+i] ^= v
	}
}

// limbs reads a big-endian 256-bit number as four little-endian limbs.
func limbs(b *[sha256.Size]byte) [4]uint64 {
	return [4]uint64{
		binary.BigEndian.Uint64(b[24:]), binary.BigEndian.Uint64(b[16:]),
		binary.BigEndian.Uint64(b[8:]), binary.BigEndian.Uint64(b[0:]),
	}
}

// merge adds o into s.
func (s *digestSum) merge(o *digestSum) {
	var c uint64
	for i := range s.a {
		s.a[i], c = bits.Add64(s.a[i], o.a[i], c)
	}
	c = 0
	for i := range s.b {
		s.b[i], c = bits.Add64(s.b[i], o.b[i], c)
	}
	s.count += o.count
	for i := range s.ids {
		s.ids[i] ^= o.ids[i]
	}
}

// bucketSum reduces the sums mod p.
func (s *digestSum) bucketSum() *bucketSum {
	wide := func(l []uint64) *big.Int {
		b := make([]byte, 8*len(l))
		for i, v := range l {
			binary.BigEndian.PutUint64(b[len(b)-8*(i+1):], v)
		}
		n := new(big.Int).SetBytes(b)
		return n.Mod(n, digestPrime)
	}
	out := &bucketSum{count: s.count, ids: s.ids}
	out.a.Set(wide(s.a[:]))
	out.b.Set(wide(s.b[:]))
	return out
}

// digestWorkers are the digest's sums on several goroutines: worker w sums
// into parts[w], one digestSum per bucket (by an index the caller keeps),
// with a digester of its own.
type digestWorkers struct {
	keys  []*digester
	parts [][]digestSum
}

func newDigestWorkers(key *digester, workers, buckets int) *digestWorkers {
	d := &digestWorkers{keys: make([]*digester, workers), parts: make([][]digestSum, workers)}
	for w := range workers {
		d.keys[w] = key.fork() // key itself may be in use by a write meanwhile
		d.parts[w] = make([]digestSum, buckets)
	}
	return d
}

// add sums one pair of bucket i (named bucket) on worker w.
func (d *digestWorkers) add(w, i int, bucket string, id, value []byte) {
	d.parts[w][i].add(d.keys[w], bucket, id, value)
}

// sum merges the workers' sums of bucket i.
func (d *digestWorkers) sum(i int) digestSum {
	var s digestSum
	for _, p := range d.parts {
		s.merge(&p[i])
	}
	return s
}

// digest merges the workers' sums; names are the buckets by index, each
// one digested in the digest (an empty bucket too).
func (d *digestWorkers) digest(names []string) *vaultDigest {
	out := &vaultDigest{buckets: map[string]*bucketSum{}}
	for i, n := range names {
		if !digested(n) {
			continue
		}
		s := d.sum(i)
		out.buckets[n] = s.bucketSum()
	}
	return out
}

// computeDigest sums every value of every digested bucket in the file, on
// every core: the sums are additive, so each worker sums its share of the
// values and the shares are merged.
func computeDigest(btx *bolt.Tx, key *digester) (*vaultDigest, error) {
	type kv struct {
		bucket int
		k, v   []byte
	}
	var all []kv
	names := []string{}
	err := btx.ForEach(func(name []byte, b *bolt.Bucket) error {
		bucket := string(name)
		if !digested(bucket) {
			return nil
		}
		names = append(names, bucket)
		return b.ForEach(func(k, v []byte) error {
			all = append(all, kv{len(names) - 1, k, v}) // valid until the transaction ends
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	workers := workersFor(len(all))
	sums := newDigestWorkers(key, workers, len(names))
	err = parallel(len(all), workers, func(w int) func(i int) {
		return func(i int) {
			e := all[i]
			sums.add(w, e.bucket, names[e.bucket], e.k, e.v)
		}
	})
	if err != nil {
		return nil, err
	}
	return sums.digest(names), nil
}

// readDigest opens the sealed digest; nil without error when there is none.
func (v *Vault) readDigest(btx *bolt.Tx, keys *keySet) (*vaultDigest, error) {
	raw := btx.Bucket([]byte(bucketVault)).Get([]byte(digestID))
	if raw == nil {
		return nil, nil
	}
	plain, err := openEnvelope(keys.stats.aead, recordAD(v.version, bucketVault, digestID), raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %s/%s", ErrTampered, bucketVault, digestID)
	}
	defer clear(plain)
	d, err := decodeDigest(plain)
	if err != nil {
		return nil, fmt.Errorf("%w: %s/%s: %v", ErrTampered, bucketVault, digestID, err)
	}
	return d, nil
}

func (v *Vault) writeDigest(btx *bolt.Tx, keys *keySet, d *vaultDigest) error {
	sealed, err := seal(keys.stats.aead, recordAD(v.version, bucketVault, digestID), d.encode())
	if err != nil {
		return err
	}
	return btx.Bucket([]byte(bucketVault)).Put([]byte(digestID), sealed)
}

// digestFinding is what Check concludes for one bucket whose values do
// not match the digest.
type digestFinding struct {
	kind string // "deleted", "replayed", "added", "changed", "missing bucket"
	id   string // the record, when one can be named
	was  string // "moved": the key it was stored under
	n    int64  // how many records the counts differ by
}

// explain compares a bucket's stored summary with the file's, and names
// the record if exactly one was deleted, added or replaced. present lists
// the bucket's keys in the file.
func explainDigest(key *digester, bucket string, stored, actual *bucketSum, present map[string]bool) digestFinding {
	dn := stored.count - actual.count
	var ids [idPadLen]byte
	for i := range ids {
		ids[i] = stored.ids[i] ^ actual.ids[i]
	}
	da := new(big.Int).Sub(&stored.a, &actual.a)
	da.Mod(da, digestPrime)
	db := new(big.Int).Sub(&stored.b, &actual.b)
	db.Mod(db, digestPrime)
	var x *big.Int
	if da.Sign() != 0 {
		x = new(big.Int).ModInverse(da, digestPrime)
		x.Mul(x, db).Mod(x, digestPrime)
	}
	named := func() (string, bool) {
		n := int(ids[0])
		if n == 0 || n > idPadLen-1 {
			return "", false
		}
		if !allZero(ids[1+n:]) {
			return "", false
		}
		id := ids[1 : 1+n]
		// The key's x must explain the change in A and B, else several
		// changes happened to XOR into something that looks like a key.
		if x == nil || digestMAC(key, 2, bucket, id, nil).Cmp(x) != 0 {
			return "", false
		}
		return string(id), true
	}
	switch {
	case dn == 1:
		if id, ok := named(); ok && !present[id] {
			return digestFinding{kind: "deleted", id: id, n: 1}
		}
	case dn == -1:
		if id, ok := named(); ok && present[id] {
			return digestFinding{kind: "added", id: id, n: 1}
		}
	case dn == 0 && ids == [idPadLen]byte{} && x != nil:
		for id := range present {
			if digestMAC(key, 2, bucket, []byte(id), nil).Cmp(x) == 0 {
				return digestFinding{kind: "replayed", id: id}
			}
		}
	case dn == 0:
		// One key edited in place: the XOR of the keys is the old one's
		// and the new one's.
		for id := range present {
			p := padID([]byte(id))
			var was [idPadLen]byte
			for i := range was {
				was[i] = ids[i] ^ p[i]
			}
			if n := int(was[0]); n > 0 && n < idPadLen && allZero(was[1+n:]) && !present[string(was[1:1+n])] {
				return digestFinding{kind: "moved", id: id, was: string(was[1 : 1+n])}
			}
		}
	}
	return digestFinding{kind: "changed", n: dn}
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
