package store

import (
	"crypto/cipher"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/spreekuur/spreekuur/intake"
)

// Tx is a transaction over sealed records. It is valid only inside the
// function given to Update or View. Values are decrypted into fresh memory,
// so nothing read through a Tx points into the file after it ends.
type Tx struct {
	v    *Vault
	btx  *bolt.Tx
	keys *keySet
	// delta collects what this write transaction changes in the digest;
	// nil in a read transaction.
	delta *digestDelta
	// kompaanWrote: this transaction wrote a group wrap to the group's
	// public key; settled: it settled every such record.
	kompaanWrote, settled bool
	// ordered are the buckets this transaction writes in key order
	// (InKeyOrder).
	ordered map[string]bool
	// staged are statistics SaveIntakeStaged staged, written at commit.
	staged []stagedStat
	// homeDropped: this transaction wrote what the kept first screen is
	// made of (dropHomeList), which deleted it, or settles it at commit
	// when homeKeep is set.
	homeDropped bool
	// homeKeep says what first screen to keep at commit
	// (KeepHomeListAtCommit).
	homeKeep func(stamp [32]byte) (HomeListKeep, error)
	// homeOnly are the records homeKeep knows this transaction changes
	// ("bucket/key"); homeOther: it wrote another, or asked twice, and
	// the list is deleted at commit instead.
	homeOnly  map[string]bool
	homeOther bool
}

// InKeyOrder says that this transaction writes the records of kinds ks in
// ascending ID order, after what those buckets hold (an import of a
// bundle, which is sorted by ID, into a vault): their pages are then
// filled whole instead of half, so the file grows by what is written and
// not twice that. Writes out of order are still right, only less dense.
// An intake's index entries go with KindIntake.
func (tx *Tx) InKeyOrder(ks ...Kind) {
	if tx.ordered == nil {
		tx.ordered = map[string]bool{}
	}
	for _, k := range ks {
		tx.ordered[string(k)] = true
		if k == KindIntake {
			tx.ordered[bucketIndex] = true
		}
	}
}

// Update runs fn in a read-write transaction; an error from fn rolls back
// everything fn wrote. The vault must be unlocked.
func (v *Vault) Update(fn func(tx *Tx) error) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.keys == nil {
		return ErrLocked
	}
	return v.update(v.keys, fn)
}

// View runs fn in a read-only transaction. The vault must be unlocked.
func (v *Vault) View(fn func(tx *Tx) error) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.keys == nil {
		return ErrLocked
	}
	return v.view(v.keys, fn)
}

func (v *Vault) view(keys *keySet, fn func(tx *Tx) error) error {
	return safely(func() error {
		return v.db.View(func(btx *bolt.Tx) error { return fn(&Tx{v: v, btx: btx, keys: keys}) })
	})
}

// update runs fn in a bbolt write transaction with the digest kept up to
// date: what fn changes is summed into the sealed digest before commit.
func (v *Vault) update(keys *keySet, fn func(tx *Tx) error) error {
	if v.readOnly {
		return ErrReadOnly
	}
	err := safely(func() error {
		return v.db.Update(func(btx *bolt.Tx) error {
			tx := &Tx{v: v, btx: btx, keys: keys, delta: newDigestDelta()}
			if err := fn(tx); err != nil {
				return err
			}
			if err := tx.putStaged(); err != nil {
				return err
			}
			return tx.flushDigest()
		})
	})
	return writeError(err)
}

