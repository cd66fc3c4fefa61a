package papers

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/signintech/gopdf"
	"github.com/spreekuur/spreekuur/assets"
	"github.com/spreekuur/spreekuur/intake"
	"golang.org/x/image/font/sfnt"
)

// The PDF builder: the one layer every PDF paper is drawn with. A paper
// calls title, field, heading, para, bullet, askLines and so on from top
// to bottom; the builder wraps text with the real font metrics, breaks
// pages, keeps what a person typed exact or visibly marked (see
// scripts.go), and numbers the pages ("Pagina 1 van 2") when done.
// docs/PAPERS.md describes it for whoever adds a paper.

// ErrPDF is wrapped by every failure to make a PDF.
var ErrPDF = errors.New("papers: cannot make the PDF")

// pdfFont is one of the embedded fonts.
type pdfFont int

const (
	fontSans pdfFont = iota
	fontSansBold
	fontEthiopic
	numFonts
)

// pdfFonts are the embedded fonts. The family is the PDF font name: the
// "XXXXXX+" tag marks a subset (ISO 32000-1, 9.6.4), which is what the
// writer embeds: only the glyphs the paper uses.
var pdfFonts = [numFonts]struct{ family, file string }{
	fontSans:     {"SPKRAA+NotoSans-Regular", assets.FontSans},
	fontSansBold: {"SPKRAB+NotoSans-Bold", assets.FontSansBold},
	fontEthiopic: {"SPKRAC+NotoSansEthiopic-Regular", assets.FontSansEthiopic},
}

// Page geometry in points (A4), and the type sizes. Body text is 12 pt
// with 1.5 line spacing: many readers read with difficulty.
const (
	pageW       = 595.28
	pageH       = 841.89
	margin      = 56.7 // 20 mm
	footerRoom  = 40.0 // below the text: the footer line
	textW       = pageW - 2*margin
	textBottom  = pageH - margin - footerRoom
	lineSpacing = 1.5
	bodyPt      = 12.0
	largePt     = 15.0
	headPt      = 16.0
	titlePt     = 20.0
	bulletW     = 20.0 // indent of a list item
	writeGap    = 26.0 // height of a line to write on
)

// textStyle is how a block of text looks.
type textStyle struct {
	size   float64
	bold   bool
	indent float64
	grey   bool
}

var (
	styleBody  = textStyle{size: bodyPt}
	styleLarge = textStyle{size: largePt, bold: true}
	styleFor   = textStyle{size: largePt}
	styleHead  = textStyle{size: headPt, bold: true}
	styleTitle = textStyle{size: titlePt, bold: true}
)

func (st textStyle) lead() float64 { return st.size * lineSpacing }

// fonts lists the fonts a style draws with, the first that has a
// character wins.
func (st textStyle) fonts() []pdfFont {
	if st.bold {
		return []pdfFont{fontSansBold, fontEthiopic}
	}
	return []pdfFont{fontSans, fontEthiopic}
}

// placed is a run of text where the builder put it: for tests that look
// at the rendered page.
type placed struct {
	page   int
	x, y   float64 // left end of the baseline, points from the top left
	w      float64 // advance width
	size   float64
	font   pdfFont
	text   string
	hidden bool
	typed  bool // part of a field (not the paper's own words)
}

// pdfBuilder draws one paper.
type pdfBuilder struct {
	pdf     *gopdf.GoPdf
	lang    string
	y       float64 // top of the next line
	page    int     // the page drawn on
	pages   int
	cover   [numFonts]map[rune]bool
	loaded  [numFonts]bool
	sfntBuf sfnt.Buffer
	placed  []placed
	err     error // the first error; every later call does nothing
}

// newBuilder starts an A4 paper in lang with its metadata.
func newBuilder(lang, title string, made time.Time) *pdfBuilder {
	b := &pdfBuilder{pdf: &gopdf.GoPdf{}, lang: intake.NormLang(lang)}
	for f := range b.cover {
		b.cover[f] = map[rune]bool{}
	}
	b.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	b.pdf.SetCompressLevel(9)
	b.pdf.SetInfo(gopdf.PdfInfo{Title: title, Creator: "spreekuur", Producer: "spreekuur", CreationDate: made})
	b.newPage()
	return b
}

