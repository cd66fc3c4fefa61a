package store

import (
	"crypto/ecdh"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"runtime"
	"runtime/debug"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// keySet is what an unlocked vault holds in memory, by role:
//
//	supporter, recovery  group, stats (+ the keyring: every kompaan's member key)
//	kompaan              stats, member, groupPub
//	coordinator          stats
//
// Lock wipes every key and every AEAD made from one.
type keySet struct {
	group    *secretKey
	stats    *secretKey
	member   *secretKey
	groupPub []byte
	digest   *digester // the digest's MAC, keyed with K derived from the statistics key
	cellMu   sync.Mutex
	cell     hash.Hash // the statistics record keys' HMAC (recordKey), made when first needed

	privMu    sync.Mutex       // guards groupPriv: index entries are opened in parallel
	groupPriv *ecdh.PrivateKey // supporters: made when a kompaan's wrap must be opened
	kompanen  []kompaanKey     // supporters: the keyring, read at unlock
	user      []byte           // the user's own X25519 private key (slot payload version 3), for a passphrase change
}

// kompaanKey is one entry of the keyring: a kompaan's slot ID, name and
// member key.
type kompaanKey struct {
	slotID string
	name   string
	key    *secretKey
}

func (k *keySet) wipe() {
	if k == nil {
		return
	}
	k.group.wipe()
	k.stats.wipe()
	k.member.wipe()
	k.digest = nil
	k.cellMu.Lock()
	k.cell = nil
	k.cellMu.Unlock()
	for _, m := range k.kompanen {
		m.key.wipe()
	}
	k.groupPriv = nil
	k.kompanen = nil
	clear(k.user)
	k.user = nil
}

// freeMemory collects garbage twice and returns freed memory to the OS,
// so that wiped and dropped buffers are not left in pages the process
// keeps (docs/FORMAT.md §5): the first collection moves what sync.Pools
// hold (encoding/json's buffers keep the last record it encoded) to their
// victim caches, the second (inside FreeOSMemory) drops them. With the
// program's GODEBUG=clobberfree=1 (cmd/spreekuur) each freed object is
// overwritten. It costs two full collections: only on Lock.
func freeMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}

// subkey derives a 32-byte key from k for one purpose (label), with the
// AEAD the vault already holds for k, so the derivation leaves no copy of
// k behind (an HMAC-based KDF would, in its hash's buffer):
//
//	subkey(k, label) = the first 32 bytes of XChaCha20-Poly1305-Seal(k,
//	    nonce = the first 24 bytes of SHA-256("spreekuur-subkey" ‖ 0x00 ‖ label),
//	    plaintext = 32 zero bytes, no associated data)
//
// that is, 32 bytes of the XChaCha20 keystream under k for a nonce only
// this label uses: a pseudorandom function of k and the label.
func subkey(k *secretKey, label string) []byte {
	h := sha256.Sum256([]byte("spreekuur-subkey\x00" + label))
	out := k.aead.Seal(nil, h[:nonceSize], make([]byte, keySize), nil)
	clear(out[keySize:])
	return out[:keySize]
}

// newKeySet builds the in-memory keys from an opened slot payload. It
// takes the payload's key slices over.
func newKeySet(p slotPayload) (*keySet, error) {
	k := &keySet{}
	var err error
	fail := func(e error) (*keySet, error) {
		k.wipe()
		clear(p.Notes)
		clear(p.Stats)
		clear(p.Member)
		return nil, e
	}
	if p.Stats == nil {
		return fail(errBadSlot)
	}
	if k.stats, err = newSecretKey(p.Stats); err != nil {
		return fail(err)
	}
	k.digest = newDigester(k.stats)
	if p.Notes != nil {
		if k.group, err = newSecretKey(p.Notes); err != nil {
			return fail(err)
		}
		priv, err := groupPrivate(k.group)
		if err != nil {
			return fail(err)
		}
		k.groupPub = priv.PublicKey().Bytes()
	}
	if p.Member != nil {
		if k.member, err = newSecretKey(p.Member); err != nil {
			return fail(err)
		}
		k.groupPub = p.GroupPub
	}
	return k, nil
}

