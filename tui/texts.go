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
	tErrNotYours
	tKompaanRule

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
	tAccCoordMenu
	tAccCoordChoice
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
	tAccLockedIdle
	tAccLockedIdleEnd
	tAccCloseWindow
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
	// The accessible walk through the whole intake (accessible_intake.go).
	tAccStep
	tAccPickNumber
	tAccYesNoSkip
	tAccTextSkip
	tAccLocation
	tAccKompaan
	tAccKompaanName
	tAccNetwork
	tAccNetworkWho
	tAccRoute
	tAccScope
	tAccAnonymous
	tAccQuestionType
	tAccScanIntro
	tAccScanPrompt
	tAccScanBad
	tAccClarifyIntro
	tAccNoDomains
	tAccHappening
	tAccWouldHelp
	tAccClarified
	tAccAgreementWhat
	tAccAgreementWho
	tAccAgreementAgency
	tAccAgreementBy
	tAccCloseWhen
	tAccAppreciation
	tAccDone

	// The guided intake (intake_*.go).
	tIStepStart
	tIStepQuestion
	tIStepScan
	tIStepClarify
	tIStepClarified
	tIStepAgreements
	tIStepClosure
	tINextStep
	tIPrevStep
	tIContinue
	tINotSaved
	tIYes
	tINo
	tIPartly
	tINotChosen
	tINotAsked
	tINoneChosen
	tIDelete
	tIDateHint
	tIDateBad
	tINoConsentField
	tINoConsentStep
	tIStartIntro
	tILocation
	tISupporter
	tIKompaan
	tIKompaanName
	tINetwork
	tINetworkWho
	tIRoute
	tIConsent
	tIConsentNotes
	tIScopeFollowUp
	tIScopeHandover
	tIScopeReferral
	tIPseudonym
	tIBirthYear
	tITargetGroups
	tIQuestionIntro
	tIOwnWords
	tIOwnWordsHint
	tIQuestionType
	tIScanSet
	tIDomain
	tIHappening
	tITried
	tIAgencies
	tIWouldHelp
	tIUrgency
	tIUrgLater
	tIUrgWeeks
	tIUrgWeek
	tIUrgNow
	tINoDomains
	tILetter
	tILetterN
	tILetterNew
	tILetterKind
	tILetterDecision
	tILetterWmo
	tILetterApplication
	tILetterDemand
	tILetterOther
	tILetterFrom
	tILetterSent
	tILetterReceived
	tILetterDue
	tILetterAbout
	tIDeadlines
	tINoDeadlines
	tIDaysLeft
	tIDeadlinePassed
	tIExtended
	tIApprox
	tIClarifiedIntro
	tIClarifiedLabel
	tIClarifiedHint
	tIItemN
	tINewAgreement
	tIWhat
	tIWho
	tIAgency
	tIBy
	tIReferrals
	tINewReferral
	tIReferTo
	tIReferOrg
	tIReason
	tIWarm
	tIReferOn
	tINextAppointment
	tITime
	tIWhere
	tIApptNote
	tIClosureIntro
	tIAppreciation
	tIAppr1
	tIAppr2
	tIAppr3
	tIAppr4
	tIAppr5
	tIStateBetter
	tIMoreControl
	tICloseWhen
	tICloseLater
	tICloseNow
	tIClosedNote
	tITurnaround
	tIOpenNote
	tINotesPrivate
	tINoteAs
	tINoteHint
	tINoteAdd
	tINoteRole
	tIFollowUpIntro
	tIContactDate
	tIContactKind
	tIContactInPerson
	tIContactPhone
	tIContactHomeVisit
	tIContactMessage
	tIContactTogether
	tIContactNote

	// statistics dashboard and exports (dashboard.go, export.go)
	tHelpStats
	tHelpPapers
	tDecimalMark
	tDashTitle
	tDashShow
	tDashOtherTable
	tDashExport
	tDashPeriod
	tDashPeriodBad
	tDashLegend
	tDashFrom
	tDashTo
	tDashMonthHint
	tDashNoData
	tDashPeriodOf
	tDashPeriodLabel
	tDashThreshold
	tDashFigures
	tDashWithheld
	tDashDays
	tExpStatsTitle
	tExpStatsIntro
	tExpFmtCSV
	tExpFmtHTML
	tExpFmtJSON
	tExpStatsFile
	tExpPapersTitle
	tExpPapersIntro
	tExpKindSheet
	tExpKindPlan
	tExpFmtPDF
	tExpFmtText
	tExpSheetFile
	tExpPlanFile
	tExpOverwrite
	tExpKeep
	tExpSave
	tExpNoPath
	tExpIsDir
	tExpFailed
	tExpKind
	tExpFormat
	tExpPath
	tExpPrivate
	tExpWriting
	tExpExists
	tExpAskOverwrite
	tExpWrote

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
	tErrNotYours:    "U was niet bij dit gesprek. Als kompaan kunt u het niet openen.",
	tKompaanRule:    "Als kompaan ziet u alleen de gesprekken waar u bij was: u staat erin als kompaan onder uw gebruikersnaam, of u schreef er een notitie bij. Met ctrl+n begint u een nieuw gesprek.",
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
	tAccMenu:            "Wat wilt u doen? 1 gesprekken zoeken, 2 een nieuw gesprek voeren, 3 stoppen.",
	tAccCoordMenu:       "Wat wilt u doen? 1 de cijfers voorlezen, 2 stoppen.",
	tAccCoordChoice:     "Typ 1 of 2:",
	tAccChoice:          "Typ 1, 2 of 3:",
	tAccList:            "Gevonden: %d. Nummer, naam, stand, datum:",
	tAccListEmpty:       "Niets gevonden.",
	tAccFilterPrompt:    "Typ een deel van een naam, of druk op Enter voor alles:",
	tAccPickPrompt:      "Typ het nummer van het gesprek, of druk op Enter om terug te gaan:",
	tAccQuestionPrompt:  "Wat is de vraag, in de eigen woorden van de bewoner?",
	tAccQuestionEcho:    "U typte: %s",
	tAccConfirm:         "Klopt dit? Typ j voor ja of n voor nee:",
	tAccSaved:           "Bewaard.",
	tAccNoSave:          "Opslaan kan in deze versie nog niet. Er is niets bewaard.",
	tAccBye:             "Spreekuur is gestopt en op slot.",
	tAccLockedIdle:      "Spreekuur is op slot gegaan, omdat er een tijd niets gebeurde. Typ uw wachtwoordzin om verder te gaan.",
	tAccLockedIdleEnd:   "Spreekuur is op slot gegaan, omdat er een tijd niets gebeurde. Op deze terminal kan de wachtwoordzin niet veilig opnieuw gevraagd worden, dus spreekuur stopt. Alles is bewaard: start spreekuur opnieuw om verder te gaan.",
	tAccCloseWindow:     "Sluit nu dit venster. Dan kan niemand meer teruglezen wat er stond.",
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
	tAccStep:            "Stap %d van %d: %s",
	tAccPickNumber:      "Typ het nummer en druk op Enter. Alleen Enter: overslaan.",
	tAccYesNoSkip:       "Typ j voor ja of n voor nee. Alleen Enter: overslaan.",
	tAccTextSkip:        "Typ één regel en druk op Enter. Alleen Enter: overslaan.",
	tAccLocation:        "Waar is dit gesprek?",
	tAccKompaan:         "Is er een kompaan bij het gesprek?",
	tAccKompaanName:     "Wat is de naam of wat zijn de initialen van de kompaan?",
	tAccNetwork:         "Is er iemand uit de kring van de bewoner bij, zoals familie of een buurman?",
	tAccNetworkWho:      "Wie is dat, bijvoorbeeld zus of buurman?",
	tAccRoute:           "Hoe kwam de bewoner bij ons?",
	tAccScope:           "Geldt de toestemming ook voor: %s?",
	tAccAnonymous:       "We tellen alleen dat er een gesprek was. Vragen naar tekst en namen slaan we over.",
	tAccQuestionType:    "Wat voor soort vraag is het?",
	tAccScanIntro:       "Nu per onderwerp: hoe gaat het? Antwoord met een cijfer: %s.",
	tAccScanPrompt:      "%s. %s Typ 0 tot 5. Alleen Enter: overslaan.",
	tAccScanBad:         "Typ een cijfer van 0 tot 5, of alleen Enter.",
	tAccClarifyIntro:    "Nu de onderwerpen met zorgen, een voor een.",
	tAccNoDomains:       "Er zijn geen onderwerpen met zorgen. We gaan verder.",
	tAccHappening:       "%s: wat speelt er?",
	tAccWouldHelp:       "%s: wat zou helpen?",
	tAccClarified:       "Wat is de vraag nu, in de woorden van de bewoner? Mijn vraag is …",
	tAccAgreementWhat:   "Afspraak %d: wat gaat er gebeuren? Typ één regel en druk op Enter. Alleen Enter: geen afspraken meer.",
	tAccAgreementWho:    "Wie doet het?",
	tAccAgreementAgency: "Welke instantie?",
	tAccAgreementBy:     "Vóór welke datum? Typ %s. Alleen Enter: geen datum.",
	tAccCloseWhen:       "Rondt u het gesprek nu af, of later?",
	tAccAppreciation:    "Hoe vond u het gesprek? Typ 1 tot 5: %s. Alleen Enter: niet gevraagd.",
	tAccDone:            "Het gesprek is bewaard.",

	// The guided intake.
	tIStepStart:         "Start",
	tIStepQuestion:      "Uw vraag",
	tIStepScan:          "Hoe gaat het?",
	tIStepClarify:       "Wat speelt er?",
	tIStepClarified:     "Mijn vraag is",
	tIStepAgreements:    "Afspraken",
	tIStepClosure:       "Afronden",
	tINextStep:          "volgende stap",
	tIPrevStep:          "vorige stap",
	tIContinue:          "verder met het gesprek",
	tINotSaved:          "Niet bewaard!",
	tIYes:               "Ja",
	tINo:                "Nee",
	tIPartly:            "Een beetje",
	tINotChosen:         "(niet gekozen)",
	tINotAsked:          "(niet gevraagd)",
	tINoneChosen:        "(nog niets gekozen)",
	tIDelete:            "weghalen",
	tIDateHint:          "dd-mm-jjjj",
	tIDateBad:           "Typ de datum als dd-mm-jjjj.",
	tINoConsentField:    "Zonder toestemming bewaren we dit niet.",
	tINoConsentStep:     "Zonder toestemming bewaren we hier niets. Er wordt alleen geteld dat er een gesprek was. Geef toestemming bij stap 1 als de bewoner dat wil.",
	tIStartIntro:        "Waar zijn we, wie zijn er, en hoe kwam de bewoner bij ons? Vraag ook of we aantekeningen mogen bewaren.",
	tILocation:          "Plaats",
	tISupporter:         "Cliëntondersteuner",
	tIKompaan:           "Kompaan erbij",
	tIKompaanName:       "Naam kompaan",
	tINetwork:           "Iemand uit netwerk",
	tINetworkWho:        "Wie is dat?",
	tIRoute:             "Hoe bij ons gekomen",
	tIConsent:           "Toestemming",
	tIConsentNotes:      "Aantekeningen van dit gesprek mogen bewaard worden.",
	tIScopeFollowUp:     "Later contact",
	tIScopeHandover:     "Naar ons kantoor",
	tIScopeReferral:     "Delen bij verwijzing",
	tIPseudonym:         "Naam of initialen",
	tIBirthYear:         "Geboortejaar",
	tITargetGroups:      "Past bij",
	tIQuestionIntro:     "Wat is de vraag? Schrijf hem op in de woorden van de bewoner. Niet beoordelen, gewoon opschrijven.",
	tIOwnWords:          "In eigen woorden",
	tIOwnWordsHint:      "Wat de bewoner zegt…",
	tIQuestionType:      "Soort vraag",
	tIScanSet:           "stap 0-5",
	tIDomain:            "Onderwerp",
	tIHappening:         "Wat speelt er?",
	tITried:             "Wat is al geprobeerd?",
	tIAgencies:          "Instanties",
	tIWouldHelp:         "Wat zou helpen?",
	tIUrgency:           "Hoe snel?",
	tIUrgLater:          "Kan wachten",
	tIUrgWeeks:          "Binnen een paar weken",
	tIUrgWeek:           "Deze week",
	tIUrgNow:            "Vandaag",
	tINoDomains:         "Er zijn geen onderwerpen met zorgen. Zet bij de vorige stap een onderwerp op 3 of hoger om het hier uit te zoeken. Of ga verder met pgdn.",
	tILetter:            "Brief",
	tILetterN:           "Brief %d van %d",
	tILetterNew:         "(nieuwe brief)",
	tILetterKind:        "Soort brief",
	tILetterDecision:    "Besluit (bezwaar kan)",
	tILetterWmo:         "Melding bij de Wmo",
	tILetterApplication: "Aanvraag",
	tILetterDemand:      "Rekening of aanmaning",
	tILetterOther:       "Andere post",
	tILetterFrom:        "Van wie",
	tILetterSent:        "Verstuurd op",
	tILetterReceived:    "Ontvangen op",
	tILetterDue:         "Datum in de brief",
	tILetterAbout:       "Waarover",
	tIDeadlines:         "Termijnen",
	tINoDeadlines:       "Geen termijnen. Vul de soort brief en de datum in.",
	tIDaysLeft:          "nog %d dagen",
	tIDeadlinePassed:    "deze datum is voorbij",
	tIExtended:          "mag nog op %s",
	tIApprox:            "Let op: de datum van verzenden is niet bekend. We rekenen vanaf de dag van ontvangst. De echte laatste dag kan eerder zijn.",
	tIClarifiedIntro:    "Schrijf de vraag samen op, in de woorden van de bewoner. Lees hem daarna samen. Klopt hij?",
	tIClarifiedLabel:    "Mijn vraag is",
	tIClarifiedHint:     "Mijn vraag is …",
	tIItemN:             "%d van %d",
	tINewAgreement:      "(nieuwe afspraak)",
	tIWhat:              "Wat",
	tIWho:               "Wie doet het",
	tIAgency:            "Welke instantie",
	tIBy:                "Vóór",
	tIReferrals:         "Doorverwijzing",
	tINewReferral:       "(nieuwe doorverwijzing)",
	tIReferTo:           "Naar",
	tIReferOrg:          "Organisatie",
	tIReason:            "Waarom",
	tIWarm:              "Samen eerste contact",
	tIReferOn:           "Datum",
	tINextAppointment:   "Volgende afspraak",
	tITime:              "Tijd",
	tIWhere:             "Waar",
	tIApptNote:          "Meenemen of weten",
	tIClosureIntro:      "Vraag de bewoner hoe het gesprek was. Dit kan nu, of later bij een volgend contact.",
	tIAppreciation:      "Hoe vond u het gesprek?",
	tIAppr1:             "slecht",
	tIAppr2:             "niet zo goed",
	tIAppr3:             "gewoon",
	tIAppr4:             "goed",
	tIAppr5:             "heel goed",
	tIStateBetter:       "Kunt u uw vraag nu beter zeggen?",
	tIMoreControl:       "Heeft u nu meer grip op uw zaken?",
	tICloseWhen:         "Gesprek afronden",
	tICloseLater:        "Later (blijft open)",
	tICloseNow:          "Nu afsluiten",
	tIClosedNote:        "Het gesprek is afgesloten.",
	tITurnaround:        "Doorlooptijd: %d dagen.",
	tIOpenNote:          "Het gesprek blijft open. De afspraken lopen.",
	tINotesPrivate:      "(alleen voor u, nooit op het bewonersscherm)",
	tINoteAs:            "Notitie van",
	tINoteHint:          "Typ een notitie. Enter bewaart hem.",
	tINoteAdd:           "notitie klaar",
	tINoteRole:          "wie schrijft",
	tIFollowUpIntro:     "Een vervolgcontact: wanneer, hoe en kort wat er besproken is.",
	tIContactDate:       "Datum",
	tIContactKind:       "Hoe",
	tIContactInPerson:   "Op het spreekuur",
	tIContactPhone:      "Telefoon",
	tIContactHomeVisit:  "Huisbezoek",
	tIContactMessage:    "Bericht of brief",
	tIContactTogether:   "Samen naar een instantie",
	tIContactNote:       "Kort verslag",

	// statistics dashboard and exports
	tHelpStats:       "statistiek",
	tHelpPapers:      "papieren",
	tDecimalMark:     ",",
	tDashTitle:       "statistiek",
	tDashShow:        "tonen",
	tDashOtherTable:  "tabel",
	tDashExport:      "opslaan",
	tDashPeriod:      "periode",
	tDashPeriodBad:   "Typ maanden als 2026-01. De eerste maand komt niet na de laatste.",
	tDashLegend:      "<%d = 1 t/m %d, niet getoond · x = verborgen · – = te weinig",
	tDashFrom:        "Van",
	tDashTo:          "t/m",
	tDashMonthHint:   "leeg = alles",
	tDashNoData:      "nog geen gegevens",
	tDashPeriodOf:    "%s t/m %s",
	tDashPeriodLabel: "Periode",
	tDashThreshold:   "drempel %d",
	tDashFigures:     "Kengetallen",
	tDashWithheld:    "Deze tabel is verborgen: er zijn te weinig intakes om hem veilig te tonen.",
	tDashDays:        "%s dagen",
	tExpStatsTitle:   "statistiek opslaan",
	tExpStatsIntro:   "De cijfers komen in één bestand. Er staan geen namen en geen notities in. Kleine aantallen zijn verborgen, net als op het scherm.",
	tExpFmtCSV:       "CSV (voor Excel)",
	tExpFmtHTML:      "HTML (webpagina, om te printen)",
	tExpFmtJSON:      "JSON (voor andere programma's)",
	tExpStatsFile:    "statistiek",
	tExpPapersTitle:  "papieren voor de bewoner",
	tExpPapersIntro:  "Maak het voorbereidingsblad of het persoonlijk plan voor de bewoner. Print het of geef het mee. Er staan persoonlijke gegevens in: bewaar het goed.",
	tExpKindSheet:    "Voorbereidingsblad",
	tExpKindPlan:     "Persoonlijk plan (concept)",
	tExpFmtPDF:       "PDF (om te printen)",
	tExpFmtText:      "Tekst (.txt)",
	tExpSheetFile:    "blad",
	tExpPlanFile:     "plan",
	tExpOverwrite:    "vervangen",
	tExpKeep:         "niet vervangen",
	tExpSave:         "opslaan",
	tExpNoPath:       "Typ waar het bestand moet komen.",
	tExpIsDir:        "Dat is een map. Typ ook een naam voor het bestand.",
	tExpFailed:       "Het bestand kon niet worden opgeslagen.",
	tExpKind:         "Wat",
	tExpFormat:       "Soort",
	tExpPath:         "Bestand",
	tExpPrivate:      "Alleen u kunt het bestand openen. Het wordt alleen opgeslagen waar u typt.",
	tExpWriting:      "Bezig met opslaan…",
	tExpExists:       "Dit bestand bestaat al:",
	tExpAskOverwrite: "Wilt u het vervangen? Druk op j voor ja of n voor nee.",
	tExpWrote:        "Opgeslagen in:",
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
	tErrNotYours:    "You did not take part in this conversation. As a kompaan you cannot open it.",
	tKompaanRule:    "As a kompaan you see only the conversations you took part in: you are named in it as the kompaan by your user name, or you wrote a note in it. Press ctrl+n to start a new one.",
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
	tAccMenu:            "What do you want to do? 1 find conversations, 2 hold a new conversation, 3 quit.",
	tAccCoordMenu:       "What do you want to do? 1 read out the figures, 2 quit.",
	tAccCoordChoice:     "Type 1 or 2:",
	tAccChoice:          "Type 1, 2 or 3:",
	tAccList:            "Found: %d. Number, name, stage, date:",
	tAccListEmpty:       "Nothing found.",
	tAccFilterPrompt:    "Type part of a name, or press Enter for all:",
	tAccPickPrompt:      "Type the number of the conversation, or press Enter to go back:",
	tAccQuestionPrompt:  "What is the question, in the resident's own words?",
	tAccQuestionEcho:    "You typed: %s",
	tAccConfirm:         "Is this right? Type y for yes or n for no:",
	tAccSaved:           "Saved.",
	tAccNoSave:          "Saving is not possible in this version yet. Nothing was saved.",
	tAccBye:             "spreekuur has stopped and is locked.",
	tAccLockedIdle:      "spreekuur has locked itself because nothing happened for a while. Type your passphrase to go on.",
	tAccLockedIdleEnd:   "spreekuur has locked itself because nothing happened for a while. On this terminal the passphrase cannot be asked again safely, so spreekuur stops. Everything has been saved: start spreekuur again to go on.",
	tAccCloseWindow:     "Close this window now, so that nobody can read back what was shown.",
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
	tAccStep:            "Step %d of %d: %s",
	tAccPickNumber:      "Type the number and press Enter. Just Enter: skip.",
	tAccYesNoSkip:       "Type y for yes or n for no. Just Enter: skip.",
	tAccTextSkip:        "Type one line and press Enter. Just Enter: skip.",
	tAccLocation:        "Where is this conversation?",
	tAccKompaan:         "Is an experience expert (kompaan) taking part?",
	tAccKompaanName:     "What is the name or what are the initials of the kompaan?",
	tAccNetwork:         "Is someone from the resident's own circle here, such as family or a neighbour?",
	tAccNetworkWho:      "Who is that, for example sister or neighbour?",
	tAccRoute:           "How did the resident find us?",
	tAccScope:           "Does the consent also cover: %s?",
	tAccAnonymous:       "We only count that there was a conversation. Questions about text and names are skipped.",
	tAccQuestionType:    "What kind of question is it?",
	tAccScanIntro:       "Now each subject: how are things? Answer with a number: %s.",
	tAccScanPrompt:      "%s. %s Type 0 to 5. Just Enter: skip.",
	tAccScanBad:         "Type a number from 0 to 5, or just Enter.",
	tAccClarifyIntro:    "Now the subjects with worries, one at a time.",
	tAccNoDomains:       "There are no subjects with worries. We go on.",
	tAccHappening:       "%s: what is going on?",
	tAccWouldHelp:       "%s: what would help?",
	tAccClarified:       "What is the question now, in the resident's words? My question is …",
	tAccAgreementWhat:   "Agreement %d: what will happen? Type one line and press Enter. Just Enter: no more agreements.",
	tAccAgreementWho:    "Who does it?",
	tAccAgreementAgency: "Which agency?",
	tAccAgreementBy:     "By which date? Type %s. Just Enter: no date.",
	tAccCloseWhen:       "Do you finish the conversation now, or later?",
	tAccAppreciation:    "How was the conversation? Type 1 to 5: %s. Just Enter: not asked.",
	tAccDone:            "The conversation is saved.",

	// The guided intake.
	tIStepStart:         "Start",
	tIStepQuestion:      "Your question",
	tIStepScan:          "How are things?",
	tIStepClarify:       "What is going on?",
	tIStepClarified:     "My question is",
	tIStepAgreements:    "Agreements",
	tIStepClosure:       "Closing",
	tINextStep:          "next step",
	tIPrevStep:          "previous step",
	tIContinue:          "continue the conversation",
	tINotSaved:          "Not saved!",
	tIYes:               "Yes",
	tINo:                "No",
	tIPartly:            "A little",
	tINotChosen:         "(not chosen)",
	tINotAsked:          "(not asked)",
	tINoneChosen:        "(nothing chosen yet)",
	tIDelete:            "remove",
	tIDateHint:          "yyyy-mm-dd",
	tIDateBad:           "Type the date as yyyy-mm-dd.",
	tINoConsentField:    "Without consent we do not keep this.",
	tINoConsentStep:     "Without consent we keep nothing here. We only count that there was a conversation. Give consent in step 1 if the resident wants that.",
	tIStartIntro:        "Where are we, who is here, and how did the resident find us? Also ask if we may keep notes.",
	tILocation:          "Place",
	tISupporter:         "Client supporter",
	tIKompaan:           "Kompaan present",
	tIKompaanName:       "Kompaan's name",
	tINetwork:           "Someone from network",
	tINetworkWho:        "Who is that?",
	tIRoute:             "How they found us",
	tIConsent:           "Consent",
	tIConsentNotes:      "Notes of this conversation may be kept.",
	tIScopeFollowUp:     "Contact later",
	tIScopeHandover:     "To our office",
	tIScopeReferral:     "Share on referral",
	tIPseudonym:         "Name or initials",
	tIBirthYear:         "Year of birth",
	tITargetGroups:      "Belongs to",
	tIQuestionIntro:     "What is the question? Write it down in the resident's own words. Do not judge, just write it down.",
	tIOwnWords:          "In own words",
	tIOwnWordsHint:      "What the resident says…",
	tIQuestionType:      "Kind of question",
	tIScanSet:           "step 0-5",
	tIDomain:            "Topic",
	tIHappening:         "What is happening?",
	tITried:             "What was tried?",
	tIAgencies:          "Agencies",
	tIWouldHelp:         "What would help?",
	tIUrgency:           "How soon?",
	tIUrgLater:          "Can wait",
	tIUrgWeeks:          "Within a few weeks",
	tIUrgWeek:           "This week",
	tIUrgNow:            "Today",
	tINoDomains:         "There are no topics with worries. Set a topic to 3 or higher in the previous step to look into it here. Or go on with pgdn.",
	tILetter:            "Letter",
	tILetterN:           "Letter %d of %d",
	tILetterNew:         "(new letter)",
	tILetterKind:        "Kind of letter",
	tILetterDecision:    "Decision (objection possible)",
	tILetterWmo:         "Wmo report",
	tILetterApplication: "Application",
	tILetterDemand:      "Bill or reminder",
	tILetterOther:       "Other post",
	tILetterFrom:        "From whom",
	tILetterSent:        "Sent on",
	tILetterReceived:    "Received on",
	tILetterDue:         "Date in the letter",
	tILetterAbout:       "About",
	tIDeadlines:         "Deadlines",
	tINoDeadlines:       "No deadlines. Fill in the kind of letter and the date.",
	tIDaysLeft:          "%d days left",
	tIDeadlinePassed:    "this date has passed",
	tIExtended:          "still in time on %s",
	tIApprox:            "Note: the sending date is not known. We count from the day it arrived. The real last day may be earlier.",
	tIClarifiedIntro:    "Write the question down together, in the resident's words. Then read it together. Is it right?",
	tIClarifiedLabel:    "My question is",
	tIClarifiedHint:     "My question is …",
	tIItemN:             "%d of %d",
	tINewAgreement:      "(new agreement)",
	tIWhat:              "What",
	tIWho:               "Who does it",
	tIAgency:            "Which agency",
	tIBy:                "By",
	tIReferrals:         "Referral",
	tINewReferral:       "(new referral)",
	tIReferTo:           "To",
	tIReferOrg:          "Organisation",
	tIReason:            "Why",
	tIWarm:              "First contact together",
	tIReferOn:           "Date",
	tINextAppointment:   "Next appointment",
	tITime:              "Time",
	tIWhere:             "Where",
	tIApptNote:          "To bring or know",
	tIClosureIntro:      "Ask the resident how the conversation went. This can be now, or later at a next contact.",
	tIAppreciation:      "How was the conversation?",
	tIAppr1:             "bad",
	tIAppr2:             "not so good",
	tIAppr3:             "all right",
	tIAppr4:             "good",
	tIAppr5:             "very good",
	tIStateBetter:       "Can you state your question better now?",
	tIMoreControl:       "Do you feel more in control now?",
	tICloseWhen:         "Finish the conversation",
	tICloseLater:        "Later (stays open)",
	tICloseNow:          "Close now",
	tIClosedNote:        "The conversation is closed.",
	tITurnaround:        "Turnaround: %d days.",
	tIOpenNote:          "The conversation stays open. The agreements run.",
	tINotesPrivate:      "(only for you, never on the resident's screen)",
	tINoteAs:            "Note by",
	tINoteHint:          "Type a note. Enter keeps it.",
	tINoteAdd:           "note done",
	tINoteRole:          "who writes",
	tIFollowUpIntro:     "A follow-up contact: when, how and briefly what was discussed.",
	tIContactDate:       "Date",
	tIContactKind:       "How",
	tIContactInPerson:   "At the consultation hour",
	tIContactPhone:      "Phone",
	tIContactHomeVisit:  "Home visit",
	tIContactMessage:    "Message or letter",
	tIContactTogether:   "Went to an agency together",
	tIContactNote:       "Short note",

	// statistics dashboard and exports
	tHelpStats:       "statistics",
	tHelpPapers:      "papers",
	tDecimalMark:     ".",
	tDashTitle:       "statistics",
	tDashShow:        "show",
	tDashOtherTable:  "table",
	tDashExport:      "save",
	tDashPeriod:      "months",
	tDashPeriodBad:   "Type months like 2026-01. The first month must not come after the last.",
	tDashLegend:      "<%d = 1 to %d, not shown · x = hidden · – = too few",
	tDashFrom:        "From",
	tDashTo:          "to",
	tDashMonthHint:   "empty = all",
	tDashNoData:      "no data yet",
	tDashPeriodOf:    "%s to %s",
	tDashPeriodLabel: "Period",
	tDashThreshold:   "threshold %d",
	tDashFigures:     "Key figures",
	tDashWithheld:    "This table is hidden: there are too few intakes to show it safely.",
	tDashDays:        "%s days",
	tExpStatsTitle:   "save statistics",
	tExpStatsIntro:   "The figures go into one file. It holds no names and no notes. Small counts are hidden, as on the screen.",
	tExpFmtCSV:       "CSV (for Excel)",
	tExpFmtHTML:      "HTML (web page, to print)",
	tExpFmtJSON:      "JSON (for other programs)",
	tExpStatsFile:    "statistics",
	tExpPapersTitle:  "papers for the resident",
	tExpPapersIntro:  "Make the preparation sheet or the personal plan for the resident. Print it or hand it over. It holds personal data: keep it safe.",
	tExpKindSheet:    "Preparation sheet",
	tExpKindPlan:     "Personal plan (draft)",
	tExpFmtPDF:       "PDF (to print)",
	tExpFmtText:      "Text (.txt)",
	tExpSheetFile:    "sheet",
	tExpPlanFile:     "plan",
	tExpOverwrite:    "replace",
	tExpKeep:         "keep",
	tExpSave:         "save",
	tExpNoPath:       "Type where the file should go.",
	tExpIsDir:        "That is a folder. Type a name for the file too.",
	tExpFailed:       "The file could not be saved.",
	tExpKind:         "What",
	tExpFormat:       "Format",
	tExpPath:         "File",
	tExpPrivate:      "Only you can open the file. It is saved only where you type.",
	tExpWriting:      "Saving…",
	tExpExists:       "This file already exists:",
	tExpAskOverwrite: "Do you want to replace it? Press y for yes or n for no.",
	tExpWrote:        "Saved in:",
}
