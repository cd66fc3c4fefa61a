package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Role is what a user may do; it decides which data keys their slot holds.
type Role string

const (
	RoleSupporter   Role = "supporter"   // client supporter: notes + statistics, manages users
	RoleKompaan     Role = "kompaan"     // experience expert: notes + statistics
	RoleCoordinator Role = "coordinator" // statistics only; holds no notes key
)

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool {
	return r == RoleSupporter || r == RoleKompaan || r == RoleCoordinator
}

// User is an entry of the user directory.
type User struct {
	Name string
	Role Role
}

// Options configure Open and Create.
type Options struct {
	// Timeout bounds the wait for the file lock; 0 means DefaultTimeout.
	// A vault held by another process gives ErrVaultInUse after it.
	Timeout time.Duration
	// KDF are the Argon2id parameters for slots written through this
	// handle (Create, AddUser, ChangePassphrase, …). Zero means DefaultKDF.
	// Unlocking always uses the parameters stored in each slot.
	KDF KDFParams
}

// DefaultTimeout is the file-lock wait when Options.Timeout is zero.
const DefaultTimeout = time.Second

// MinPassphraseLen is the minimum length of a new passphrase, in characters.
const MinPassphraseLen = 10

// maxNameRunes bounds a user name.
const maxNameRunes = 64

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	o.KDF = o.KDF.orDefault()
	return o
}

// Vault is an open vault file. It starts locked (Open) or unlocked (Create);
// the data keys exist only in memory between Unlock and Lock. A Vault is
// safe for concurrent use; do not call Vault methods from inside the
// function given to Update or View.
type Vault struct {
	path    string
	db      *bolt.DB
	opt     Options
	version uint32 // format version on disk

	mu       sync.RWMutex
	notes    []byte // nil if locked or the role has no notes key
	stats    []byte // nil if locked
	user     string
	role     Role
	slotID   string
	recovery bool // unlocked with the recovery code
}

// Path is the file the vault lives in.
func (v *Vault) Path() string { return v.path }

// FormatVersion is the vault's on-disk format version.
func (v *Vault) FormatVersion() uint32 { return v.version }

func openNoCreate(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag&^os.O_CREATE, perm)
}

func openExclusive(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag|os.O_CREATE|os.O_EXCL, perm)
}

func boltOpen(path string, opt Options, openFile func(string, int, os.FileMode) (*os.File, error)) (db *bolt.DB, err error) {
	defer func() {
		if r := recover(); r != nil { // bbolt can panic on a damaged file
			db, err = nil, fmt.Errorf("%w: damaged file", ErrUnsupportedFormat)
		}
	}()
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: opt.Timeout, OpenFile: openFile})
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, ErrVaultInUse
	case errors.Is(err, fs.ErrExist):
		return nil, ErrVaultExists
	case errors.Is(err, fs.ErrNotExist):
		return nil, ErrNoVault
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("store: open vault: %w", err)
	}
	// bbolt's own complaints: bad magic, checksum, version, size.
	return nil, fmt.Errorf("%w: %w", ErrUnsupportedFormat, err)
}

// Open opens the vault at path, locked. It never waits longer than
// opt.Timeout for another process: then it returns ErrVaultInUse. A missing
// file is ErrNoVault; a file that is not a vault, or is from a newer
// version, ErrUnsupportedFormat.
func Open(path string, opt Options) (*Vault, error) {
	opt = opt.withDefaults()
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoVault
	}
	if err != nil {
		return nil, fmt.Errorf("store: open vault: %w", err)
	}
	if fi.IsDir() || fi.Size() == 0 {
		return nil, ErrUnsupportedFormat
	}
	db, err := boltOpen(path, opt, openNoCreate)
	if err != nil {
		return nil, err
	}
	v := &Vault{path: path, db: db, opt: opt}
	if err := v.readVersion(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return v, nil
}

