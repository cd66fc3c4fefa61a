package privacy

import "github.com/spreekuur/spreekuur/tui/common"

type textID int

const (
	tEraseTitle textID = iota
	tEraseQuestion
	tEraseRetentionQuestion
	tErasing
	tErased
	tErasedRetention
	tCompactWhy
	tCompactQuestion
	tCompactKey
	tCompacting
	tCompacted
	tReceipt
	tRefused
	tRetentionTitle
	tRetentionIntro
	tRetentionNone
	tColName
	tColID
	tColLast
	tColRunning
	tNothingRuns
	tFlagAgreement
	tFlagDeadline
	tFlagAppointment
	tEraseOne
	tEraseAll
	tEraseAllQuestion
	tEraseAllNone
	tErasedAll
	tMove
	tKeep
	tAndOthers
)

var texts = common.Texts[textID]{
	NL: map[textID]string{
		tEraseTitle:             "bewoner wissen",
		tEraseQuestion:          "Wilt u alles van deze bewoner voorgoed wissen? De bewoner vroeg daarom (AVG, artikel 17). Dit gaat weg:",
		tEraseRetentionQuestion: "De bewaartermijn van deze bewoner is voorbij. Wilt u alles voorgoed wissen? Dit gaat weg:",
		tErasing:                "Bezig met wissen …",
		tErased:                 "Gewist: %s en %d gesprek(ken), op %s. Er blijft alleen een regel met het nummer en de datum.",
		tErasedRetention:        "Gewist na de bewaartermijn: %s en %d gesprek(ken), op %s.",
		tCompactWhy:             "Wat gewist is, staat nog versleuteld in het bestand. Dat blijft zo tot het bestand opnieuw geschreven is.",
		tCompactQuestion:        "Het bestand nu opnieuw schrijven? Dat duurt even. Typ %s voor ja.",
		tCompactKey:             "opnieuw schrijven",
		tCompacting:             "Bezig met het bestand opnieuw schrijven …",
		tCompacted:              "Het bestand is opnieuw geschreven. Wat gewist is, staat er niet meer in.",
		tReceipt:                "bewijs opslaan",
		tRefused:                "Alleen een cliëntondersteuner mag een bewoner wissen.",
		tRetentionTitle:         "te wissen",
		tRetentionIntro:         "Bij deze bewoners is het laatste contact langer dan %d maanden geleden. Loopt er nog iets, dan staat dat erbij: kijk daar eerst naar.",
		tRetentionNone:          "Er is niemand te wissen. Bij iedereen was het laatste contact korter dan %d maanden geleden.",
		tColName:                "Naam",
		tColID:                  "Nummer",
		tColLast:                "Laatst",
		tColRunning:             "Loopt nog",
		tNothingRuns:            "niets",
		tFlagAgreement:          "afspraak",
		tFlagDeadline:           "termijn",
		tFlagAppointment:        "afspraak gepland",
		tEraseOne:               "wissen",
		tEraseAll:               "wissen wat kan",
		tEraseAllQuestion:       "Wilt u deze %d bewoners voorgoed wissen? Bij hen loopt niets meer:",
		tEraseAllNone:           "Bij iedereen op de lijst loopt nog iets. Er is niets gewist.",
		tErasedAll:              "%d bewoner(s) gewist.",
		tMove:                   "kiezen",
		tKeep:                   "niet wissen",
		tAndOthers:              "en nog %d anderen: zij staan in de lijst hierachter",
	},
	EN: map[textID]string{
		tEraseTitle:             "erase a resident",
		tEraseQuestion:          "Do you want to erase everything about this resident, for good? The resident asked for it (GDPR, article 17). This goes:",
		tEraseRetentionQuestion: "The retention period of this resident has passed. Do you want to erase everything, for good? This goes:",
		tErasing:                "Erasing …",
		tErased:                 "Erased: %s and %d conversation(s), on %s. Only a line with the number and the date stays.",
		tErasedRetention:        "Erased after the retention period: %s and %d conversation(s), on %s.",
		tCompactWhy:             "What was erased is still in the file, encrypted. It stays there until the file is rewritten.",
		tCompactQuestion:        "Rewrite the file now? It takes a moment. Type %s for yes.",
		tCompactKey:             "rewrite the file",
		tCompacting:             "Rewriting the file …",
		tCompacted:              "The file was rewritten. What was erased is no longer in it.",
		tReceipt:                "save the receipt",
		tRefused:                "Only a client supporter may erase a resident.",
		tRetentionTitle:         "to erase",
		tRetentionIntro:         "For these residents the last contact was more than %d months ago. If something still runs, it says so: look at that first.",
		tRetentionNone:          "There is no one to erase. For everyone, the last contact was less than %d months ago.",
		tColName:                "Name",
		tColID:                  "Number",
		tColLast:                "Last",
		tColRunning:             "Still running",
		tNothingRuns:            "nothing",
		tFlagAgreement:          "agreement",
		tFlagDeadline:           "period",
		tFlagAppointment:        "appointment",
		tEraseOne:               "erase",
		tEraseAll:               "erase what can go",
		tEraseAllQuestion:       "Do you want to erase these %d residents, for good? Nothing runs for them any more:",
		tEraseAllNone:           "Something still runs for everyone on the list. Nothing was erased.",
		tErasedAll:              "%d resident(s) erased.",
		tMove:                   "choose",
		tKeep:                   "do not erase",
		tAndOthers:              "and %d others: they are in the list behind this",
	},
}

// MissingTexts lists the texts in one language only (for the test).
func MissingTexts() []textID { return texts.Missing() }
