package store

import (
	"cmp"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// Key rotation (docs/FORMAT.md §11). A supporter who is removed held the
// group key and the statistics key, and through the keyring every
// kompaan's member key; from those, every record's data key. A copy of
// them opens every copy of the file, now and later. RotateKeys makes all
// of them new, in one transaction: a new group key, statistics key and
// member keys; every resident and intake gets a new data key (re-keyed,
// not only re-wrapped: a removed supporter may have copied data keys,
// and a data key kept would open every later version of its record);
// every other value is sealed again under the new keys (the access log's
// plaintexts, and so its chain, stay the same); the digest is computed
// afresh; the recovery slot is replaced by one with a new recovery code.
//
// Remaining users' slots cannot be sealed again without their
// passphrases. Instead each gets the new keys sealed to the public key of
// their own key pair (slot payload version 3, bucket "rekey"), and their
// next unlock takes them and seals their slot again. A user whose slot is
// older (no key pair: they have not unlocked since this version) gets a
// new passphrase through the recovery code (`passwd --recovery`).

const (
	bucketRekey   = "rekey"
	keycheckID    = "keycheck" // plaintext vault bucket: a fixed text sealed under the statistics key
	rekeyVersion  = 1
	rekeyInfo     = "spreekuur-rekey-x25519"
	keycheckPlain = "spreekuur-keycheck"
	rotateChunk   = 1000 // records rewritten between cursor seeks
)

// ErrKeysRenewed: this user's slot holds keys from before a key rotation
// and no new keys were left for them (their slot had no key pair): a
// supporter gives them a new passphrase with the recovery code.
var ErrKeysRenewed = errors.New("store: the vault's keys were renewed; this passphrase needs to be set again with the recovery code")

// withUserKey adds a fresh X25519 key pair to p (payload version 3) and
// returns the public key for the user directory. p.User is the caller's
// to clear.
func withUserKey(p slotPayload) (slotPayload, []byte, error) {
	k, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return p, nil, err
	}
	p.Version = slotPayloadV3
	p.User = k.Bytes()
	return p, k.PublicKey().Bytes(), nil
}

// keycheckAD binds the key check to its place. Like a slot's, it holds
// no format version: a migration does not touch it.
func keycheckAD() []byte { return []byte("spreekuur-keycheck\x00vault/keycheck") }

// writeKeycheck seals a fixed text under the current statistics key into
// the vault bucket: an unlock tells current keys from ones a rotation
// replaced by whether it opens.
func (tx *Tx) writeKeycheck() error {
	sealed, err := seal(tx.keys.stats.aead, keycheckAD(), []byte(keycheckPlain))
	if err != nil {
		return err
	}
	return tx.btx.Bucket([]byte(bucketVault)).Put([]byte(keycheckID), sealed)
}

// keysCurrent reports whether stats (a raw statistics key from slotID's
// slot) is the vault's: it opens the key check — or, should that be
// damaged, the digest or the user's directory entry (Check reports the
// damage). True where there is no key check (no rotation yet). After a
// rotation an old statistics key opens none of the three.
func (v *Vault) keysCurrent(stats []byte, slotID string) (bool, error) {
	var check, digest, entry []byte
	err := safely(func() error {
		return v.db.View(func(btx *bolt.Tx) error {
			b := btx.Bucket([]byte(bucketVault))
			check = append([]byte(nil), b.Get([]byte(keycheckID))...)
			digest = append([]byte(nil), b.Get([]byte(digestID))...)
			if u := btx.Bucket([]byte(bucketUsers)); u != nil {
				entry = append([]byte(nil), u.Get([]byte(slotID))...)
			}
			return nil
		})
	})
	if err != nil || len(check) == 0 {
		return true, err
	}
	sk, err := newSecretKey(append([]byte(nil), stats...))
	if err != nil {
		return false, err
	}
	defer sk.wipe()
	for _, w := range []struct{ ad, val []byte }{
		{keycheckAD(), check},
		{recordAD(v.version, bucketVault, digestID), digest},
		{recordAD(v.version, bucketUsers, slotID), entry},
	} {
		if plain, err := openEnvelope(sk.aead, w.ad, w.val); err == nil {
			clear(plain)
			return true, nil
		}
	}
	return false, nil
}

