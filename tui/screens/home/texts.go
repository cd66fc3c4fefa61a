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
	tAgendaTitle
	tAgendaEmpty
	tToAgenda
	tToList
	tOpenAt
	tLetter
	tLetterHint
	tNewSame
	tColDay
	tColWhen
	tColWhat
	tWeekdays
	tDaysLate
	tDayLate
	tToday
	tTomorrow
	tDaysLeft
	tHandover
	tImport
	tSettings
	tToErase
	tErase
	tSearching
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
		tColDate:      "Contact",
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
		tAgendaTitle:  "deze week",
		tAgendaEmpty:  "Deze week loopt er niets af, en niets is te laat. Druk op F3 voor de lijst.",
		tToAgenda:     "deze week",
		tToList:       "lijst",
		tOpenAt:       "openen",
		tLetter:       "brief",
		tLetterHint:   "brief: F6",
		tNewSame:      "nieuw gesprek met deze bewoner",
		tColDay:       "Dag",
		tColWhen:      "Wanneer",
		tColWhat:      "Wat",
		tWeekdays:     "zo ma di wo do vr za",
		tDaysLate:     "%d dagen te laat",
		tDayLate:      "1 dag te laat",
		tToday:        "vandaag",
		tTomorrow:     "morgen",
		tDaysLeft:     "nog %d dagen",
		tHandover:     "naar kantoor (of de gekozen bewoner naar een collega)",
		tImport:       "een bestand van een laptop inlezen",
		tSettings:     "instellingen: kantoor, organisatie, deze laptop",
		tToErase:      "te wissen (bewaartermijn voorbij)",
		tErase:        "deze bewoner wissen",
		tSearching:    "Zoeken in alle gesprekken. Even geduld…",
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
		tColDate:      "Last contact",
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
		tAgendaTitle:  "this week",
		tAgendaEmpty:  "Nothing runs out this week, and nothing is late. Press F3 for the list.",
		tToAgenda:     "this week",
		tToList:       "list",
		tOpenAt:       "open",
		tLetter:       "letter",
		tLetterHint:   "letter: F6",
		tNewSame:      "new conversation with this resident",
		tColDay:       "Day",
		tColWhen:      "When",
		tColWhat:      "What",
		tWeekdays:     "Su Mo Tu We Th Fr Sa",
		tDaysLate:     "%d days late",
		tDayLate:      "1 day late",
		tToday:        "today",
		tTomorrow:     "tomorrow",
		tDaysLeft:     "%d days left",
		tHandover:     "to the office (or the chosen resident to a colleague)",
		tImport:       "read in a file from a laptop",
		tSettings:     "settings: the office, the organisation, this laptop",
		tToErase:      "to erase (retention period over)",
		tErase:        "erase this resident",
		tSearching:    "Searching every conversation. One moment…",
	},
}