// writeError turns the file system's answer to a failed write into the
// store's sentinels.
func writeError(err error) error {
	switch {
	case err == nil:
		return nil
	case isDiskFull(err):
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	case errors.Is(err, berrors.ErrDatabaseReadOnly), errors.Is(err, berrors.ErrTxNotWritable):
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	return err
}

// flushDigest adds this transaction's changes to the sealed digest.
func (tx *Tx) flushDigest() error {
	if len(tx.delta.buckets) == 0 && !tx.settled {
		return nil
	}
	d, err := tx.v.readDigest(tx.btx, tx.keys)
	if err != nil {
		return err
	}
	settle := tx.homeKeep != nil && tx.homeDropped
	if settle && tx.homeOther {
		settle = false
		if err := tx.deleteHomeList(); err != nil {
			return err
		}
	}
	if d == nil {
		// No digest in a format-3 file: it was deleted. Start again from
		// what the file holds now, and say so for good (Check warns). No
		// stamp without a digest: the kept first screen goes.
		if settle {
			if err := tx.deleteHomeList(); err != nil {
				return err
			}
		}
		if d, err = computeDigest(tx.btx, tx.keys.digest); err != nil {
			return err
		}
		d.flags |= digestRebuilt
	} else {
		// A first screen kept up to date is settled last, once every
		// other change is in the digest: its stamp is made of them. Its
		// own changes are merged after.
		kept := func(name string) bool { return name == string(KindHomeList) || name == string(KindHomeStamp) }
		for name, delta := range tx.delta.buckets {
			if !settle || !kept(name) {
				d.bucket(name).merge(delta.bucketSum())
			}
		}
		if settle {
			if err := tx.settleHomeList(d); err != nil {
				return err
			}
			for name, delta := range tx.delta.buckets {
				if kept(name) {
					d.bucket(name).merge(delta.bucketSum())
				}
			}
		}
	}
	d.writes++
	if tx.settled {
		d.flags &^= digestKompaanWrote
	}
	if tx.kompaanWrote {
		d.flags |= digestKompaanWrote
	}
	return tx.v.writeDigest(tx.btx, tx.keys, d)
}

// put stores a value in a bucket (created if needed) and notes the change
// in the digest.
func (tx *Tx) put(bucket string, key, value []byte) error { return tx.putSum(bucket, key, value, nil) }

// putSum is put with the new value's part of the digest summed before
// (sum, with this transaction's digest key: a sealedIntake's), or here
// (nil).
func (tx *Tx) putSum(bucket string, key, value []byte, sum *digestSum) error {
	b, err := tx.btx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return fmt.Errorf("store: %s: %w", bucket, err)
	}
	if tx.ordered[bucket] {
		b.FillPercent = 1
	}
	if err := tx.dropHomeList(bucket, key); err != nil {
		return err
	}
	if bucket == string(KindIntake) {
		tx.v.noteSaved(string(key))
	}
	if digested(bucket) {
		if old := b.Get(key); old != nil {
			tx.delta.apply(tx.keys.digest, bucket, key, old, -1)
		}
		if sum != nil {
			tx.delta.added(bucket, *sum)
		} else {
			tx.delta.apply(tx.keys.digest, bucket, key, value, +1)
		}
	}
	return b.Put(key, value)
}

// del removes a value and notes it in the digest.
func (tx *Tx) del(bucket string, key []byte) error {
	b := tx.btx.Bucket([]byte(bucket))
	if b == nil {
		return nil
	}
	old := b.Get(key)
	if old == nil {
		return nil
	}
	if err := tx.dropHomeList(bucket, key); err != nil {
		return err
	}
	if digested(bucket) {
		tx.delta.apply(tx.keys.digest, bucket, key, old, -1)
	}
	if err := b.Delete(key); err != nil {
		return err
	}
	if bucket == string(KindIntake) {
		tx.v.noteSaved(string(key))
		return tx.del(bucketIndex, key) // an intake's entry goes with it
	}
	return nil
}

// filedKind reports whether k has a data key per record (format 3).
func (tx *Tx) filedKind(k Kind) bool {
	return (k == KindResident || k == KindIntake) && tx.v.version >= formatFiled
}

// key returns the AEAD for kind k (not for per-record kinds), or
// ErrNoAccess / ErrUnknownKind.
func (tx *Tx) key(k Kind) (cipher.AEAD, error) {
	class, ok := kindClass(k)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownKind, k)
	}
	key := tx.keys.stats
	if class == NotesKey {
		key = tx.keys.group
	}
	if key == nil {
		return nil, ErrNoAccess
	}
	return key.aead, nil
}

// access checks that k is known and that this role may read some of it.
func (tx *Tx) access(k Kind) error {
	if tx.filedKind(k) {
		if tx.keys.group == nil && tx.keys.member == nil {
			return ErrNoAccess
		}
		return nil
	}
	_, err := tx.key(k)
	return err
}

