package papers

import (
	"strings"
	"testing"
	"unicode"

	"github.com/spreekuur/spreekuur/intake"
)

// Notes the paper prints under a field it cannot show in full.
const (
	notePartName = "Let op: een deel van de naam staat in een schrift dat dit papier niet kan tonen."
	noteAllName  = "Let op: de naam staat in een schrift dat dit papier niet kan tonen."
	notePartText = "Let op: een deel van deze tekst staat in een schrift dat dit papier niet kan tonen."
	noteAllText  = "Let op: deze tekst staat in een schrift dat dit papier niet kan tonen."
	noteAnyEN    = "is in a script that this paper cannot show."
)

// scriptCases are names and questions as residents type them. wantName
// and wantQuestion are what the PDF's text must say: the typed text
// itself for every script the paper draws, else a placeholder.
var scriptCases = []struct {
	name, lang             string
	pseudonym, question    string
	wantName, wantQuestion string
	notes                  []string // notes that must follow the fields, in order; none = no note at all
	hiddenFrom, hiddenTo   rune     // code points that must not be in the PDF's text (0 = none)
}{
	{name: "polish (the issue's example, Latin part)", lang: "nl",
		pseudonym: "Łukasz Wójcik ąęś", question: "Potrzebuję pomocy z mieszkaniem — ik zoek een woning, şimdi",
		wantName: "Łukasz Wójcik ąęś", wantQuestion: "Potrzebuję pomocy z mieszkaniem — ik zoek een woning, şimdi"},
	{name: "czech", lang: "nl", pseudonym: "Řehoř Dvořák", question: "Potřebuji pomoc s bydlením: ů č ě š ž ý á í é ň ť ď",
		wantName: "Řehoř Dvořák", wantQuestion: "Potřebuji pomoc s bydlením: ů č ě š ž ý á í é ň ť ď"},
	{name: "romanian with comma below", lang: "nl", pseudonym: "Ștefan Țăranu", question: "Am nevoie de ajutor cu locuința și școala: ă â î ș ț Ă Â Î Ș Ț",
		wantName: "Ștefan Țăranu", wantQuestion: "Am nevoie de ajutor cu locuința și școala: ă â î ș ț Ă Â Î Ș Ț"},
	{name: "turkish dotted and dotless i", lang: "nl", pseudonym: "Şükrü Gümüş, İlkay Işık", question: "Kira borcum var: ğ Ğ ı İ ş Ş ç Ç ö Ö ü Ü",
		wantName: "Şükrü Gümüş, İlkay Işık", wantQuestion: "Kira borcum var: ğ Ğ ı İ ş Ş ç Ç ö Ö ü Ü"},
	{name: "hungarian double acute", lang: "nl", pseudonym: "Őrsi Ödön Gyűrű", question: "Segítség kell a lakhatással: ő ű Ő Ű",
		wantName: "Őrsi Ödön Gyűrű", wantQuestion: "Segítség kell a lakhatással: ő ű Ő Ű"},
	{name: "latvian and lithuanian", lang: "nl", pseudonym: "Jānis Ozoliņš, Žydrūnė Čiurlionytė", question: "Man vajag palīdzību: ā ē ģ ī ķ ļ ņ ū ė į ų ą č š ž",
		wantName: "Jānis Ozoliņš, Žydrūnė Čiurlionytė", wantQuestion: "Man vajag palīdzību: ā ē ģ ī ķ ļ ņ ū ė į ų ą č š ž"},
	{name: "greek", lang: "nl", pseudonym: "Ελένη Παπαδοπούλου", question: "Χρειάζομαι βοήθεια με το σπίτι.",
		wantName: "Ελένη Παπαδοπούλου", wantQuestion: "Χρειάζομαι βοήθεια με το σπίτι."},
	{name: "ukrainian", lang: "nl", pseudonym: "Юлія Коваленко", question: "Мені потрібна допомога з житлом: ґ є ї і",
		wantName: "Юлія Коваленко", wantQuestion: "Мені потрібна допомога з житлом: ґ є ї і"},
	{name: "russian and bulgarian", lang: "en", pseudonym: "Добромир Щерев", question: "Нужна помощь с жильём: ё ы э ъ",
		wantName: "Добромир Щерев", wantQuestion: "Нужна помощь с жильём: ё ы э ъ"},
	{name: "tigrinya (ge'ez)", lang: "nl", pseudonym: "ተኽለ ሃብተ", question: "ገዛ የድልየኒ ኣሎ። Ik zoek een huis.",
		wantName: "ተኽለ ሃብተ", wantQuestion: "ገዛ የድልየኒ ኣሎ። Ik zoek een huis."},
	{name: "accent typed as a combining mark", lang: "nl", pseudonym: "Jose\u0301 Mu\u0308ller", question: "cre\u0300che",
		wantName: "José Müller", wantQuestion: "crèche"},
	{name: "the issue's example, whole", lang: "nl",
		pseudonym: "Łukasz Wójcik ąęś محمد", question: "Potrzebuję pomocy z mieszkaniem — ik zoek een woning, şimdi",
		wantName: "Łukasz Wójcik ąęś [Arabisch schrift]", wantQuestion: "Potrzebuję pomocy z mieszkaniem — ik zoek een woning, şimdi",
		notes: []string{notePartName}, hiddenFrom: 0x0600, hiddenTo: 0x06ff},
	{name: "arabic", lang: "nl", pseudonym: "محمد علي", question: "أحتاج مساعدة في السكن",
		wantName: "[Arabisch schrift]", wantQuestion: "[Arabisch schrift]",
		notes: []string{noteAllName, noteAllText}, hiddenFrom: 0x0600, hiddenTo: 0x06ff},
	{name: "hebrew", lang: "nl", pseudonym: "דוד כהן", question: "Ik heb hulp nodig, דוד",
		wantName: "[Hebreeuws schrift]", wantQuestion: "Ik heb hulp nodig, [Hebreeuws schrift]",
		notes: []string{noteAllName, notePartText}, hiddenFrom: 0x0590, hiddenTo: 0x05ff},
	{name: "arabic in english", lang: "en", pseudonym: "Łukasz محمد", question: "help",
		wantName: "Łukasz [Arabic script]", wantQuestion: "help",
		notes: []string{"Note: part of the name " + noteAnyEN}, hiddenFrom: 0x0600, hiddenTo: 0x06ff},
	{name: "chinese and emoji", lang: "nl", pseudonym: "王芳", question: "Help 😀 alstublieft",
		wantName: "[Chinees schrift]", wantQuestion: "Help [teken] alstublieft",
		notes: []string{noteAllName, notePartText}, hiddenFrom: 0x4e00, hiddenTo: 0x9fff},
}

