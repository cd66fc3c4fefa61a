package store

import (
	"crypto/cipher"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// The intake index (format 4, docs/FORMAT.md "The intake index"): for every
// intake an entry in bucketIndex under the intake's ID, holding its
// intake.IndexEntry (binary) sealed under the intake's own data key, after
// a copy of the intake's key wraps. So whoever may read the intake — the
// supporters, and exactly the kompanen it is wrapped for — may read its
// entry, and no one else: the kompaan rule holds for the index by the same
// keys. The wraps are the intake's own (their associated data names the
// intakes bucket); the entry's envelope binds bucketIndex and the ID. The
// entry is written in the same transaction as the intake, by every path
// that writes the intake (putFiled, share) and deleted with it (del).

// indexed reports whether this vault has the intake index.
func (tx *Tx) indexed() bool { return tx.v.version >= formatIndexed }

// indexEntryOf encodes the index entry of value if it is an intake; nil
// otherwise (putFiled then makes it from the plaintext).
func indexEntryOf(value any) ([]byte, error) {
	var e intake.IndexEntry
	switch x := value.(type) {
	case intake.Intake:
		e = x.IndexEntry()
	case *intake.Intake:
		e = x.IndexEntry()
	case *EncodedIntake:
		return x.entry, nil // wiped by Put, as the rest of the encoding
	default:
		return nil, nil
	}
	return e.MarshalBinary()
}

// putIndexEntry writes the index entry of intake id: f are the intake's
// wraps as just written, dk its data key. Without entry it is made from
// the intake's plaintext; an authentic intake that is not one (nothing this
// program writes) leaves no entry, which Check reports.
func (tx *Tx) putIndexEntry(id string, f filedValue, dk, plain, entry []byte) error {
	if entry == nil {
		var in intake.Intake
		if err := json.Unmarshal(plain, &in); err != nil {
			return tx.del(bucketIndex, []byte(id))
		}
		var err error
		if entry, err = in.IndexEntry().MarshalBinary(); err != nil {
			return err
		}
		defer clear(entry)
	}
	env, err := sealFiledEnvelope(dk, recordAD(tx.v.version, bucketIndex, id), entry)
	if err != nil {
		return err
	}
	f.envelope = env
	return tx.put(bucketIndex, []byte(id), f.encode())
}

// rewrapIndexEntry gives intake id's entry the wraps f of the intake,
// keeping its envelope (share: the data key did not change).
func (tx *Tx) rewrapIndexEntry(id string, f filedValue) error {
	b := tx.btx.Bucket([]byte(bucketIndex))
	if b == nil {
		return nil
	}
	old := b.Get([]byte(id))
	if old == nil {
		return nil // Check reports the missing entry
	}
	e, err := parseFiled(old)
	if err != nil {
		return nil // likewise
	}
	f.envelope = append([]byte(nil), e.envelope...)
	return tx.put(bucketIndex, []byte(id), f.encode())
}

// openIndexEntry opens one stored entry of intake id.
func (tx *Tx) openIndexEntry(id, val []byte) (intake.IndexEntry, error) {
	var sc entryScratch
	return openIndexWith(tx, &sc, id, val, intake.DecodeIndexEntry)
}

// entryScratch is the memory one goroutine opens index entries in, used
// again for each (the home screen opens 100,000 of them): associated
// data, the data key and the padded plaintext, each cleared after use.
type entryScratch struct {
	ad, plain []byte
	dk        [keySize]byte
}

// openIndexWith opens one stored entry of intake id in sc's memory and
// decodes it with decode (the whole entry, or its header as a list keeps
// it). A supporter's usual entry (its group wrap under the group key) and
// a kompaan's are opened without allocating; anything else as dataKey
// does.
func openIndexWith[T any](tx *Tx, sc *entryScratch, id, val []byte, decode func([]byte) (T, error)) (T, error) {
	var zero T
	tampered := func(err error) (T, error) {
		if err != nil {
			return zero, fmt.Errorf("%w: %s/%s: %w", ErrTampered, bucketIndex, inertID(id), err)
		}
		return zero, fmt.Errorf("%w: %s/%s", ErrTampered, bucketIndex, inertID(id))
	}
	f, err := parseFiled(val)
	if err != nil {
		return tampered(nil)
	}
	dk, err := tx.unwrapTo(sc, KindIntake, id, f) // the intake's wraps
	if err != nil {
		if errors.Is(err, ErrTampered) {
			return tampered(nil)
		}
		return zero, err
	}
	defer clear(sc.dk[:])
	sc.ad = appendPlaceAD(sc.ad[:0], "spreekuur-record\x00", tx.v.version, bucketIndex, string(id))
	var plain []byte
	err = withKey(dk, func(a cipher.AEAD) error {
		var err error
		plain, sc.plain, err = openEnvelopeTo(sc.plain, a, sc.ad, f.envelope)
		return err
	})
	defer clear(sc.plain)
	if err != nil {
		return tampered(nil)
	}
	e, err := decode(plain)
	if err != nil { // authentic, so written by a program with the key: not ours
		return tampered(err)
	}
	return e, nil
}

// IntakeIndex returns the index entry of every intake this user may read,
// in ID order: a supporter all, a kompaan those wrapped for them (the
// session still matches Participants, as it does an intake's names). The
// entries are opened on every core. An entry that cannot be opened is
// read from its intake instead, so one damaged entry costs time, not the
// home screen; a vault without the index (an older format opened
// read-only) is read from the intakes.
func (tx *Tx) IntakeIndex() ([]intake.IndexEntry, error) {
	whole := func() func([]byte) (intake.IndexEntry, error) { return intake.DecodeIndexEntry }
	return readIndex(tx, whole, func(e *intake.IndexEntry) intake.IndexEntry { return *e })
}

// IntakeHeaders is IntakeIndex's headers as a list keeps them
// (intake.Header.Listed: of a closed intake nothing that falls due): what
// home lists, without keeping every whole entry beside them.
func (tx *Tx) IntakeHeaders() ([]intake.Header, error) {
	listed := func() func([]byte) (intake.Header, error) { return new(intake.ListDecoder).Decode }
	return readIndex(tx, listed, func(e *intake.IndexEntry) intake.Header { return e.Header.Listed() })
}

// IntakeLinks is IntakeIndex with only each intake's link
// (intake.ListDecoder.DecodeLink, intake.IndexEntry.Link): its ID,
// resident, status, created and updated times, statistics ID and handover
// flag. What a handover chooses its intakes by, at a fraction of the
// whole entries' cost.
func (tx *Tx) IntakeLinks() ([]intake.Link, error) {
	link := func() func([]byte) (intake.Link, error) { return new(intake.ListDecoder).DecodeLink }
	return readIndex(tx, link, func(e *intake.IndexEntry) intake.Link { return e.Link() })
}

// readIndex opens the index entries (see IntakeIndex) and decodes each
// with a decoder from newDecode, one per worker; an entry read from its
// intake instead becomes keep(entry).
func readIndex[T any](tx *Tx, newDecode func() func([]byte) (T, error), keep func(*intake.IndexEntry) T) ([]T, error) {
	if err := tx.access(KindIntake); err != nil {
		return nil, err
	}
	var b *bolt.Bucket
	if tx.indexed() {
		b = tx.btx.Bucket([]byte(bucketIndex))
	}
	if b == nil {
		entries, err := tx.indexFromIntakes()
		if err != nil {
			return nil, err
		}
		out := make([]T, len(entries))
		for i := range entries {
			out[i] = keep(&entries[i])
		}
		return out, nil
	}
	all, err := tx.storedValues(b)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(all))
	errs := make([]error, len(all))
	err = parallel(len(all), workersFor(len(all)), func(int) func(int) {
		var sc entryScratch
		decode := newDecode()
		return func(i int) {
			out[i], errs[i] = openIndexWith(tx, &sc, all[i].id, all[i].val, decode)
		}
	})
	if err != nil {
		return nil, err
	}
	kept := out[:0]
	for i, err := range errs {
		switch {
		case err == nil:
			kept = append(kept, out[i])
		case errors.Is(err, ErrNoAccess):
		case errors.Is(err, ErrTampered):
			// The intake itself is the truth: read the entry from it.
			e, ierr := tx.entryFromIntake(string(all[i].id))
			if errors.Is(ierr, ErrNotFound) || errors.Is(ierr, ErrNoAccess) {
				continue // an entry without an intake: Check reports it
			}
			if ierr != nil {
				return nil, ierr
			}
			kept = append(kept, keep(&e))
		default:
			return nil, err
		}
	}
	return kept, nil
}