// Put seals value and stores it under id in kind k. The value is encoded
// with its own MarshalBinary if it has one (encoding.BinaryMarshaler:
// intake.StatRecord), else as JSON (docs/FORMAT.md §2). Don't Put a type
// that has MarshalBinary only by accident, e.g. one embedding time.Time.
//
// Residents and intakes get a data key of their own (docs/FORMAT.md §3):
// an intake's key is wrapped for the kompanen who took part in it
// (intake.TookPart with their user names), a resident's for the kompanen
// who already had it and those SaveIntake adds. A kompaan may write only
// records they can read, and new ones.
func (tx *Tx) Put(k Kind, id string, value any) error {
	if err := validID(id); err != nil {
		return err
	}
	if err := tx.access(k); err != nil {
		return err
	}
	plain, err := encodeValue(value)
	if err != nil {
		return fmt.Errorf("store: encode %s record: %w", k, err)
	}
	defer clear(plain)
	if tx.filedKind(k) {
		members, exact := tx.participantsOf(value)
		entry, err := indexEntryOf(value)
		if err != nil {
			return err
		}
		defer clear(entry)
		return tx.putFiled(k, id, plain, entry, members, exact)
	}
	key, _ := tx.key(k)
	sealed, err := seal(key, recordAD(tx.v.version, string(k), id), plain)
	if err != nil {
		return err
	}
	return tx.put(string(k), []byte(id), sealed)
}

// putMany is Put of records ids of kind k, a kind without a data key per
// record (not residents or intakes; FinishStagedStats writes an import's
// statistics records and links with it): every value is encoded, sealed
// and summed into the digest on every core, then all are written in the
// order of ids (give them in key order for a bucket InKeyOrder names).
// value(i) is the value of ids[i]; it is called from several goroutines.
func (tx *Tx) putMany(k Kind, ids []string, value func(i int) any) error {
	s, err := tx.sealMany(k, ids, value)
	if err != nil {
		return err
	}
	return tx.putSealed(s)
}

// Get decrypts the record id of kind k into out: with out's UnmarshalBinary
// if it has one (encoding.BinaryUnmarshaler), else as json.Unmarshal would
// into a zero value (a DecodeJSON, intake.Resident's, zeroes out first).
// A value that fails authentication is ErrTampered and out is untouched; a
// resident or intake this user holds no key for (a kompaan who did not
// take part) is ErrNoAccess.
func (tx *Tx) Get(k Kind, id string, out any) error {
	return tx.GetPlain(k, id, func(plain []byte) error {
		if err := decodeValue(plain, out); err != nil {
			return fmt.Errorf("store: decode %s/%s: %w", k, inertID([]byte(id)), err)
		}
		return nil
	})
}

// GetPlain calls fn with the decrypted bytes of record id of kind k as
// they are stored (JSON, or a type's binary encoding), for callers that
// pass them on or compare them without decoding (a handover bundle).
// plain is valid only during fn and is wiped afterwards. Errors as Get.
func (tx *Tx) GetPlain(k Kind, id string, fn func(plain []byte) error) error {
	if err := validID(id); err != nil {
		return err
	}
	if err := tx.access(k); err != nil {
		return err
	}
	b := tx.btx.Bucket([]byte(k))
	if b == nil {
		return ErrNotFound
	}
	sealed := b.Get([]byte(id))
	if sealed == nil {
		return ErrNotFound
	}
	plain, err := tx.open(k, []byte(id), sealed)
	if err != nil {
		return err
	}
	defer clear(plain)
	return fn(plain)
}

// open decrypts a stored value of kind k.
func (tx *Tx) open(k Kind, id, sealed []byte) ([]byte, error) {
	if tx.filedKind(k) {
		f, dk, err := tx.dataKey(k, id, sealed)
		if err != nil {
			return nil, err
		}
		defer clear(dk)
		plain, err := openFiledEnvelope(dk, recordAD(tx.v.version, string(k), string(id)), f.envelope)
		if err != nil {
			return nil, fmt.Errorf("%w: %s/%s", ErrTampered, k, inertID(id))
		}
		return plain, nil
	}
	key, err := tx.key(k)
	if err != nil {
		return nil, err
	}
	plain, err := openEnvelope(key, recordAD(tx.v.version, string(k), string(id)), sealed)
	if err != nil {
		return nil, fmt.Errorf("%w: %s/%s", ErrTampered, k, inertID(id))
	}
	return plain, nil
}

