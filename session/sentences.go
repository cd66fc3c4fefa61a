package session

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
)

// The plain sentence for every error a person can cause, per language.
// The screens, the line mode and the command line all say the same thing.
// Sentences never hold record contents or user names.

var sentencesNL = map[error]string{
	ErrWrongPassphrase:    "De naam of de wachtwoordzin klopt niet.",
	ErrLocked:             "De kluis is op slot. Open hem eerst.",
	ErrNoAccess:           "Met uw rol kunt u deze gegevens niet zien.",
	ErrVaultInUse:         "De kluis is al open in een ander venster. Sluit dat eerst.",
	ErrNotFound:           "Dit gesprek of deze bewoner bestaat niet (meer).",
	ErrPassphraseShort:    "De wachtwoordzin is te kort. Neem er minstens 12 tekens, bijvoorbeeld een korte zin.",
	ErrNotPermitted:       "Met uw rol mag u dit niet doen.",
	ErrTampered:           "Het bestand van de kluis is beschadigd of veranderd. Vraag hulp en gebruik `spreekuur check`.",
	ErrVaultExists:        "Hier staat al een kluis. Er is niets veranderd.",
	ErrInvalidName:        "Een naam is 1 tot 64 tekens, zonder onzichtbare tekens.",
	ErrUserExists:         "Er is al een gebruiker met deze naam.",
	ErrNotYours:           "U was niet bij dit gesprek. Een kompaan opent alleen gesprekken waar hij of zij bij was.",
	ErrIDTooShort:         "Typ minstens 6 tekens van het nummer.",
	ErrAmbiguousID:        "Meer dan één gesprek begint zo. Typ meer tekens van het nummer.",
	ErrNoPassphrase:       "Typ uw wachtwoordzin.",
	ErrPassphraseMismatch: "De twee wachtwoordzinnen zijn niet gelijk. Typ ze opnieuw.",
	ErrRecoveryMismatch:   "De code is niet gelijk aan de code hierboven. Kijk hem na en typ hem opnieuw.",
	ErrDiskFull:           "De schijf is vol. Maak ruimte vrij; wat u typte staat nog op het scherm.",
	ErrKeysRenewed:        "De sleutels van de kluis zijn vernieuwd. Uw wachtwoordzin opent alleen de oude. Vraag een cliëntondersteuner om een nieuwe wachtwoordzin.",
	ErrRetention:          "De bewaartermijn is 6 tot 120 maanden.",
}

var sentencesEN = map[error]string{
	ErrWrongPassphrase:    "The name or the passphrase is not correct.",
	ErrLocked:             "The vault is locked. Open it first.",
	ErrNoAccess:           "Your role cannot see these records.",
	ErrVaultInUse:         "The vault is already open in another window. Close that one first.",
	ErrNotFound:           "This conversation or resident does not exist (any more).",
	ErrPassphraseShort:    "The passphrase is too short. Use at least 12 characters, for example a short sentence.",
	ErrNotPermitted:       "Your role may not do this.",
	ErrTampered:           "The vault file is damaged or was changed. Ask for help and use `spreekuur check`.",
	ErrVaultExists:        "A vault already exists here. Nothing was changed.",
	ErrInvalidName:        "A name is 1 to 64 characters, without invisible characters.",
	ErrUserExists:         "A user with this name already exists.",
	ErrNotYours:           "You were not part of this conversation. A kompaan opens only conversations they took part in.",
	ErrIDTooShort:         "Type at least 6 characters of the number.",
	ErrAmbiguousID:        "More than one conversation starts like this. Type more characters of the number.",
	ErrNoPassphrase:       "Type your passphrase.",
	ErrPassphraseMismatch: "The two passphrases are not the same. Type them again.",
	ErrRecoveryMismatch:   "The code is not the same as the code above. Check it and type it again.",
	ErrDiskFull:           "The disk is full. Free some space; what you typed is still on the screen.",
	ErrKeysRenewed:        "The vault's keys were renewed. Your passphrase opens only the old ones. Ask a client supporter for a new passphrase.",
	ErrRetention:          "The retention period is 6 to 120 months.",
}

// order: the first sentinel err wraps decides the sentence (an error can
// wrap several; the more specific come first).
var order = []error{
	ErrDiskFull, ErrNotYours, ErrIDTooShort, ErrAmbiguousID, ErrNoPassphrase, ErrPassphraseMismatch, ErrRecoveryMismatch,
	ErrKeysRenewed, ErrWrongPassphrase, ErrVaultInUse, ErrTampered, ErrNotPermitted, ErrNoAccess, ErrLocked, ErrNotFound,
	ErrPassphraseShort, ErrVaultExists, ErrInvalidName, ErrUserExists, ErrRetention,
}

// Sentence returns the plain sentence for err in lang, and whether err is
// one the list knows. Unknown errors get a general sentence that says
// nothing of their text (which could name files or, worse, contents).
func Sentence(err error, lang string) (string, bool) {
	table := sentencesNL
	if intake.NormLang(lang) == intake.LangEN {
		table = sentencesEN
	}
	if errors.Is(err, syscall.ENOSPC) {
		return table[ErrDiskFull], true
	}
	if t, ok := asInput(err); ok {
		return t.In(lang), true
	}
	if ie, ok := conversation.AsInputError(err); ok {
		return ie.Msg.In(lang), true // a typed value that was not kept: its own reason
	}
	for _, e := range order {
		if errors.Is(err, e) {
			return table[e], true
		}
	}
	if intake.NormLang(lang) == intake.LangEN {
		return "Something went wrong. What you typed is still on the screen; try again.", false
	}
	return "Er ging iets mis. Wat u typte staat nog op het scherm; probeer het nog eens.", false
}

// textError is an error with its own sentence in both languages.
type textError struct {
	msg intake.Text
	err error
}

func (e *textError) Error() string { return e.msg.EN }
func (e *textError) Unwrap() error { return e.err }

func asInput(err error) (intake.Text, bool) {
	var te *textError
	if errors.As(err, &te) {
		return te.msg, true
	}
	return intake.Text{}, false
}

// errorf wraps a sentinel with a sentence of its own (a count, say).
func errorf(sentinel error, nl, en string, args ...any) error {
	return &textError{msg: intake.T(fmt.Sprintf(nl, args...), fmt.Sprintf(en, args...)), err: sentinel}
}
