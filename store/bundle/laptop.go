package bundle

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"aead.dev/minisign"
	"filippo.io/age"
	"github.com/spreekuur/spreekuur/store"
)

// laptopKeysID is the fixed ID, in store.KindMeta (notes key), of this
// vault's own keys: the Ed25519 key that signs the bundles it writes and
// the age identity others encrypt bundles to when they are meant for it
// (the office's vault, or a colleague's laptop). Both are made on first
// use and never leave the vault; only their public halves are shown.
const laptopKeysID = "laptop-keys"

const laptopKeysVersion = 1

// laptopKeys is the sealed record. The secrets are []byte so they can be
// cleared after use (best effort: docs/FORMAT.md, keys in memory).
type laptopKeys struct {
	V        int       `json:"v"`
	Name     string    `json:"name"`         // this laptop's name, in the signatures' trusted comment
	Seed     []byte    `json:"signing_seed"` // Ed25519 seed (RFC 8032), 32 bytes
	Identity []byte    `json:"age_identity"` // "AGE-SECRET-KEY-1…"
	Created  time.Time `json:"created"`
}

func (k *laptopKeys) wipe() {
	clear(k.Seed)
	clear(k.Identity)
}

// MaxLaptopName is the longest laptop name, in characters.
const MaxLaptopName = 64

// ErrLaptopName: a laptop name that is empty, too long or holds control
// or invisible characters.
var ErrLaptopName = errors.New("bundle: a laptop name is 1 to 64 characters, without control characters")

// Self is this vault's public side: what the settings screen shows and
// `spreekuur laptops self` prints, for the office to register.
type Self struct {
	Name      string               // this laptop's name (default: the computer's name)
	PublicKey minisign.PublicKey   // checks this laptop's bundle signatures
	Recipient *age.X25519Recipient // encrypts bundles meant for this vault
	Created   time.Time
}

// LaptopSelf returns this vault's public keys, making the keys first if
// the vault has none yet (which writes the vault). Only a supporter may:
// the keys are sealed with the notes key.
func LaptopSelf(v *store.Vault, now time.Time) (Self, error) {
	k, err := laptopKeysOf(v, now)
	if err != nil {
		return Self{}, err
	}
	defer k.wipe()
	return k.self()
}

func (k *laptopKeys) self() (Self, error) {
	pub, priv, err := k.signer()
	if err != nil {
		return Self{}, err
	}
	clearPrivate(&priv)
	id, err := k.identity()
	if err != nil {
		return Self{}, err
	}
	return Self{Name: k.Name, PublicKey: pub, Recipient: id.Recipient(), Created: k.Created}, nil
}

// SetLaptopName renames this laptop (the name its signatures carry).
func SetLaptopName(v *store.Vault, name string, now time.Time) (Self, error) {
	name, err := CheckLaptopName(name)
	if err != nil {
		return Self{}, err
	}
	k, err := laptopKeysOf(v, now)
	if err != nil {
		return Self{}, err
	}
	defer k.wipe()
	k.Name = name
	if err := v.Update(func(tx *store.Tx) error { return tx.Put(store.KindMeta, laptopKeysID, k) }); err != nil {
		return Self{}, err
	}
	return k.self()
}

// laptopKeysOf reads the keys, or makes and stores them. The caller wipes
// the result.
func laptopKeysOf(v *store.Vault, now time.Time) (*laptopKeys, error) {
	if err := v.RequireSupporter(); err != nil {
		return nil, err
	}
	k, err := readLaptopKeys(v)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return k, err
	}
	err = v.Update(func(tx *store.Tx) error {
		// Another copy may have made them meanwhile: keep those.
		var cur laptopKeys
		if err := tx.Get(store.KindMeta, laptopKeysID, &cur); err == nil {
			k = &cur
			return nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		made, err := newLaptopKeys(now)
		if err != nil {
			return err
		}
		k = made
		return tx.Put(store.KindMeta, laptopKeysID, k)
	})
	if err != nil {
		return nil, err
	}
	return k, k.check()
}

func readLaptopKeys(v *store.Vault) (*laptopKeys, error) {
	var k laptopKeys
	if err := v.View(func(tx *store.Tx) error { return tx.Get(store.KindMeta, laptopKeysID, &k) }); err != nil {
		return nil, err
	}
	if err := k.check(); err != nil {
		k.wipe()
		return nil, err
	}
	return &k, nil
}

func (k *laptopKeys) check() error {
	if k.V != laptopKeysVersion || len(k.Seed) != 32 {
		return fmt.Errorf("bundle: this laptop's keys have an unknown version: %w", store.ErrUnsupportedFormat)
	}
	return nil
}

func newLaptopKeys(now time.Time) (*laptopKeys, error) {
	k := &laptopKeys{V: laptopKeysVersion, Name: defaultLaptopName(), Seed: make([]byte, 32), Created: now.UTC().Truncate(time.Second)}
	if _, err := rand.Read(k.Seed); err != nil {
		return nil, err
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	k.Identity = []byte(id.String())
	return k, nil
}

// signer rebuilds the minisign key pair from the seed: GenerateKey reads
// exactly the 32-byte Ed25519 seed from its source, and the key ID is
// derived from the public key, so the same seed gives the same keys.
func (k *laptopKeys) signer() (minisign.PublicKey, minisign.PrivateKey, error) {
	return minisign.GenerateKey(bytes.NewReader(k.Seed))
}

func (k *laptopKeys) identity() (*age.X25519Identity, error) {
	id, err := age.ParseX25519Identity(string(k.Identity))
	if err != nil {
		return nil, fmt.Errorf("bundle: this vault's receiving key is damaged: %w", store.ErrUnsupportedFormat)
	}
	return id, nil
}

// clearPrivate overwrites a private key held in a variable (copies made by
// the minisign package's value receivers are beyond reach).
func clearPrivate(p *minisign.PrivateKey) { *p = minisign.PrivateKey{} }

// CheckLaptopName trims a laptop name and checks it: 1 to 64 characters,
// no control or invisible characters. It is printed in the signature's
// trusted comment and on the office's screens.
func CheckLaptopName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > MaxLaptopName || !utf8.ValidString(name) {
		return "", ErrLaptopName
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return "", ErrLaptopName
		}
	}
	return name, nil
}

// defaultLaptopName is the computer's name, if it makes a valid one.
func defaultLaptopName() string {
	h, err := os.Hostname()
	if err != nil {
		return "laptop"
	}
	if i := strings.IndexByte(h, '.'); i > 0 {
		h = h[:i]
	}
	if n, err := CheckLaptopName(h); err == nil {
		return n
	}
	return "laptop"
}