// openTo is open in sc's memory, for reading many records one after
// another (check): plain lies in sc.plain, which the caller clears once
// it is read.
func (tx *Tx) openTo(sc *entryScratch, k Kind, id, sealed []byte) ([]byte, error) {
	bad := func() ([]byte, error) { return nil, fmt.Errorf("%w: %s/%s", ErrTampered, k, inertID(id)) }
	aead, dk := cipher.AEAD(nil), []byte(nil)
	var env []byte
	if tx.filedKind(k) {
		f, err := parseFiled(sealed)
		if err != nil {
			return bad()
		}
		if dk, err = tx.unwrapTo(sc, k, id, f); err != nil {
			return nil, err
		}
		defer clear(sc.dk[:])
		env = f.envelope
	} else {
		var err error
		if aead, err = tx.key(k); err != nil {
			return nil, err
		}
		env = sealed
	}
	sc.ad = appendPlaceAD(sc.ad[:0], "spreekuur-record\x00", tx.v.version, string(k), string(id))
	var plain []byte
	open := func(a cipher.AEAD) error {
		var err error
		plain, sc.plain, err = openEnvelopeTo(sc.plain, a, sc.ad, env)
		return err
	}
	var err error
	if dk != nil {
		err = withKey(dk, open)
	} else {
		err = open(aead)
	}
	if err != nil {
		return bad()
	}
	return plain, nil
}

// unwrapTo is unwrap into sc.dk (the caller clears it): a supporter's
// data key under the group key and a kompaan's are opened without
// allocating, anything else as unwrap does.
func (tx *Tx) unwrapTo(sc *entryScratch, k Kind, id []byte, f filedValue) ([]byte, error) {
	ver, bucket, sid := tx.v.version, string(k), string(id)
	switch {
	case tx.keys.group != nil && f.groupType == wrapSym:
		sc.ad = append(appendPlaceAD(sc.ad[:0], "spreekuur-wrap\x00", ver, bucket, sid), wrapSym)
		key, err := tx.keys.group.aead.Open(sc.dk[:0], f.group[:nonceSize], f.group[nonceSize:], sc.ad)
		if err != nil || len(key) != keySize {
			return nil, fmt.Errorf("%w: %s/%s", ErrTampered, k, inertID(id))
		}
		return sc.dk[:], nil
	case tx.keys.group == nil && tx.keys.member != nil:
		sc.ad = append(appendPlaceAD(sc.ad[:0], "spreekuur-wrap\x00", ver, bucket, sid), wrapMember)
		for _, w := range f.members {
			if key, err := tx.keys.member.aead.Open(sc.dk[:0], w[:nonceSize], w[nonceSize:], sc.ad); err == nil && len(key) == keySize {
				return sc.dk[:], nil
			}
		}
		return nil, ErrNoAccess
	}
	key, err := tx.unwrap(k, id, f)
	if err != nil {
		return nil, err
	}
	copy(sc.dk[:], key)
	clear(key)
	return sc.dk[:], nil
}

// dataKey parses a per-record value and unwraps its data key with what
// this user holds: the group key (or the group's private key for a wrap a
// kompaan made), else the member key. ErrNoAccess when no wrap is this
// user's; ErrTampered when the value or the supporters' wrap is damaged.
func (tx *Tx) dataKey(k Kind, id, sealed []byte) (filedValue, []byte, error) {
	f, err := parseFiled(sealed)
	if err != nil {
		return f, nil, fmt.Errorf("%w: %s/%s", ErrTampered, k, inertID(id))
	}
	dk, err := tx.unwrap(k, id, f)
	return f, dk, err
}

