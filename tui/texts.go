package tui

import (
	"strconv"

	"github.com/spreekuur/spreekuur/intake"
)

// Every text on screen, per language, in one place. Dutch is the default
// and written at B1 level: short sentences, no jargon, "u" to the reader.
// English is the second language. texts_test.go checks that both tables
// have every key.

// textID names one text.
type textID int

const (
	tAppName textID = iota
	tBack
	tClose
	tHelpTitle
	tHelpIntro
	tHelpLock
	tHelpQuit
	tHelpOpen
	tHelpNext
	tHelpNextField
	tHelpConfirm
	tHelpChoose
	tHelpNew
	tHelpFollowUp
	tHelpHelp
	tHelpScroll
	tHelpResidentView
	tHelpContrast
	tHelpLockLong
	tHelpResidentShort
	tHelpQuitLong

	tErrWrongPass
	tErrLocked
	tErrNoAccess
	tErrInUse
	tErrGeneric
	tErrNotFound
	tErrNoUser
	tErrNoPass
	tErrPassShort
	tErrPassDiffer

	tFieldUser
	tFieldPass
	tFieldPassAgain

	tUnlockTitle
	tUnlockIntro
	tLockedNotice
	tUnlocking
	tWaitSeconds

	tFirstRunTitle
	tFirstRunIntro
	tFirstRunExplain
	tStrengthTip
	tStrengthWeak
	tStrengthFair
	tStrengthStrong
	tCreating
	tRecoveryTitle
	tRecoveryExplain
	tRecoveryTypeBack
	tRecoveryMismatch

	tHomeTitle
	tFilterLabel
	tCountOf
	tLoading
	tHomeEmpty
	tNoMatches
	tColName
	tColStatus
	tColDate
	tColPlace
	tThousands
	tDateLayout
	tDateTimeLayout
	tStatusDraft
	tStatusOpen
	tStatusClosed
	tStatusNone
	tAnonymous
	tByDate
	tPartyResident
	tPartySupporter
	tPartyKompaan
	tPartyNetwork
	tPartyAgency

	tNewIntake
	tFollowUp
	tNotYet

	tIntakeTitle
	tQuestionOwn
	tClarified
	tAgreements
	tNotes
	tNothingYet

	tResWelcomeTitle
	tResWelcome
	tResQuestion
	tResNoQuestion
	tResAgreements

	tAccWelcome
	tAccNoTerminal
	tAccMenu
	tAccChoice
	tAccList
	tAccListEmpty
	tAccFilterPrompt
	tAccPickPrompt
	tAccQuestionPrompt
	tAccQuestionEcho
	tAccConfirm
	tAccSaved
	tAccNoSave
	tAccBye
	tAccUnknownChoice
	tAccNamePrompt
	tAccPassPrompt
	tAccPassAgainPrompt
	tAccWelcomeUser
	tAccTooMany
	tAccCodeSpelled
	tAccConsent
	tAccNoConsent
	tAccPseudonym

	textCount // keep last
)

// texts is one language's table.
type texts map[textID]string

// get returns the text; a missing key shows its number rather than nothing
// (the test makes sure this never happens).
func (t texts) get(id textID) string {
	if s, ok := t[id]; ok {
		return s
	}
	return "#" + strconv.Itoa(int(id))
}

// status names an intake status.
func (t texts) status(st intake.Status) string {
	switch st {
	case intake.StatusDraft:
		return t.get(tStatusDraft)
	case intake.StatusOpen:
		return t.get(tStatusOpen)
	default:
		return t.get(tStatusClosed)
	}
}

// party names who does something in an agreement.
func (t texts) party(p intake.Party) string {
	switch p {
	case intake.PartyResident:
		return t.get(tPartyResident)
	case intake.PartySupporter:
		return t.get(tPartySupporter)
	case intake.PartyKompaan:
		return t.get(tPartyKompaan)
	case intake.PartyNetwork:
		return t.get(tPartyNetwork)
	default:
		return t.get(tPartyAgency)
	}
}

func textsFor(lang string) texts {
	if lang == "en" {
		return textsEN
	}
	return textsNL
}

