package bundle

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"aead.dev/minisign"
	"github.com/spreekuur/spreekuur/store"
)

// KindLaptop holds the laptops whose bundles this vault accepts: one
// record per signing key, its ID the key's minisign key ID (16 hex
// digits, public). Sealed with the notes key. A removed laptop keeps its
// record, marked removed, so that a later bundle of it is refused by name.
const KindLaptop store.Kind = "laptops"

// KindOrigin says where an imported intake came from: one record per
// intake (its ID), written by Import with the intake. Notes key.
const KindOrigin store.Kind = "origins"

// KindHandover marks a resident handed over to a colleague, on the
// sender's side: one record per resident (its ID). Notes key.
const KindHandover store.Kind = "handovers"

func init() {
	for _, k := range []store.Kind{KindLaptop, KindOrigin, KindHandover} {
		if err := store.RegisterKind(k, store.NotesKey); err != nil {
			panic(err)
		}
	}
}

// Laptop is a registered laptop.
type Laptop struct {
	Name      string    `json:"name"`
	PublicKey string    `json:"public_key"` // minisign public key, base64 ("RW…")
	AddedBy   string    `json:"added_by"`
	AddedAt   time.Time `json:"added_at"`
	RemovedBy string    `json:"removed_by,omitempty"`
	RemovedAt time.Time `json:"removed_at,omitzero"`
}

// Removed reports whether the laptop was taken off the list.
func (l Laptop) Removed() bool { return !l.RemovedAt.IsZero() }

// KeyID is the laptop's key ID as minisign shows it.
func (l Laptop) KeyID() string {
	pub, err := ParsePublicKey(l.PublicKey)
	if err != nil {
		return "?"
	}
	return KeyID(pub.ID())
}

// KeyID writes a minisign key ID in upper-case hex, always 16 digits (so
// it reads out the same in four groups of four; minisign's own comment
// line leaves out leading zeros). It is also the registry's record ID.
func KeyID(id uint64) string { return fmt.Sprintf("%016X", id) }

func recordID(id uint64) string { return KeyID(id) }

var (
	// ErrBadPublicKey: not a minisign public key (the "RW…" line or the
	// whole laptop.pub file).
	ErrBadPublicKey = errors.New("bundle: not a minisign public key")
	// ErrLaptopExists: a laptop of that name, or with that key, is
	// registered already.
	ErrLaptopExists = errors.New("bundle: a laptop with this name or key is registered already")
	// ErrNoSuchLaptop: no registered laptop has that name.
	ErrNoSuchLaptop = errors.New("bundle: no registered laptop has this name")
)

// maxPublicKeyText bounds what ParsePublicKey reads: a .pub file is two
// short lines.
const maxPublicKeyText = 1024

// ParsePublicKey reads a minisign public key: the base64 line, or the
// whole public-key file (an untrusted comment line, then that line).
func ParsePublicKey(text string) (minisign.PublicKey, error) {
	text = strings.TrimSpace(text)
	if len(text) > maxPublicKeyText {
		return minisign.PublicKey{}, ErrBadPublicKey
	}
	var pub minisign.PublicKey
	if err := pub.UnmarshalText([]byte(text)); err != nil {
		return minisign.PublicKey{}, ErrBadPublicKey
	}
	return pub, nil
}

// PublicKeyFile is a public key in minisign's public-key file format, as
// `minisign -V -p FILE` reads it.
func PublicKeyFile(pub minisign.PublicKey) []byte {
	b, _ := pub.MarshalText() // never fails
	return append(b, '\n')
}

// Laptops lists the registered laptops: the current ones by name, then
// the removed ones.
func Laptops(v *store.Vault) ([]Laptop, error) {
	if err := v.RequireSupporter(); err != nil {
		return nil, err
	}
	var out []Laptop
	err := v.View(func(tx *store.Tx) error {
		return tx.ForEach(KindLaptop, func(_ string, decode func(any) error) error {
			var l Laptop
			if err := decode(&l); err != nil {
				return err
			}
			out = append(out, l)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Removed() != out[j].Removed() {
			return !out[i].Removed()
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out, err
}

// AddLaptop registers a laptop: its bundles are accepted from now on. The
// name must be free among the current laptops and the key not registered
// to a current one; a removed laptop's key may be registered again.
func AddLaptop(v *store.Vault, name, publicKey string, now time.Time) (Laptop, error) {
	if err := v.RequireSupporter(); err != nil {
		return Laptop{}, err
	}
	name, err := CheckLaptopName(name)
	if err != nil {
		return Laptop{}, err
	}
	pub, err := ParsePublicKey(publicKey)
	if err != nil {
		return Laptop{}, err
	}
	l := Laptop{Name: name, PublicKey: pub.String(), AddedBy: actor(v), AddedAt: now.UTC().Truncate(time.Second)}
	err = v.Update(func(tx *store.Tx) error {
		err := tx.ForEach(KindLaptop, func(id string, decode func(any) error) error {
			var cur Laptop
			if err := decode(&cur); err != nil {
				return err
			}
			if !cur.Removed() && (strings.EqualFold(cur.Name, name) || id == recordID(pub.ID())) {
				return ErrLaptopExists
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Put(KindLaptop, recordID(pub.ID()), l)
	})
	if err != nil {
		return Laptop{}, err
	}
	return l, nil
}

// RemoveLaptop takes a laptop off the list (by name, case aside): its
// bundles are refused from now on, by name.
func RemoveLaptop(v *store.Vault, name string, now time.Time) (Laptop, error) {
	if err := v.RequireSupporter(); err != nil {
		return Laptop{}, err
	}
	name = strings.TrimSpace(name)
	var out Laptop
	err := v.Update(func(tx *store.Tx) error {
		var id string
		err := tx.ForEach(KindLaptop, func(rid string, decode func(any) error) error {
			var cur Laptop
			if err := decode(&cur); err != nil {
				return err
			}
			if !cur.Removed() && strings.EqualFold(cur.Name, name) {
				id, out = rid, cur
			}
			return nil
		})
		if err != nil {
			return err
		}
		if id == "" {
			return ErrNoSuchLaptop
		}
		out.RemovedBy, out.RemovedAt = actor(v), now.UTC().Truncate(time.Second)
		return tx.Put(KindLaptop, id, out)
	})
	if err != nil {
		return Laptop{}, err
	}
	return out, nil
}

// registered finds the laptop of a key ID; ok is false if there is none.
func registered(tx *store.Tx, keyID uint64) (Laptop, bool, error) {
	var l Laptop
	err := tx.Get(KindLaptop, recordID(keyID), &l)
	if errors.Is(err, store.ErrNotFound) {
		return Laptop{}, false, nil
	}
	if err != nil {
		return Laptop{}, false, err
	}
	return l, true, nil
}

// actor is who does something, as the records name them.
func actor(v *store.Vault) string {
	if v.Recovery() {
		return store.RecoveryUser
	}
	name, _ := v.User()
	return name
}
