package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Role is what a user may do; it decides which data keys their slot holds.
type Role string

const (
	RoleSupporter   Role = "supporter"   // client supporter: every record, manages users
	RoleKompaan     Role = "kompaan"     // experience expert: the intakes they took part in, statistics
	RoleCoordinator Role = "coordinator" // statistics only; holds no key to personal records
)

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool {
	return r == RoleSupporter || r == RoleKompaan || r == RoleCoordinator
}

// User is an entry of the user directory.
type User struct {
	// ID is the user's key slot ID: random, stable for as long as the
	// user exists (a passphrase change keeps it), never shown as a name.
	ID   string
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
	// ReadOnly opens the file for reading only, with a shared lock: for
	// commands that only read (check, exports), so that a vault on
	// read-only media or with a read-only file mode can still be checked
	// and exported from. Writes give ErrReadOnly; an old format is read
	// as it is, not upgraded.
	ReadOnly bool
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
	path     string
	db       *bolt.DB
	opt      Options
	version  uint32 // format version on disk
	readOnly bool

	mu       sync.RWMutex
	keys     *keySet // nil when locked
	user     string
	role     Role
	slotID   string
	recovery bool // unlocked with the recovery code

	// trusted are the intakes whose statistics this process staged and
	// that it did not write since (FinishStagedStats).
	trust   sync.Mutex
	trusted map[string]bool
}

// Path is the file the vault lives in.
func (v *Vault) Path() string { return v.path }

// FormatVersion is the vault's on-disk format version.
func (v *Vault) FormatVersion() uint32 { return v.version }

// ReadOnly reports whether the vault was opened read-only.
func (v *Vault) ReadOnly() bool { return v.readOnly }

func openNoCreate(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag&^os.O_CREATE, perm)
}

func openExclusive(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag|os.O_CREATE|os.O_EXCL, perm)
}

// fuzzing trades what only matters for real vaults for speed, for the
// fuzz target that opens thousands of throw-away files: no fsync on
// commit, no garbage collections on Lock.
var fuzzing = false

func boltOpen(path string, opt Options, openFile func(string, int, os.FileMode) (*os.File, error)) (db *bolt.DB, err error) {
	// bbolt opens the file through us, so that should it panic half-way
	// (a damaged file), its file — and the lock on it — is closed, not
	// left open until the process ends.
	var file *os.File
	open := func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := openFile(name, flag, perm)
		file = f
		return f, err
	}
	err = safely(func() error {
		var err error
		db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: opt.Timeout, OpenFile: open, ReadOnly: opt.ReadOnly, NoSync: fuzzing})
		return err
	})
	if db == nil && file != nil {
		_ = file.Close()
	}
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, ErrDamaged):
		return nil, err
	case errors.Is(err, berrors.ErrTimeout):
		return nil, ErrVaultInUse
	case errors.Is(err, fs.ErrExist):
		return nil, ErrVaultExists
	case errors.Is(err, fs.ErrNotExist):
		return nil, ErrNoVault
	case errors.Is(err, berrors.ErrInvalid):
		return nil, ErrNotVault
	case errors.Is(err, berrors.ErrVersionMismatch):
		return nil, fmt.Errorf("%w: bbolt file version", ErrUnsupportedFormat)
	case errors.Is(err, berrors.ErrChecksum):
		return nil, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) { // permission, I/O: the system's reason
		return nil, fmt.Errorf("store: open vault: %w", err)
	}
	// bbolt's other complaints are about the file's structure.
	return nil, fmt.Errorf("%w: %w", ErrDamaged, err)
}

