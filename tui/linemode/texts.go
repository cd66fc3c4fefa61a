package linemode

import "github.com/spreekuur/spreekuur/tui/common"

type textID int

const (
	tWelcome textID = iota
	tNoTerminal
	tBye
	tCloseWindow
	tLockedIdle
	tLockedIdleEnd
	tNamePrompt
	tPassPrompt
	tPassAgainPrompt
	tWelcomeUser
	tTooMany
	tWait
	tFirstRunIntro
	tStrengthTip
	tCreating
	tRecoveryTitle
	tRecoveryExplain
	tCodeSpelled
	tRecoveryTypeBack
	tVaultReady
	tMenu
	tMenuOpen
	tMenuNew
	tMenuStop
	tCoordMenu
	tCoordRead
	tFilterPrompt
	tNoneFound
	tFound
	tPickIntake
	tBack
	tIntakeMenu
	tContinue
	tReadStep
	tChangeStep
	tNotes
	tFollowUp
	tPapers
	tStepOf
	tAfterStep
	tNextStep
	tStepAgain
	tPrevStep
	tToMenu
	tWhichStep
	tKeepHint
	tSkipHint
	tClearHint
	tLocked
	tListCount
	tListAction
	tListDone
	tListAdd
	tListChange
	tListRemove
	tNone
	tConfirmYes
	tNotDone
	tSaved
	tNotSaved
	tDone
	tAnonymous
	tPaperKind
	tPaperSheet
	tPaperPlan
	tPaperLetter
	tPaperFormat
	tPaperPath
	tPaperExists
	tPaperWritten
	tPaperNotWritten
	tStatusDraft
	tStatusOpen
	tStatusClosed
	tNothing
	tYes
	tNo

	// Fixed periods of the statistics (issue 11).
	tCoordPeriod
)