// The new keys for one user, sealed to their public key: u8 version ‖ u8
// mask (as a slot payload's) ‖ each key of the mask in the order of its
// bits. Stored under the user's slot ID, AD the record AD of ("rekey",
// slot ID).
func encodeRekey(p slotPayload) []byte {
	mask := wantMask(slotPayloadV2, p.Role)
	out := []byte{rekeyVersion, mask}
	for _, k := range []struct {
		bit byte
		key []byte
	}{{maskNotes, p.Notes}, {maskStats, p.Stats}, {maskMember, p.Member}, {maskGroupPublic, p.GroupPub}} {
		if mask&k.bit != 0 {
			out = append(out, k.key...)
		}
	}
	return out
}

func decodeRekey(b []byte, role Role) (notes, stats, member, groupPub []byte, err error) {
	mask := wantMask(slotPayloadV2, role)
	if len(b) != 2+keySize*bits.OnesCount8(mask) || b[0] != rekeyVersion || b[1] != mask {
		return nil, nil, nil, nil, errors.New("malformed rekey entry")
	}
	rest := b[2:]
	take := func(bit byte) []byte {
		if mask&bit == 0 {
			return nil
		}
		k := append([]byte(nil), rest[:keySize]...)
		rest = rest[keySize:]
		return k
	}
	return take(maskNotes), take(maskStats), take(maskMember), take(maskGroupPublic), nil
}

// takeRekey gives p the current keys when its own are from before a
// rotation: from the rekey entry sealed to the user's key pair. It
// reports whether it did; ErrKeysRenewed when the keys are old and no
// entry opens for this user.
func (v *Vault) takeRekey(p *slotPayload, slotID string) (bool, error) {
	current, err := v.keysCurrent(p.Stats, slotID)
	if err != nil || current {
		return false, err
	}
	if p.User == nil {
		return false, ErrKeysRenewed
	}
	var raw []byte
	err = safely(func() error {
		return v.db.View(func(btx *bolt.Tx) error {
			if b := btx.Bucket([]byte(bucketRekey)); b != nil {
				raw = append([]byte(nil), b.Get([]byte(slotID))...)
			}
			return nil
		})
	})
	if err != nil {
		return false, err
	}
	priv, err := ecdh.X25519().NewPrivateKey(p.User)
	if err != nil || len(raw) == 0 {
		return false, ErrKeysRenewed
	}
	plain, err := openFromPublic(priv, rekeyInfo, recordAD(v.version, bucketRekey, slotID), raw)
	if err != nil {
		return false, ErrKeysRenewed
	}
	defer clear(plain)
	notes, stats, member, groupPub, err := decodeRekey(plain, p.Role)
	if err != nil {
		return false, ErrKeysRenewed
	}
	if ok, _ := v.keysCurrent(stats, slotID); !ok {
		clear(notes)
		clear(stats)
		clear(member)
		return false, ErrKeysRenewed // an entry of an earlier rotation
	}
	clear(p.Notes)
	clear(p.Stats)
	clear(p.Member)
	p.Notes, p.Stats, p.Member, p.GroupPub = notes, stats, member, groupPub
	return true, nil
}

// resealOwnSlot seals the unlocking user's slot again with their
// passphrase and the keys in memory, with a fresh key pair (payload
// version 3), and drops their rekey entry: after a rotation, or to give
// an older slot a key pair so the next rotation can reach them.
func (v *Vault) resealOwnSlot(keys *keySet, slotID string, u User, passphrase []byte) error {
	p := slotPayload{Role: u.Role, Name: u.Name, Stats: keys.stats.raw}
	switch u.Role {
	case RoleSupporter:
		p.Notes = keys.group.raw
	case RoleKompaan:
		p.Member, p.GroupPub = keys.member.raw, keys.groupPub
	}
	p, pub, err := withUserKey(p)
	if err != nil {
		return err
	}
	slot, err := sealSlot(slotID, slotPassphrase, v.opt.KDF, passphrase, p)
	keys.user = p.User // kept for a passphrase change; wiped on lock
	if err != nil {
		return err
	}
	return v.update(keys, func(tx *Tx) error {
		if err := tx.put(bucketSlots, []byte(slotID), slot); err != nil {
			return err
		}
		if err := tx.del(bucketRekey, []byte(slotID)); err != nil {
			return err
		}
		return tx.putDirEntryKey(slotID, u, pub)
	})
}

// RotateOptions say what a rotation does besides renewing the keys.
type RotateOptions struct {
	// Remove is a user to remove in the same transaction ("" none).
	Remove string
	// Progress is called now and then with the values rewritten so far
	// and how many there are.
	Progress func(done, total int)
}

