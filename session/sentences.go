package session

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/bundle"
	"github.com/spreekuur/spreekuur/store/exportfile"
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
	ErrPassphraseShort:    fmt.Sprintf("De wachtwoordzin is te kort. Neem er minstens %d tekens, bijvoorbeeld een korte zin.", store.MinPassphraseLen),
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
	ErrNotLate:            "De gemeente is hier niet te laat. Er is geen brief nodig.",

	// Handover and import (bundles).
	bundle.ErrUnsigned:           "Naast dit bestand staat geen handtekening (een bestand met dezelfde naam en .minisig erachter). Zet dat bestand ernaast. Er is niets ingelezen.",
	bundle.ErrBadSignature:       "De handtekening past niet bij dit bestand: het bestand of de handtekening is veranderd, of niet helemaal gekopieerd. Er is niets ingelezen. Vraag om het opnieuw te sturen.",
	bundle.ErrUnknownLaptop:      "Dit bestand komt van een laptop die hier niet is aangemeld. Er is niets ingelezen.",
	bundle.ErrLaptopRemoved:      "Dit bestand komt van een laptop die van de lijst is gehaald. Er is niets ingelezen.",
	bundle.ErrNotBundle:          "Dit is geen overdracht van spreekuur. Er is niets ingelezen.",
	bundle.ErrWrongIdentity:      "Dit bestand is niet voor deze kluis versleuteld: het hoort bij een andere sleutel. Er is niets ingelezen.",
	bundle.ErrDamaged:            "Het bestand is beschadigd of niet helemaal gekopieerd. Er is niets ingelezen. Vraag om het opnieuw te sturen.",
	bundle.ErrUnsupportedVersion: "Dit bestand is gemaakt met een nieuwere versie van spreekuur. Werk spreekuur eerst bij. Er is niets ingelezen.",
	bundle.ErrMalformed:          "Het bestand heeft niet de vorm van een overdracht van spreekuur. Er is niets ingelezen.",
	bundle.ErrInvalidRecord:      "In het bestand staat een gegeven dat niet veilig is om in te lezen. Er is niets ingelezen.",
	bundle.ErrBadRecipient:       "Dit is geen sleutel om naar te versleutelen. Zo'n sleutel begint met age1. U kunt ook een bestand noemen waarin hij staat.",
	ErrSecretKeyFile:             "In dit bestand staat een geheime sleutel. Die hoort niet op deze laptop; er is niets uit gelezen. Vraag om de openbare sleutel (die begint met age1).",
	bundle.ErrBadIdentity:        "In het sleutelbestand staat geen sleutel van age (een regel die begint met AGE-SECRET-KEY-1).",
	bundle.ErrNothingToExport:    "Er is niets om over te dragen.",
	bundle.ErrTooLarge:           "Dit is te veel voor één overdracht: meer dan 1.000.000 bewoners en gesprekken samen, of meer dan 512 MB. Er wordt geen bestand gemaakt. Vraag hulp: spreekuur kan zo'n grote overdracht nog niet in delen maken.",
	bundle.ErrUnknownResident:    "Er is geen bewoner met dit nummer.",
	bundle.ErrBadPublicKey:       "Dit is geen openbare sleutel van een laptop. Zo'n sleutel begint met RW; de laptop laat hem zien bij Instellingen.",
	bundle.ErrLaptopName:         "De naam van een laptop is 1 tot 64 tekens, zonder onzichtbare tekens.",
	bundle.ErrLaptopExists:       "Er staat al een laptop met deze naam of met deze sleutel op de lijst.",
	bundle.ErrNoSuchLaptop:       "Er staat geen laptop met deze naam op de lijst.",
	ErrNoOffice:                  "De sleutel van kantoor is nog niet ingesteld. Doe dat eerst bij Instellingen.",
	ErrNoFolder:                  "Die map bestaat niet. Kijk de naam van de map na.",
	ErrNoFile:                    "Typ de naam van het bestand.",
	exportfile.ErrExists:         "Dat bestand bestaat al. Er is niets overschreven.",
	exportfile.ErrIsDir:          "Dat is een map. Typ ook een naam voor het bestand.",
	store.ErrOrganisation: fmt.Sprintf("De naam van de organisatie is hoogstens %d tekens op één regel. Het telefoonnummer is hoogstens %d tekens: cijfers, spaties en + - ( ) .",
		store.MaxOrganisationName, store.MaxOrganisationPhone),
	store.ErrStatThreshold: fmt.Sprintf("Het kleinste aantal in de cijfers is een getal van %d tot %d.", store.MinStatThreshold, store.MaxStatThreshold),

	// The vault file and the users (mostly met on the command line).
	store.ErrNoVault:           "Hier is nog geen kluis. Maak er een met `spreekuur init`, of kies er een met --db.",
	store.ErrDamaged:           "Dit bestand is beschadigd: spreekuur kan het niet veilig lezen. Doe `spreekuur check`, of neem een reservekopie.",
	store.ErrReadOnly:          "De kluis kan hier alleen gelezen worden (het bestand of de schijf is alleen-lezen). Er is niets veranderd.",
	store.ErrUnknownUser:       "Er is geen gebruiker met die naam.",
	store.ErrLastSupporter:     "De laatste cliëntondersteuner kan niet weg. Voeg eerst een andere toe.",
	store.ErrNotVault:          "Dit bestand is geen kluis van spreekuur.",
	store.ErrUnsupportedFormat: "Deze kluis is gemaakt met een nieuwere versie van spreekuur. Werk spreekuur bij om hem te openen.",
	store.ErrNeedsUpgrade:      "Een cliëntondersteuner moet deze kluis eerst één keer openen om hem bij te werken.",
	store.ErrBadRecoveryCode:   "De herstelcode klopt niet. Kijk of er een tikfout in zit.",
	store.ErrInvalidRole:       "De rol is supporter, kompaan of coordinator.",
}