func (v *Vault) readVersion() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: damaged file", ErrUnsupportedFormat)
		}
	}()
	return v.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketVault))
		if b == nil || tx.Bucket([]byte(bucketSlots)) == nil {
			return ErrUnsupportedFormat
		}
		ver, err := decodeVersion(b.Get([]byte("format")))
		if err != nil {
			return err
		}
		if ver > currentFormat {
			return fmt.Errorf("%w: format %d is newer than %d", ErrUnsupportedFormat, ver, currentFormat)
		}
		v.version = ver
		return nil
	})
}

// decodeVersion parses the plaintext format version: 4 bytes, big-endian,
// never 0.
func decodeVersion(b []byte) (uint32, error) {
	if len(b) != 4 {
		return 0, fmt.Errorf("%w: bad format version", ErrUnsupportedFormat)
	}
	ver := binary.BigEndian.Uint32(b)
	if ver == 0 {
		return 0, fmt.Errorf("%w: bad format version", ErrUnsupportedFormat)
	}
	return ver, nil
}

// Create makes a new vault at path with its first user, who must be a
// supporter, and returns it unlocked as that user together with the
// printable recovery code. Show the code once and clear it. The file is
// created with mode 0600 and its directory with 0700; an existing file is
// never touched (ErrVaultExists).
func Create(path, user string, role Role, passphrase []byte, opt Options) (_ *Vault, recoveryCode []byte, err error) {
	opt = opt.withDefaults()
	if role != RoleSupporter {
		if !role.Valid() {
			return nil, nil, ErrInvalidRole
		}
		return nil, nil, fmt.Errorf("%w: the first user must be a supporter", ErrNotPermitted)
	}
	name, err := checkName(user)
	if err != nil {
		return nil, nil, err
	}
	if err := checkPassphrase(passphrase); err != nil {
		return nil, nil, err
	}
	if err := opt.KDF.validate(); err != nil {
		return nil, nil, fmt.Errorf("store: %w", err)
	}
	if Exists(path) {
		return nil, nil, ErrVaultExists
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, fmt.Errorf("store: create directory: %w", err)
	}

	notes, stats := make([]byte, keySize), make([]byte, keySize)
	if err := randRead(notes); err != nil {
		return nil, nil, err
	}
	if err := randRead(stats); err != nil {
		return nil, nil, err
	}
	secret, printable, err := newRecoveryCode()
	if err != nil {
		return nil, nil, err
	}
	defer clear(secret)
	defer func() {
		if err != nil {
			clear(notes)
			clear(stats)
			clear(printable)
		}
	}()

	userSlot, recSlot := NewID(), NewID()
	us, err := sealSlot(userSlot, slotPassphrase, opt.KDF, passphrase, slotPayload{Role: role, Name: name, Notes: notes, Stats: stats})
	if err != nil {
		return nil, nil, err
	}
	rs, err := sealSlot(recSlot, slotRecovery, opt.KDF, secret, slotPayload{Notes: notes, Stats: stats})
	if err != nil {
		return nil, nil, err
	}
	dir, err := sealDirEntry(stats, currentFormat, userSlot, User{Name: name, Role: role})
	if err != nil {
		return nil, nil, err
	}

	db, err := boltOpen(path, opt, openExclusive)
	if err != nil {
		return nil, nil, err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{bucketVault, bucketSlots, bucketUsers} {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		for _, k := range Kinds() {
			if _, err := tx.CreateBucket([]byte(k)); err != nil {
				return err
			}
		}
		if err := tx.Bucket([]byte(bucketVault)).Put([]byte("format"), binary.BigEndian.AppendUint32(nil, currentFormat)); err != nil {
			return err
		}
		slots := tx.Bucket([]byte(bucketSlots))
		if err := slots.Put([]byte(userSlot), us); err != nil {
			return err
		}
		if err := slots.Put([]byte(recSlot), rs); err != nil {
			return err
		}
		return tx.Bucket([]byte(bucketUsers)).Put([]byte(userSlot), dir)
	})
	if err != nil {
		_ = db.Close()
		_ = os.Remove(path)
		return nil, nil, fmt.Errorf("store: create vault: %w", err)
	}
	v := &Vault{path: path, db: db, opt: opt, version: currentFormat,
		notes: notes, stats: stats, user: name, role: role, slotID: userSlot}
	return v, printable, nil
}