// RotateResult says what a rotation did.
type RotateResult struct {
	Records int // values sealed again
	// Reached are the users who get the new keys at their next unlock;
	// NeedReset those whose slot has no key pair: they need a new
	// passphrase through the recovery code.
	Reached, NeedReset []string
	// RecoveryCode is the new recovery code, to show once and clear.
	RecoveryCode []byte
}

// RotateKeys renews the group, statistics and member keys, re-keys every
// resident and intake, seals every other value again, replaces the
// recovery slot, and leaves the new keys for the remaining users (see
// above), in one transaction; then this vault works with the new keys.
// Only a supporter may, with their own passphrase or the recovery code.
func (v *Vault) RotateKeys(opt RotateOptions) (RotateResult, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.requireSupporter(); err != nil {
		return RotateResult{}, err
	}
	if v.readOnly {
		return RotateResult{}, ErrReadOnly
	}
	if v.version < formatFiled {
		return RotateResult{}, ErrNeedsUpgrade
	}
	old := v.keys
	group, stats := make([]byte, keySize), make([]byte, keySize)
	if err := randRead(group); err != nil {
		return RotateResult{}, err
	}
	if err := randRead(stats); err != nil {
		return RotateResult{}, err
	}
	nk, err := newKeySet(slotPayload{Notes: group, Stats: stats})
	if err != nil {
		return RotateResult{}, err
	}
	secret, printable, err := newRecoveryCode()
	if err != nil {
		nk.wipe()
		return RotateResult{}, err
	}
	defer clear(secret)
	recSlot := NewID()
	rs, err := sealSlot(recSlot, slotRecovery, v.opt.KDF, secret, slotPayload{Notes: nk.group.raw, Stats: nk.stats.raw})
	if err != nil {
		nk.wipe()
		return RotateResult{}, err
	}
	r := &rotation{v: v, old: old, nk: nk, progress: opt.Progress}
	res := RotateResult{RecoveryCode: printable}
	err = safely(func() error {
		return v.db.Update(func(btx *bolt.Tx) error {
			r.btx = btx
			r.tx = &Tx{v: v, btx: btx, keys: old}
			if err := r.users(opt.Remove, &res); err != nil {
				return err
			}
			if err := r.count(); err != nil {
				return err
			}
			if err := r.records(); err != nil {
				return err
			}
			if err := r.orphanEntries(); err != nil {
				return err
			}
			if err := r.slots(recSlot, rs, &res); err != nil {
				return err
			}
			return r.finish()
		})
	})
	if err != nil {
		nk.wipe()
		clear(printable)
		return RotateResult{}, writeError(err)
	}
	res.Records = r.done
	nk.kompanen = r.newKompanen
	v.keys = nk
	old.wipe()
	return res, nil
}

// rotation is one RotateKeys transaction.
type rotation struct {
	v        *Vault
	old, nk  *keySet
	btx      *bolt.Tx
	tx       *Tx // reads with the old keys
	progress func(done, total int)
	total    int
	done     int
	indexed  int // index entries sealed again (with their intakes)

	dir         []User                // the users who stay
	pubs        map[string][]byte     // their public keys, by slot ID
	removed     string                // the slot ID of the user removed
	newMember   map[string]*secretKey // kompaan slot ID → new member key
	newKompanen []kompaanKey
}

// users decides who stays, removes one, and makes new member keys and the
// new keyring entries' keys.
func (r *rotation) users(remove string, res *RotateResult) error {
	dir, pubs, err := r.v.readDirKeys(r.btx, r.old)
	if err != nil {
		return err
	}
	r.pubs = pubs
	if remove != "" {
		d, ok := findUser(dir, remove)
		if !ok {
			return ErrUnknownUser
		}
		if d.ID == r.v.slotID {
			return fmt.Errorf("%w: you cannot remove yourself", ErrNotPermitted)
		}
		if d.Role == RoleSupporter {
			n := 0
			for _, e := range dir {
				if e.Role == RoleSupporter {
					n++
				}
			}
			if n <= 1 {
				return ErrLastSupporter
			}
		}
		r.removed = d.ID
	}
	r.newMember = map[string]*secretKey{}
	for _, u := range dir {
		if u.ID == r.removed {
			continue
		}
		r.dir = append(r.dir, u)
		if u.Role != RoleKompaan {
			continue
		}
		mk := make([]byte, keySize)
		if err := randRead(mk); err != nil {
			return err
		}
		sk, err := newSecretKey(mk)
		if err != nil {
			return err
		}
		r.newMember[u.ID] = sk
		r.newKompanen = append(r.newKompanen, kompaanKey{slotID: u.ID, name: u.Name, key: sk})
	}
	return nil
}