var sentencesEN = map[error]string{
	ErrWrongPassphrase:    "The name or the passphrase is not correct.",
	ErrLocked:             "The vault is locked. Open it first.",
	ErrNoAccess:           "Your role cannot see these records.",
	ErrVaultInUse:         "The vault is already open in another window. Close that one first.",
	ErrNotFound:           "This conversation or resident does not exist (any more).",
	ErrPassphraseShort:    fmt.Sprintf("The passphrase is too short. Use at least %d characters, for example a short sentence.", store.MinPassphraseLen),
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
	ErrNotLate:            "The municipality is not late here. No letter is needed.",

	// Handover and import (bundles).
	bundle.ErrUnsigned:           "There is no signature beside this file (a file of the same name with .minisig after it). Put that file next to it. Nothing was imported.",
	bundle.ErrBadSignature:       "The signature does not match this file: the file or the signature was changed, or not copied completely. Nothing was imported. Ask for it to be sent again.",
	bundle.ErrUnknownLaptop:      "This file comes from a laptop that is not registered here. Nothing was imported.",
	bundle.ErrLaptopRemoved:      "This file comes from a laptop that was taken off the list. Nothing was imported.",
	bundle.ErrNotBundle:          "This is not a spreekuur handover. Nothing was imported.",
	bundle.ErrWrongIdentity:      "This file was not encrypted for this vault: it belongs to another key. Nothing was imported.",
	bundle.ErrDamaged:            "The file is damaged or was not copied completely. Nothing was imported. Ask for it to be sent again.",
	bundle.ErrUnsupportedVersion: "This file was made by a newer version of spreekuur. Update spreekuur first. Nothing was imported.",
	bundle.ErrMalformed:          "The file does not have the form of a spreekuur handover. Nothing was imported.",
	bundle.ErrInvalidRecord:      "The file holds a record that is not safe to import. Nothing was imported.",
	bundle.ErrBadRecipient:       "This is not a key to encrypt to. Such a key starts with age1. You can also name a file that holds it.",
	ErrSecretKeyFile:             "This file holds a secret key. It does not belong on this laptop; nothing was read from it. Ask for the public key (it starts with age1).",
	bundle.ErrBadIdentity:        "The key file holds no age key (a line starting with AGE-SECRET-KEY-1).",
	bundle.ErrNothingToExport:    "There is nothing to hand over.",
	bundle.ErrTooLarge:           "This is too much for one handover: more than 1,000,000 residents and intakes together, or more than 512 MB. No file is made. Ask for help: spreekuur cannot split such a large handover into parts yet.",
	bundle.ErrUnknownResident:    "There is no resident with this number.",
	bundle.ErrBadPublicKey:       "This is not a laptop's public key. Such a key starts with RW; the laptop shows it in its settings.",
	bundle.ErrLaptopName:         "A laptop's name is 1 to 64 characters, without invisible characters.",
	bundle.ErrLaptopExists:       "A laptop with this name or this key is on the list already.",
	bundle.ErrNoSuchLaptop:       "No laptop of this name is on the list.",
	ErrNoOffice:                  "The office's key is not set yet. Set it first in the settings.",
	ErrNoFolder:                  "That folder does not exist. Check the folder's name.",
	ErrNoFile:                    "Type the name of the file.",
	exportfile.ErrExists:         "That file exists already. Nothing was overwritten.",
	exportfile.ErrIsDir:          "That is a folder. Type a name for the file as well.",
	store.ErrOrganisation: fmt.Sprintf("The organisation's name is at most %d characters on one line. The phone number is at most %d characters: digits, spaces and + - ( ) .",
		store.MaxOrganisationName, store.MaxOrganisationPhone),
	store.ErrStatThreshold: fmt.Sprintf("The smallest number in the figures is a number from %d to %d.", store.MinStatThreshold, store.MaxStatThreshold),

	// The vault file and the users (mostly met on the command line).
	store.ErrNoVault:           "There is no vault here yet. Create one with `spreekuur init`, or choose one with --db.",
	store.ErrDamaged:           "This file is damaged: spreekuur cannot read it safely. Run `spreekuur check`, or use a backup.",
	store.ErrReadOnly:          "The vault can only be read here (a read-only file or disk). Nothing was changed.",
	store.ErrUnknownUser:       "There is no user with that name.",
	store.ErrLastSupporter:     "The last supporter cannot be removed. Add another supporter first.",
	store.ErrNotVault:          "This file is not a spreekuur vault.",
	store.ErrUnsupportedFormat: "This vault was made by a newer version of spreekuur. Update spreekuur to open it.",
	store.ErrNeedsUpgrade:      "This vault must first be opened once by a supporter to upgrade it.",
	store.ErrBadRecoveryCode:   "The recovery code is not correct. Check it for typos.",
	store.ErrInvalidRole:       "The role is supporter, kompaan or coordinator.",
}

