package settings

import "github.com/spreekuur/spreekuur/tui/common"

type textID int

const (
	tTitle textID = iota
	tIntro
	tOffice
	tFolder
	tOrgName
	tOrgPhone
	tLaptopName
	tThreshold
	tLaptops
	tThisLaptop
	tSigningKey
	tKeyNumber
	tReceiving
	tFingerprint
	tNotSet
	tRegistered
	tHelpOffice
	tHelpFolder
	tHelpOrgName
	tHelpOrgPhone
	tHelpLaptopName
	tHelpThreshold
	tHelpLaptops
	tOfficePlaceholder
	tNewValue
	tSaving
	tSaved
	tOfficeSaved
	tNotANumber
	tChange
	tMove
	tSave
	tCancel
	tOpenList
	tNextField

	// The laptops.
	tLaptopsTitle
	tLaptopsIntro
	tColName
	tColKey
	tColAdded
	tRemovedOn
	tNoLaptops
	tAddName
	tAddKey
	tAddKeyHint
	tAdd
	tRemove
	tRemoveQuestion
	tRemoveItem
	tAdded
	tRemoved
)

var texts = common.Texts[textID]{
	NL: map[textID]string{
		tTitle:             "instellingen",
		tIntro:             "Dit stelt u één keer in. Alleen een cliëntondersteuner kan het veranderen.",
		tOffice:            "Sleutel van kantoor",
		tFolder:            "Map voor overdracht",
		tOrgName:           "Organisatie",
		tOrgPhone:          "Telefoon",
		tLaptopName:        "Naam van deze laptop",
		tThreshold:         "Kleinste aantal",
		tLaptops:           "Laptops die sturen",
		tThisLaptop:        "Deze laptop",
		tSigningKey:        "Ondertekensleutel",
		tKeyNumber:         "sleutelnummer %s",
		tReceiving:         "Ontvangstsleutel",
		tFingerprint:       "vingerafdruk %s",
		tNotSet:            "nog niet ingesteld",
		tRegistered:        "%d aangemeld",
		tHelpOffice:        "De openbare sleutel van kantoor: die begint met age1. Plak hem, of typ de naam van een bestand waarin hij staat. Vergelijk daarna de vingerafdruk met kantoor, door de telefoon.",
		tHelpFolder:        "Waar het bestand voor kantoor komt, bijvoorbeeld een USB-stick. De map moet al bestaan.",
		tHelpOrgName:       "De naam van uw organisatie. Die staat op de papieren voor de bewoner.",
		tHelpOrgPhone:      "Het telefoonnummer van uw organisatie. Dat staat op de papieren voor de bewoner.",
		tHelpLaptopName:    "Deze naam staat in de handtekening van elk bestand dat u maakt.",
		tHelpThreshold:     "Aantallen onder dit getal staan als <%d in de cijfers voor de gemeente. Een getal van 5 tot 1000.",
		tHelpLaptops:       "Een bestand wordt alleen ingelezen als een van deze laptops het ondertekende. Druk op enter voor de lijst.",
		tOfficePlaceholder: "age1… of de naam van een bestand",
		tNewValue:          "Nieuw:",
		tSaving:            "Bezig met bewaren…",
		tSaved:             "Bewaard.",
		tOfficeSaved:       "Bewaard. Vergelijk de vingerafdruk %s met kantoor, door de telefoon.",
		tNotANumber:        "Typ een getal van 5 tot 1000.",
		tChange:            "veranderen",
		tMove:              "kiezen",
		tSave:              "bewaren",
		tCancel:            "niet veranderen",
		tOpenList:          "de lijst",
		tNextField:         "volgend vak",

		tLaptopsTitle:   "laptops die sturen",
		tLaptopsIntro:   "Alleen bestanden met een handtekening van deze laptops worden ingelezen. Meld een laptop aan met zijn ondertekensleutel. Vergelijk het sleutelnummer door de telefoon.",
		tColName:        "Naam",
		tColKey:         "Sleutelnummer",
		tColAdded:       "Aangemeld",
		tRemovedOn:      "van de lijst sinds %s",
		tNoLaptops:      "Er is nog geen laptop aangemeld. Druk op ctrl+n om er een aan te melden.",
		tAddName:        "Naam",
		tAddKey:         "Sleutel",
		tAddKeyHint:     "De ondertekensleutel begint met RW. De laptop laat hem zien bij Instellingen. U kunt ook de naam van het bestand typen.",
		tAdd:            "aanmelden",
		tRemove:         "van de lijst",
		tRemoveQuestion: "Deze laptop van de lijst halen? Bestanden die hij daarna stuurt, worden geweigerd.",
		tRemoveItem:     "%s (sleutel %s)",
		tAdded:          "Laptop %s is aangemeld (sleutelnummer %s).",
		tRemoved:        "Laptop %s staat niet meer op de lijst.",
	},
	EN: map[textID]string{
		tTitle:             "settings",
		tIntro:             "You set these once. Only a supporter can change them.",
		tOffice:            "Office key",
		tFolder:            "Handover folder",
		tOrgName:           "Organisation",
		tOrgPhone:          "Phone",
		tLaptopName:        "This laptop's name",
		tThreshold:         "Smallest count",
		tLaptops:           "Laptops that send",
		tThisLaptop:        "This laptop",
		tSigningKey:        "Signing key",
		tKeyNumber:         "key number %s",
		tReceiving:         "Receiving key",
		tFingerprint:       "fingerprint %s",
		tNotSet:            "not set yet",
		tRegistered:        "%d registered",
		tHelpOffice:        "The office's public key: it starts with age1. Paste it, or type the name of a file that holds it. Then compare the fingerprint with the office, by phone.",
		tHelpFolder:        "Where the file for the office goes, a USB stick for example. The folder must exist.",
		tHelpOrgName:       "Your organisation's name. It is on the resident's papers.",
		tHelpOrgPhone:      "Your organisation's phone number. It is on the resident's papers.",
		tHelpLaptopName:    "This name is in the signature of every file you make.",
		tHelpThreshold:     "Counts below this number show as <%d in the figures for the municipality. A number from 5 to 1000.",
		tHelpLaptops:       "A file is read in only when one of these laptops signed it. Press enter for the list.",
		tOfficePlaceholder: "age1… or the name of a file",
		tNewValue:          "New:",
		tSaving:            "Saving…",
		tSaved:             "Saved.",
		tOfficeSaved:       "Saved. Compare the fingerprint %s with the office, by phone.",
		tNotANumber:        "Type a number from 5 to 1000.",
		tChange:            "change",
		tMove:              "choose",
		tSave:              "save",
		tCancel:            "keep as it was",
		tOpenList:          "the list",
		tNextField:         "next field",

		tLaptopsTitle:   "laptops that send",
		tLaptopsIntro:   "Only files signed by these laptops are read in. Register a laptop by its signing key. Compare the key number by phone.",
		tColName:        "Name",
		tColKey:         "Key number",
		tColAdded:       "Registered",
		tRemovedOn:      "off the list since %s",
		tNoLaptops:      "No laptop is registered yet. Press ctrl+n to register one.",
		tAddName:        "Name",
		tAddKey:         "Key",
		tAddKeyHint:     "The signing key starts with RW. The laptop shows it in its settings. You can also type the name of the file.",
		tAdd:            "register",
		tRemove:         "off the list",
		tRemoveQuestion: "Take this laptop off the list? Files it sends after that are refused.",
		tRemoveItem:     "%s (key %s)",
		tAdded:          "Laptop %s is registered (key number %s).",
		tRemoved:        "Laptop %s is no longer on the list.",
	},
}