var textsNL = texts{
	tAppName:           "spreekuur",
	tBack:              "terug",
	tClose:             "sluiten",
	tHelpTitle:         "hulp",
	tHelpIntro:         "Met deze toetsen werkt u in spreekuur. Alles wat u typt, wordt meteen versleuteld bewaard.",
	tHelpLock:          "slot",
	tHelpQuit:          "stop",
	tHelpOpen:          "open",
	tHelpNext:          "verder",
	tHelpNextField:     "volgend vak",
	tHelpConfirm:       "bevestigen",
	tHelpChoose:        "kiezen",
	tHelpNew:           "nieuw",
	tHelpFollowUp:      "vervolg",
	tHelpHelp:          "hulp",
	tHelpScroll:        "omhoog/omlaag",
	tHelpResidentView:  "scherm voor de bewoner aan of uit",
	tHelpContrast:      "meer of minder contrast",
	tHelpLockLong:      "op slot: het scherm wordt leeg; open weer met uw wachtwoordzin",
	tHelpResidentShort: "bewonersscherm",
	tHelpQuitLong:      "stoppen: alles is al bewaard",

	tErrWrongPass:  "De naam of de wachtwoordzin klopt niet. Probeer het opnieuw.",
	tErrLocked:     "Spreekuur is op slot. Open het eerst opnieuw.",
	tErrNoAccess:   "U mag met uw rol geen persoonlijke notities zien.",
	tErrInUse:      "Spreekuur is al open in een ander venster. Sluit dat eerst.",
	tErrGeneric:    "Er ging iets mis. Probeer het opnieuw.",
	tErrNotFound:   "Dit gesprek is niet gevonden.",
	tErrNoUser:     "Vul uw naam in.",
	tErrNoPass:     "Vul uw wachtwoordzin in.",
	tErrPassShort:  "De wachtwoordzin is te kort. Gebruik minstens 12 tekens.",
	tErrPassDiffer: "De twee wachtwoordzinnen zijn niet gelijk. Typ hem nog een keer.",

	tFieldUser:      "Naam",
	tFieldPass:      "Wachtwoordzin",
	tFieldPassAgain: "Nog een keer",

	tUnlockTitle:  "openen",
	tUnlockIntro:  "Vul uw naam en wachtwoordzin in. Bent u de enige gebruiker? Dan mag de naam leeg blijven.",
	tLockedNotice: "Spreekuur is op slot gegaan. Vul uw wachtwoordzin in om verder te gaan.",
	tUnlocking:    "Even geduld, spreekuur gaat open…",
	tWaitSeconds:  "Wacht even voordat u het opnieuw probeert: nog %d sec.",

	tFirstRunTitle:    "eerste keer",
	tFirstRunIntro:    "Welkom bij spreekuur.",
	tFirstRunExplain:  "Er is nog geen kluis op deze laptop. We maken hem nu. Kies uw naam en een wachtwoordzin. Een wachtwoordzin is een paar woorden achter elkaar.",
	tStrengthTip:      "Tip: neem 4 of meer gewone woorden, bijvoorbeeld: fiets regen koffie lamp.",
	tStrengthWeak:     "Sterkte: zwak. Maak hem langer: minstens 12 tekens.",
	tStrengthFair:     "Sterkte: redelijk. Nog een woord erbij maakt hem sterk.",
	tStrengthStrong:   "Sterkte: sterk.",
	tCreating:         "Even geduld, de kluis wordt gemaakt…",
	tRecoveryTitle:    "Uw herstelcode",
	tRecoveryExplain:  "Schrijf deze code nu op papier en bewaar het papier op een veilige plek. U ziet de code maar één keer. Met de code opent u de kluis als u uw wachtwoordzin kwijt bent.",
	tRecoveryTypeBack: "Typ de code over van uw papier. Zo weet u zeker dat u hem goed hebt opgeschreven.",
	tRecoveryMismatch: "De code klopt niet. Kijk nog eens goed naar uw papier.",

	tHomeTitle:      "overzicht",
	tFilterLabel:    "Zoeken:",
	tCountOf:        "%s van %s",
	tLoading:        "Even geduld…",
	tHomeEmpty:      "Er zijn nog geen gesprekken. Druk op ctrl+n om een nieuw gesprek te beginnen.",
	tNoMatches:      "Niets gevonden. Druk op esc om het zoeken te wissen.",
	tColName:        "Naam",
	tColStatus:      "Stand",
	tColDate:        "Datum",
	tColPlace:       "Plaats",
	tThousands:      ".",
	tDateLayout:     "02-01-2006",
	tDateTimeLayout: "02-01-2006 15:04",
	tStatusDraft:    "Nog bezig",
	tStatusOpen:     "Open",
	tStatusClosed:   "Afgerond",
	tStatusNone:     "Nog geen gesprek",
	tAnonymous:      "(zonder naam)",
	tByDate:         "vóór %s",
	tPartyResident:  "Bewoner",
	tPartySupporter: "Cliëntondersteuner",
	tPartyKompaan:   "Kompaan",
	tPartyNetwork:   "Iemand uit het netwerk",
	tPartyAgency:    "Instantie",

	tNewIntake: "nieuw gesprek",
	tFollowUp:  "vervolgcontact",
	tNotYet:    "Dit deel van spreekuur is nog niet klaar in deze versie. Druk op esc om terug te gaan.",

	tIntakeTitle: "gesprek",
	tQuestionOwn: "De vraag in eigen woorden",
	tClarified:   "De vraag, samen helder gemaakt",
	tAgreements:  "Afspraken",
	tNotes:       "Notities",
	tNothingYet:  "(nog niets)",

	tResWelcomeTitle: "Welkom",
	tResWelcome:      "Fijn dat u er bent. Samen zoeken we uit wat uw vraag is.",
	tResQuestion:     "Uw vraag",
	tResNoQuestion:   "We schrijven uw vraag samen op.",
	tResAgreements:   "Wat we afspreken",

	tAccWelcome:         "Spreekuur, stap voor stap. Typ na elke vraag uw antwoord en druk op Enter.",
	tAccNoTerminal:      "Let op: wat u typt is zichtbaar op het scherm.",
	tAccMenu:            "Wat wilt u doen? 1 gesprekken zoeken, 2 de vraag in eigen woorden opschrijven, 3 stoppen.",
	tAccChoice:          "Typ 1, 2 of 3:",
	tAccList:            "Gevonden: %d. Nummer, naam, stand, datum:",
	tAccListEmpty:       "Niets gevonden.",
	tAccFilterPrompt:    "Typ een deel van een naam, of druk op Enter voor alles:",
	tAccPickPrompt:      "Typ het nummer van het gesprek, of druk op Enter om terug te gaan:",
	tAccQuestionPrompt:  "Wat is de vraag, in de eigen woorden van de bewoner? Typ één regel en druk op Enter:",
	tAccQuestionEcho:    "U typte: %s",
	tAccConfirm:         "Klopt dit? Typ j voor ja of n voor nee:",
	tAccSaved:           "Bewaard.",
	tAccNoSave:          "Opslaan kan in deze versie nog niet. Er is niets bewaard.",
	tAccBye:             "Spreekuur is gestopt en op slot.",
	tAccUnknownChoice:   "Dat nummer ken ik niet.",
	tAccNamePrompt:      "Uw naam (leeg laten als u de enige gebruiker bent):",
	tAccPassPrompt:      "Uw wachtwoordzin:",
	tAccPassAgainPrompt: "Typ de wachtwoordzin nog een keer:",
	tAccWelcomeUser:     "Spreekuur is open. Welkom, %s.",
	tAccTooMany:         "Te vaak een verkeerde wachtwoordzin. Spreekuur stopt.",
	tAccCodeSpelled:     "Letter voor letter:",
	tAccConsent:         "Mag spreekuur aantekeningen van dit gesprek bewaren? Typ j voor ja of n voor nee:",
	tAccNoConsent:       "Zonder toestemming bewaren we geen persoonlijke aantekeningen.",
	tAccPseudonym:       "Naam of initialen van de bewoner, zoals de bewoner wil (mag leeg):",
}