// checkName trims and validates a user name: 1..64 characters, no control
// characters.
func checkName(s string) (string, error) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n == 0 || n > maxNameRunes || !utf8.ValidString(s) {
		return "", ErrInvalidName
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "", ErrInvalidName
		}
	}
	return s, nil
}

func sameName(a, b string) bool { return strings.EqualFold(a, b) }

// checkPassphrase rejects new passphrases shorter than MinPassphraseLen
// characters.
func checkPassphrase(p []byte) error {
	if utf8.RuneCount(p) < MinPassphraseLen {
		return ErrPassphraseTooShort
	}
	return nil
}

type storedSlot struct {
	id  string
	raw []byte
}

// readSlots copies every slot out of a read transaction, so the slow key
// derivation runs without holding one.
func (v *Vault) readSlots() ([]storedSlot, error) {
	var out []storedSlot
	err := v.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketSlots))
		if b == nil {
			return ErrUnsupportedFormat
		}
		return b.ForEach(func(k, val []byte) error {
			if val != nil {
				out = append(out, storedSlot{id: string(k), raw: append([]byte(nil), val...)})
			}
			return nil
		})
	})
	return out, err
}

// Unlock derives the keys from a passphrase. user "" accepts whichever
// user's slot the passphrase opens (with one user: that user); otherwise the
// name must match too (case-insensitively). Names are sealed inside the
// slots, so Unlock tries every passphrase slot in turn: a wrong passphrase
// costs one Argon2id run per user of the vault. On failure the vault stays
// locked and the error is ErrWrongPassphrase.
func (v *Vault) Unlock(user string, passphrase []byte) error {
	v.Lock()
	want := strings.TrimSpace(user)
	slots, err := v.readSlots()
	if err != nil {
		return err
	}
	for _, s := range slots {
		h, _, err := decodeSlot(s.raw)
		if err != nil || h.Type != slotPassphrase {
			continue // damaged slots are reported by Check
		}
		_, p, err := openSlot(s.id, s.raw, passphrase)
		if err != nil {
			continue
		}
		if !p.Role.Valid() || (want != "" && !sameName(p.Name, want)) {
			clear(p.Notes)
			clear(p.Stats)
			continue
		}
		return v.setUnlocked(p, s.id, false)
	}
	return ErrWrongPassphrase
}

// UnlockWithRecovery opens the recovery slot with the code shown at Create.
// The vault is then unlocked with both keys and supporter rights, as no
// particular user (User returns ""), so that SetPassphraseWithRecovery can
// give a user a new passphrase.
func (v *Vault) UnlockWithRecovery(code []byte) error {
	v.Lock()
	secret, err := parseRecoveryCode(code)
	if err != nil {
		return err
	}
	defer clear(secret)
	slots, err := v.readSlots()
	if err != nil {
		return err
	}
	for _, s := range slots {
		h, _, err := decodeSlot(s.raw)
		if err != nil || h.Type != slotRecovery {
			continue
		}
		_, p, err := openSlot(s.id, s.raw, secret)
		if err != nil {
			continue
		}
		p.Role = RoleSupporter
		return v.setUnlocked(p, s.id, true)
	}
	return ErrBadRecoveryCode
}

func (v *Vault) setUnlocked(p slotPayload, slotID string, recovery bool) error {
	v.mu.Lock()
	v.notes, v.stats = p.Notes, p.Stats
	v.user, v.role, v.slotID, v.recovery = p.Name, p.Role, slotID, recovery
	v.mu.Unlock()
	if v.version < currentFormat {
		if err := v.migrate(); err != nil {
			v.Lock()
			return err
		}
	}
	return nil
}

