package papers

import (
	"fmt"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// PDF renders the paper as an A4 PDF through the PDF builder: large type,
// clear headings, page numbers, lines to write on where the paper asks
// something. Latin (every European diacritic), Greek, Cyrillic and Ge'ez
// text prints exactly, in embedded subsets of Noto Sans; text in a script
// the paper cannot draw correctly (Arabic, Hebrew, …) is replaced by a
// marked placeholder with a note below it, never silently (see
// scripts.go). Nothing typed can break the PDF: control characters are
// dropped and the writer escapes what PDF syntax needs.
func (d Doc) PDF() (out []byte, err error) {
	out, _, err = d.pdf()
	return out, err
}

// pdf is PDF that also tells where each run of text was put.
func (d Doc) pdf() (out []byte, where []placed, err error) {
	defer func() {
		if p := recover(); p != nil { // the PDF library must never take the program down
			out, where, err = nil, nil, fmt.Errorf("%w: %v", ErrPDF, p)
		}
	}()
	lang := intake.NormLang(d.Lang)
	var made time.Time
	footer := ""
	if !d.Made.IsZero() {
		made = d.Made.Time()
		footer = d.madeText()
	}
	b := newBuilder(lang, oneLine(d.Title), made)

	// Title, for whom, intro.
	b.text(oneLine(d.Title), styleTitle, false)
	if d.For != "" {
		b.field(intake.T("Voor: ", "For: ").In(lang), oneLine(d.For), styleFor, true, subjectName)
	}
	b.gap(4)
	for _, p := range d.Intro {
		b.text(inert(p), styleBody, false)
	}

	for _, sec := range d.Sections {
		switch {
		case sec.NewPage:
			b.newPage()
		case sec.Heading == "":
			b.gap(4) // a part of a letter, not a section of its own
		default:
			b.gap(10)
		}
		if sec.Heading != "" {
			b.keepRoom(3 * styleHead.lead()) // not a heading alone at the bottom of a page
			b.text(inert(sec.Heading), styleHead, false)
			b.rule()
			b.gap(4)
		}
		for _, l := range sec.Lines {
			l = inert(l)
			switch {
			case sec.Large:
				b.text(l, styleLarge, true)
			case sec.Bullets:
				b.bullet(l, styleBody)
			default:
				b.text(l, styleBody, true)
			}
			b.gap(3)
		}
		if sec.Ask != "" {
			b.gap(3)
			// The question and its lines to write on stay together.
			b.keepRoom(2*styleBody.lead() + float64(min(sec.WriteLines, 4))*writeGap)
			b.text(inert(sec.Ask), styleBody, false)
			b.writeLines(sec.WriteLines, 0)
		}
	}
	if len(d.Notes) > 0 {
		// The footnotes: the law behind the dates, below a short rule.
		b.gap(10)
		b.keepRoom(3 * styleBody.lead())
		b.shortRule()
		b.gap(6)
		for i, n := range d.Notes {
			b.footnote(intake.NoteMark(i+1), inert(n))
		}
	}
	out, err = b.finish(footer)
	return out, b.placed, err
}
