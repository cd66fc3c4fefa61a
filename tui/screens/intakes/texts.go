package intakes

import "github.com/spreekuur/spreekuur/tui/common"

type textID int

const (
	tNextStep textID = iota
	tPrevStep
	tFinish
	tNotes
	tNotesClose
	tPapers
	tHome
	tContinue
	tFollowUp
	tNotesTitle
	tNotesRule
	tNotSaved
	tLoadFailed
	tImportedFrom
	tHandedOverTo
	tResAgreement
	tByDate
	tDoneOn
	tPartyResident
	tPartySupporter
	tPartyKompaan
	tPartyNetwork
	tPartyAgency
)

var texts = common.Texts[textID]{
	NL: map[textID]string{
		tNextStep:       "verder",
		tPrevStep:       "vorige stap",
		tFinish:         "klaar, naar de lijst",
		tNotes:          "notities",
		tNotesClose:     "terug naar het gesprek",
		tPapers:         "papieren",
		tHome:           "naar de lijst",
		tContinue:       "verder met het gesprek",
		tFollowUp:       "Vervolgcontact",
		tNotesTitle:     "Notities",
		tNotesRule:      "Notities zijn te zien voor iedereen die dit gesprek mag openen: de cliëntondersteuners en de kompaan die erbij was. Nooit op het scherm of de papieren van de bewoner. Alleen wie een notitie schreef, kan hem veranderen.",
		tNotSaved:       "Niet bewaard!",
		tLoadFailed:     "Dit gesprek kon niet worden geopend.",
		tImportedFrom:   "Ingelezen van laptop %s (%s), ondertekend op %s.",
		tHandedOverTo:   "Overgedragen aan %s op %s.",
		tResAgreement:   "%s: %s",
		tByDate:         "vóór %s",
		tDoneOn:         "klaar op %s",
		tPartyResident:  "U",
		tPartySupporter: "Uw cliëntondersteuner",
		tPartyKompaan:   "De kompaan",
		tPartyNetwork:   "Iemand uit uw omgeving",
		tPartyAgency:    "De instantie",
	},
	EN: map[textID]string{
		tNextStep:       "next",
		tPrevStep:       "previous step",
		tFinish:         "done, to the list",
		tNotes:          "notes",
		tNotesClose:     "back to the conversation",
		tPapers:         "papers",
		tHome:           "to the list",
		tContinue:       "continue the conversation",
		tFollowUp:       "Follow-up contact",
		tNotesTitle:     "Notes",
		tNotesRule:      "Notes can be seen by everyone who may open this conversation: the client supporters and the kompaan who was there. Never on the resident's screen or papers. Only who wrote a note can change it.",
		tNotSaved:       "Not saved!",
		tLoadFailed:     "This conversation could not be opened.",
		tImportedFrom:   "Read in from laptop %s (%s), signed on %s.",
		tHandedOverTo:   "Handed over to %s on %s.",
		tResAgreement:   "%s: %s",
		tByDate:         "by %s",
		tDoneOn:         "done on %s",
		tPartyResident:  "You",
		tPartySupporter: "Your client supporter",
		tPartyKompaan:   "The kompaan",
		tPartyNetwork:   "Someone close to you",
		tPartyAgency:    "The agency",
	},
}
