package stats

import "github.com/spreekuur/spreekuur/tui/common"

type textID int

const (
	tTitle textID = iota
	tDecimalMark
	tOtherTable
	tScroll
	tExport
	tPeriod
	tShow
	tNextField
	tLegend
	tNoData
	tPeriodOf
	tPeriodLabel
	tThreshold
	tFigures
	tWithheld
	tDays
	tLetters
	tPeriodTitle
	tPeriodHint
	tPeriodBad
	tFrom
	tTo
)

var texts = common.Texts[textID]{
	NL: map[textID]string{
		tTitle:       "statistiek",
		tDecimalMark: ",",
		tOtherTable:  "tabel",
		tScroll:      "omhoog/omlaag",
		tExport:      "opslaan",
		tPeriod:      "periode",
		tShow:        "tonen",
		tNextField:   "volgend vak",
		tLegend:      "<%d = 1 t/m %d, niet getoond · x = verborgen · – = te weinig",
		tNoData:      "nog geen gegevens",
		tPeriodOf:    "%s t/m %s",
		tPeriodLabel: "Periode",
		tThreshold:   "drempel %d",
		tFigures:     "Kengetallen",
		tWithheld:    "Deze tabel is verborgen: er zijn te weinig intakes om hem veilig te tonen.",
		tDays:        "%s dagen",
		tLetters:     "Letters doen hier niets. Gebruik ← → voor een andere tabel en ↑ ↓ om te schuiven. F3 kiest de periode, F6 slaat de cijfers op.",
		tPeriodTitle: "Periode kiezen",
		tPeriodHint:  "Typ maanden als 2026-01. Laat een vak leeg voor alles.",
		tPeriodBad:   "Typ maanden als 2026-01. De eerste maand komt niet na de laatste.",
		tFrom:        "Van",
		tTo:          "t/m",
	},
	EN: map[textID]string{
		tTitle:       "statistics",
		tDecimalMark: ".",
		tOtherTable:  "table",
		tScroll:      "scroll",
		tExport:      "save",
		tPeriod:      "months",
		tShow:        "show",
		tNextField:   "next field",
		tLegend:      "<%d = 1 to %d, not shown · x = hidden · – = too few",
		tNoData:      "no data yet",
		tPeriodOf:    "%s to %s",
		tPeriodLabel: "Period",
		tThreshold:   "threshold %d",
		tFigures:     "Key figures",
		tWithheld:    "This table is hidden: there are too few intakes to show it safely.",
		tDays:        "%s days",
		tLetters:     "Letters do nothing here. Use ← → for another table and ↑ ↓ to scroll. F3 chooses the months, F6 saves the figures.",
		tPeriodTitle: "Choose the months",
		tPeriodHint:  "Type months like 2026-01. Leave a field empty for all.",
		tPeriodBad:   "Type months like 2026-01. The first month must not come after the last.",
		tFrom:        "From",
		tTo:          "to",
	},
}
