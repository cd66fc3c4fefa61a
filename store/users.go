package store

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// checkName trims and validates a user name: 1..64 characters, no control
// characters, and nothing that looks like nothing. User names decide who
// took part in an intake (the kompaan rule) and are compared without case,
// so "Hakim\u200b" must not be able to pose as "Hakim": refused are format
// characters (zero-width spaces and joiners, the bidirectional controls),
// other default-ignorable and invisible characters (variation selectors,
// Hangul fillers), private-use and unassigned code points, every space
// but U+0020, and two spaces in a row.
func checkName(s string) (string, error) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n == 0 || n > maxNameRunes || !utf8.ValidString(s) || strings.Contains(s, "  ") {
		return "", ErrInvalidName
	}
	for _, r := range s {
		if invisibleRune(r) {
			return "", ErrInvalidName
		}
	}
	return s, nil
}

// invisibleRune reports whether r is drawn as nothing, moves other text
// around, or may draw as anything (see checkName).
func invisibleRune(r rune) bool {
	switch {
	case r == ' ':
		return false
	case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r),
		unicode.IsSpace(r), unicode.Is(unicode.Zs, r),
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r),
		unicode.Is(unicode.Variation_Selector, r),
		unicode.Is(unicode.Bidi_Control, r), unicode.Is(unicode.Join_Control, r),
		r == '\u115f' || r == '\u1160' || r == '\u3164' || r == '\uffa0' || r == '\u2800' || r == '\u034f':
		return true
	}
	return !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S)
}

func sameName(a, b string) bool { return strings.EqualFold(a, b) }

// checkPassphrase rejects new passphrases shorter than MinPassphraseLen
// characters, or of spaces only.
func checkPassphrase(p []byte) error {
	if utf8.RuneCount(p) < MinPassphraseLen || len(bytes.TrimSpace(p)) == 0 {
		return ErrPassphraseTooShort
	}
	return nil
}

// dirEntry is the sealed value of the user directory ("users" bucket, keyed
// by slot ID, sealed under the statistics key so every role can list users).
type dirEntry struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
	// X25519 is the public key of the user's own key pair (hex), whose
	// private key is in their slot (payload version 3): a key rotation
	// seals the new keys to it. Empty for a slot of an older version.
	X25519 string `json:"x25519,omitempty"`
}

func (tx *Tx) putDirEntry(slotID string, u User) error {
	return tx.putDirEntryKey(slotID, u, nil)
}

// putDirEntryKey writes a directory entry with the user's public key.
func (tx *Tx) putDirEntryKey(slotID string, u User, pub []byte) error {
	plain, err := json.Marshal(dirEntry{Name: u.Name, Role: u.Role, X25519: hex.EncodeToString(pub)})
	if err != nil {
		return err
	}
	defer clear(plain)
	sealed, err := seal(tx.keys.stats.aead, recordAD(tx.v.version, bucketUsers, slotID), plain)
	if err != nil {
		return err
	}
	return tx.put(bucketUsers, []byte(slotID), sealed)
}

// readDir decrypts the user directory.
func (v *Vault) readDir(btx *bolt.Tx, keys *keySet) ([]User, error) {
	users, _, err := v.readDirKeys(btx, keys)
	return users, err
}

// readDirKeys decrypts the user directory with each user's public key
// (by slot ID; none for a slot of an older version).
func (v *Vault) readDirKeys(btx *bolt.Tx, keys *keySet) ([]User, map[string][]byte, error) {
	pubs := map[string][]byte{}
	b := btx.Bucket([]byte(bucketUsers))
	if b == nil {
		return nil, nil, fmt.Errorf("%w: the user directory is missing", ErrTampered)
	}
	var out []User
	err := b.ForEach(func(k, val []byte) error {
		plain, err := openEnvelope(keys.stats.aead, recordAD(v.version, bucketUsers, string(k)), val)
		if err != nil {
			return fmt.Errorf("%w: %s/%s", ErrTampered, bucketUsers, inertID(k))
		}
		defer clear(plain)
		var e dirEntry
		if err := json.Unmarshal(plain, &e); err != nil || !e.Role.Valid() {
			return fmt.Errorf("%w: %s/%s", ErrTampered, bucketUsers, inertID(k))
		}
		if pub, _ := hex.DecodeString(e.X25519); len(pub) == ephemeralLen {
			pubs[string(k)] = pub
		}
		out = append(out, User{ID: string(k), Name: e.Name, Role: e.Role})
		return nil
	})
	return out, pubs, err
}