// TestScriptsInPDF reads every paper back: the PDF's text holds exactly
// what was typed for each script the paper draws, and for the others a
// placeholder and the note right after the field, never the characters
// themselves, a "?" or U+FFFD. The text paper holds what was typed.
func TestScriptsInPDF(t *testing.T) {
	cat := intake.DefaultCatalogue()
	for _, tt := range scriptCases {
		t.Run(tt.name, func(t *testing.T) {
			in, r := fixture()
			r.Pseudonym = tt.pseudonym
			in.ClarifiedQuestion = tt.question
			for _, d := range []Doc{Sheet(in, r, cat, tt.lang, intake.DateOf(testNow)), PersonalPlan(in, r, cat, tt.lang, intake.DateOf(testNow))} {
				b, err := d.PDF()
				if err != nil {
					t.Fatal(err)
				}
				ptext, _ := pdfText(t, b)
				flatText := squeeze(ptext)
				iName := strings.Index(flatText, squeeze(tt.wantName))
				if iName < 0 {
					t.Errorf("%s: PDF lacks the name %q", d.Kind, tt.wantName)
				}
				if !strings.Contains(flatText, squeeze(tt.wantQuestion)) {
					t.Errorf("%s: PDF lacks the question %q", d.Kind, tt.wantQuestion)
				}
				text := d.Text()
				if strings.Count(ptext, "?") != strings.Count(text, "?") || strings.Contains(ptext, "\ufffd") {
					t.Errorf("%s: PDF text has a question mark (or U+FFFD) the paper itself does not", d.Kind)
				}
				at := iName
				for _, n := range tt.notes { // in order, after the name
					i := strings.Index(flatText[max(at, 0):], squeeze(n))
					if i < 0 {
						t.Errorf("%s: no note %q after the previous field", d.Kind, n)
						continue
					}
					at += i
				}
				if len(tt.notes) == 0 && (strings.Contains(ptext, "Let op:") || strings.Contains(ptext, "Note:")) {
					t.Errorf("%s: a note where all is shown", d.Kind)
				}
				if tt.hiddenFrom != 0 {
					for _, c := range ptext {
						if c >= tt.hiddenFrom && c <= tt.hiddenTo {
							t.Errorf("%s: PDF draws %q, which it cannot show correctly", d.Kind, c)
							break
						}
					}
				}
				if !strings.Contains(text, tt.pseudonym) && d.Kind == KindSheet {
					t.Errorf("text paper lacks the name %q exactly", tt.pseudonym)
				}
				if !strings.Contains(text, tt.question) {
					t.Errorf("text paper lacks the question %q exactly", tt.question)
				}
			}
		})
	}
}