// unwrap opens the data key of record id of kind k from its wraps f (see
// dataKey). It reads only the keys, so index entries, which carry their
// intake's wraps, are opened with it from several goroutines at once.
func (tx *Tx) unwrap(k Kind, id []byte, f filedValue) ([]byte, error) {
	ver, bucket, sid := tx.v.version, string(k), string(id)
	switch {
	case tx.keys.group != nil:
		var dk []byte
		var err error
		if f.groupType == wrapSym {
			dk, err = openWrap(tx.keys.group.aead, wrapAD(ver, bucket, sid, wrapSym), f.group)
		} else {
			priv, perr := tx.keys.groupPrivateKey()
			if perr != nil {
				return nil, perr
			}
			dk, err = openWrapWith(priv, wrapAD(ver, bucket, sid, wrapPub), f.group)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s/%s", ErrTampered, k, inertID(id))
		}
		return dk, nil
	case tx.keys.member != nil:
		ad := wrapAD(ver, bucket, sid, wrapMember)
		for _, w := range f.members {
			if dk, err := openWrap(tx.keys.member.aead, ad, w); err == nil {
				return dk, nil
			}
		}
	}
	return nil, ErrNoAccess
}

// participantsOf returns the kompanen (from the keyring) who took part in
// value, with exact=true, if value is an intake and this user holds the
// keyring (a supporter).
func (tx *Tx) participantsOf(value any) (members []kompaanKey, exact bool) {
	var in *intake.Intake
	switch x := value.(type) {
	case intake.Intake:
		in = &x
	case *intake.Intake:
		in = x
	case *EncodedIntake:
		in = x.in
	}
	if in == nil || tx.keys.group == nil {
		return nil, false
	}
	return tx.tookPart(in), true
}

func (tx *Tx) tookPart(in *intake.Intake) []kompaanKey { return tookPart(tx.keys.kompanen, in) }

// tookPart returns the kompanen of the keyring who took part in in.
func tookPart(kompanen []kompaanKey, in *intake.Intake) []kompaanKey {
	var out []kompaanKey
	for _, m := range kompanen {
		if intake.TookPart(in, m.name) {
			out = append(out, m)
		}
	}
	return out
}

