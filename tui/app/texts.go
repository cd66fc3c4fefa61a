package app

import "github.com/spreekuur/spreekuur/tui/common"

type textID int

const (
	tHelpTitle textID = iota
	tHelpIntro
	tKompaanRule
	tHelpMore
	tResWelcomeTitle
	tResWelcome
	tResQuestion
	tResNoQuestion
	tResAgreements
	tResDeadlines
	tQuitQuestion
	tQuitLoses
)

var texts = common.Texts[textID]{
	NL: map[textID]string{
		tHelpTitle:       "hulp",
		tHelpIntro:       "Met deze toetsen werkt u in spreekuur. Alles wat u typt, wordt meteen versleuteld bewaard. Letters gaan altijd naar het veld waar u typt; de andere toetsen zijn F-toetsen en ctrl-toetsen.",
		tHelpMore:        "meer hulp",
		tKompaanRule:     "Als kompaan ziet u alleen de gesprekken waar u bij was: u bent gekozen als de kompaan die erbij was, of u schreef er een notitie bij.",
		tResWelcomeTitle: "Welkom",
		tResWelcome:      "Fijn dat u er bent. Samen zoeken we uit wat uw vraag is.",
		tResQuestion:     "Uw vraag",
		tResNoQuestion:   "We schrijven uw vraag samen op.",
		tResAgreements:   "Wat we afspreken",
		tResDeadlines:    "Belangrijke datums",
		tQuitQuestion:    "Toch stoppen?",
		tQuitLoses:       "Als u nu stopt, gaat dit verloren:",
	},
	EN: map[textID]string{
		tHelpTitle:       "help",
		tHelpIntro:       "These keys work in spreekuur. Everything you type is saved encrypted straight away. Letters always go to the field you type in; the other keys are F-keys and ctrl-keys.",
		tHelpMore:        "more help",
		tKompaanRule:     "As a kompaan you see only the conversations you took part in: you were chosen as the kompaan who was there, or you wrote a note in it.",
		tResWelcomeTitle: "Welcome",
		tResWelcome:      "Good that you are here. Together we find out what your question is.",
		tResQuestion:     "Your question",
		tResNoQuestion:   "We write down your question together.",
		tResAgreements:   "What we agree",
		tResDeadlines:    "Important dates",
		tQuitQuestion:    "Stop anyway?",
		tQuitLoses:       "If you stop now, this is lost:",
	},
}