// load adds font f to the PDF the first time the paper uses it, so a
// paper embeds only the fonts it draws with.
func (b *pdfBuilder) load(f pdfFont) {
	if b.loaded[f] || b.err != nil {
		return
	}
	b.loaded[f] = true
	ff := pdfFonts[f]
	opt := gopdf.TtfOption{
		// Never reached: split only hands a font the characters it has.
		// Should it happen, the PDF is refused rather than show a wrong
		// character.
		OnGlyphNotFound: func(r rune) {
			b.fail(fmt.Errorf("%w: font %s lacks U+%04X", ErrPDF, ff.family, r))
		},
		OnGlyphNotFoundSubstitute: func(r rune) rune { return r },
	}
	if err := b.pdf.AddTTFFontDataWithOption(ff.family, assets.Font(ff.file), opt); err != nil {
		b.fail(fmt.Errorf("%w: font %s: %v", ErrPDF, ff.family, err))
	}
}

// charMaps are the embedded fonts' character maps, read once.
var charMaps = sync.OnceValues(func() (fonts [numFonts]*sfnt.Font, err error) {
	for f, ff := range pdfFonts {
		if fonts[f], err = sfnt.Parse(assets.Font(ff.file)); err != nil {
			return fonts, fmt.Errorf("%w: font %s: %v", ErrPDF, ff.family, err)
		}
	}
	return fonts, nil
})