// Users lists every user, sorted by name. Any unlocked role may list.
// User.ID is the user's key slot ID: stable, and the key of the keyring
// and the directory (see docs/FORMAT.md §3).
func (v *Vault) Users() ([]User, error) {
	var out []User
	err := v.View(func(tx *Tx) error {
		var err error
		out, err = v.readDir(tx.btx, tx.keys)
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, nil
}

// RequireSupporter reports whether the unlocked user may do what only a
// supporter may: manage users, move residents' notes out of and into the
// vault (handover bundles). It returns nil for a supporter or a recovery
// session; ErrLocked when the vault is locked; for a coordinator an
// error that is both ErrNotPermitted and ErrNoAccess; ErrNotPermitted for
// any other role (a kompaan).
func (v *Vault) RequireSupporter() error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.requireSupporter()
}

// requireSupporter is RequireSupporter with v.mu held.
func (v *Vault) requireSupporter() error {
	switch {
	case v.keys == nil:
		return ErrLocked
	case v.role == RoleCoordinator:
		return fmt.Errorf("%w: %w", ErrNotPermitted, ErrNoAccess)
	case v.role != RoleSupporter || v.keys.group == nil:
		return ErrNotPermitted
	}
	return nil
}

// AddUser gives a new person a key slot with the keys of their role. Only a
// supporter (or a recovery session) may add users. A kompaan gets a member
// key of their own, recorded in the keyring (docs/FORMAT.md §3).
func (v *Vault) AddUser(name string, role Role, passphrase []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.requireSupporter(); err != nil {
		return err
	}
	name, err := checkName(name)
	if err != nil {
		return err
	}
	if !role.Valid() {
		return ErrInvalidRole
	}
	if err := checkPassphrase(passphrase); err != nil {
		return err
	}
	if err := v.view(v.keys, func(tx *Tx) error { return v.checkFreeName(tx, name) }); err != nil {
		return err
	}
	var member []byte
	if role == RoleKompaan {
		member = make([]byte, keySize)
		if err := randRead(member); err != nil {
			return err
		}
		defer clear(member)
	}
	id := NewID()
	p, pub, err := withUserKey(v.payloadFor(User{Name: name, Role: role}, member))
	if err != nil {
		return err
	}
	slot, err := sealSlot(id, slotPassphrase, v.opt.KDF, passphrase, p)
	clear(p.User)
	if err != nil {
		return err
	}
	err = v.update(v.keys, func(tx *Tx) error {
		if err := v.checkFreeName(tx, name); err != nil { // again: the KDF ran outside the transaction
			return err
		}
		if err := tx.put(bucketSlots, []byte(id), slot); err != nil {
			return err
		}
		if member != nil {
			if err := tx.putKeyringEntry(id, member, name); err != nil {
				return err
			}
		}
		return tx.putDirEntryKey(id, User{Name: name, Role: role}, pub)
	})
	if err != nil || member == nil {
		return err
	}
	sk, err := newSecretKey(append([]byte(nil), member...))
	if err != nil {
		return err
	}
	v.keys.kompanen = append(v.keys.kompanen, kompaanKey{slotID: id, name: name, key: sk})
	return nil
}

// payloadFor is the slot payload of a user of role u.Role, with the keys
// of this unlocked vault (v.mu held): the group and statistics keys for a
// supporter, the statistics key for a coordinator, the statistics key,
// member and the group's public key for a kompaan.
func (v *Vault) payloadFor(u User, member []byte) slotPayload {
	p := slotPayload{Role: u.Role, Name: u.Name, Stats: v.keys.stats.raw}
	switch u.Role {
	case RoleSupporter:
		p.Notes = v.keys.group.raw
	case RoleKompaan:
		p.Member, p.GroupPub = member, v.keys.groupPub
	}
	return p
}

func (v *Vault) checkFreeName(tx *Tx, name string) error {
	dir, err := v.readDir(tx.btx, tx.keys)
	if err != nil {
		return err
	}
	for _, d := range dir {
		if sameName(d.Name, name) {
			return ErrUserExists
		}
	}
	return nil
}

func findUser(dir []User, name string) (User, bool) {
	name = strings.TrimSpace(name)
	for _, d := range dir {
		if sameName(d.Name, name) {
			return d, true
		}
	}
	return User{}, false
}

// RemoveUser deletes a user's key slot and directory entry. Only a supporter
// may; never the last supporter, and not oneself. For a kompaan, their
// keyring entry goes too, and every record they held a key for gets a new
// data key (re-sealed), so that a copy of their member key opens nothing
// written from now on. The group and statistics keys are not rotated: see
// docs/FORMAT.md.
func (v *Vault) RemoveUser(name string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.requireSupporter(); err != nil {
		return err
	}
	var gone *kompaanKey
	err := v.update(v.keys, func(tx *Tx) error {
		dir, err := v.readDir(tx.btx, tx.keys)
		if err != nil {
			return err
		}
		d, ok := findUser(dir, name)
		if !ok {
			return ErrUnknownUser
		}
		if d.ID == v.slotID {
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
		if err := tx.del(bucketSlots, []byte(d.ID)); err != nil {
			return err
		}
		if err := tx.del(bucketUsers, []byte(d.ID)); err != nil {
			return err
		}
		if d.Role != RoleKompaan {
			return nil
		}
		if err := tx.del(bucketKeyring, []byte(d.ID)); err != nil {
			return err
		}
		for i := range tx.keys.kompanen {
			if tx.keys.kompanen[i].slotID == d.ID {
				gone = &tx.keys.kompanen[i]
			}
		}
		if gone == nil {
			return nil
		}
		return tx.rekeyFor(*gone)
	})
	if err != nil || gone == nil {
		return err
	}
	kept := v.keys.kompanen[:0]
	for _, m := range v.keys.kompanen {
		if m.slotID == gone.slotID {
			m.key.wipe()
			continue
		}
		kept = append(kept, m)
	}
	v.keys.kompanen = kept
	return nil
}

// rekeyFor gives every record that gone held a wrap for a new data key,
// wrapped for the group and the record's other kompanen.
func (tx *Tx) rekeyFor(gone kompaanKey) error {
	for _, k := range []Kind{KindResident, KindIntake} {
		b := tx.btx.Bucket([]byte(k))
		if b == nil {
			continue
		}
		var todo []refiled
		err := b.ForEach(func(id, sealed []byte) error {
			f, err := parseFiled(sealed)
			if err != nil {
				return nil // Check reports it
			}
			var keep []kompaanKey
			mine := false
			for _, m := range tx.owners(k, string(id), f) {
				if m.slotID == gone.slotID {
					mine = true
				} else {
					keep = append(keep, m)
				}
			}
			if !mine {
				return nil
			}
			plain, err := tx.open(k, id, sealed)
			if err != nil {
				return err
			}
			todo = append(todo, refiled{string(id), plain, keep, true})
			return nil
		})
		if err == nil {
			err = tx.refile(k, todo, true)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ChangePassphrase re-wraps the unlocked user's own slot under a new
// passphrase (fresh salt, this handle's KDF parameters). No data is
// re-encrypted and no other slot changes.
func (v *Vault) ChangePassphrase(newPassphrase []byte) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.keys == nil {
		return ErrLocked
	}
	if v.recovery {
		return fmt.Errorf("%w: use SetPassphraseWithRecovery", ErrNotPermitted)
	}
	if err := checkPassphrase(newPassphrase); err != nil {
		return err
	}
	var member []byte
	if v.keys.member != nil {
		member = v.keys.member.raw
	}
	return v.rewrap(v.slotID, User{Name: v.user, Role: v.role}, member, v.keys.user, newPassphrase)
}

// SetPassphraseWithRecovery gives user a new passphrase after
// UnlockWithRecovery. user "" means the only user.
func (v *Vault) SetPassphraseWithRecovery(user string, newPassphrase []byte) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.keys == nil {
		return ErrLocked
	}
	if !v.recovery {
		return fmt.Errorf("%w: unlock with the recovery code first", ErrNotPermitted)
	}
	if err := checkPassphrase(newPassphrase); err != nil {
		return err
	}
	var target User
	err := v.view(v.keys, func(tx *Tx) error {
		dir, err := v.readDir(tx.btx, tx.keys)
		if err != nil {
			return err
		}
		if strings.TrimSpace(user) == "" {
			if len(dir) != 1 {
				return fmt.Errorf("%w: more than one user; give a name", ErrUnknownUser)
			}
			target = dir[0]
			return nil
		}
		var ok bool
		if target, ok = findUser(dir, user); !ok {
			return ErrUnknownUser
		}
		return nil
	})
	if err != nil {
		return err
	}
	var member []byte
	if target.Role == RoleKompaan {
		for _, m := range v.keys.kompanen {
			if m.slotID == target.ID {
				member = m.key.raw
			}
		}
		if member == nil {
			return fmt.Errorf("%w: the keyring has no key for this kompaan", ErrTampered)
		}
	}
	return v.rewrap(target.ID, target, member, nil, newPassphrase)
}

// rewrap replaces one passphrase slot. The user's key pair stays when
// userKey is given (one's own passphrase change: nothing else changes);
// else a fresh one's public key goes into the directory. v.mu must be held.
func (v *Vault) rewrap(slotID string, u User, member, userKey, passphrase []byte) error {
	p := v.payloadFor(u, member)
	var pub []byte
	if userKey != nil {
		p.Version, p.User = slotPayloadV3, userKey
	} else {
		var err error
		if p, pub, err = withUserKey(p); err != nil {
			return err
		}
		defer clear(p.User)
	}
	slot, err := sealSlot(slotID, slotPassphrase, v.opt.KDF, passphrase, p)
	if err != nil {
		return err
	}
	return v.update(v.keys, func(tx *Tx) error {
		if tx.btx.Bucket([]byte(bucketSlots)).Get([]byte(slotID)) == nil {
			return ErrUnknownUser
		}
		if err := tx.put(bucketSlots, []byte(slotID), slot); err != nil {
			return err
		}
		if pub == nil {
			return nil
		}
		// Keys a rotation sealed to the old user key are no use now: the
		// slot holds the current ones.
		if err := tx.del(bucketRekey, []byte(slotID)); err != nil {
			return err
		}
		return tx.putDirEntryKey(slotID, u, pub)
	})
}

// convertKompaanSlot turns a format-1 kompaan slot, which holds the group
// key, into a format-2 one at that kompaan's first unlock after the
// upgrade: their member key is read from the keyring (the upgrade made
// it), the slot is sealed again under their passphrase with the member
// key instead of the group key, and the group key is dropped from memory.
// On a read-only vault the slot stays as it is for now; the group key is
// dropped all the same.
func (v *Vault) convertKompaanSlot(keys *keySet, slotID, name string, passphrase []byte) (*keySet, error) {
	var entries []kompaanKey
	err := v.view(keys, func(tx *Tx) error {
		var err error
		entries, err = v.readKeyring(tx.btx, keys)
		return err
	})
	if err != nil {
		return nil, err
	}
	var member []byte
	for _, e := range entries {
		if e.slotID == slotID {
			member = append([]byte(nil), e.key.raw...)
		}
		e.key.wipe()
	}
	if member == nil {
		return nil, fmt.Errorf("%w: the keyring has no key for this kompaan", ErrTampered)
	}
	p := slotPayload{Role: RoleKompaan, Name: name, Stats: append([]byte(nil), keys.stats.raw...), Member: member, GroupPub: keys.groupPub}
	if !v.readOnly {
		wp, pub, err := withUserKey(p)
		var slot []byte
		if err == nil {
			slot, err = sealSlot(slotID, slotPassphrase, v.opt.KDF, passphrase, wp)
			clear(wp.User)
		}
		if err == nil {
			err = v.update(keys, func(tx *Tx) error {
				if err := tx.put(bucketSlots, []byte(slotID), slot); err != nil {
					return err
				}
				return tx.putDirEntryKey(slotID, User{Name: name, Role: RoleKompaan}, pub)
			})
		}
		if err != nil {
			p.wipe()
			return nil, err
		}
	}
	nk, err := newKeySet(p)
	if err != nil {
		return nil, err
	}
	keys.wipe()
	return nk, nil
}

// settle finishes what kompanen wrote since a supporter last unlocked
// (records whose group wrap is to the group's public key): each gets its
// group wrap under the group key, an intake's member wraps for exactly the
// kompanen who took part, and the intake's resident wraps for them too.
// One transaction at a supporter's unlock, when the digest says a kompaan
// wrote since the last one; otherwise it costs reading the digest.
func (v *Vault) settle(keys *keySet) error {
	pending := false
	err := v.view(keys, func(tx *Tx) error {
		d, err := v.readDigest(tx.btx, keys)
		pending = err == nil && d != nil && d.flags&digestKompaanWrote != 0
		return nil // a damaged digest is Check's to report
	})
	if err != nil || !pending {
		return err
	}
	return v.update(keys, func(tx *Tx) error {
		tx.settled = true
		share := map[string][]kompaanKey{}
		var wrote []intake.Intake // the intakes, for their statistics
		for _, k := range []Kind{KindIntake, KindResident} {
			b := tx.btx.Bucket([]byte(k))
			if b == nil {
				continue
			}
			var todo []refiled
			err := b.ForEach(func(id, val []byte) error {
				if len(val) < 2 || val[0] != layoutFiled || val[1] != wrapPub {
					return nil
				}
				plain, err := tx.open(k, id, val)
				if err != nil {
					return nil // Check reports it; the next save replaces it
				}
				r := refiled{id: string(id), plain: plain}
				var in intake.Intake
				if k == KindIntake && json.Unmarshal(plain, &in) == nil {
					r.exact, r.members = true, tx.tookPart(&in)
					wrote = append(wrote, intake.Intake{ID: in.ID, ResidentID: in.ResidentID, StatID: in.StatID, Consent: in.Consent})
					if in.ResidentID != "" {
						share[in.ResidentID] = append(share[in.ResidentID], r.members...)
					}
				} else if f, err := parseFiled(val); err == nil {
					r.members = tx.owners(k, string(id), f)
				}
				todo = append(todo, r)
				return nil
			})
			if err == nil {
				err = tx.refile(k, todo, false)
			}
			if err != nil {
				return err
			}
		}
		for id, members := range share {
			if err := tx.share(KindResident, id, members); err != nil && !errors.Is(err, ErrTampered) {
				return err
			}
		}
		for i := range wrote {
			if err := tx.relinkStat(&wrote[i]); err != nil {
				return err
			}
		}
		return nil
	})
}
