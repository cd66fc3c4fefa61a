package store

import "errors"

// Sentinel errors. Each is something a person can cause or meet; the CLI and
// the TUI translate them into one plain sentence. Errors returned by this
// package wrap one of these with %w where it applies, and never carry the
// plaintext of a record or a user name.
var (
	// ErrWrongPassphrase: no key slot opens with this passphrase (and name).
	ErrWrongPassphrase = errors.New("store: wrong passphrase")
	// ErrVaultInUse: another process holds the vault file open.
	ErrVaultInUse = errors.New("store: vault is in use by another process")
	// ErrNoVault: there is no vault file at the path.
	ErrNoVault = errors.New("store: no vault at this path")
	// ErrVaultExists: Create was asked to overwrite an existing file.
	ErrVaultExists = errors.New("store: a vault already exists at this path")
	// ErrTampered: a value failed authentication (edited, swapped, truncated)
	// or the file structure is damaged. The value is never decoded.
	ErrTampered = errors.New("store: record failed its integrity check")
	// ErrNoAccess: the unlocked user's role holds no key for this kind of
	// record (a coordinator and the notes kinds).
	ErrNoAccess = errors.New("store: this role has no access to these records")
	// ErrNotFound: no record with this ID.
	ErrNotFound = errors.New("store: record not found")
	// ErrLocked: the vault must be unlocked first.
	ErrLocked = errors.New("store: vault is locked")

	// ErrUserExists: a user with this name already exists (names compare
	// case-insensitively).
	ErrUserExists = errors.New("store: user already exists")
	// ErrUnknownUser: no user with this name.
	ErrUnknownUser = errors.New("store: no such user")
	// ErrNotPermitted: the unlocked user's role may not do this.
	ErrNotPermitted = errors.New("store: not permitted for this role")
	// ErrLastSupporter: removing this user would leave no supporter.
	ErrLastSupporter = errors.New("store: cannot remove the last supporter")
	// ErrUnsupportedFormat: the vault was written by a newer version of the
	// program (its format version, a slot or record layout it does not
	// know). Not for damage: that is ErrDamaged.
	ErrUnsupportedFormat = errors.New("store: the vault was made by a newer version")
	// ErrNotVault: the file is not a spreekuur vault at all (not a bbolt
	// file, or one without the vault's buckets), or it is empty.
	ErrNotVault = errors.New("store: the file is not a spreekuur vault")
	// ErrDamaged: the file is a vault but its structure is damaged: cut
	// off, pages overwritten or moved, a bad checksum. Nothing was read from
	// the damaged part; a single record that fails its integrity check is
	// ErrTampered instead.
	ErrDamaged = errors.New("store: the vault file is damaged")
	// ErrDiskFull: a write failed because the disk (or the user's quota) is
	// full. The transaction was rolled back; nothing was half-written.
	ErrDiskFull = errors.New("store: the disk is full")
	// ErrReadOnly: the vault was opened read-only (Options.ReadOnly, or a
	// file the user may only read), so it cannot be changed.
	ErrReadOnly = errors.New("store: the vault is open read-only")
	// ErrBadRecoveryCode: the recovery code is mistyped (checksum) or does
	// not open the recovery slot.
	ErrBadRecoveryCode = errors.New("store: recovery code is not correct")
	// ErrPassphraseTooShort: a new passphrase is shorter than MinPassphraseLen.
	ErrPassphraseTooShort = errors.New("store: passphrase is too short")
	// ErrInvalidName: a user name is empty, too long or has control characters.
	ErrInvalidName = errors.New("store: invalid user name")
	// ErrInvalidRole: not one of the three roles.
	ErrInvalidRole = errors.New("store: invalid role")
	// ErrInvalidID: a record ID is empty, too long or has characters outside
	// the allowed set. IDs are stored in plaintext: use NewID.
	ErrInvalidID = errors.New("store: invalid record ID")
	// ErrUnknownKind: a Kind that was never registered.
	ErrUnknownKind = errors.New("store: unknown record kind")
	// ErrNeedsUpgrade: the vault must be migrated to this version's format,
	// which needs a user holding every key (a supporter or kompaan).
	ErrNeedsUpgrade = errors.New("store: vault needs an upgrade by a supporter")
)