// On the command line nothing stays on a screen: there the full disk is
// said as what happened to the vault.
var commandLineNL = map[error]string{
	ErrDiskFull: "De schijf is vol: er is niets veranderd. Maak ruimte en probeer het opnieuw.",
}

var commandLineEN = map[error]string{
	ErrDiskFull: "The disk is full: nothing was changed. Make room and try again.",
}

// order: the first sentinel err wraps decides the sentence (an error can
// wrap several; the more specific come first).
var order = []error{
	ErrDiskFull, ErrNotLate, ErrOrganisation, ErrNotYours, ErrIDTooShort, ErrAmbiguousID, ErrNoPassphrase, ErrPassphraseMismatch, ErrRecoveryMismatch,
	ErrKeysRenewed, ErrWrongPassphrase, ErrVaultInUse, ErrTampered, ErrNotPermitted, ErrNoAccess, ErrLocked, ErrNotFound,
	ErrPassphraseShort, ErrVaultExists, ErrInvalidName, ErrUserExists, ErrRetention,
	bundle.ErrUnsigned, bundle.ErrBadSignature, bundle.ErrUnknownLaptop, bundle.ErrLaptopRemoved, bundle.ErrNotBundle,
	bundle.ErrWrongIdentity, bundle.ErrDamaged, bundle.ErrUnsupportedVersion, bundle.ErrMalformed, bundle.ErrInvalidRecord,
	bundle.ErrBadRecipient, ErrSecretKeyFile, bundle.ErrBadIdentity, bundle.ErrNothingToExport, bundle.ErrTooLarge, bundle.ErrUnknownResident,
	bundle.ErrBadPublicKey, bundle.ErrLaptopName, bundle.ErrLaptopExists, bundle.ErrNoSuchLaptop,
	ErrNoOffice, ErrNoFolder, ErrNoFile, exportfile.ErrExists, exportfile.ErrIsDir, store.ErrOrganisation, store.ErrStatThreshold,
	store.ErrNoVault, store.ErrDamaged, store.ErrReadOnly, store.ErrUnknownUser, store.ErrLastSupporter, store.ErrNotVault,
	store.ErrUnsupportedFormat, store.ErrNeedsUpgrade, store.ErrBadRecoveryCode, store.ErrInvalidRole,
}

// CommandSentence is Sentence for the command line: the same sentences,
// except where a screen's sentence would say what is still on the screen.
func CommandSentence(err error, lang string) (string, bool) {
	table := commandLineNL
	if intake.NormLang(lang) == intake.LangEN {
		table = commandLineEN
	}
	if t, ok := partialImport(err); ok {
		return t.In(lang), true
	}
	if errors.Is(err, ErrDiskFull) || errors.Is(err, syscall.ENOSPC) {
		return table[ErrDiskFull], true
	}
	return Sentence(err, lang)
}

