package office

import "github.com/spreekuur/spreekuur/tui/common"

type textID int

const (
	// Naar kantoor.
	tHandoverTitle textID = iota
	tHandoverIntro
	tWhat
	tTo
	tColleague
	tColleagueKey
	tFolder
	tWhatChanged
	tWhatResident
	tToOffice
	tToColleague
	tPlanChanged
	tPlanChangedFirst
	tPlanResident
	tPlanLeftOut
	tPlanErased
	tPlanOnlyErased
	tPlanNothing
	tPlanNothingSince
	tColleagueHint
	tKeyHint
	tColleagueNeedsResident
	tNoColleagueName
	tWriting
	tWroteOffice
	tWroteColleague
	tSignatureBeside
	tNothingWritten
	tMarkFailed
	tKeepOrErase
	tKeep
	tErase
	tEraseQuestion
	tEraseResident
	tEraseIntake
	tEraseStats
	tErased
	tKept
	tLockedWhileWriting
	tHandOver
	tNextField
	tChoose

	// Inlezen.
	tImportTitle
	tImportIntro
	tFile
	tKeyFile
	tKeyFileHint
	tChecking
	tFrom
	tFromClaim
	tSigned
	tSignedKey
	tMade
	tSelAll
	tSelChanged
	tSelChangedFirst
	tSelResident
	tColNew
	tColUpdated
	tColSkipped
	tRowIntakes
	tRowResidents
	tRowErased
	tRowWithdrawn
	tImportAsk
	tNothingNew
	tImporting
	tImported
	tCheck
	tImportKey
	tLockedWhileImporting
	tConversation
	tConversations
	tResident
	tResidents
)