// Open opens the vault at path, locked. It never waits longer than
// opt.Timeout for another process: then it returns ErrVaultInUse. A missing
// file is ErrNoVault; a file that is not a vault ErrNotVault; a damaged one
// (cut off, pages overwritten or moved) ErrDamaged; one from a newer
// version ErrUnsupportedFormat. Opening never crashes on a damaged file:
// its structure is walked with plain reads before bbolt touches it (see
// checkFile).
func Open(path string, opt Options) (*Vault, error) {
	opt = opt.withDefaults()
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoVault
	}
	if err != nil {
		return nil, fmt.Errorf("store: open vault: %w", err)
	}
	if !fi.Mode().IsRegular() || fi.Size() == 0 {
		return nil, ErrNotVault
	}
	// Walk the file before bbolt maps it (a fault in bbolt's own Open
	// leaves its mapping, and with it the file lock, behind), under a
	// shared lock so that no other process is half-way through a commit.
	if err := precheck(path, opt.Timeout); err != nil {
		return nil, err
	}
	var opened *os.File
	db, err := boltOpen(path, opt, func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := openNoCreate(name, flag, perm)
		opened = f
		return f, err
	})
	if err != nil {
		return nil, err
	}
	if replaced(path, opened) {
		// Compact put a new file in its place while this one waited for
		// the lock: what is written here would be lost.
		_ = db.Close()
		return nil, ErrVaultInUse
	}
	v := &Vault{path: path, db: db, opt: opt, readOnly: opt.ReadOnly}
	if err := v.readVersion(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return v, nil
}

// replaced reports whether path no longer names the file f (Compact
// renamed a new vault over it).
func replaced(path string, f *os.File) bool {
	if f == nil {
		return false
	}
	a, err1 := f.Stat()
	b, err2 := os.Stat(path)
	return err1 == nil && err2 == nil && !os.SameFile(a, b)
}

// precheck walks the file's structure (checkFile) while holding a shared
// lock on it.
func precheck(path string, timeout time.Duration) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("store: open vault: %w", err)
	}
	defer f.Close() // and with it the lock
	if err := lockShared(f, timeout); err != nil {
		return err
	}
	_, err = walkOpenFile(f, false)
	return err
}

func (v *Vault) readVersion() error {
	return safely(func() error {
		return v.db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(bucketVault))
			if b == nil || tx.Bucket([]byte(bucketSlots)) == nil {
				return ErrNotVault
			}
			ver, err := decodeVersion(b.Get([]byte("format")))
			if err != nil {
				return err
			}
			if ver > currentFormat+newerFormats {
				// Not a version any program could have written soon after
				// this one: a damaged number (the format's number is the
				// one plaintext field read before the structure), not a
				// reason to tell someone to update.
				return fmt.Errorf("%w: bad format version %d", ErrDamaged, ver)
			}
			if ver > currentFormat {
				return fmt.Errorf("%w: format %d is newer than %d", ErrUnsupportedFormat, ver, currentFormat)
			}
			v.version = ver
			return nil
		})
	})
}

// newerFormats is how far past its own format a vault's format may be
// and still be taken for one a newer version of spreekuur wrote (five
// format changes in the project's first years): a number further ahead
// is damage.
const newerFormats = 16

// decodeVersion parses the plaintext format version: 4 bytes, big-endian,
// never 0.
func decodeVersion(b []byte) (uint32, error) {
	if len(b) != 4 {
		return 0, fmt.Errorf("%w: bad format version", ErrDamaged)
	}
	ver := binary.BigEndian.Uint32(b)
	if ver == 0 {
		return 0, fmt.Errorf("%w: bad format version", ErrDamaged)
	}
	return ver, nil
}

// initTmpSuffix ends the name of a vault that Create is still building.
const initTmpSuffix = ".init.tmp"

// staleInit is how old a half-built vault of an interrupted Create must be
// before the next Create removes it; building one takes seconds.
const staleInit = 10 * time.Minute