// count is how many values will be sealed again, for the progress.
func (r *rotation) count() error {
	return r.btx.ForEach(func(name []byte, b *bolt.Bucket) error {
		if n := string(name); n != bucketVault && n != bucketSlots && n != bucketRekey && n != bucketIndex {
			r.total += b.Stats().KeyN
		}
		return nil
	})
}

func (r *rotation) step() {
	r.done++
	if r.progress != nil && (r.done%rotateChunk == 0 || r.done == r.total) {
		r.progress(r.done, r.total)
	}
}

// records seals every value of every bucket again under the new keys.
func (r *rotation) records() error {
	var names []string
	err := r.btx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		names = append(names, string(name))
		return nil
	})
	if err != nil {
		return err
	}
	for _, name := range names {
		var fn func(k, v []byte) ([]byte, error)
		switch name {
		case bucketVault, bucketSlots, bucketRekey:
			continue // below, in slots and finish
		case bucketIndex:
			continue // with each intake, in filed
		case bucketUsers:
			fn = r.resealWith(r.old.stats, r.nk.stats, name)
		case bucketKeyring:
			fn = r.keyringEntry
		case bucketLog:
			fn = r.logValue
		case bucketFailedUnlocks:
			fn = r.failedUnlock
		default:
			k := Kind(name)
			class, ok := kindClass(k)
			switch {
			case !ok:
				return fmt.Errorf("%w: the bucket %q is unknown to this version; nothing was changed", ErrUnsupportedFormat, inertID([]byte(name)))
			case k == KindResident || k == KindIntake:
				fn = r.filed(k)
			case class == NotesKey:
				fn = r.resealWith(r.old.group, r.nk.group, name)
			default:
				fn = r.resealWith(r.old.stats, r.nk.stats, name)
			}
		}
		if err := r.rewrite(name, fn); err != nil {
			return err
		}
	}
	return nil
}

// rewrite replaces every value of bucket name by fn's, in key order, a
// chunk at a time (a cursor must not run over a bucket being changed).
func (r *rotation) rewrite(name string, fn func(k, v []byte) ([]byte, error)) error {
	b := r.btx.Bucket([]byte(name))
	var after []byte
	for {
		type kv struct{ k, v []byte }
		var chunk []kv
		c := b.Cursor()
		var k, val []byte
		if after == nil {
			k, val = c.First()
		} else {
			k, val = c.Seek(after)
			if k != nil && string(k) == string(after) {
				k, val = c.Next()
			}
		}
		for ; k != nil && len(chunk) < rotateChunk; k, val = c.Next() {
			if val == nil {
				return fmt.Errorf("%w: a nested bucket in %s", ErrDamaged, name)
			}
			nv, err := fn(k, val)
			if err != nil {
				return err
			}
			chunk = append(chunk, kv{append([]byte(nil), k...), nv})
		}
		if len(chunk) == 0 {
			return nil
		}
		for _, e := range chunk {
			if err := b.Put(e.k, e.v); err != nil {
				return err
			}
			r.step()
		}
		after = chunk[len(chunk)-1].k
	}
}

// resealWith opens with from and seals under to, the same plaintext.
func (r *rotation) resealWith(from, to *secretKey, bucket string) func(k, v []byte) ([]byte, error) {
	return func(k, val []byte) ([]byte, error) {
		ad := recordAD(r.v.version, bucket, string(k))
		plain, err := openEnvelope(from.aead, ad, val)
		if err != nil {
			return nil, fmt.Errorf("%w: %s/%s (nothing was changed; see `spreekuur check`)", ErrTampered, bucket, inertID(k))
		}
		defer clear(plain)
		return seal(to.aead, ad, plain)
	}
}

