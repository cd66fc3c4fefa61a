package papers

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/spreekuur/spreekuur/intake"
)

// Layout of the PDF, in millimetres and points. The body is 12 pt with
// generous line spacing: many readers read with difficulty.
const (
	pdfMargin    = 20.0
	pdfBodyPt    = 12.0
	pdfBodyLine  = 6.5
	pdfLargePt   = 15.0
	pdfLargeLine = 8.0
	pdfHeadPt    = 15.0
	pdfTitlePt   = 20.0
	pdfBullet    = 7.0 // indent of a list item
	pdfWriteGap  = 9.0 // height of a line to write on
)

// ErrPDF is wrapped by every failure to make a PDF.
var ErrPDF = errors.New("papers: cannot make the PDF")

// PDF renders the paper as an A4 PDF: large type, clear headings, page
// numbers, lines to write on where the paper asks something. It uses the
// PDF core font Helvetica in Windows-1252, which covers Dutch (ë, é, ï, ü,
// ĳ as ij) and the other Western European languages; other characters a
// person typed are spelled without accents where possible and otherwise
// shown as "?". Nothing typed can break the PDF: control characters are
// dropped and the writer escapes what PDF syntax needs.
func (d Doc) PDF() (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil { // the PDF library must never take the program down
			out, err = nil, fmt.Errorf("%w: %v", ErrPDF, p)
		}
	}()
	lang := intake.NormLang(d.Lang)
	f := fpdf.New("P", "mm", "A4", "")
	tr := f.UnicodeTranslatorFromDescriptor("") // cp1252; one translator per document (it is not safe for concurrent use)
	txt := func(s string) string { return tr(toCP1252(s)) }

	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetAutoPageBreak(true, pdfMargin+5)
	f.SetTitle(d.Title, true)
	f.SetLang(lang)
	f.SetCreator("spreekuur", false)
	if !d.Made.IsZero() {
		f.SetCreationDate(d.Made.Time())
		f.SetModificationDate(d.Made.Time())
	}
	f.SetCatalogSort(true)
	f.AliasNbPages("{nb}")
	pageWord, ofWord := intake.T("Pagina", "Page").In(lang), intake.T("van", "of").In(lang)
	made := ""
	if !d.Made.IsZero() {
		made = madeText(lang, d.Made)
	}
	f.SetFooterFunc(func() {
		f.SetY(-pdfMargin)
		f.SetFont("Helvetica", "", pdfBodyPt)
		f.SetTextColor(60, 60, 60)
		w := (210 - 2*pdfMargin) / 2
		f.CellFormat(w, 6, txt(made), "", 0, "L", false, 0, "")
		f.CellFormat(w, 6, txt(fmt.Sprintf("%s %d %s {nb}", pageWord, f.PageNo(), ofWord)), "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	f.AddPage()
	width := 210 - 2*pdfMargin

	// Title, for whom, intro.
	f.SetFont("Helvetica", "B", pdfTitlePt)
	f.MultiCell(width, 9, txt(d.Title), "", "L", false)
	if d.For != "" {
		f.SetFont("Helvetica", "", pdfLargePt)
		f.MultiCell(width, pdfLargeLine, txt(intake.T("Voor: ", "For: ").In(lang)+oneLine(d.For)), "", "L", false)
	}
	f.Ln(2)
	f.SetFont("Helvetica", "", pdfBodyPt)
	for _, p := range d.Intro {
		f.MultiCell(width, pdfBodyLine, txt(inert(p)), "", "L", false)
	}

	_, pageH := f.GetPageSize()
	keepRoom := func(h float64) { // start a new page rather than leave a heading alone at the bottom
		if f.GetY()+h > pageH-pdfMargin-5 {
			f.AddPage()
		}
	}
	for _, sec := range d.Sections {
		f.Ln(4)
		keepRoom(25)
		f.SetFont("Helvetica", "B", pdfHeadPt)
		f.MultiCell(width, 8, txt(inert(sec.Heading)), "", "L", false)
		f.SetDrawColor(120, 120, 120)
		f.Line(pdfMargin, f.GetY(), pdfMargin+width, f.GetY())
		f.Ln(2)
		for _, l := range sec.Lines {
			l = inert(l)
			switch {
			case sec.Large:
				f.SetFont("Helvetica", "B", pdfLargePt)
				f.MultiCell(width, pdfLargeLine, txt(l), "", "L", false)
			case sec.Bullets:
				f.SetFont("Helvetica", "", pdfBodyPt)
				y := f.GetY()
				f.SetX(pdfMargin)
				f.CellFormat(pdfBullet, pdfBodyLine, txt("•"), "", 0, "L", false, 0, "")
				if f.GetY() != y { // the bullet started a new page
					y = f.GetY()
				}
				f.SetXY(pdfMargin+pdfBullet, y)
				f.MultiCell(width-pdfBullet, pdfBodyLine, txt(l), "", "L", false)
			default:
				f.SetFont("Helvetica", "", pdfBodyPt)
				f.MultiCell(width, pdfBodyLine, txt(l), "", "L", false)
			}
			f.Ln(1)
		}
		if sec.Ask != "" {
			f.Ln(1)
			f.SetFont("Helvetica", "I", pdfBodyPt)
			f.MultiCell(width, pdfBodyLine, txt(inert(sec.Ask)), "", "L", false)
			f.SetDrawColor(150, 150, 150)
			for range sec.WriteLines {
				keepRoom(pdfWriteGap)
				f.Ln(pdfWriteGap)
				f.Line(pdfMargin, f.GetY(), pdfMargin+width, f.GetY())
			}
			f.Ln(2)
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPDF, err)
	}
	return buf.Bytes(), nil
}

// cp1252Extra are the characters Windows-1252 has in 0x80–0x9F; 0xA0–0xFF
// are U+00A0–U+00FF.
const cp1252Extra = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"

// plainLetters spells letters outside Windows-1252 that are common in
// names (Turkish, Polish, Czech, Romanian, Dutch ĳ) without their accent.
var plainLetters = strings.NewReplacer(
	"ĳ", "ij", "Ĳ", "IJ", "ş", "s", "Ş", "S", "ğ", "g", "Ğ", "G", "ı", "i", "İ", "I",
	"ł", "l", "Ł", "L", "ć", "c", "Ć", "C", "ń", "n", "Ń", "N", "ś", "s", "Ś", "S",
	"ź", "z", "Ź", "Z", "ż", "z", "Ż", "Z", "ą", "a", "Ą", "A", "ę", "e", "Ę", "E",
	"č", "c", "Č", "C", "ř", "r", "Ř", "R", "ě", "e", "Ě", "E", "ů", "u", "Ů", "U",
	"ț", "t", "Ț", "T", "ș", "s", "Ș", "S", "ă", "a", "Ă", "A", "ő", "o", "Ő", "O",
	"ű", "u", "Ű", "U", "ā", "a", "ē", "e", "ī", "i", "ō", "o", "ū", "u",
	"→", "->", "←", "<-", "≥", ">=", "≤", "<=", "✓", "v", "\u00a0", " ", "\u2009", " ", "\u202f", " ",
)

// toCP1252 returns s with every character representable in Windows-1252:
// control characters dropped (newlines kept, tabs as spaces), known letters
// spelled without accent, anything else "?".
func toCP1252(s string) string {
	s = plainLetters.Replace(inert(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || (r >= 0x20 && r < 0x7f) || (r >= 0xa0 && r <= 0xff) || strings.ContainsRune(cp1252Extra, r):
			b.WriteRune(r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
