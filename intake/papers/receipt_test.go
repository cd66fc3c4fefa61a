package papers

import (
	"strings"
	"testing"
	"time"
)

// TestErasureReceipt: the receipt says what went, what stays, when and
// why, in both languages, as text and PDF; the count and reason change
// the words; nothing but the number and the name is personal.
func TestErasureReceipt(t *testing.T) {
	at := time.Date(2026, 3, 14, 10, 5, 0, 0, time.Local)
	cases := []struct {
		name string
		in   ReceiptInput
		lang string
		want []string
		not  []string
	}{
		{"request, nl", ReceiptInput{Number: "a1b2c3d4", Pseudonym: "Ria", Erased: at, Intakes: 2, Organisation: "Steunpunt Oost", Phone: "020 123 4567"}, "nl",
			[]string{"Uw gegevens zijn gewist", "14 maart 2026 10:05", "U vroeg ons dat", "artikel 17", "De 2 gesprekken", "a1b2c3d4", "Bel Steunpunt Oost: 020 123 4567", "Ria"},
			[]string{"bewaartermijn", "lang geen contact"}},
		{"retention, one conversation, en", ReceiptInput{Number: "a1b2c3d4", Erased: at, Intakes: 1, Retention: true}, "en",
			[]string{"Your data has been erased", "14 March 2026", "not been in touch", "The conversation with you", "number a1b2c3d4", "Ask us"},
			[]string{"article 17", "conversations"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := ErasureReceipt(c.in, c.lang)
			txt := strings.Join(strings.Fields(d.Text()), " ") // lines wrap anywhere
			for _, w := range c.want {
				if !strings.Contains(txt, w) {
					t.Errorf("text lacks %q:\n%s", w, txt)
				}
			}
			for _, w := range c.not {
				if strings.Contains(txt, w) {
					t.Errorf("text has %q:\n%s", w, txt)
				}
			}
			b, err := d.PDF()
			if err != nil {
				t.Fatal(err)
			}
			pt, pages := pdfText(t, b)
			if pages != 1 || !containsLoose(pt, c.want[0]) || !containsLoose(pt, c.in.Number) {
				t.Errorf("PDF (%d pages):\n%s", pages, pt)
			}
		})
	}
}
