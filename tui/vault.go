package tui

import (
	"errors"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store/statistics"
)

// Vault is everything the screens need from the encrypted store. It is kept
// narrow on purpose (DESIGN §3: tui reaches the store only through this
// interface): cmd/spreekuur adapts *store.Vault to it, tests use a fake.
//
// Errors: Unlock returns an error wrapping ErrWrongPassphrase for a wrong
// user or passphrase; reads on a locked vault wrap ErrLocked; a role that
// may not read notes gets ErrNoAccess; a missing record ErrNotFound.
type Vault interface {
	// Unlock opens the key slot of user ("" = whichever slot the
	// passphrase opens). The caller wipes pass afterwards.
	Unlock(user string, pass []byte) error
	// Lock wipes the keys from memory.
	Lock()
	Unlocked() bool
	// User is the user who unlocked the vault ("" when locked).
	User() string
	// Role is the unlocked user's role: "supporter", "kompaan" or
	// "coordinator" ("" when locked). A kompaan sees only the intakes
	// they took part in (kompaan.go).
	Role() string
	// CanReadNotes reports whether the unlocked user holds the notes key
	// (supporter, kompaan). A coordinator holds only the statistics key:
	// the app shows them the statistics dashboard and never reads notes.
	CanReadNotes() bool

	// Statistics counts the anonymised statistics records (statistics key
	// only) and returns the report after disclosure control: hidden counts
	// are not in it. opt selects the months and the threshold.
	Statistics(opt statistics.Options) (*statistics.Report, error)

	// Residents and IntakeHeaders list everything, for the home screen.
	// Headers, not whole intakes: listing 10,000 intakes must not decode
	// their notes and scans (docs/PERFORMANCE.md).
	Residents() ([]intake.Resident, error)
	IntakeHeaders() ([]intake.Header, error)
	Resident(id string) (intake.Resident, error)
	Intake(id string) (intake.Intake, error)

	// SaveResident and SaveIntake write one record, sealed, at once.
	SaveResident(r intake.Resident) error
	SaveIntake(in intake.Intake) error
	// DeleteResident removes a resident record (after consent was
	// withdrawn). Deleting a missing record is not an error.
	DeleteResident(id string) error
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
	ErrNotFound        = errors.New("record not found")
	ErrPassphraseShort = errors.New("passphrase too short")
)