var texts = common.Texts[textID]{
	NL: map[textID]string{
		tWelcome:          "Spreekuur, stap voor stap. Na elke vraag typt u uw antwoord en drukt u op Enter.",
		tNoTerminal:       "Let op: wat u typt is zichtbaar op het scherm.",
		tBye:              "Spreekuur is gestopt en op slot.",
		tCloseWindow:      "Sluit nu dit venster. Dan kan niemand meer teruglezen wat er stond.",
		tLockedIdle:       "Spreekuur is op slot gegaan, omdat er een tijd niets gebeurde. Typ uw wachtwoordzin om verder te gaan.",
		tLockedIdleEnd:    "Spreekuur is op slot gegaan, omdat er een tijd niets gebeurde. Op deze terminal kan de wachtwoordzin niet veilig opnieuw gevraagd worden, dus spreekuur stopt. Alles is bewaard: start spreekuur opnieuw om verder te gaan.",
		tNamePrompt:       "Uw naam (leeg laten als u de enige gebruiker bent):",
		tPassPrompt:       "Uw wachtwoordzin:",
		tPassAgainPrompt:  "Typ de wachtwoordzin nog een keer:",
		tWelcomeUser:      "Spreekuur is open. Welkom, %s.",
		tTooMany:          "Te vaak een verkeerde wachtwoordzin. Spreekuur stopt.",
		tWait:             "Wacht even voordat u het opnieuw probeert: %d seconden.",
		tFirstRunIntro:    "Welkom bij spreekuur. Er is nog geen kluis op deze laptop. We maken hem nu. Kies uw naam en een wachtwoordzin.",
		tStrengthTip:      "Tip: neem 4 of meer gewone woorden, bijvoorbeeld: fiets regen koffie lamp. Minstens 12 tekens.",
		tCreating:         "Even geduld, de kluis wordt gemaakt.",
		tRecoveryTitle:    "Uw herstelcode",
		tRecoveryExplain:  "Schrijf deze code nu op papier en bewaar het papier op een veilige plek. U hoort de code maar één keer. Met de code opent u de kluis als u uw wachtwoordzin kwijt bent.",
		tCodeSpelled:      "Letter voor letter:",
		tRecoveryTypeBack: "Typ de code over van uw papier. Pas dan is de kluis klaar:",
		tVaultReady:       "De kluis is klaar.",
		tMenu:             "Wat wilt u doen?",
		tMenuOpen:         "Een gesprek zoeken en openen",
		tMenuNew:          "Een nieuw gesprek beginnen",
		tMenuStop:         "Stoppen",
		tCoordMenu:        "Wat wilt u doen?",
		tCoordRead:        "De cijfers voorlezen",
		tFilterPrompt:     "Typ een deel van een naam of een nummer, of druk op Enter voor alles:",
		tNoneFound:        "Niets gevonden.",
		tFound:            "Gevonden: %d. Kies een gesprek:",
		tPickIntake:       "Kies een gesprek:",
		tBack:             "Terug",
		tIntakeMenu:       "Gesprek %s: %s, %s. Wat wilt u doen?",
		tContinue:         "Verder met het gesprek, bij stap %d: %s",
		tReadStep:         "Een stap voorlezen",
		tChangeStep:       "Een stap invullen of veranderen",
		tNotes:            "Notities lezen of schrijven",
		tFollowUp:         "Een vervolgcontact toevoegen",
		tPapers:           "Papieren maken voor de bewoner",
		tStepOf:           "Stap %d van %d: %s.",
		tAfterStep:        "Hoe verder?",
		tNextStep:         "Naar de volgende stap",
		tStepAgain:        "Deze stap nog eens",
		tPrevStep:         "Terug naar de vorige stap",
		tToMenu:           "Terug naar het menu van dit gesprek",
		tWhichStep:        "Welke stap?",
		tKeepHint:         "Nu: %s. Enter: zo laten. Een streepje (-): leegmaken.",
		tSkipHint:         "Enter: overslaan.",
		tClearHint:        "-",
		tLocked:           "%s: %s",
		tListCount:        "%s: %d.",
		tListAction:       "Wat wilt u doen met %s?",
		tListDone:         "Verder",
		tListAdd:          "Een nieuwe %s toevoegen",
		tListChange:       "Veranderen: %s",
		tListRemove:       "Weghalen: %s",
		tNone:             "Nog geen.",
		tConfirmYes:       "Typ j voor ja. Iets anders: nee, er verandert niets.",
		tNotDone:          "Niets veranderd.",
		tSaved:            "Bewaard.",
		tNotSaved:         "Niet bewaard!",
		tDone:             "Het gesprek is bewaard.",
		tAnonymous:        "(zonder naam)",
		tPaperKind:        "Welk papier?",
		tPaperSheet:       "Het voorbereidingsblad",
		tPaperPlan:        "Het persoonlijk plan",
		tPaperLetter:      "Brief aan de gemeente",
		tPaperFormat:      "Welke vorm?",
		tPaperPath:        "Waar komt het bestand?",
		tPaperExists:      "Dat bestand bestaat al. Overschrijven? Typ j voor ja. Iets anders: nee.",
		tPaperWritten:     "Het bestand is gemaakt: %s",
		tPaperNotWritten:  "Het bestand is niet gemaakt.",
		tStatusDraft:      "nog bezig",
		tStatusOpen:       "open",
		tStatusClosed:     "afgerond",
		tNothing:          "(leeg)",
		tYes:              "Ja",
		tNo:               "Nee",

		// Fixed periods of the statistics (issue 11).
		tCoordPeriod: "Welke periode? Voorlopig: de periode is nog niet voorbij.",
	},
	EN: map[textID]string{
		tWelcome:          "spreekuur, step by step. After each question type your answer and press Enter.",
		tNoTerminal:       "Note: what you type is visible on the screen.",
		tBye:              "spreekuur has stopped and is locked.",
		tCloseWindow:      "Close this window now. Then no one can read back what was on it.",
		tLockedIdle:       "spreekuur has locked itself because nothing happened for a while. Type your passphrase to carry on.",
		tLockedIdleEnd:    "spreekuur has locked itself because nothing happened for a while. On this terminal the passphrase cannot be asked again safely, so spreekuur stops. Everything is saved: start spreekuur again to carry on.",
		tNamePrompt:       "Your name (leave empty if you are the only user):",
		tPassPrompt:       "Your passphrase:",
		tPassAgainPrompt:  "Type the passphrase once more:",
		tWelcomeUser:      "spreekuur is open. Welcome, %s.",
		tTooMany:          "Too many wrong passphrases. spreekuur stops.",
		tWait:             "Wait a moment before you try again: %d seconds.",
		tFirstRunIntro:    "Welcome to spreekuur. There is no vault on this laptop yet. We make it now. Choose your name and a passphrase.",
		tStrengthTip:      "Tip: take 4 or more ordinary words, for example: bicycle rain coffee lamp. At least 12 characters.",
		tCreating:         "One moment, the vault is being made.",
		tRecoveryTitle:    "Your recovery code",
		tRecoveryExplain:  "Write this code on paper now and keep the paper in a safe place. You hear the code only once. With the code you open the vault if you lose your passphrase.",
		tCodeSpelled:      "Letter by letter:",
		tRecoveryTypeBack: "Type the code from your paper. Only then is the vault ready:",
		tVaultReady:       "The vault is ready.",
		tMenu:             "What do you want to do?",
		tMenuOpen:         "Find and open a conversation",
		tMenuNew:          "Start a new conversation",
		tMenuStop:         "Quit",
		tCoordMenu:        "What do you want to do?",
		tCoordRead:        "Read out the figures",
		tFilterPrompt:     "Type part of a name or a number, or press Enter for all:",
		tNoneFound:        "Nothing found.",
		tFound:            "Found: %d. Choose a conversation:",
		tPickIntake:       "Choose a conversation:",
		tBack:             "Back",
		tIntakeMenu:       "Conversation %s: %s, %s. What do you want to do?",
		tContinue:         "Continue the conversation, at step %d: %s",
		tReadStep:         "Read out a step",
		tChangeStep:       "Fill in or change a step",
		tNotes:            "Read or write notes",
		tFollowUp:         "Add a follow-up contact",
		tPapers:           "Make papers for the resident",
		tStepOf:           "Step %d of %d: %s.",
		tAfterStep:        "How to go on?",
		tNextStep:         "To the next step",
		tStepAgain:        "This step once more",
		tPrevStep:         "Back to the previous step",
		tToMenu:           "Back to the menu of this conversation",
		tWhichStep:        "Which step?",
		tKeepHint:         "Now: %s. Enter: keep it. A dash (-): clear it.",
		tSkipHint:         "Enter: skip.",
		tClearHint:        "-",
		tLocked:           "%s: %s",
		tListCount:        "%s: %d.",
		tListAction:       "What do you want to do with %s?",
		tListDone:         "Go on",
		tListAdd:          "Add a new %s",
		tListChange:       "Change: %s",
		tListRemove:       "Remove: %s",
		tNone:             "None yet.",
		tConfirmYes:       "Type y for yes. Anything else: no, nothing changes.",
		tNotDone:          "Nothing changed.",
		tSaved:            "Saved.",
		tNotSaved:         "Not saved!",
		tDone:             "The conversation is saved.",
		tAnonymous:        "(no name)",
		tPaperKind:        "Which paper?",
		tPaperSheet:       "The preparation sheet",
		tPaperPlan:        "The personal plan",
		tPaperLetter:      "Letter to the municipality",
		tPaperFormat:      "Which format?",
		tPaperPath:        "Where does the file go?",
		tPaperExists:      "That file already exists. Overwrite? Type y for yes. Anything else: no.",
		tPaperWritten:     "The file was made: %s",
		tPaperNotWritten:  "The file was not made.",
		tStatusDraft:      "in progress",
		tStatusOpen:       "open",
		tStatusClosed:     "finished",
		tNothing:          "(empty)",
		tYes:              "Yes",
		tNo:               "No",

		// Fixed periods of the statistics (issue 11).
		tCoordPeriod: "Which period? Provisional: the period is not over yet.",
	},
}