// Create makes a new vault at path with its first user, who must be a
// supporter, and returns it unlocked as that user together with the
// printable recovery code. Show the code once and clear it. The file is
// created with mode 0600 and its directory with 0700; an existing file is
// never touched (ErrVaultExists). The vault is built under a temporary
// name next to path and gets its name only when it is complete, so an
// interrupted Create leaves no half-made vault that blocks the next one.
func Create(path, user string, role Role, passphrase []byte, opt Options) (_ *Vault, recoveryCode []byte, err error) {
	opt = opt.withDefaults()
	opt.ReadOnly = false
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
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("store: create directory: %w", writeError(err))
	}
	removeStaleInits(path)

	group, stats := make([]byte, keySize), make([]byte, keySize)
	if err := randRead(group); err != nil {
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
	keys, err := newKeySet(slotPayload{Notes: group, Stats: stats})
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			keys.wipe()
			clear(printable)
		}
	}()

	userSlot, recSlot := NewID(), NewID()
	up, userPub, err := withUserKey(slotPayload{Role: role, Name: name, Notes: keys.group.raw, Stats: keys.stats.raw})
	if err != nil {
		return nil, nil, err
	}
	us, err := sealSlot(userSlot, slotPassphrase, opt.KDF, passphrase, up)
	keys.user = up.User // for a passphrase change; wiped on lock
	if err != nil {
		return nil, nil, err
	}
	rs, err := sealSlot(recSlot, slotRecovery, opt.KDF, secret, slotPayload{Notes: keys.group.raw, Stats: keys.stats.raw})
	if err != nil {
		return nil, nil, err
	}

	tmp := path + "." + NewID()[:8] + initTmpSuffix
	db, err := boltOpen(tmp, opt, openExclusive)
	if err != nil {
		return nil, nil, err
	}
	v := &Vault{path: tmp, db: db, opt: opt, version: currentFormat}
	err = v.update(keys, func(tx *Tx) error {
		for _, name := range []string{bucketVault, bucketSlots, bucketUsers, bucketKeyring, bucketIndex} {
			if _, err := tx.btx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		for _, k := range Kinds() {
			if _, err := tx.btx.CreateBucket([]byte(k)); err != nil {
				return err
			}
		}
		if err := tx.btx.Bucket([]byte(bucketVault)).Put([]byte("format"), binary.BigEndian.AppendUint32(nil, currentFormat)); err != nil {
			return err
		}
		if err := tx.put(bucketSlots, []byte(userSlot), us); err != nil {
			return err
		}
		if err := tx.put(bucketSlots, []byte(recSlot), rs); err != nil {
			return err
		}
		if err := tx.putDirEntryKey(userSlot, User{Name: name, Role: role}, userPub); err != nil {
			return err
		}
		if err := tx.ensureGroupPub(); err != nil {
			return err
		}
		if err := tx.writeKeycheck(); err != nil {
			return err
		}
		// A digest from the first write on (flushDigest would rebuild it).
		return v.writeDigest(tx.btx, keys, &vaultDigest{buckets: map[string]*bucketSum{}})
	})
	closeErr := db.Close()
	if err == nil {
		err = closeErr
	}
	if err == nil {
		err = putInPlace(tmp, path)
	}
	_ = os.Remove(tmp)
	if err != nil {
		return nil, nil, fmt.Errorf("store: create vault: %w", err)
	}
	syncDir(dir)
	if db, err = boltOpen(path, opt, openNoCreate); err != nil {
		return nil, nil, err
	}
	v = &Vault{path: path, db: db, opt: opt, version: currentFormat,
		keys: keys, user: name, role: role, slotID: userSlot}
	return v, printable, nil
}

// putInPlace gives the finished vault tmp the name path, never over an
// existing file: a hard link where the file system has them (it fails if
// path exists), else claiming the name first and renaming over the claim.
func putInPlace(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return ErrVaultExists
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return ErrVaultExists
		}
		return writeError(err)
	}
	_ = f.Close()
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(path)
		return writeError(err)
	}
	return nil
}

// removeStaleInits removes half-built vaults of interrupted Creates of
// path (older than staleInit): they never got a name, and no recovery
// code of theirs was shown.
func removeStaleInits(path string) { removeStale(path, initTmpSuffix) }

// removeStale removes temporary files of interrupted runs next to path
// (path.<random><suffix>: Create, Compact) older than staleInit.
func removeStale(path, suffix string) {
	matches, _ := filepath.Glob(path + ".*" + suffix)
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) > staleInit {
			_ = os.Remove(m)
		}
	}
}

// syncDir makes a new name in dir durable; not every system can sync a
// directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

type storedSlot struct {
	id  string
	raw []byte
}

// readSlots copies every slot out of a read transaction, so the slow key
// derivation runs without holding one.
func (v *Vault) readSlots() ([]storedSlot, error) {
	var out []storedSlot
	err := safely(func() error {
		return v.db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(bucketSlots))
			if b == nil {
				return ErrNotVault
			}
			return b.ForEach(func(k, val []byte) error {
				if val != nil {
					out = append(out, storedSlot{id: string(k), raw: append([]byte(nil), val...)})
				}
				return nil
			})
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
			p.wipe()
			continue
		}
		return v.setUnlocked(p, s.id, false, passphrase)
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
		return v.setUnlocked(p, s.id, true, nil)
	}
	return ErrBadRecoveryCode
}

