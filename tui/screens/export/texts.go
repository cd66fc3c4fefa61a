package export

import "github.com/spreekuur/spreekuur/tui/common"

type textID int

const (
	tStatsTitle textID = iota
	tStatsIntro
	tPapersTitle
	tPapersIntro
	tAccessTitle
	tAccessIntro
	tFmtCSV
	tFmtHTML
	tFmtJSON
	tFmtPDF
	tFmtText
	tKindSheet
	tKindPlan
	tKindLetter
	tLetterFile
	tStatsFile
	tSheetFile
	tPlanFile
	tAccessFile
	tKind
	tFormat
	tPath
	tPrivate
	tSave
	tNextField
	tChoose
	tOverwrite
	tKeep
	tWriting
	tExists
	tWrote
	tNoPath
	tIsDir
	tNoFolder
	tNoPermission
	tFailed
	tRequested
	tBadDate
	tReceiptTitle
	tReceiptIntro
	tReceiptFile
)

var texts = common.Texts[textID]{
	NL: map[textID]string{
		tStatsTitle:   "statistiek opslaan",
		tStatsIntro:   "De cijfers komen in één bestand. Er staan geen namen en geen notities in. Kleine aantallen zijn verborgen, net als op het scherm.",
		tPapersTitle:  "papieren voor de bewoner",
		tPapersIntro:  "Maak een papier voor de bewoner: het voorbereidingsblad, het persoonlijk plan of een brief aan de gemeente. Print het of geef het mee. Er staan persoonlijke gegevens in: bewaar het goed.",
		tAccessTitle:  "alles over deze bewoner",
		tAccessIntro:  "Maak een bestand met alles wat over deze bewoner is bewaard: de gegevens, alle gesprekken, de notities, waarvoor en hoe lang, en wie het dossier bekeek. De bewoner heeft recht op dit bestand (AVG, artikel 15). Vul de dag van de vraag in: het antwoord moet binnen een maand. Er staan persoonlijke gegevens in: bewaar het goed.",
		tFmtCSV:       "CSV (voor Excel)",
		tFmtHTML:      "HTML (webpagina, om te printen)",
		tFmtJSON:      "JSON (voor andere programma's)",
		tFmtPDF:       "PDF (om te printen)",
		tFmtText:      "Tekst (.txt)",
		tKindSheet:    "Voorbereidingsblad",
		tKindPlan:     "Persoonlijk plan (concept)",
		tKindLetter:   "Brief: de gemeente is te laat",
		tLetterFile:   "brief",
		tStatsFile:    "statistiek",
		tSheetFile:    "blad",
		tPlanFile:     "plan",
		tAccessFile:   "inzage",
		tKind:         "Wat",
		tFormat:       "Soort",
		tPath:         "Bestand",
		tPrivate:      "Alleen u kunt het bestand openen. Het wordt alleen opgeslagen waar u typt.",
		tSave:         "opslaan",
		tNextField:    "volgend vak",
		tChoose:       "kiezen",
		tOverwrite:    "vervangen",
		tKeep:         "niet vervangen",
		tWriting:      "Bezig met opslaan…",
		tExists:       "Het bestand bestaat al. Overschrijven?",
		tWrote:        "Opgeslagen in:",
		tNoPath:       "Typ waar het bestand moet komen.",
		tIsDir:        "Dat is een map. Typ ook een naam voor het bestand.",
		tNoFolder:     "Die map bestaat niet. Kijk de naam van de map na.",
		tNoPermission: "In die map mag u geen bestand maken. Kies een andere map.",
		tFailed:       "Het bestand kon niet worden opgeslagen. Probeer een andere map.",
		tRequested:    "Gevraagd",
		tBadDate:      "Typ de dag van de vraag zo: 2026-03-27.",
		tReceiptTitle: "bewijs van het wissen",
		tReceiptIntro: "Sla het bewijs op dat de gegevens van de bewoner zijn gewist. Print het of geef het mee. Het nummer en de datum staan erop; wat gewist is niet.",
		tReceiptFile:  "bewijs-gewist",
	},
	EN: map[textID]string{
		tStatsTitle:   "save statistics",
		tStatsIntro:   "The figures go into one file. It holds no names and no notes. Small counts are hidden, as on the screen.",
		tPapersTitle:  "papers for the resident",
		tPapersIntro:  "Make a paper for the resident: the preparation sheet, the personal plan or a letter to the municipality. Print it or hand it over. It holds personal data: keep it safe.",
		tAccessTitle:  "everything about this resident",
		tAccessIntro:  "Make a file with everything stored about this resident: the details, every conversation, the notes, what for and how long, and who looked at the file. The resident has a right to this file (GDPR, article 15). Fill in the day they asked: the answer is due within a month. It holds personal data: keep it safe.",
		tFmtCSV:       "CSV (for Excel)",
		tFmtHTML:      "HTML (web page, to print)",
		tFmtJSON:      "JSON (for other programs)",
		tFmtPDF:       "PDF (to print)",
		tFmtText:      "Text (.txt)",
		tKindSheet:    "Preparation sheet",
		tKindPlan:     "Personal plan (draft)",
		tKindLetter:   "Letter: the municipality is late",
		tLetterFile:   "letter",
		tStatsFile:    "statistics",
		tSheetFile:    "sheet",
		tPlanFile:     "plan",
		tAccessFile:   "access",
		tKind:         "What",
		tFormat:       "Format",
		tPath:         "File",
		tPrivate:      "Only you can open the file. It is saved only where you type.",
		tSave:         "save",
		tNextField:    "next field",
		tChoose:       "choose",
		tOverwrite:    "replace",
		tKeep:         "keep",
		tWriting:      "Saving…",
		tExists:       "The file already exists. Overwrite it?",
		tWrote:        "Saved in:",
		tNoPath:       "Type where the file should go.",
		tIsDir:        "That is a folder. Type a name for the file too.",
		tNoFolder:     "That folder does not exist. Check the name of the folder.",
		tNoPermission: "You may not make a file in that folder. Choose another folder.",
		tFailed:       "The file could not be saved. Try another folder.",
		tRequested:    "Asked on",
		tBadDate:      "Type the day they asked like this: 2026-03-27.",
		tReceiptTitle: "receipt of the erasure",
		tReceiptIntro: "Save the receipt that the resident's data has been erased. Print it or hand it over. It has the number and the date; not what was erased.",
		tReceiptFile:  "receipt-erased",
	},
}