// owners returns the kompanen whose member key opens one of f's wraps.
func (tx *Tx) owners(k Kind, id string, f filedValue) []kompaanKey {
	ad := wrapAD(tx.v.version, string(k), id, wrapMember)
	var out []kompaanKey
	for _, m := range tx.keys.kompanen {
		for _, w := range f.members {
			if dk, err := openWrap(m.key.aead, ad, w); err == nil {
				clear(dk)
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// putFiled seals plain under the record's data key (kept from the stored
// value, or new) and writes it with its wraps. A supporter writes the
// group wrap under the group key and member wraps for members — for an
// intake exactly those who took part, for anything else those who held a
// wrap already. A kompaan keeps the wraps that are there (adding their own
// to a new record) and wraps for the group with its public key; that marks
// the record for the next supporter's unlock to settle (see settle).
//
// An intake's index entry (entry: its encoded intake.IndexEntry, or nil to
// make it from plain) is written beside it with the same data key and
// wraps (putIndexEntry).
func (tx *Tx) putFiled(k Kind, id string, plain, entry []byte, members []kompaanKey, exact bool) error {
	var old filedValue
	var dk []byte
	have := false
	if b := tx.btx.Bucket([]byte(k)); b != nil {
		if sealed := b.Get([]byte(id)); sealed != nil {
			f, key, err := tx.dataKey(k, []byte(id), sealed)
			switch {
			case err == nil:
				old, dk, have = f, key, true
			case errors.Is(err, ErrNoAccess):
				return ErrNoAccess
			}
			// A damaged value is replaced with a new key.
		}
	}
	if dk == nil {
		dk = make([]byte, keySize)
		if err := randRead(dk); err != nil {
			return err
		}
	}
	defer clear(dk)
	if tx.keys.group != nil && !exact && have {
		members = tx.owners(k, id, old)
	}
	f, err := tx.wraps(k, id, dk, old, have, members)
	if err != nil {
		return err
	}
	if f.envelope, err = sealFiledEnvelope(dk, recordAD(tx.v.version, string(k), id), plain); err != nil {
		return err
	}
	if err := tx.put(string(k), []byte(id), f.encode()); err != nil {
		return err
	}
	if k == KindIntake && tx.indexed() {
		return tx.putIndexEntry(id, f, dk, plain, entry)
	}
	return nil
}

// wraps makes the wraps of a record with data key dk (see putFiled).
func (tx *Tx) wraps(k Kind, id string, dk []byte, old filedValue, have bool, members []kompaanKey) (filedValue, error) {
	ver, bucket := tx.v.version, string(k)
	if tx.keys.group != nil {
		return groupWraps(tx.keys.group, ver, bucket, id, dk, members)
	}
	var f filedValue
	var err error
	f.groupType = wrapPub
	if f.group, err = sealWrapTo(tx.keys.groupPub, wrapAD(ver, bucket, id, wrapPub), dk); err != nil {
		return f, err
	}
	tx.kompaanWrote = true
	if have {
		f.members = old.members
		return f, nil
	}
	w, err := sealWrap(tx.keys.member.aead, wrapAD(ver, bucket, id, wrapMember), dk)
	if err != nil {
		return f, err
	}
	f.members = [][]byte{w}
	return f, nil
}

// groupWraps are a supporter's wraps of a record with data key dk: one
// under the group key and one for each member (see putFiled).
func groupWraps(group *secretKey, ver uint32, bucket, id string, dk []byte, members []kompaanKey) (filedValue, error) {
	f := filedValue{groupType: wrapSym}
	var err error
	if f.group, err = sealWrap(group.aead, wrapAD(ver, bucket, id, wrapSym), dk); err != nil {
		return f, err
	}
	if len(members) > maxWraps {
		members = members[:maxWraps]
	}
	ad := wrapAD(ver, bucket, id, wrapMember)
	for _, m := range members {
		w, err := sealWrap(m.key.aead, ad, dk)
		if err != nil {
			return f, err
		}
		f.members = append(f.members, w)
	}
	return f, nil
}

// refiled is a record putFiled is to write again: its plaintext and the
// kompanen to wrap its key for (exact: those and no others; see putFiled).
type refiled struct {
	id      string
	plain   []byte
	members []kompaanKey
	exact   bool
}

// refile writes recs of kind k again, clearing each plaintext: with a new
// data key if newKey (the stored value is deleted first, so putFiled does
// not find its key), else with the one they have.
func (tx *Tx) refile(k Kind, recs []refiled, newKey bool) error {
	defer func() {
		for _, r := range recs {
			clear(r.plain)
		}
	}()
	for _, r := range recs {
		if newKey {
			if err := tx.del(string(k), []byte(r.id)); err != nil {
				return err
			}
		}
		if err := tx.putFiled(k, r.id, r.plain, nil, r.members, r.exact); err != nil {
			return err
		}
	}
	return nil
}

// share adds member wraps to a stored record for kompanen who lack one,
// keeping its data key and envelope (supporters only; a no-op otherwise).
func (tx *Tx) share(k Kind, id string, add []kompaanKey) error {
	if tx.keys.group == nil || len(add) == 0 {
		return nil
	}
	b := tx.btx.Bucket([]byte(k))
	if b == nil {
		return nil
	}
	sealed := b.Get([]byte(id))
	if sealed == nil {
		return nil
	}
	f, dk, err := tx.dataKey(k, []byte(id), sealed)
	if err != nil {
		return err
	}
	defer clear(dk)
	have := tx.owners(k, id, f)
	members := appendNew(append([]kompaanKey(nil), have...), add)
	if len(members) == len(have) && f.groupType == wrapSym {
		return nil
	}
	nf, err := tx.wraps(k, id, dk, f, true, members)
	if err != nil {
		return err
	}
	nf.envelope = f.envelope
	if err := tx.put(string(k), []byte(id), nf.encode()); err != nil {
		return err
	}
	if k == KindIntake && tx.indexed() {
		return tx.rewrapIndexEntry(id, nf)
	}
	return nil
}

// encodeValue is the plaintext of a record: the value's own binary
// encoding where it has one, else JSON.
func encodeValue(value any) ([]byte, error) {
	if m, ok := value.(encoding.BinaryMarshaler); ok {
		return m.MarshalBinary()
	}
	return json.Marshal(value)
}

// decodeValue decodes plain into out, the inverse of encodeValue. plain is
// wiped afterwards, so an UnmarshalBinary or DecodeJSON must copy what it
// keeps (as the interface asks; intake.Resident's does).
func decodeValue(plain []byte, out any) error {
	switch u := out.(type) {
	case encoding.BinaryUnmarshaler:
		return u.UnmarshalBinary(plain)
	case jsonDecoder:
		return u.DecodeJSON(plain)
	}
	return json.Unmarshal(plain, out)
}

// jsonDecoder is a value that decodes its JSON as json.Unmarshal does,
// only quicker (intake.Resident: home reads every one after the unlock).
type jsonDecoder interface{ DecodeJSON([]byte) error }

// Delete removes record id of kind k. Deleting a missing record is not an
// error. It needs the kind's key like every other access; a kompaan may
// delete only residents and intakes they hold a key for.
func (tx *Tx) Delete(k Kind, id string) error {
	if err := validID(id); err != nil {
		return err
	}
	if err := tx.access(k); err != nil {
		return err
	}
	if tx.filedKind(k) && tx.keys.group == nil {
		if b := tx.btx.Bucket([]byte(k)); b != nil {
			if sealed := b.Get([]byte(id)); sealed != nil {
				_, dk, err := tx.dataKey(k, []byte(id), sealed)
				if err != nil {
					return err
				}
				clear(dk)
			}
		}
	}
	return tx.del(string(k), []byte(id))
}

// ForEach calls fn for every record of kind k in ID order. decode decrypts
// the record into out, as Get does; call it inside fn only. fn must not
// Put or Delete records of the same kind. Residents and intakes this user
// holds no key for (a kompaan's view) are left out.
func (tx *Tx) ForEach(k Kind, fn func(id string, decode func(out any) error) error) error {
	return tx.forEach(k, func(id string, plain []byte, err error) error {
		return fn(id, func(out any) error {
			if err != nil {
				return err
			}
			if err := decodeValue(plain, out); err != nil {
				return fmt.Errorf("store: decode %s/%s: %w", k, inertID([]byte(id)), err)
			}
			return nil
		})
	})
}

// forEach decrypts every record of k this user may read and calls fn with
// its plaintext (wiped afterwards) or the error opening it.
func (tx *Tx) forEach(k Kind, fn func(id string, plain []byte, err error) error) error {
	if err := tx.access(k); err != nil {
		return err
	}
	b := tx.btx.Bucket([]byte(k))
	if b == nil {
		return nil
	}
	return b.ForEach(func(rawID, sealed []byte) error {
		if sealed == nil {
			return nil // a nested bucket: never written by this package
		}
		plain, err := tx.open(k, rawID, sealed)
		if errors.Is(err, ErrNoAccess) {
			return nil
		}
		defer clear(plain)
		return fn(string(rawID), plain, err)
	})
}

// ForEachPlain calls fn with the decrypted bytes of every record of kind k,
// for callers with a strict decoder of their own (statistics over 100,000
// records decode each one once instead of twice). plain is valid only
// during fn and is wiped afterwards: copy what you keep.
func (tx *Tx) ForEachPlain(k Kind, fn func(id string, plain []byte) error) error {
	return tx.forEach(k, func(id string, plain []byte, err error) error {
		if err != nil {
			return err
		}
		return fn(id, plain)
	})
}

// IDs returns the IDs of kind k that start with prefix, whether or not
// this user holds a key to them: IDs are plaintext on disk anyway
// (docs/FORMAT.md §1). A kompaan's ForEach leaves out what they did not
// take part in; IDs lets a command say "not yours" instead of "not there".
func (tx *Tx) IDs(k Kind, prefix string) []string {
	if _, ok := kindClass(k); !ok {
		return nil
	}
	b := tx.btx.Bucket([]byte(k))
	if b == nil {
		return nil
	}
	var out []string
	c := b.Cursor()
	for key, val := c.Seek([]byte(prefix)); key != nil && strings.HasPrefix(string(key), prefix); key, val = c.Next() {
		if val != nil {
			out = append(out, string(key))
		}
	}
	return out
}

// Count returns the number of records of kind k (0 for an unknown kind).
// Record counts are visible in the file anyway, so no key is needed.
func (tx *Tx) Count(k Kind) int {
	if _, ok := kindClass(k); !ok {
		return 0
	}
	b := tx.btx.Bucket([]byte(k))
	if b == nil {
		return 0
	}
	n := 0
	c := b.Cursor()
	for key, val := c.First(); key != nil; key, val = c.Next() {
		if val != nil {
			n++
		}
	}
	return n
}
