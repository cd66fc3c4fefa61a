package tui

import (
	"errors"
	"time"
)

// Vault is everything the screens need from the encrypted store. It is kept
// narrow on purpose (DESIGN §3: tui reaches the store only through this
// interface): cmd/spreekuur adapts *store.Vault to it, tests use a fake.
//
// Errors: Unlock returns an error wrapping ErrWrongPassphrase for a wrong
// user or passphrase; reads on a locked vault return an error wrapping
// ErrLocked; a user whose role may not read notes gets ErrNoAccess.
type Vault interface {
	// Unlock opens the key slot of user. The caller wipes pass afterwards.
	Unlock(user string, pass []byte) error
	// Lock wipes the keys from memory.
	Lock()
	Unlocked() bool
	// User is the user who unlocked the vault ("" when locked).
	User() string
	// Users lists the user names, for the unlock screen; it may fail or be
	// empty when names are not readable before unlocking.
	Users() ([]string, error)

	// Residents and Intakes list what the home screen shows.
	Residents() ([]ResidentRow, error)
	Intakes() ([]IntakeRow, error)
	// Intake reads one intake for the read-only and resident views.
	Intake(id string) (IntakeDetail, error)
}

// CreateFunc creates a new vault with its first user and returns it unlocked
// together with the recovery code, which is shown once. It is used by the
// first-run screen when there is no vault yet.
type CreateFunc func(user string, pass []byte) (v Vault, recoveryCode []byte, err error)

// Errors the adapter translates store errors into, so the screens can say
// what happened in one plain sentence.
var (
	ErrWrongPassphrase = errors.New("wrong user or passphrase")
	ErrLocked          = errors.New("vault is locked")
	ErrNoAccess        = errors.New("no access to personal notes")
	ErrVaultInUse      = errors.New("vault is open in another program")
)

// IntakeStatus is where an intake stands.
type IntakeStatus int

const (
	StatusDraft  IntakeStatus = iota // being typed, not finished
	StatusOpen                       // agreements made, not closed
	StatusClosed                     // closed
)

// ResidentRow is one resident as listed on the home screen.
type ResidentRow struct {
	ID        string
	Pseudonym string // the name the supporter knows the resident by
	Created   time.Time
}

// IntakeRow is one intake (a conversation and its follow-ups) as listed on
// the home screen.
type IntakeRow struct {
	ID         string
	ResidentID string
	Status     IntakeStatus
	Updated    time.Time
	Location   string
}

// Agreement is who does what by when.
type Agreement struct {
	Who  string
	What string
	When string // already formatted for display
}

// Note is a supporter's or kompaan's note; never shown in the resident view.
type Note struct {
	Author string
	At     time.Time
	Text   string
}

// IntakeDetail is what the read-only intake and resident views show.
type IntakeDetail struct {
	ID         string
	Resident   string // pseudonym
	Status     IntakeStatus
	Updated    time.Time
	Question   string // the question in the resident's own words
	Clarified  string // the clarified question ("Mijn vraag is …")
	Agreements []Agreement
	Notes      []Note
}