func (p *slotPayload) wipe() {
	clear(p.Notes)
	clear(p.Stats)
	clear(p.Member)
	clear(p.User)
}

// setUnlocked takes an opened slot's keys into memory and brings the file
// up to date where this role may: the format upgrade (a supporter), a
// version-1 kompaan slot (the kompaan, with their passphrase), records a
// kompaan wrote (a supporter, see settle).
func (v *Vault) setUnlocked(p slotPayload, slotID string, recovery bool, passphrase []byte) (err error) {
	legacyKompaan := p.Role == RoleKompaan && p.Version == slotPayloadV1
	defer clear(p.User)
	// After a key rotation: the new keys left for this user (rotate.go).
	rekeyed := false
	if !recovery && !legacyKompaan && v.version >= formatFiled {
		if rekeyed, err = v.takeRekey(&p, slotID); err != nil {
			p.wipe()
			return err
		}
	}
	if v.version < currentFormat {
		// The upgrade needs the group key and is a supporter's (or the
		// recovery code's) to make. Read-only, a supporter or a
		// coordinator reads the old format as it is.
		canMigrate := p.Notes != nil && !legacyKompaan
		if legacyKompaan || (!canMigrate && !v.readOnly) {
			p.wipe()
			return ErrNeedsUpgrade
		}
	}
	keys, err := newKeySet(p)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			keys.wipe()
		}
	}()
	if v.version < currentFormat && !v.readOnly {
		if err := v.migrate(keys); err != nil {
			return err
		}
	}
	if legacyKompaan {
		if keys, err = v.convertKompaanSlot(keys, slotID, p.Name, passphrase); err != nil {
			return err
		}
	}
	if keys.group != nil && v.version >= formatFiled {
		for _, m := range keys.kompanen { // the upgrade's; read again below
			m.key.wipe()
		}
		err := v.view(keys, func(tx *Tx) error {
			var err error
			keys.kompanen, err = v.readKeyring(tx.btx, keys)
			return err
		})
		if err != nil {
			return err
		}
		if !v.readOnly {
			if err := v.settle(keys); err != nil {
				return err
			}
			if err := v.afterSupporterUnlock(keys); err != nil {
				return err
			}
			// Statistics an import staged and did not write (it was
			// stopped). Not written is no reason to refuse the unlock:
			// the next import or unlock tries again, Check reports it.
			_, _ = v.finishStaged(keys)
		}
	}
	// A slot sealed again: after a rotation (its keys are old), or to give
	// it a key pair the next rotation can reach (payload version 3).
	if !recovery && !legacyKompaan && !v.readOnly && passphrase != nil && v.version >= formatFiled && (rekeyed || p.Version < slotPayloadV3) {
		if err := v.resealOwnSlot(keys, slotID, User{Name: p.Name, Role: p.Role}, passphrase); err != nil {
			return err
		}
	}
	if keys.user == nil && p.User != nil {
		keys.user = append([]byte(nil), p.User...)
	}
	v.mu.Lock()
	v.keys = keys
	v.user, v.role, v.slotID, v.recovery = p.Name, p.Role, slotID, recovery
	v.mu.Unlock()
	return nil
}

// Lock wipes the keys from memory and gives the freed memory back to the
// OS (docs/FORMAT.md §5). The file stays open.
func (v *Vault) Lock() {
	v.mu.Lock()
	was := v.keys != nil
	v.keys.wipe()
	v.keys = nil
	v.user, v.role, v.slotID, v.recovery = "", "", "", false
	v.mu.Unlock()
	if was && !fuzzing {
		freeMemory()
	}
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
	return v.keys != nil
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

// CanReadNotes reports whether the unlocked role reads personal records:
// a supporter all of them, a kompaan those of the intakes they took part
// in. A coordinator holds no key to them.
func (v *Vault) CanReadNotes() bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.keys != nil && (v.keys.group != nil || v.keys.member != nil)
}