type coverFunc func(f pdfFont, r rune) bool

func (c coverFunc) has(f pdfFont, r rune) bool { return c(f, r) }

// TestSplit pins the fallback rule on its own: which runs are drawn in
// which font, which become one placeholder, and what hidden/shown say.
func TestSplit(t *testing.T) {
	// A stand-in for the fonts: fontSans has Latin, Greek and Cyrillic,
	// fontEthiopic the Ethiopic block; Arabic is in a font here too, to
	// show the right-to-left rule does not depend on the fonts.
	cover := coverFunc(func(f pdfFont, r rune) bool {
		switch f {
		case fontSans:
			return r < 0x0530 || unicode.Is(unicode.Arabic, r) || r == '\u200d' || unicode.Is(unicode.Mn, r) && r < 0x0370
		case fontEthiopic:
			return r >= 0x1200 && r <= 0x137f
		}
		return false
	})
	fonts := []pdfFont{fontSans, fontEthiopic}
	h := func(s string) piece { return piece{font: fontSans, text: s, hidden: true} }
	sans := func(s string) piece { return piece{font: fontSans, text: s} }
	eth := func(s string) piece { return piece{font: fontEthiopic, text: s} }
	tests := []struct {
		name, in, lang string
		want           []piece
		hidden, shown  bool
	}{
		{"latin", "Łukasz ąęś", "nl", []piece{sans("Łukasz ąęś")}, false, true},
		{"nfc", "Jose\u0301", "nl", []piece{sans("José")}, false, true},
		{"mark without a precomposed letter is drawn by the font", "q\u0301", "nl", []piece{sans("q\u0301")}, false, true},
		{"ethiopic and latin", "ሰላም, Anna", "nl", []piece{eth("ሰላም"), sans(", Anna")}, false, true},
		{"arabic is never drawn, even with a font", "محمد", "nl", []piece{h("[Arabisch schrift]")}, true, false},
		{"two arabic words are one placeholder", "Ali محمد علي", "nl", []piece{sans("Ali "), h("[Arabisch schrift]")}, true, true},
		{"arabic then latin", "محمد Ali", "en", []piece{h("[Arabic script]"), sans(" Ali")}, true, true},
		{"different scripts are different placeholders", "דוד محمد", "nl", []piece{h("[Hebreeuws schrift]"), sans(" "), h("[Arabisch schrift]")}, true, false},
		{"a newline ends a run", "محمد\nعلي", "nl", []piece{h("[Arabisch schrift]"), sans("\n"), h("[Arabisch schrift]")}, true, false},
		{"emoji with joiner and selector", "a 👨\u200d👩\ufe0f b", "nl", []piece{sans("a "), h("[teken]"), sans(" b")}, true, true},
		{"damaged text", "a\ufffd\ufffdb", "nl", []piece{sans("a"), h("[teken]"), sans("b")}, true, true},
		{"outside the basic plane", "𐐷", "nl", []piece{h("[ander schrift]")}, true, false},
		{"no font has it", "क", "en", []piece{h("[Devanagari script]")}, true, false},
		{"only symbols hidden: nothing shown", "→ ≥", "nl", []piece{h("[teken]")}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, hidden, shown := split(tt.in, fonts, cover, tt.lang)
			if len(got) != len(tt.want) {
				t.Fatalf("split(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("split(%q)[%d] = %+v, want %+v", tt.in, i, got[i], tt.want[i])
				}
			}
			if hidden != tt.hidden || shown != tt.shown {
				t.Errorf("split(%q): hidden %v shown %v, want %v %v", tt.in, hidden, shown, tt.hidden, tt.shown)
			}
		})
	}
}