// Sentence returns the plain sentence for err in lang, and whether err is
// one the list knows. Unknown errors get a general sentence that says
// nothing of their text (which could name files or, worse, contents).
func Sentence(err error, lang string) (string, bool) {
	table := sentencesNL
	if intake.NormLang(lang) == intake.LangEN {
		table = sentencesEN
	}
	if t, ok := partialImport(err); ok {
		return t.In(lang), true
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
	if t, ok := named(err); ok {
		return t.In(lang), true
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

// partialImport is the sentence for an import that stopped half-way: the
// batches before it are in the vault, and the same file imported again
// finishes it (docs/BUNDLE.md §5).
func partialImport(err error) (intake.Text, bool) {
	var pe *bundle.PartialError
	if !errors.As(err, &pe) {
		return intake.Text{}, false
	}
	why := intake.T("Er ging iets mis.", "Something went wrong.")
	switch {
	case errors.Is(err, syscall.ENOSPC) || errors.Is(err, ErrDiskFull):
		why = intake.T("De schijf is vol: maak eerst ruimte.", "The disk is full: make room first.")
	case errors.Is(err, bundle.ErrDamaged):
		why = intake.T("Het bestand is veranderd terwijl het werd ingelezen.", "The file changed while it was imported.")
	}
	if pe.Done == 0 { // only the bundle's erasures were done
		return intake.T(
			fmt.Sprintf("Het inlezen is gestopt. Wat het bestand liet wissen, is al gewist. De %d gegevens zelf zijn nog niet ingelezen. %s Lees hetzelfde bestand nog eens in: dan gaat het verder.", pe.Total, why.NL),
			fmt.Sprintf("The import stopped. What the file asked to erase is erased. Its %d records are not imported yet. %s Import the same file again to finish it.", pe.Total, why.EN)), true
	}
	return intake.T(
		fmt.Sprintf("Het inlezen is gestopt na %d van de %d gegevens. %s Wat al is ingelezen, is heel. Lees hetzelfde bestand nog eens in: dan gaat het verder.", pe.Done, pe.Total, why.NL),
		fmt.Sprintf("The import stopped after %d of %d records. %s What was imported is whole. Import the same file again to finish it.", pe.Done, pe.Total, why.EN)), true
}

// named are the sentences that name something: the laptop whose bundle
// was refused (its registered name, or the name its signature claims),
// the record of a bundle that is not safe to import (kind, ID and field
// paths, never contents).
func named(err error) (intake.Text, bool) {
	var se *bundle.SignerError
	if errors.As(err, &se) {
		if errors.Is(se, bundle.ErrLaptopRemoved) {
			day := se.RemovedAt.Local().Format("02-01-2006")
			return intake.T(
				fmt.Sprintf("Dit bestand komt van laptop \u201c%s\u201d, die op %s van de lijst is gehaald. Er is niets ingelezen.", se.Laptop, day),
				fmt.Sprintf("This file comes from laptop \u201c%s\u201d, which was taken off the list on %s. Nothing was imported.", se.Laptop, day)), true
		}
		return intake.T(
			fmt.Sprintf("Dit bestand is ondertekend door een laptop die zich \u201c%s\u201d noemt (sleutel %s). Die laptop is hier niet aangemeld, dus er is niets ingelezen. Meld hem eerst aan bij Instellingen, na een controle van de sleutel.", se.Laptop, GroupKeyID(se.KeyID)),
			fmt.Sprintf("This file was signed by a laptop that calls itself \u201c%s\u201d (key %s). That laptop is not registered here, so nothing was imported. Register it first in the settings, after checking its key.", se.Laptop, GroupKeyID(se.KeyID))), true
	}
	var re *bundle.RecordError
	if errors.As(err, &re) {
		kindNL, kindEN := "gesprek", "conversation"
		if re.Kind == "resident" {
			kindNL, kindEN = "bewoner", "resident"
		}
		id := ShortID(re.ID)
		if id == "" {
			id = "?"
		}
		fields := strings.Join(re.Fields, ", ")
		return intake.T(
			fmt.Sprintf("In het bestand staat een %s (%s) die niet veilig is om in te lezen (%s). Er is niets ingelezen.", kindNL, id, fields),
			fmt.Sprintf("The file holds a %s (%s) that is not safe to import (%s). Nothing was imported.", kindEN, id, fields)), true
	}
	return intake.Text{}, false
}
