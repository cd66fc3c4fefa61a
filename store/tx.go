package store

import (
	"encoding"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Tx is a transaction over sealed records. It is valid only inside the
// function given to Update or View. Values are decrypted into fresh memory,
// so nothing read through a Tx points into the file after it ends.
type Tx struct {
	v   *Vault
	btx *bolt.Tx
}

// Update runs fn in a read-write transaction; an error from fn rolls back
// everything fn wrote. The vault must be unlocked.
func (v *Vault) Update(fn func(tx *Tx) error) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.stats == nil {
		return ErrLocked
	}
	return v.db.Update(func(btx *bolt.Tx) error { return fn(&Tx{v: v, btx: btx}) })
}

// View runs fn in a read-only transaction. The vault must be unlocked.
func (v *Vault) View(fn func(tx *Tx) error) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.stats == nil {
		return ErrLocked
	}
	return v.db.View(func(btx *bolt.Tx) error { return fn(&Tx{v: v, btx: btx}) })
}

// key returns the data key for kind k, or ErrNoAccess / ErrUnknownKind.
func (tx *Tx) key(k Kind) ([]byte, error) {
	class, ok := kindClass(k)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownKind, k)
	}
	var key []byte
	if class == NotesKey {
		key = tx.v.notes
	} else {
		key = tx.v.stats
	}
	if key == nil {
		return nil, ErrNoAccess
	}
	return key, nil
}

// Put seals value and stores it under id in kind k. The value is encoded
// with its own MarshalBinary if it has one (encoding.BinaryMarshaler:
// intake.StatRecord), else as JSON (docs/FORMAT.md §2). Don't Put a type
// that has MarshalBinary only by accident, e.g. one embedding time.Time.
func (tx *Tx) Put(k Kind, id string, value any) error {
	if err := validID(id); err != nil {
		return err
	}
	key, err := tx.key(k)
	if err != nil {
		return err
	}
	plain, err := encodeValue(value)
	if err != nil {
		return fmt.Errorf("store: encode %s record: %w", k, err)
	}
	sealed, err := seal(key, recordAD(tx.v.version, string(k), id), plain)
	clear(plain)
	if err != nil {
		return err
	}
	b, err := tx.btx.CreateBucketIfNotExists([]byte(k))
	if err != nil {
		return fmt.Errorf("store: %s: %w", k, err)
	}
	return b.Put([]byte(id), sealed)
}

// Get decrypts the record id of kind k into out: with out's UnmarshalBinary
// if it has one (encoding.BinaryUnmarshaler), else as json.Unmarshal would.
// A value that fails authentication is ErrTampered and out is untouched.
func (tx *Tx) Get(k Kind, id string, out any) error {
	if err := validID(id); err != nil {
		return err
	}
	key, err := tx.key(k)
	if err != nil {
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
	return decodeRecord(key, tx.v.version, k, id, sealed, out)
}

func decodeRecord(key []byte, version uint32, k Kind, id string, sealed []byte, out any) error {
	plain, err := openEnvelope(key, recordAD(version, string(k), id), sealed)
	if err != nil {
		return fmt.Errorf("%w: %s/%s", ErrTampered, k, id)
	}
	defer clear(plain)
	if err := decodeValue(plain, out); err != nil {
		return fmt.Errorf("store: decode %s/%s: %w", k, id, err)
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
// wiped afterwards, so an UnmarshalBinary must copy what it keeps (as the
// interface asks).
func decodeValue(plain []byte, out any) error {
	if u, ok := out.(encoding.BinaryUnmarshaler); ok {
		return u.UnmarshalBinary(plain)
	}
	return json.Unmarshal(plain, out)
}

// Delete removes record id of kind k. Deleting a missing record is not an
// error. It needs the kind's key like every other access.
func (tx *Tx) Delete(k Kind, id string) error {
	if err := validID(id); err != nil {
		return err
	}
	if _, err := tx.key(k); err != nil {
		return err
	}
	b := tx.btx.Bucket([]byte(k))
	if b == nil {
		return nil
	}
	return b.Delete([]byte(id))
}

// ForEach calls fn for every record of kind k in ID order. decode decrypts
// the record into out, as Get does; call it inside fn only. fn must not Put or Delete
// records of the same kind.
func (tx *Tx) ForEach(k Kind, fn func(id string, decode func(out any) error) error) error {
	key, err := tx.key(k)
	if err != nil {
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
		id := string(rawID)
		return fn(id, func(out any) error {
			return decodeRecord(key, tx.v.version, k, id, sealed, out)
		})
	})
}

// ForEachPlain calls fn with the decrypted bytes of every record of kind k,
// for callers with a strict decoder of their own (statistics over 100,000
// records decode each one once instead of twice). plain is valid only
// during fn and is wiped afterwards: copy what you keep.
func (tx *Tx) ForEachPlain(k Kind, fn func(id string, plain []byte) error) error {
	key, err := tx.key(k)
	if err != nil {
		return err
	}
	return forEachOpened(tx.btx.Bucket([]byte(k)), key, tx.v.version, k, fn)
}

// forEachOpened calls fn with every record of bucket b (kind k), opened
// with key for format version; a value that does not authenticate stops
// it with ErrTampered. plain is wiped after fn.
func forEachOpened(b *bolt.Bucket, key []byte, version uint32, k Kind, fn func(id string, plain []byte) error) error {
	if b == nil {
		return nil
	}
	return b.ForEach(func(rawID, sealed []byte) error {
		if sealed == nil {
			return nil
		}
		id := string(rawID)
		plain, err := openEnvelope(key, recordAD(version, string(k), id), sealed)
		if err != nil {
			return fmt.Errorf("%w: %s/%s", ErrTampered, k, id)
		}
		defer clear(plain)
		return fn(id, plain)
	})
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