var texts = common.Texts[textID]{
	NL: map[textID]string{
		tHandoverTitle:          "naar kantoor",
		tHandoverIntro:          "De gesprekken gaan versleuteld in één bestand. Alleen wie de sleutel heeft, kan het openen. Alleen gesprekken met toestemming voor overdracht gaan mee.",
		tWhat:                   "Wat",
		tTo:                     "Naar",
		tColleague:              "Collega",
		tColleagueKey:           "Sleutel",
		tFolder:                 "Map",
		tWhatChanged:            "Alles wat nieuw of veranderd is",
		tWhatResident:           "Alleen %s",
		tToOffice:               "Kantoor (%s)",
		tToColleague:            "Een collega",
		tPlanChanged:            "Wat meegaat: %s van %s, nieuw of veranderd sinds %s.",
		tPlanChangedFirst:       "Wat meegaat: %s van %s. Dit is de eerste keer naar deze sleutel, dus alles gaat mee.",
		tPlanResident:           "Wat meegaat: %s van deze bewoner.",
		tPlanLeftOut:            "Niet mee, want zonder toestemming voor overdracht: %s.",
		tPlanErased:             "Ook gaat mee wat hier gewist is: %s bewoner(s), en %s gesprek(ken) waarvoor de toestemming is ingetrokken. Daar wordt het dan ook gewist.",
		tPlanOnlyErased:         "Er zijn geen gesprekken om over te dragen.",
		tPlanNothing:            "Er is niets om over te dragen.",
		tPlanNothingSince:       "Er is niets nieuws of veranderd sinds %s.",
		tColleagueHint:          "De naam van de collega: die ziet u later terug bij deze bewoner.",
		tKeyHint:                "De sleutel van de laptop van de collega begint met age1. De collega ziet hem bij Instellingen.",
		tColleagueNeedsResident: "Aan een collega geeft u één bewoner. Kies in het overzicht eerst de bewoner.",
		tNoColleagueName:        "Typ de naam van de collega.",
		tWriting:                "Bezig met het bestand…",
		tWroteOffice:            "%s klaar voor kantoor:",
		tWroteColleague:         "%s van %s klaar voor %s:",
		tSignatureBeside:        "De handtekening staat ernaast (%s). Geef beide bestanden.",
		tNothingWritten:         "Er is geen bestand gemaakt.",
		tMarkFailed:             "Het bestand is gemaakt, maar de kluis kon het niet onthouden. De volgende keer gaan deze gesprekken opnieuw mee.",
		tKeepOrErase:            "Wat doet u met de gegevens van %s op deze laptop? De collega heeft ze nu.",
		tKeep:                   "bewaren",
		tErase:                  "wissen",
		tEraseQuestion:          "Dit wordt van deze laptop gewist. Het bestand voor de collega blijft.",
		tEraseResident:          "%s (de bewoner)",
		tEraseIntake:            "Het gesprek van %s (%s)",
		tEraseStats:             "De cijfers blijven: daarin staan geen namen.",
		tErased:                 "Gewist van deze laptop: %s.",
		tKept:                   "De gegevens blijven op deze laptop. De bewoner staat als overgedragen aan %s.",
		tLockedWhileWriting:     "De overdracht ging door tijdens het slot. Kijk in de map of het bestand er staat.",
		tHandOver:               "overdragen",
		tNextField:              "volgend vak",
		tChoose:                 "kiezen",

		tImportTitle:          "bestand inlezen",
		tImportIntro:          "Lees een overdracht in van een laptop die hier is aangemeld. Eerst ziet u van wie het komt en wat erin zit. Er verandert dan nog niets.",
		tFile:                 "Bestand",
		tKeyFile:              "Sleutel",
		tKeyFileHint:          "Leeg: de sleutel van deze kluis. Of het sleutelbestand van kantoor.",
		tChecking:             "Bezig met controleren…",
		tFrom:                 "Van",
		tFromClaim:            "laptop %s (noemt zich %s), door %s",
		tSigned:               "Ondertekend",
		tSignedKey:            "%s, sleutelnummer %s",
		tMade:                 "Gemaakt",
		tSelAll:               "alle gesprekken",
		tSelChanged:           "wat nieuw of veranderd is sinds %s",
		tSelChangedFirst:      "alles (de eerste keer)",
		tSelResident:          "één bewoner",
		tColNew:               "nieuw",
		tColUpdated:           "bijgewerkt",
		tColSkipped:           "overgeslagen",
		tRowIntakes:           "Gesprekken",
		tRowResidents:         "Bewoners",
		tRowErased:            "Gewist",
		tRowWithdrawn:         "Ingetrokken",
		tImportAsk:            "Druk op enter om in te lezen. Esc: terug, er verandert niets.",
		tNothingNew:           "Alles in dit bestand staat hier al. Inlezen verandert niets.",
		tImporting:            "Bezig met inlezen…",
		tImported:             "Ingelezen: %s gesprekken nieuw, %s bijgewerkt, %s overgeslagen.",
		tCheck:                "controleren",
		tImportKey:            "inlezen",
		tLockedWhileImporting: "Het inlezen ging door tijdens het slot. Kijk in het overzicht wat er is.",
		tConversation:         "%s gesprek",
		tConversations:        "%s gesprekken",
		tResident:             "%s bewoner",
		tResidents:            "%s bewoners",
	},
	EN: map[textID]string{
		tHandoverTitle:          "to the office",
		tHandoverIntro:          "The conversations go into one encrypted file. Only whoever holds the key can open it. Only conversations with consent to hand over go.",
		tWhat:                   "What",
		tTo:                     "To",
		tColleague:              "Colleague",
		tColleagueKey:           "Key",
		tFolder:                 "Folder",
		tWhatChanged:            "Everything new or changed",
		tWhatResident:           "Only %s",
		tToOffice:               "The office (%s)",
		tToColleague:            "A colleague",
		tPlanChanged:            "What goes: %s of %s, new or changed since %s.",
		tPlanChangedFirst:       "What goes: %s of %s. This is the first time to this key, so everything goes.",
		tPlanResident:           "What goes: %s of this resident.",
		tPlanLeftOut:            "Not going, as there is no consent to hand over: %s.",
		tPlanErased:             "Also going is what was erased here: %s resident(s), and %s conversation(s) whose consent was withdrawn. They are then erased there too.",
		tPlanOnlyErased:         "There are no conversations to hand over.",
		tPlanNothing:            "There is nothing to hand over.",
		tPlanNothingSince:       "Nothing is new or changed since %s.",
		tColleagueHint:          "The colleague's name: you will see it with this resident later.",
		tKeyHint:                "The key of the colleague's laptop starts with age1. The colleague finds it in the settings.",
		tColleagueNeedsResident: "To a colleague you hand one resident. First choose the resident in the overview.",
		tNoColleagueName:        "Type the colleague's name.",
		tWriting:                "Making the file…",
		tWroteOffice:            "%s ready for the office:",
		tWroteColleague:         "%s of %s ready for %s:",
		tSignatureBeside:        "The signature is beside it (%s). Hand over both files.",
		tNothingWritten:         "No file was made.",
		tMarkFailed:             "The file was made, but the vault could not remember it. Next time these conversations go again.",
		tKeepOrErase:            "What do you do with %s's data on this laptop? The colleague has it now.",
		tKeep:                   "keep",
		tErase:                  "erase",
		tEraseQuestion:          "This is erased from this laptop. The file for the colleague stays.",
		tEraseResident:          "%s (the resident)",
		tEraseIntake:            "The conversation of %s (%s)",
		tEraseStats:             "The figures stay: they hold no names.",
		tErased:                 "Erased from this laptop: %s.",
		tKept:                   "The data stays on this laptop. The resident is marked as handed over to %s.",
		tLockedWhileWriting:     "The handover went on while the app was locked. Look in the folder whether the file is there.",
		tHandOver:               "hand over",
		tNextField:              "next field",
		tChoose:                 "choose",

		tImportTitle:          "read in a file",
		tImportIntro:          "Read in a handover from a laptop registered here. First you see who it is from and what it holds. Nothing changes yet.",
		tFile:                 "File",
		tKeyFile:              "Key",
		tKeyFileHint:          "Empty: this vault's key. Or the office's key file.",
		tChecking:             "Checking…",
		tFrom:                 "From",
		tFromClaim:            "laptop %s (calls itself %s), by %s",
		tSigned:               "Signed",
		tSignedKey:            "%s, key number %s",
		tMade:                 "Made",
		tSelAll:               "all conversations",
		tSelChanged:           "what is new or changed since %s",
		tSelChangedFirst:      "everything (the first time)",
		tSelResident:          "one resident",
		tColNew:               "new",
		tColUpdated:           "updated",
		tColSkipped:           "skipped",
		tRowIntakes:           "Conversations",
		tRowResidents:         "Residents",
		tRowErased:            "Erased",
		tRowWithdrawn:         "Withdrawn",
		tImportAsk:            "Press enter to read it in. Esc: back, nothing changes.",
		tNothingNew:           "Everything in this file is here already. Reading it in changes nothing.",
		tImporting:            "Reading in…",
		tImported:             "Read in: %s conversations new, %s updated, %s skipped.",
		tCheck:                "check",
		tImportKey:            "read in",
		tLockedWhileImporting: "Reading in went on while the app was locked. Look in the overview what is there.",
		tConversation:         "%s conversation",
		tConversations:        "%s conversations",
		tResident:             "%s resident",
		tResidents:            "%s residents",
	},
}
