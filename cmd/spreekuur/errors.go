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

// userErrors maps each sentinel to one plain sentence, in English and in
// Dutch, and an exit code. The sentences never contain record contents or
// user names.
var userErrors = []struct {
	err    error
	en, nl string
	code   int
}{
	{store.ErrWrongPassphrase, "the passphrase is not correct (or does not belong to this user)",
		"de wachtwoordzin klopt niet (of hoort niet bij deze gebruiker)", exitWrongPassword},
	{store.ErrVaultInUse, "the vault is already open in another copy of spreekuur; close that one first",
		"de kluis is al open in een ander venster van spreekuur; sluit dat eerst", exitVaultInUse},
	{store.ErrNoVault, "there is no vault here yet; create one with `spreekuur init` or choose one with --db",
		"hier is nog geen kluis; maak er een met `spreekuur init` of kies er een met --db", exitFailure},
	{store.ErrVaultExists, "a vault already exists at this location; it was left untouched",
		"op deze plek staat al een kluis; die is niet aangeraakt", exitFailure},
	{store.ErrDiskFull, "the disk is full: nothing was changed; make room and try again",
		"de schijf is vol: er is niets veranderd; maak ruimte en probeer het opnieuw", exitFailure},
	{store.ErrDamaged, "this file is damaged: spreekuur cannot read it safely (run `spreekuur check`, or use a backup)",
		"dit bestand is beschadigd: spreekuur kan het niet veilig lezen (doe `spreekuur check`, of neem een reservekopie)", exitFailure},
	{store.ErrTampered, "the vault file has been changed or damaged: a record failed its integrity check (run `spreekuur check`)",
		"het kluisbestand is veranderd of beschadigd: een gegeven klopt niet meer (doe `spreekuur check`)", exitFailure},
	{store.ErrReadOnly, "the vault can only be read here (a read-only file or disk), so nothing was changed",
		"de kluis kan hier alleen gelezen worden (het bestand of de schijf is alleen-lezen); er is niets veranderd", exitFailure},
	// Before ErrNoAccess: a coordinator asking for a supporter's task gets
	// an error that is both (store.Vault.RequireSupporter).
	{store.ErrNotPermitted, "your role may not do this", "dit mag u met uw rol niet doen", exitFailure},
	{store.ErrNoAccess, "your role has no access to these records", "met uw rol kunt u deze gegevens niet lezen", exitFailure},
	{store.ErrNotFound, "that record does not exist", "dat gegeven bestaat niet", exitFailure},
	{store.ErrLocked, "the vault is locked", "de kluis is op slot", exitFailure},
	{store.ErrUserExists, "a user with that name already exists", "er is al een gebruiker met die naam", exitFailure},
	{store.ErrUnknownUser, "there is no user with that name", "er is geen gebruiker met die naam", exitFailure},
	{store.ErrLastSupporter, "the last supporter cannot be removed; add another supporter first",
		"de laatste cliëntondersteuner kan niet weg; voeg eerst een andere toe", exitFailure},
	{store.ErrNotVault, "this file is not a spreekuur vault", "dit bestand is geen kluis van spreekuur", exitFailure},
	{store.ErrUnsupportedFormat, "this vault was made by a newer version of spreekuur; update spreekuur to open it",
		"deze kluis is gemaakt met een nieuwere versie van spreekuur; werk spreekuur bij om hem te openen", exitFailure},
	{store.ErrNeedsUpgrade, "this vault must first be opened once by a supporter to upgrade it",
		"een cliëntondersteuner moet deze kluis eerst één keer openen om hem bij te werken", exitFailure},
	{store.ErrKeysRenewed, "the vault's keys were renewed when a user was removed, and this passphrase still opens the old ones; a supporter gives you a new passphrase with the recovery code (spreekuur passwd --recovery --user NAME)",
		"de sleutels van de kluis zijn vernieuwd toen een gebruiker weg ging, en deze wachtwoordzin opent nog de oude; een cliëntondersteuner geeft u een nieuwe met de herstelcode (spreekuur passwd --recovery --user NAAM)", exitWrongPassword},
	{store.ErrBadRecoveryCode, "the recovery code is not correct; check it for typos",
		"de herstelcode klopt niet; kijk of er een tikfout in zit", exitWrongPassword},
	{store.ErrPassphraseTooShort, fmt.Sprintf("the new passphrase is too short: use at least %d characters, for example a short sentence", store.MinPassphraseLen),
		fmt.Sprintf("de nieuwe wachtwoordzin is te kort: gebruik minstens %d tekens, bijvoorbeeld een korte zin", store.MinPassphraseLen), exitFailure},
	{store.ErrInvalidName, "a user name must be 1 to 64 characters, without control characters, invisible characters or double spaces",
		"een gebruikersnaam heeft 1 tot 64 tekens, zonder stuurtekens, onzichtbare tekens of dubbele spaties", exitUsage},
	{store.ErrInvalidRole, "the role must be supporter, kompaan or coordinator",
		"de rol is supporter, kompaan of coordinator", exitUsage},
	{store.ErrStatThreshold, fmt.Sprintf("the minimum cell size of the statistics must be from %d to %d; the one stored in the vault is not (ask a supporter to set it again)", store.MinStatThreshold, store.MaxStatThreshold),
		fmt.Sprintf("de kleinste celgrootte van de statistiek moet van %d tot %d zijn; die in de kluis is dat niet (vraag een cliëntondersteuner hem opnieuw in te stellen)", store.MinStatThreshold, store.MaxStatThreshold), exitFailure},
	{store.ErrRetention, fmt.Sprintf("the retention period is a whole number of months from %d to %d", store.MinRetentionMonths, store.MaxRetentionMonths),
		fmt.Sprintf("de bewaartermijn is een heel aantal maanden van %d tot %d", store.MinRetentionMonths, store.MaxRetentionMonths), exitUsage},
	{store.ErrOrganisation, fmt.Sprintf("the organisation's name may have at most %d characters on one line, its phone number at most %d of digits, spaces and + - ( ) .", store.MaxOrganisationName, store.MaxOrganisationPhone),
		fmt.Sprintf("de naam van de organisatie mag hoogstens %d tekens op één regel hebben, het telefoonnummer hoogstens %d: cijfers, spaties en + - ( ) .", store.MaxOrganisationName, store.MaxOrganisationPhone), exitUsage},
}

// msgLang is the language of the sentences on stderr: --lang when it was
// given, else the environment (LC_ALL, LC_MESSAGES, LANG starting with
// "nl"), else English.
var msgLang = langFromEnv()

func langFromEnv() string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "nl") {
				return "nl"
			}
			return "en"
		}
	}
	return "en"
}

// sessionErrors are the session's own sentinels: their sentence comes from
// session.Sentence, in the language of the command line. (The full disk is
// the store's ErrDiskFull, said in userErrors: the session's sentence is
// for a screen that still shows what was typed.)
var sessionErrors = []error{session.ErrNotYours, session.ErrAmbiguousID, session.ErrIDTooShort}

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
			msg := e.en
			if msgLang == "nl" {
				msg = e.nl
			}
			if errors.Is(err, store.ErrNotPermitted) && strings.Contains(err.Error(), "remove yourself") {
				msg = "you cannot remove yourself; ask another supporter"
				if msgLang == "nl" {
					msg = "u kunt uzelf niet verwijderen; vraag een andere cliëntondersteuner"
				}
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