// Lock wipes the keys from memory. The file stays open.
func (v *Vault) Lock() {
	v.mu.Lock()
	defer v.mu.Unlock()
	clear(v.notes)
	clear(v.stats)
	v.notes, v.stats = nil, nil
	v.user, v.role, v.slotID, v.recovery = "", "", "", false
}

// Close locks the vault and closes the file.
func (v *Vault) Close() error {
	v.Lock()
	return v.db.Close()
}

// Unlocked reports whether the keys are in memory.
func (v *Vault) Unlocked() bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.stats != nil
}

// User returns the unlocked user's name and role. After
// UnlockWithRecovery the name is "" and the role RoleSupporter.
func (v *Vault) User() (name string, role Role) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.user, v.role
}

// Recovery reports whether the vault was unlocked with the recovery code.
func (v *Vault) Recovery() bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.recovery
}

// CanReadNotes reports whether the unlocked role holds the notes key.
func (v *Vault) CanReadNotes() bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.notes != nil
}

// dirEntry is the sealed value of the user directory ("users" bucket, keyed
// by slot ID, sealed under the statistics key so every role can list users).
type dirEntry struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
}

func sealDirEntry(stats []byte, version uint32, slotID string, u User) ([]byte, error) {
	plain, err := json.Marshal(dirEntry(u))
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	return seal(stats, recordAD(version, bucketUsers, slotID), plain)
}

type dirRecord struct {
	slotID string
	User
}

// readDir decrypts the user directory inside tx.
func (v *Vault) readDir(tx *bolt.Tx) ([]dirRecord, error) {
	b := tx.Bucket([]byte(bucketUsers))
	if b == nil {
		return nil, ErrUnsupportedFormat
	}
	var out []dirRecord
	err := b.ForEach(func(k, val []byte) error {
		plain, err := openEnvelope(v.stats, recordAD(v.version, bucketUsers, string(k)), val)
		if err != nil {
			return fmt.Errorf("%w: %s/%s", ErrTampered, bucketUsers, k)
		}
		defer clear(plain)
		var e dirEntry
		if err := json.Unmarshal(plain, &e); err != nil || !e.Role.Valid() {
			return fmt.Errorf("%w: %s/%s", ErrTampered, bucketUsers, k)
		}
		out = append(out, dirRecord{slotID: string(k), User: User(e)})
		return nil
	})
	return out, err
}