var textsEN = texts{
	tAppName:           "spreekuur",
	tBack:              "back",
	tClose:             "close",
	tHelpTitle:         "help",
	tHelpIntro:         "These keys work in spreekuur. Everything you type is saved encrypted straight away.",
	tHelpLock:          "lock",
	tHelpQuit:          "quit",
	tHelpOpen:          "open",
	tHelpNext:          "next",
	tHelpNextField:     "next field",
	tHelpConfirm:       "confirm",
	tHelpChoose:        "choose",
	tHelpNew:           "new",
	tHelpFollowUp:      "follow-up",
	tHelpHelp:          "help",
	tHelpScroll:        "scroll",
	tHelpResidentView:  "resident's screen on or off",
	tHelpContrast:      "more or less contrast",
	tHelpLockLong:      "lock: the screen is cleared; open again with your passphrase",
	tHelpResidentShort: "resident view",
	tHelpQuitLong:      "quit: everything is already saved",

	tErrWrongPass:  "The name or the passphrase is not right. Please try again.",
	tErrLocked:     "spreekuur is locked. Open it again first.",
	tErrNoAccess:   "Your role may not see personal notes.",
	tErrInUse:      "spreekuur is already open in another window. Close that first.",
	tErrGeneric:    "Something went wrong. Please try again.",
	tErrNotFound:   "This conversation was not found.",
	tErrNoUser:     "Fill in your name.",
	tErrNoPass:     "Fill in your passphrase.",
	tErrPassShort:  "The passphrase is too short. Use at least 12 characters.",
	tErrPassDiffer: "The two passphrases are not the same. Type it once more.",

	tFieldUser:      "Name",
	tFieldPass:      "Passphrase",
	tFieldPassAgain: "Once more",

	tUnlockTitle:  "open",
	tUnlockIntro:  "Fill in your name and passphrase. Are you the only user? Then the name may stay empty.",
	tLockedNotice: "spreekuur has locked itself. Fill in your passphrase to carry on.",
	tUnlocking:    "One moment, spreekuur is opening…",
	tWaitSeconds:  "Wait a moment before you try again: %d sec. left.",

	tFirstRunTitle:    "first time",
	tFirstRunIntro:    "Welcome to spreekuur.",
	tFirstRunExplain:  "There is no vault on this laptop yet. We make it now. Choose your name and a passphrase. A passphrase is a few words in a row.",
	tStrengthTip:      "Tip: take 4 or more ordinary words, for example: bicycle rain coffee lamp.",
	tStrengthWeak:     "Strength: weak. Make it longer: at least 12 characters.",
	tStrengthFair:     "Strength: fair. One more word makes it strong.",
	tStrengthStrong:   "Strength: strong.",
	tCreating:         "One moment, the vault is being made…",
	tRecoveryTitle:    "Your recovery code",
	tRecoveryExplain:  "Write this code on paper now and keep the paper in a safe place. You see the code only once. With the code you open the vault if you lose your passphrase.",
	tRecoveryTypeBack: "Type the code from your paper. This way you know you wrote it down correctly.",
	tRecoveryMismatch: "The code is not right. Look at your paper again.",

	tHomeTitle:      "overview",
	tFilterLabel:    "Search:",
	tCountOf:        "%s of %s",
	tLoading:        "One moment…",
	tHomeEmpty:      "There are no conversations yet. Press ctrl+n to start a new one.",
	tNoMatches:      "Nothing found. Press esc to clear the search.",
	tColName:        "Name",
	tColStatus:      "Stage",
	tColDate:        "Date",
	tColPlace:       "Place",
	tThousands:      ",",
	tDateLayout:     "2006-01-02",
	tDateTimeLayout: "2006-01-02 15:04",
	tStatusDraft:    "In progress",
	tStatusOpen:     "Open",
	tStatusClosed:   "Finished",
	tStatusNone:     "No conversation yet",
	tAnonymous:      "(no name)",
	tByDate:         "by %s",
	tPartyResident:  "Resident",
	tPartySupporter: "Client supporter",
	tPartyKompaan:   "Kompaan",
	tPartyNetwork:   "Someone from the network",
	tPartyAgency:    "Agency",

	tNewIntake: "new conversation",
	tFollowUp:  "follow-up contact",
	tNotYet:    "This part of spreekuur is not ready in this version. Press esc to go back.",

	tIntakeTitle: "conversation",
	tQuestionOwn: "The question in own words",
	tClarified:   "The question, made clear together",
	tAgreements:  "Agreements",
	tNotes:       "Notes",
	tNothingYet:  "(nothing yet)",

	tResWelcomeTitle: "Welcome",
	tResWelcome:      "Good that you are here. Together we find out what your question is.",
	tResQuestion:     "Your question",
	tResNoQuestion:   "We write down your question together.",
	tResAgreements:   "What we agree",

	tAccWelcome:         "spreekuur, step by step. After each question type your answer and press Enter.",
	tAccNoTerminal:      "Note: what you type is visible on the screen.",
	tAccMenu:            "What do you want to do? 1 find conversations, 2 write down the question in own words, 3 quit.",
	tAccChoice:          "Type 1, 2 or 3:",
	tAccList:            "Found: %d. Number, name, stage, date:",
	tAccListEmpty:       "Nothing found.",
	tAccFilterPrompt:    "Type part of a name, or press Enter for all:",
	tAccPickPrompt:      "Type the number of the conversation, or press Enter to go back:",
	tAccQuestionPrompt:  "What is the question, in the resident's own words? Type one line and press Enter:",
	tAccQuestionEcho:    "You typed: %s",
	tAccConfirm:         "Is this right? Type y for yes or n for no:",
	tAccSaved:           "Saved.",
	tAccNoSave:          "Saving is not possible in this version yet. Nothing was saved.",
	tAccBye:             "spreekuur has stopped and is locked.",
	tAccUnknownChoice:   "I do not know that number.",
	tAccNamePrompt:      "Your name (leave empty if you are the only user):",
	tAccPassPrompt:      "Your passphrase:",
	tAccPassAgainPrompt: "Type the passphrase once more:",
	tAccWelcomeUser:     "spreekuur is open. Welcome, %s.",
	tAccTooMany:         "Too many wrong passphrases. spreekuur stops.",
	tAccCodeSpelled:     "Letter by letter:",
	tAccConsent:         "May spreekuur keep notes of this conversation? Type y for yes or n for no:",
	tAccNoConsent:       "Without consent we keep no personal notes.",
	tAccPseudonym:       "Name or initials of the resident, as the resident wishes (may be empty):",
}
