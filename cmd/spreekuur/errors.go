package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
)

// usageError is a mistake in how the command was called: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// userErrors maps each sentinel to one plain sentence and an exit code. The
// sentences never contain record contents or user names.
var userErrors = []struct {
	err  error
	msg  string
	code int
}{
	{store.ErrWrongPassphrase, "the passphrase is not correct (or does not belong to this user)", exitWrongPassword},
	{store.ErrVaultInUse, "the vault is already open in another copy of spreekuur; close that one first", exitVaultInUse},
	{store.ErrNoVault, "there is no vault here yet; create one with `spreekuur init` or choose one with --db", exitFailure},
	{store.ErrVaultExists, "a vault already exists at this location; it was left untouched", exitFailure},
	{store.ErrTampered, "the vault file has been changed or damaged: a record failed its integrity check (run `spreekuur check`)", exitFailure},
	// Before ErrNoAccess: a coordinator asking for a supporter's task gets
	// an error that is both (store.Vault.RequireSupporter).
	{store.ErrNotPermitted, "your role may not do this", exitFailure},
	{store.ErrNoAccess, "your role has no access to these records", exitFailure},
	{store.ErrNotFound, "that record does not exist", exitFailure},
	{store.ErrLocked, "the vault is locked", exitFailure},
	{store.ErrUserExists, "a user with that name already exists", exitFailure},
	{store.ErrUnknownUser, "there is no user with that name", exitFailure},
	{store.ErrLastSupporter, "the last supporter cannot be removed; add another supporter first", exitFailure},
	{store.ErrUnsupportedFormat, "this file is not a spreekuur vault, or it was made by a newer version of spreekuur", exitFailure},
	{store.ErrNeedsUpgrade, "this vault must first be opened once by a supporter or kompaan to upgrade it", exitFailure},
	{store.ErrBadRecoveryCode, "the recovery code is not correct; check it for typos", exitWrongPassword},
	{store.ErrPassphraseTooShort, fmt.Sprintf("the new passphrase is too short: use at least %d characters, for example a short sentence", store.MinPassphraseLen), exitFailure},
	{store.ErrInvalidName, "a user name must be 1 to 64 characters, without control characters", exitUsage},
	{store.ErrInvalidRole, "the role must be supporter, kompaan or coordinator", exitUsage},
	{store.ErrOrganisation, fmt.Sprintf("the organisation's name may be at most %d characters and its phone number at most %d, with only digits, spaces and + - ( ) .", store.MaxOrganisationName, store.MaxOrganisationPhone), exitUsage},
	{store.ErrStatThreshold, fmt.Sprintf("the minimum cell size of the statistics must be from %d to %d; the one stored in the vault is not (ask a supporter to set it again)", store.MinStatThreshold, store.MaxStatThreshold), exitFailure},
}

// sessionErrors are the session's own sentinels: their sentence comes from
// session.Sentence, in the language of the command line.
var sessionErrors = []error{session.ErrNotYours, session.ErrAmbiguousID, session.ErrIDTooShort, session.ErrDiskFull}

// cli is the command line's global options, for the language of the
// messages (--lang may come after the subcommand too); set by run.
var cli = &globalOptions{Lang: "nl"}

// explain turns an error into one sentence and an exit code.
func explain(err error) (string, int) {
	var ue usageError
	if errors.As(err, &ue) {
		return ue.msg, exitUsage
	}
	for _, e := range sessionErrors {
		if errors.Is(err, e) {
			msg, _ := session.Sentence(err, cli.Lang)
			return msg, exitFailure
		}
	}
	for _, e := range userErrors {
		if errors.Is(err, e.err) {
			msg := e.msg
			if errors.Is(err, store.ErrNotPermitted) && strings.Contains(err.Error(), "remove yourself") {
				msg = "you cannot remove yourself; ask another supporter"
			}
			return msg, e.code
		}
	}
	// Not one of ours: an I/O or system error. Its text names files and
	// system calls, never record contents.
	return strings.TrimPrefix(err.Error(), "store: "), exitFailure
}

// fail prints err as one sentence on stderr and returns its exit code.
func fail(err error) int {
	msg, code := explain(err)
	fmt.Fprintf(os.Stderr, "spreekuur: %s.\n", strings.TrimSuffix(msg, "."))
	return code
}
