package home

import "github.com/spreekuur/spreekuur/tui/common"

type textID int

const (
	tTitle textID = iota
	tFilter
	tCountOf
	tEmpty
	tKompaanRule
	tNoMatches
	tColName
	tColID
	tColStatus
	tColDate
	tColPlace
	tThousands
	tStatusDraft
	tStatusOpen
	tStatusClosed
	tStatusNone
	tAnonymous
	tOpen
	tNew
	tFollowUp
	tStats
	tAccess
	tMove
	tPage
	tClearFilter
	tToErase
	tErase
)

var texts = common.Texts[textID]{
	NL: map[textID]string{
		tTitle:        "overzicht",
		tFilter:       "Zoeken:",
		tCountOf:      "%s van %s",
		tEmpty:        "Er zijn nog geen gesprekken. Druk op ctrl+n om een nieuw gesprek te beginnen.",
		tKompaanRule:  "Als kompaan ziet u alleen de gesprekken waar u bij was: u bent gekozen als de kompaan die erbij was, of u schreef er een notitie bij. Met ctrl+n begint u een nieuw gesprek.",
		tNoMatches:    "Niets gevonden. Druk op esc om het zoeken te wissen.",
		tColName:      "Naam",
		tColID:        "Nummer",
		tColStatus:    "Stand",
		tColDate:      "Datum",
		tColPlace:     "Plaats",
		tThousands:    ".",
		tStatusDraft:  "Nog bezig",
		tStatusOpen:   "Open",
		tStatusClosed: "Afgerond",
		tStatusNone:   "Geen gesprek", // fits the 12 cells of its column
		tAnonymous:    "(zonder naam)",
		tOpen:         "openen",
		tNew:          "nieuw gesprek",
		tFollowUp:     "vervolgcontact",
		tStats:        "cijfers",
		tAccess:       "alles over deze bewoner",
		tMove:         "kiezen",
		tPage:         "een bladzijde omhoog of omlaag (home en end: helemaal boven of onder)",
		tClearFilter:  "zoeken wissen",
		tToErase:      "te wissen (bewaartermijn voorbij)",
		tErase:        "deze bewoner wissen",
	},
	EN: map[textID]string{
		tTitle:        "overview",
		tFilter:       "Search:",
		tCountOf:      "%s of %s",
		tEmpty:        "There are no conversations yet. Press ctrl+n to start a new one.",
		tKompaanRule:  "As a kompaan you see only the conversations you took part in: you were chosen as the kompaan who was there, or you wrote a note in it. Press ctrl+n to start a new one.",
		tNoMatches:    "Nothing found. Press esc to clear the search.",
		tColName:      "Name",
		tColID:        "Number",
		tColStatus:    "Stage",
		tColDate:      "Date",
		tColPlace:     "Place",
		tThousands:    ",",
		tStatusDraft:  "In progress",
		tStatusOpen:   "Open",
		tStatusClosed: "Finished",
		tStatusNone:   "Not started",
		tAnonymous:    "(no name)",
		tOpen:         "open",
		tNew:          "new conversation",
		tFollowUp:     "follow-up contact",
		tStats:        "figures",
		tAccess:       "all about this resident",
		tMove:         "choose",
		tPage:         "a page up or down (home and end: to the top or the bottom)",
		tClearFilter:  "clear search",
		tToErase:      "to erase (retention period over)",
		tErase:        "erase this resident",
	},
}