func (b *pdfBuilder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// has reports whether font f has a glyph for r.
func (b *pdfBuilder) has(f pdfFont, r rune) bool {
	if ok, seen := b.cover[f][r]; seen {
		return ok
	}
	fonts, err := charMaps()
	if err != nil {
		b.fail(err)
		return false
	}
	g, err := fonts[f].GlyphIndex(&b.sfntBuf, r)
	ok := err == nil && g != 0
	b.cover[f][r] = ok
	return ok
}

func (b *pdfBuilder) newPage() {
	b.pdf.AddPage()
	b.pages++
	b.page = b.pages
	b.y = margin
}

// keepRoom starts a new page unless h points fit on this one.
func (b *pdfBuilder) keepRoom(h float64) {
	if b.y+h > textBottom && b.y > margin {
		b.newPage()
	}
}

// gap leaves h points of white space (not across a page break).
func (b *pdfBuilder) gap(h float64) {
	b.y = min(b.y+h, textBottom)
}

// width measures a piece at size.
func (b *pdfBuilder) width(p piece, size float64) float64 {
	if b.err != nil || p.text == "" {
		return 0
	}
	b.load(p.font)
	if err := b.pdf.SetFont(pdfFonts[p.font].family, "", size); err != nil {
		b.fail(fmt.Errorf("%w: %v", ErrPDF, err))
		return 0
	}
	w, err := b.pdf.MeasureTextWidth(p.text)
	if err != nil {
		b.fail(fmt.Errorf("%w: %v", ErrPDF, err))
	}
	return w
}

// word is what a line is never broken inside, unless it alone is wider
// than the line.
type word struct {
	pieces []piece
	w      float64
}

// lineOf is one laid-out line.
type lineOf struct {
	words []word
	space float64
}

// wrap breaks pieces into lines of at most width points; a newline in
// the text is a line break.
func (b *pdfBuilder) wrap(pieces []piece, st textStyle, width float64) []lineOf {
	space := b.width(piece{font: st.fonts()[0], text: " "}, st.size)
	var lines []lineOf
	var cur lineOf
	curW := 0.0
	var wd word
	endLine := func() {
		cur.space = space
		lines = append(lines, cur)
		cur, curW = lineOf{}, 0
	}
	put := func(w word) {
		if len(w.pieces) == 0 {
			return
		}
		if len(cur.words) > 0 && curW+space+w.w > width {
			endLine()
		}
		for w.w > width { // a word longer than the line: break it anywhere
			head, rest := b.cut(w, width-curW, st.size)
			if len(head.pieces) == 0 {
				if len(cur.words) == 0 {
					break // not even one character fits; draw it anyway
				}
				endLine()
				continue
			}
			cur.words = append(cur.words, head)
			endLine()
			w = rest
		}
		if len(cur.words) > 0 {
			curW += space
		}
		cur.words = append(cur.words, w)
		curW += w.w
	}
	for _, p := range pieces {
		if p.hidden {
			wd.pieces = append(wd.pieces, p)
			wd.w += b.width(p, st.size)
			continue
		}
		start := 0
		flush := func(end int) {
			if end > start {
				q := piece{font: p.font, text: p.text[start:end]}
				wd.pieces = append(wd.pieces, q)
				wd.w += b.width(q, st.size)
			}
		}
		for i, r := range p.text {
			if r == ' ' || r == '\n' {
				flush(i)
				put(wd)
				wd = word{}
				if r == '\n' {
					endLine()
				}
				start = i + 1
			}
		}
		flush(len(p.text))
	}
	put(wd)
	if len(cur.words) > 0 || len(lines) == 0 {
		endLine()
	}
	return lines
}

// cut splits a word so that its head fits in width (the head may be
// empty).
func (b *pdfBuilder) cut(w word, width, size float64) (head, rest word) {
	for i, p := range w.pieces {
		pw := b.width(p, size)
		if head.w+pw <= width {
			head.pieces = append(head.pieces, p)
			head.w += pw
			continue
		}
		if !p.hidden { // widths add up: the writer does not kern
			n, hw := 0, head.w
			rs := []rune(p.text)
			for n < len(rs) {
				rw := b.width(piece{font: p.font, text: string(rs[n])}, size)
				if hw+rw > width {
					break
				}
				hw += rw
				n++
			}
			if n > 0 {
				hp := piece{font: p.font, text: string(rs[:n])}
				head.pieces = append(head.pieces, hp)
				head.w += b.width(hp, size)
				tp := piece{font: p.font, text: string(rs[n:])}
				rest.pieces = append(rest.pieces, tp)
				rest.w += b.width(tp, size)
				i++
			}
		}
		for _, q := range w.pieces[i:] {
			rest.pieces = append(rest.pieces, q)
			rest.w += b.width(q, size)
		}
		return head, rest
	}
	return head, rest
}

// text draws a block of text in st at the current position, wrapped to
// the text width, starting new pages as needed. typed says the text is
// (or holds) what a person typed: if part of it cannot be shown, a note
// follows it (see scripts.go).
func (b *pdfBuilder) text(s string, st textStyle, typed bool) {
	b.field("", s, st, typed, subjectText)
}

// field draws label (the paper's own words, may be "") followed by value
// as one block, like text; the note, if any, speaks of subject and of
// value alone.
func (b *pdfBuilder) field(label, value string, st textStyle, typed bool, subject noteSubject) {
	if b.err != nil {
		return
	}
	pieces, _, _ := split(label, st.fonts(), b, b.lang)
	vp, hidden, shown := split(value, st.fonts(), b, b.lang)
	pieces = append(pieces, vp...)
	b.drawLines(b.wrap(pieces, st, textW-st.indent), st, typed)
	if hidden {
		b.note(subject, shown)
	}
}

// drawLines puts laid-out lines on the page.
func (b *pdfBuilder) drawLines(lines []lineOf, st textStyle, typed bool) {
	lead := st.lead()
	for _, l := range lines {
		b.keepRoom(lead)
		base := b.y + (lead-st.size)/2 + st.size*0.8
		x := margin + st.indent
		for i, w := range l.words {
			if i > 0 {
				x += l.space
			}
			for _, p := range w.pieces {
				pw := b.width(p, st.size)
				b.draw(p, x, base, st, typed)
				x += pw
			}
		}
		b.y += lead
	}
}

// draw writes one piece with its baseline at (x, base).
func (b *pdfBuilder) draw(p piece, x, base float64, st textStyle, typed bool) {
	if b.err != nil || p.text == "" {
		return
	}
	pw := b.width(p, st.size)
	if p.hidden { // a placeholder stands out: white on dark grey, not to be read as part of a name
		b.pdf.SetFillColor(70, 70, 70)
		b.pdf.RectFromUpperLeftWithStyle(x-1, base-st.size*0.85, pw+2, st.size*1.15, "F")
		b.pdf.SetTextColor(255, 255, 255)
	} else if st.grey {
		b.pdf.SetTextColor(60, 60, 60)
	} else {
		b.pdf.SetTextColor(0, 0, 0)
	}
	b.load(p.font)
	if err := b.pdf.SetFont(pdfFonts[p.font].family, "", st.size); err != nil {
		b.fail(fmt.Errorf("%w: %v", ErrPDF, err))
		return
	}
	b.pdf.SetXY(x, base)
	if err := b.pdf.Text(p.text); err != nil {
		b.fail(fmt.Errorf("%w: %v", ErrPDF, err))
		return
	}
	b.placed = append(b.placed, placed{page: b.page, x: x, y: base, w: pw, size: st.size, font: p.font, text: p.text, hidden: p.hidden, typed: typed})
	b.pdf.SetTextColor(0, 0, 0)
}

// noteSubject is what a note about hidden text speaks of.
type noteSubject int

const (
	subjectText noteSubject = iota // "this text"
	subjectName                    // "the name"
)

// note says, right below a field, that part of it is in a script this
// paper cannot show, and leaves a line to write it by hand. It is drawn
// with a bar in the margin so it is not taken for part of the field.
func (b *pdfBuilder) note(subject noteSubject, shown bool) {
	var t intake.Text
	switch {
	case subject == subjectName && shown:
		t = intake.T("Let op: een deel van de naam staat in een schrift dat dit papier niet kan tonen.", "Note: part of the name is in a script that this paper cannot show.")
	case subject == subjectName:
		t = intake.T("Let op: de naam staat in een schrift dat dit papier niet kan tonen.", "Note: the name is in a script that this paper cannot show.")
	case shown:
		t = intake.T("Let op: een deel van deze tekst staat in een schrift dat dit papier niet kan tonen.", "Note: part of this text is in a script that this paper cannot show.")
	default:
		t = intake.T("Let op: deze tekst staat in een schrift dat dit papier niet kan tonen.", "Note: this text is in a script that this paper cannot show.")
	}
	ask := intake.T("Schrijf het hier met de hand:", "Write it here by hand:")
	st := textStyle{size: bodyPt, bold: true, indent: 10}
	top, page := b.y, b.pages
	b.text(t.In(b.lang)+" "+ask.In(b.lang), st, false)
	b.writeLines(1, st.indent)
	if b.pages == page { // the bar, unless the note crossed a page
		b.pdf.SetLineWidth(3)
		b.pdf.SetStrokeColor(0, 0, 0)
		b.pdf.Line(margin+2, top+2, margin+2, b.y-2)
		b.pdf.SetLineWidth(1)
	}
	b.gap(4)
}

// bullet draws a list item: a bullet, then the wrapped text indented.
func (b *pdfBuilder) bullet(s string, st textStyle) {
	if b.err != nil {
		return
	}
	b.keepRoom(st.lead())
	base := b.y + (st.lead()-st.size)/2 + st.size*0.8
	b.draw(piece{font: st.fonts()[0], text: "•"}, margin+st.indent+4, base, st, false)
	st.indent += bulletW
	b.text(s, st, true)
}

// footnote draws footnote mark with its text in grey, the text indented
// under itself, at the body size (nothing on a paper is under 12 pt).
func (b *pdfBuilder) footnote(mark, s string) {
	if b.err != nil {
		return
	}
	st := textStyle{size: bodyPt, grey: true}
	b.keepRoom(st.lead())
	base := b.y + (st.lead()-st.size)/2 + st.size*0.8
	b.draw(piece{font: st.fonts()[0], text: mark}, margin, base, st, false)
	st.indent = bulletW
	b.text(s, st, false)
	b.gap(2)
}

// shortRule draws a short line above the footnotes.
func (b *pdfBuilder) shortRule() {
	b.pdf.SetLineWidth(0.8)
	b.pdf.SetStrokeColor(120, 120, 120)
	b.pdf.Line(margin, b.y, margin+textW/3, b.y)
}

// rule draws a thin line across the text width.
func (b *pdfBuilder) rule() {
	b.pdf.SetLineWidth(1)
	b.pdf.SetStrokeColor(120, 120, 120)
	b.pdf.Line(margin, b.y, margin+textW, b.y)
}

// writeLines leaves n lines to write on.
func (b *pdfBuilder) writeLines(n int, indent float64) {
	for range n {
		b.keepRoom(writeGap)
		b.y += writeGap
		b.pdf.SetLineWidth(0.8)
		b.pdf.SetStrokeColor(120, 120, 120)
		b.pdf.Line(margin+indent, b.y, margin+textW, b.y)
	}
	b.gap(6)
}

// finish numbers the pages, puts left (may be "") in every footer, and
// returns the PDF.
func (b *pdfBuilder) finish(left string) ([]byte, error) {
	if b.err != nil {
		return nil, b.err
	}
	st := textStyle{size: bodyPt, grey: true}
	page, of := intake.T("Pagina", "Page").In(b.lang), intake.T("van", "of").In(b.lang)
	base := pageH - margin
	for n := 1; n <= b.pages; n++ {
		if err := b.pdf.SetPage(n); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrPDF, err)
		}
		b.page = n
		if left != "" {
			b.footer(left, margin, base, st)
		}
		num := fmt.Sprintf("%s %d %s %d", page, n, of, b.pages)
		right := margin + textW - b.width(piece{font: fontSans, text: num}, st.size)
		b.footer(num, right, base, st)
	}
	if b.err != nil {
		return nil, b.err
	}
	out, err := b.pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPDF, err)
	}
	if b.err != nil {
		return nil, b.err
	}
	return out, nil
}

// footer draws one line of the paper's own words at (x, base).
func (b *pdfBuilder) footer(s string, x, base float64, st textStyle) {
	pieces, _, _ := split(s, st.fonts(), b, b.lang)
	for _, p := range pieces {
		b.draw(p, x, base, st, false)
		x += b.width(p, st.size)
	}
}