// groupPrivateKey returns the group's X25519 private key (supporters).
func (k *keySet) groupPrivateKey() (*ecdh.PrivateKey, error) {
	if k.group == nil {
		return nil, ErrNoAccess
	}
	k.privMu.Lock()
	defer k.privMu.Unlock()
	if k.groupPriv == nil {
		priv, err := groupPrivate(k.group)
		if err != nil {
			return nil, err
		}
		k.groupPriv = priv
	}
	return k.groupPriv, nil
}

// The keyring (bucket "keyring", format 3): one entry per kompaan, keyed
// by their slot ID, sealed under the group key like a record:
//
//	0  1   entry version (1)
//	1  32  the kompaan's member key
//	33 …   the kompaan's user name, UTF-8
//
// Supporters read it to wrap a record's key for the kompanen who took part;
// the name here (not the user directory, which a coordinator could edit
// with the statistics key) decides who took part.
const keyringVersion = 1

func encodeKeyringEntry(member []byte, name string) []byte {
	b := make([]byte, 0, 1+keySize+len(name))
	b = append(b, keyringVersion)
	b = append(b, member...)
	return append(b, name...)
}

func decodeKeyringEntry(b []byte) (member []byte, name string, err error) {
	if len(b) < 1+keySize || b[0] != keyringVersion || len(b) > 1+keySize+maxNameBytes {
		return nil, "", errors.New("malformed keyring entry")
	}
	return append([]byte(nil), b[1:1+keySize]...), string(b[1+keySize:]), nil
}

// readKeyring opens every keyring entry with the group key.
func (v *Vault) readKeyring(btx *bolt.Tx, keys *keySet) ([]kompaanKey, error) {
	b := btx.Bucket([]byte(bucketKeyring))
	if b == nil {
		if v.version < formatFiled {
			return nil, nil
		}
		return nil, fmt.Errorf("%w: the keyring is missing", ErrTampered)
	}
	var out []kompaanKey
	err := b.ForEach(func(k, val []byte) error {
		plain, err := openEnvelope(keys.group.aead, recordAD(v.version, bucketKeyring, string(k)), val)
		if err != nil {
			return fmt.Errorf("%w: %s/%s", ErrTampered, bucketKeyring, inertID(k))
		}
		defer clear(plain)
		member, name, err := decodeKeyringEntry(plain)
		if err != nil {
			return fmt.Errorf("%w: %s/%s", ErrTampered, bucketKeyring, inertID(k))
		}
		sk, err := newSecretKey(member)
		if err != nil {
			return err
		}
		out = append(out, kompaanKey{slotID: string(k), name: name, key: sk})
		return nil
	})
	if err != nil {
		for _, m := range out {
			m.key.wipe()
		}
		return nil, err
	}
	return out, nil
}

// putKeyringEntry seals and writes a kompaan's keyring entry.
func (tx *Tx) putKeyringEntry(slotID string, member []byte, name string) error {
	plain := encodeKeyringEntry(member, name)
	defer clear(plain)
	sealed, err := seal(tx.keys.group.aead, recordAD(tx.v.version, bucketKeyring, slotID), plain)
	if err != nil {
		return err
	}
	return tx.put(bucketKeyring, []byte(slotID), sealed)
}

// inertID makes an ID read from the file safe to put in a message: bytes
// outside printable ASCII become \xNN (a planted key could hold terminal
// escapes).
func inertID(id []byte) string {
	const hex = "0123456789abcdef"
	clean := true
	for _, c := range id {
		if c < 0x20 || c > 0x7e || c == '\\' {
			clean = false
			break
		}
	}
	if clean {
		return string(id)
	}
	out := make([]byte, 0, len(id)*2)
	for _, c := range id {
		if c < 0x20 || c > 0x7e || c == '\\' {
			out = append(out, '\\', 'x', hex[c>>4], hex[c&15])
			continue
		}
		out = append(out, c)
	}
	return string(out)
}
