package session

import (
	"errors"

	"github.com/spreekuur/spreekuur/store"
)

// Errors a person can cause or meet. The store's sentinels are the same
// values here, so the screens test them without importing the store;
// Sentence turns each into one plain sentence.
var (
	ErrWrongPassphrase = store.ErrWrongPassphrase
	ErrLocked          = store.ErrLocked
	ErrNoAccess        = store.ErrNoAccess
	ErrVaultInUse      = store.ErrVaultInUse
	ErrNotFound        = store.ErrNotFound
	ErrPassphraseShort = store.ErrPassphraseTooShort
	ErrNotPermitted    = store.ErrNotPermitted
	ErrTampered        = store.ErrTampered
	ErrVaultExists     = store.ErrVaultExists
	ErrInvalidName     = store.ErrInvalidName
	ErrUserExists      = store.ErrUserExists
	// ErrKeysRenewed: the vault's keys were renewed (a user was removed)
	// and this passphrase opens only the old ones.
	ErrKeysRenewed = store.ErrKeysRenewed
	// ErrRetention: a retention period outside 6 to 120 months.
	ErrRetention = store.ErrRetention

	// ErrNotYours: a kompaan asked for a conversation they did not take part in.
	ErrNotYours = errors.New("session: kompaan did not take part in this conversation")
	// ErrIDTooShort: an ID prefix shorter than MinIDPrefix characters.
	ErrIDTooShort = errors.New("session: ID too short")
	// ErrAmbiguousID: more than one record starts with this prefix.
	ErrAmbiguousID = errors.New("session: ID prefix matches more than one record")
	// ErrNoPassphrase: an empty passphrase was given.
	ErrNoPassphrase = errors.New("session: no passphrase")
	// ErrPassphraseMismatch: the two new passphrases differ.
	ErrPassphraseMismatch = errors.New("session: passphrases differ")
	// ErrRecoveryMismatch: the recovery code typed back differs from the one shown.
	ErrRecoveryMismatch = errors.New("session: recovery code typed back differs")
	// ErrDiskFull: a write failed because the disk is full — the store's
	// own sentinel (store.Vault wraps it around ENOSPC/EDQUOT and Windows'
	// disk-full errors).
	ErrDiskFull = store.ErrDiskFull
	// ErrNotLate: a letter for a late decision was asked of a
	// conversation where the municipality is not (or no longer) late.
	ErrNotLate = errors.New("session: the municipality is not late here")
	// ErrOrganisation: the organisation's name or phone number is not
	// valid (too long, or a phone number with other characters).
	ErrOrganisation = store.ErrOrganisation
)
