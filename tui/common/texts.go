package common

import "github.com/spreekuur/spreekuur/intake"

// Texts is one screen family's texts: a table per language with the same
// keys. Dutch is the default and written at B1 level (short sentences,
// common words, "u"); English is the second language. Each family's test
// calls Missing, so no text is in one language only.
type Texts[K comparable] struct {
	NL, EN map[K]string
}

// Get returns the text for k in lang.
func (t Texts[K]) Get(lang string, k K) string {
	if intake.NormLang(lang) == intake.LangEN {
		if s, ok := t.EN[k]; ok {
			return s
		}
	}
	return t.NL[k]
}

// Missing lists the keys that one of the two tables lacks.
func (t Texts[K]) Missing() []K {
	var out []K
	for k := range t.NL {
		if _, ok := t.EN[k]; !ok {
			out = append(out, k)
		}
	}
	for k := range t.EN {
		if _, ok := t.NL[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// Text IDs shared by several screens.
type TextID int

// Shared texts.
const (
	TAppName TextID = iota
	TBack
	TClose
	TYes
	TNo
	TLoading
	TNotSaved
	TDateLayout
	TConfirmHint
	TConfirmTitle
	TLettersIgnored
	TArrowsHint
)

// Shared is the table of the shared texts.
var Shared = Texts[TextID]{
	NL: map[TextID]string{
		TAppName:        "Spreekuur",
		TBack:           "terug",
		TClose:          "sluiten",
		TYes:            "Ja",
		TNo:             "Nee",
		TLoading:        "Even geduld…",
		TNotSaved:       "Niet bewaard!",
		TDateLayout:     "02-01-2006",
		TConfirmHint:    "Typ j voor ja. Elke andere toets: nee, er verandert niets.",
		TConfirmTitle:   "Let op",
		TLettersIgnored: "Hier typt u niet. Kies met ← → of de spatiebalk. Tab gaat naar het volgende veld.",
		TArrowsHint:     "← → kiezen",
	},
	EN: map[TextID]string{
		TAppName:        "Spreekuur",
		TBack:           "back",
		TClose:          "close",
		TYes:            "Yes",
		TNo:             "No",
		TLoading:        "One moment…",
		TNotSaved:       "Not saved!",
		TDateLayout:     "02-01-2006",
		TConfirmHint:    "Type y for yes. Any other key: no, nothing changes.",
		TConfirmTitle:   "Please note",
		TLettersIgnored: "You do not type here. Choose with ← → or the space bar. Tab goes to the next field.",
		TArrowsHint:     "← → choose",
	},
}

// S returns a shared text.
func (c *Context) Text(id TextID) string { return Shared.Get(c.Lang, id) }