// keyringEntry gives a kompaan who stays their new member key; the
// removed user's entry is deleted in slots.
func (r *rotation) keyringEntry(k, val []byte) ([]byte, error) {
	ad := recordAD(r.v.version, bucketKeyring, string(k))
	plain, err := openEnvelope(r.old.group.aead, ad, val)
	if err != nil {
		return nil, fmt.Errorf("%w: %s/%s", ErrTampered, bucketKeyring, inertID(k))
	}
	defer clear(plain)
	_, name, err := decodeKeyringEntry(plain)
	if err != nil {
		return nil, fmt.Errorf("%w: %s/%s", ErrTampered, bucketKeyring, inertID(k))
	}
	mk := r.newMember[string(k)]
	if mk == nil { // no such kompaan any more (removed): an entry of random bytes, deleted below
		return seal(r.nk.group.aead, ad, plain)
	}
	np := encodeKeyringEntry(mk.raw, name)
	defer clear(np)
	return seal(r.nk.group.aead, ad, np)
}

// filed re-keys a resident or intake: a new data key, wrapped under the
// new group key and the new member keys of the kompanen who held a wrap
// (but the one removed).
func (r *rotation) filed(k Kind) func(id, val []byte) ([]byte, error) {
	return func(id, val []byte) ([]byte, error) {
		plain, err := r.tx.open(k, id, val)
		if err != nil {
			return nil, fmt.Errorf("%w: %s/%s (nothing was changed; see `spreekuur check`)", ErrTampered, k, inertID(id))
		}
		defer clear(plain)
		f, _ := parseFiled(val)
		var wraps [][]byte
		dk := make([]byte, keySize)
		if err := randRead(dk); err != nil {
			return nil, err
		}
		defer clear(dk)
		ver, bucket, sid := r.v.version, string(k), string(id)
		for _, m := range r.tx.owners(k, sid, f) {
			if nm := r.newMember[m.slotID]; nm != nil && len(wraps) < maxWraps {
				w, err := sealWrap(nm.aead, wrapAD(ver, bucket, sid, wrapMember), dk)
				if err != nil {
					return nil, err
				}
				wraps = append(wraps, w)
			}
		}
		gw, err := sealWrap(r.nk.group.aead, wrapAD(ver, bucket, sid, wrapSym), dk)
		if err != nil {
			return nil, err
		}
		env, err := sealFiledEnvelope(dk, recordAD(ver, bucket, sid), plain)
		if err != nil {
			return nil, err
		}
		fv := filedValue{groupType: wrapSym, group: gw, members: wraps, envelope: env}
		if k == KindIntake && r.v.version >= formatIndexed {
			if err := r.indexEntry(id, val, fv, dk, plain); err != nil {
				return nil, err
			}
		}
		return fv.encode(), nil
	}
}

// indexEntry seals intake id's index entry again under the intake's new
// data key dk, with its new wraps fv: an entry left under the old data key
// would still open with keys a removed user may have copied. An entry
// that is missing or does not open is made again from the intake.
func (r *rotation) indexEntry(id, oldVal []byte, fv filedValue, dk, plain []byte) error {
	b := r.btx.Bucket([]byte(bucketIndex))
	if b == nil {
		return nil
	}
	ad := recordAD(r.v.version, bucketIndex, string(id))
	var entry []byte
	if old := b.Get(id); old != nil {
		if e, err := parseFiled(old); err == nil {
			if _, odk, err := r.tx.dataKey(KindIntake, id, oldVal); err == nil {
				entry, _ = openFiledEnvelope(odk, ad, e.envelope)
				clear(odk)
			}
		}
	}
	if entry == nil {
		var in intake.Intake
		if err := json.Unmarshal(plain, &in); err != nil {
			return fmt.Errorf("%w: %s/%s (nothing was changed; see `spreekuur check`)", ErrTampered, KindIntake, inertID(id))
		}
		var err error
		if entry, err = in.IndexEntry().MarshalBinary(); err != nil {
			return err
		}
	}
	defer clear(entry)
	env, err := sealFiledEnvelope(dk, ad, entry)
	if err != nil {
		return err
	}
	fv.envelope = env
	r.indexed++
	return b.Put(id, fv.encode())
}

// orphanEntries refuses index entries without their intake: they would
// stay sealed under keys the rotation replaces (Check reports them).
func (r *rotation) orphanEntries() error {
	b, intakes := r.btx.Bucket([]byte(bucketIndex)), r.btx.Bucket([]byte(KindIntake))
	if b == nil || b.Stats().KeyN == r.indexed {
		return nil
	}
	return b.ForEach(func(k, _ []byte) error {
		if intakes == nil || intakes.Get(k) == nil {
			return fmt.Errorf("%w: %s/%s has no intake (nothing was changed; see `spreekuur check`)", ErrTampered, bucketIndex, inertID(k))
		}
		return nil
	})
}

