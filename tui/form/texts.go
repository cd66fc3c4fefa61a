package form

import "github.com/spreekuur/spreekuur/tui/common"

type textID int

const (
	tNewItem textID = iota
	tItemOf
	tNoItems
	tRemove
	tNextField
	tPrevField
	tChoose
	tToggle
	tNewLine
	tKeptValue
	tNoPaste
	tNotEditable
	tResidentReads
	tScanZRM
	tScanArrows
	tScanNone
	tScanLegend
	tScanMove
	tLetterKeys
	tDone
	tNotSaved
	tNothingChosen
	tRemoveNothing
)

var texts = common.Texts[textID]{
	NL: map[textID]string{
		tNewItem:       "＋ %s toevoegen", // no article: "het contact", "de afspraak"
		tItemOf:        "%d van %d",
		tNoItems:       "Nog geen.",
		tRemove:        "weghalen",
		tNextField:     "veld",
		tPrevField:     "vorig veld",
		tChoose:        "kiezen",
		tToggle:        "aan/uit",
		tNewLine:       "nieuwe regel",
		tKeptValue:     "Bewaard is: %s",
		tNoPaste:       "Hier kunt u niet plakken: dit is een keuze.",
		tNotEditable:   "Dit kunt u hier niet veranderen.",
		tResidentReads: "Zo leest de bewoner het:",
		tScanZRM:       "ZRM: 1 dringend, 5 goed",
		tScanArrows:    "← dringender, → beter",
		tScanNone:      "niet besproken",
		tScanLegend:    "ZRM",
		tScanMove:      "leefgebied",
		tLetterKeys:    "Hier typt u geen letters. Kies met ← →, of met de cijfers van de ZRM: 1 dringend tot 5 gaat goed, 0 niet besproken.",
		tDone:          "volgende stap",
		tNotSaved:      "niet bewaard",
		tNothingChosen: "(nog niets gekozen)",
		tRemoveNothing: "Dit is een nieuwe, lege regel: er is niets om weg te halen.",
	},
	EN: map[textID]string{
		tNewItem:       "＋ new %s",
		tItemOf:        "%d of %d",
		tNoItems:       "None yet.",
		tRemove:        "remove",
		tNextField:     "field",
		tPrevField:     "previous field",
		tChoose:        "choose",
		tToggle:        "on/off",
		tNewLine:       "new line",
		tKeptValue:     "Kept is: %s",
		tNoPaste:       "You cannot paste here: this is a choice.",
		tNotEditable:   "You cannot change this here.",
		tResidentReads: "This is how the resident reads it:",
		tScanZRM:       "ZRM: 1 urgent, 5 well",
		tScanArrows:    "← more urgent, → better",
		tScanNone:      "not discussed",
		tScanLegend:    "ZRM",
		tScanMove:      "life domain",
		tLetterKeys:    "You do not type letters here. Choose with ← →, or with the ZRM digits: 1 urgent to 5 goes well, 0 not discussed.",
		tDone:          "next step",
		tNotSaved:      "not saved",
		tNothingChosen: "(nothing chosen yet)",
		tRemoveNothing: "This is a new, empty row: there is nothing to remove.",
	},
}