// entryFromIntake decodes intake id and returns its index entry.
func (tx *Tx) entryFromIntake(id string) (intake.IndexEntry, error) {
	// An intake that is not there (every one an import adds: it asks
	// three times) is ErrNotFound before an Intake is made for it, which
	// escapes to the heap (Get takes any).
	if b := tx.btx.Bucket([]byte(KindIntake)); b == nil || b.Get([]byte(id)) == nil {
		return intake.IndexEntry{}, ErrNotFound
	}
	var in intake.Intake
	if err := tx.Get(KindIntake, id, &in); err != nil {
		return intake.IndexEntry{}, err
	}
	return in.IndexEntry(), nil
}

// indexFromIntakes is IntakeIndex for a vault without the index: every
// intake decoded.
func (tx *Tx) indexFromIntakes() ([]intake.IndexEntry, error) {
	var out []intake.IndexEntry
	err := tx.ForEach(KindIntake, func(_ string, decode func(any) error) error {
		var in intake.Intake
		if err := decode(&in); err != nil {
			return err
		}
		out = append(out, in.IndexEntry())
		return nil
	})
	return out, err
}

// IndexEntry returns the index entry of intake id (from the intake itself
// when its entry is missing or damaged), or ErrNotFound / ErrNoAccess.
func (tx *Tx) IndexEntry(id string) (intake.IndexEntry, error) {
	if err := validID(id); err != nil {
		return intake.IndexEntry{}, err
	}
	if err := tx.access(KindIntake); err != nil {
		return intake.IndexEntry{}, err
	}
	if tx.indexed() {
		if b := tx.btx.Bucket([]byte(bucketIndex)); b != nil {
			if val := b.Get([]byte(id)); val != nil {
				e, err := tx.openIndexEntry([]byte(id), val)
				if !errors.Is(err, ErrTampered) {
					return e, err
				}
			}
		}
	}
	return tx.entryFromIntake(id)
}

// IntakeIndex is Tx.IntakeIndex in a read transaction of its own.
func (v *Vault) IntakeIndex() ([]intake.IndexEntry, error) {
	var out []intake.IndexEntry
	err := v.View(func(tx *Tx) error {
		var err error
		out, err = tx.IntakeIndex()
		return err
	})
	return out, err
}

// IntakeHeaders is Tx.IntakeHeaders in a read transaction of its own.
func (v *Vault) IntakeHeaders() ([]intake.Header, error) {
	var out []intake.Header
	err := v.View(func(tx *Tx) error {
		var err error
		out, err = tx.IntakeHeaders()
		return err
	})
	return out, err
}

// indexIntakes is the step from format 3 to 4 (docs/FORMAT.md §4): every
// record is re-sealed for format 4, residents and intakes with their data
// keys as before and wrapped for the same kompanen (resealAll), and every
// intake gets its index entry as putFiled writes it.
func indexIntakes(m *migrator) error {
	return m.resealAll()
}