// logValue seals an access log entry (or the head) again; an entry a
// kompaan sealed to the old group public key comes back under the new
// group key. The plaintext, and with it the chain, stays the same.
func (r *rotation) logValue(k, val []byte) ([]byte, error) {
	if string(k) == logHeadID {
		return r.resealWith(r.old.stats, r.nk.stats, bucketLog)(k, val)
	}
	plain, err := r.tx.openLogEntry(k, val)
	if err != nil {
		return nil, fmt.Errorf("%w: %s/%s (nothing was changed; see `spreekuur check`)", ErrTampered, bucketLog, inertID(k))
	}
	defer clear(plain)
	env, err := seal(r.nk.group.aead, recordAD(r.v.version, bucketLog, string(k)), plain)
	if err != nil {
		return nil, err
	}
	return append([]byte{logLayout, logSealGroup}, env...), nil
}

// failedUnlock seals a waiting failed unlock to the new group public key.
func (r *rotation) failedUnlock(k, val []byte) ([]byte, error) {
	priv, err := r.old.groupPrivateKey()
	if err != nil {
		return nil, err
	}
	ad := recordAD(r.v.version, bucketFailedUnlocks, string(k))
	plain, err := openFromPublic(priv, failedInfo, ad, val)
	if err != nil {
		return val, nil // unreadable before, unreadable after; Check says so
	}
	defer clear(plain)
	return sealToPublic(nil, r.nk.groupPub, failedInfo, ad, plain)
}

// slots removes the user to go (slot, directory entry, keyring entry),
// replaces the recovery slot and leaves each remaining user their new
// keys, sealed to their public key.
func (r *rotation) slots(recSlot string, rs []byte, res *RotateResult) error {
	sb := r.btx.Bucket([]byte(bucketSlots))
	var gone [][]byte
	err := sb.ForEach(func(k, val []byte) error {
		if h, _, err := decodeSlot(val); (err == nil && h.Type == slotRecovery) || string(k) == r.removed {
			gone = append(gone, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range gone {
		if err := sb.Delete(k); err != nil {
			return err
		}
	}
	if r.removed != "" {
		for _, b := range []string{bucketUsers, bucketKeyring, bucketRekey} {
			if bk := r.btx.Bucket([]byte(b)); bk != nil {
				if err := bk.Delete([]byte(r.removed)); err != nil {
					return err
				}
			}
		}
	}
	if err := sb.Put([]byte(recSlot), rs); err != nil {
		return err
	}
	rb, err := r.btx.CreateBucketIfNotExists([]byte(bucketRekey))
	if err != nil {
		return err
	}
	for _, u := range r.dir {
		pub := r.pubs[u.ID]
		if pub == nil {
			res.NeedReset = append(res.NeedReset, u.Name)
			if err := rb.Delete([]byte(u.ID)); err != nil {
				return err
			}
			continue
		}
		p := slotPayload{Role: u.Role, Stats: r.nk.stats.raw}
		switch u.Role {
		case RoleSupporter:
			p.Notes = r.nk.group.raw
		case RoleKompaan:
			if mk := r.newMember[u.ID]; mk != nil {
				p.Member = mk.raw
			}
			p.GroupPub = r.nk.groupPub
		}
		plain := encodeRekey(p)
		sealed, err := sealToPublic(nil, pub, rekeyInfo, recordAD(r.v.version, bucketRekey, u.ID), plain)
		clear(plain)
		if err != nil {
			return err
		}
		if err := rb.Put([]byte(u.ID), sealed); err != nil {
			return err
		}
		res.Reached = append(res.Reached, u.Name)
	}
	byName := func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) }
	slices.SortFunc(res.Reached, byName)
	slices.SortFunc(res.NeedReset, byName)
	return nil
}

// finish writes the vault bucket's keyed values and the digest afresh.
func (r *rotation) finish() error {
	tx := &Tx{v: r.v, btx: r.btx, keys: r.nk}
	if err := tx.ensureGroupPub(); err != nil {
		return err
	}
	if err := tx.writeKeycheck(); err != nil {
		return err
	}
	writes := uint64(0)
	if d, err := r.v.readDigest(r.btx, r.old); err == nil && d != nil {
		writes = d.writes
	}
	d, err := computeDigest(r.btx, r.nk.digest)
	if err != nil {
		return err
	}
	d.writes = writes + 1
	return r.v.writeDigest(r.btx, r.nk, d)
}
