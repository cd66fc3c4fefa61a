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
	tLegend
	tNoData
	tPeriodOf
	tPeriodLabel
	tThreshold
	tFigures
	tDays
	tLetters
	tPeriodTitle
	tPeriodHint

	// Fixed periods, with cell-key perturbation (issue 11).
	tProvisional
	tPublished
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
		tLegend:      "<%d = minder dan %d (ook 0) · aantallen met ruis (±%d) · – = te weinig",
		tNoData:      "nog geen gegevens",
		tPeriodOf:    "%s t/m %s",
		tPeriodLabel: "Periode",
		tThreshold:   "drempel %d",
		tFigures:     "Kengetallen",
		tDays:        "%s dagen",
		tLetters:     "Letters doen hier niets. Gebruik ← → voor een andere tabel en ↑ ↓ om te schuiven. F3 kiest de periode, F6 slaat de cijfers op.",
		tPeriodTitle: "Periode kiezen",
		tPeriodHint:  "Kies een maand, kwartaal of jaar met de pijltjes en druk op enter. Voorlopig: de periode is nog niet voorbij, alleen de maanden die voorbij zijn tellen mee.",

		// Fixed periods, with cell-key perturbation (issue 11).
		tProvisional: "VOORLOPIG",
		tPublished:   "vastgesteld",
	},
	EN: map[textID]string{
		tTitle:       "statistics",
		tDecimalMark: ".",
		tOtherTable:  "table",
		tScroll:      "scroll",
		tExport:      "save",
		tPeriod:      "period",
		tShow:        "show",
		tLegend:      "<%d = fewer than %d (0 too) · counts with noise (±%d) · – = too few",
		tNoData:      "no data yet",
		tPeriodOf:    "%s to %s",
		tPeriodLabel: "Period",
		tThreshold:   "threshold %d",
		tFigures:     "Key figures",
		tDays:        "%s days",
		tLetters:     "Letters do nothing here. Use ← → for another table and ↑ ↓ to scroll. F3 chooses the period, F6 saves the figures.",
		tPeriodTitle: "Choose the period",
		tPeriodHint:  "Choose a month, quarter or year with the arrows and press enter. Provisional: the period is not over yet; only its months that are over count.",

		// Fixed periods, with cell-key perturbation (issue 11).
		tProvisional: "PROVISIONAL",
		tPublished:   "fixed",
	},
}