// Users lists every user, sorted by name. Any unlocked role may list.
func (v *Vault) Users() ([]User, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.stats == nil {
		return nil, ErrLocked
	}
	var out []User
	err := v.db.View(func(tx *bolt.Tx) error {
		dir, err := v.readDir(tx)
		for _, d := range dir {
			out = append(out, d.User)
		}
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
// session; ErrLocked when the vault is locked; for a role without the
// notes key (a coordinator) an error that is both ErrNotPermitted and
// ErrNoAccess; ErrNotPermitted for any other role (a kompaan).
func (v *Vault) RequireSupporter() error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.requireSupporter()
}

// requireSupporter is RequireSupporter with v.mu held.
func (v *Vault) requireSupporter() error {
	switch {
	case v.stats == nil:
		return ErrLocked
	case v.notes == nil:
		return fmt.Errorf("%w: %w", ErrNotPermitted, ErrNoAccess)
	case v.role != RoleSupporter:
		return ErrNotPermitted
	}
	return nil
}

// AddUser gives a new person a key slot with the keys of their role. Only a
// supporter (or a recovery session) may add users.
func (v *Vault) AddUser(name string, role Role, passphrase []byte) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
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
	if err := v.db.View(func(tx *bolt.Tx) error { return v.checkFreeName(tx, name) }); err != nil {
		return err
	}
	p := slotPayload{Role: role, Name: name, Stats: v.stats}
	if role != RoleCoordinator {
		p.Notes = v.notes
	}
	id := NewID()
	slot, err := sealSlot(id, slotPassphrase, v.opt.KDF, passphrase, p)
	if err != nil {
		return err
	}
	dir, err := sealDirEntry(v.stats, v.version, id, User{Name: name, Role: role})
	if err != nil {
		return err
	}
	return v.db.Update(func(tx *bolt.Tx) error {
		if err := v.checkFreeName(tx, name); err != nil { // again: the KDF ran outside the transaction
			return err
		}
		if err := tx.Bucket([]byte(bucketSlots)).Put([]byte(id), slot); err != nil {
			return err
		}
		return tx.Bucket([]byte(bucketUsers)).Put([]byte(id), dir)
	})
}

func (v *Vault) checkFreeName(tx *bolt.Tx, name string) error {
	dir, err := v.readDir(tx)
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

func findUser(dir []dirRecord, name string) (dirRecord, bool) {
	name = strings.TrimSpace(name)
	for _, d := range dir {
		if sameName(d.Name, name) {
			return d, true
		}
	}
	return dirRecord{}, false
}

// RemoveUser deletes a user's key slot and directory entry. Only a supporter
// may; never the last supporter, and not oneself. The data keys are not
// rotated: see docs/FORMAT.md.
func (v *Vault) RemoveUser(name string) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if err := v.requireSupporter(); err != nil {
		return err
	}
	return v.db.Update(func(tx *bolt.Tx) error {
		dir, err := v.readDir(tx)
		if err != nil {
			return err
		}
		d, ok := findUser(dir, name)
		if !ok {
			return ErrUnknownUser
		}
		if d.slotID == v.slotID {
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
		if err := tx.Bucket([]byte(bucketSlots)).Delete([]byte(d.slotID)); err != nil {
			return err
		}
		return tx.Bucket([]byte(bucketUsers)).Delete([]byte(d.slotID))
	})
}

// ChangePassphrase re-wraps the unlocked user's own slot under a new
// passphrase (fresh salt, this handle's KDF parameters). No data is
// re-encrypted and no other slot changes.
func (v *Vault) ChangePassphrase(newPassphrase []byte) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.stats == nil {
		return ErrLocked
	}
	if v.recovery {
		return fmt.Errorf("%w: use SetPassphraseWithRecovery", ErrNotPermitted)
	}
	if err := checkPassphrase(newPassphrase); err != nil {
		return err
	}
	return v.rewrap(v.slotID, User{Name: v.user, Role: v.role}, newPassphrase)
}

// SetPassphraseWithRecovery gives user a new passphrase after
// UnlockWithRecovery. user "" means the only user.
func (v *Vault) SetPassphraseWithRecovery(user string, newPassphrase []byte) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.stats == nil {
		return ErrLocked
	}
	if !v.recovery {
		return fmt.Errorf("%w: unlock with the recovery code first", ErrNotPermitted)
	}
	if err := checkPassphrase(newPassphrase); err != nil {
		return err
	}
	var target dirRecord
	err := v.db.View(func(tx *bolt.Tx) error {
		dir, err := v.readDir(tx)
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
	return v.rewrap(target.slotID, target.User, newPassphrase)
}

// rewrap replaces one passphrase slot. v.mu must be held.
func (v *Vault) rewrap(slotID string, u User, passphrase []byte) error {
	p := slotPayload{Role: u.Role, Name: u.Name, Stats: v.stats}
	if u.Role != RoleCoordinator {
		p.Notes = v.notes
	}
	slot, err := sealSlot(slotID, slotPassphrase, v.opt.KDF, passphrase, p)
	if err != nil {
		return err
	}
	return v.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketSlots))
		if b.Get([]byte(slotID)) == nil {
			return ErrUnknownUser
		}
		return b.Put([]byte(slotID), slot)
	})
}
