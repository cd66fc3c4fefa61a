package papers

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
	"github.com/spreekuur/spreekuur/assets"
	"github.com/spreekuur/spreekuur/intake"
)

// longParagraph is one typed paragraph of about two pages, in Dutch,
// Polish and Ukrainian words of many widths.
func longParagraph() string {
	words := []string{"Ik", "zoek", "een", "betaalbare", "woning", "dichtbij", "school;", "Potrzebuję", "pomocy", "z", "mieszkaniem,", "Мені", "потрібна", "допомога", "з", "житлом", "—", "ąęśźżółń", "en", "ook", "hulp", "bij", "de", "aanvraag."}
	var b strings.Builder
	for i := range 700 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[(i*7)%len(words)])
	}
	return b.String()
}

func paragraphDoc(lang, para string) Doc {
	return Doc{Kind: KindSheet, Lang: lang, Title: "Test", Made: intake.DateOf(testNow),
		Sections: []Section{{Key: "p", Heading: "Kop", Lines: []string{para}}}}
}

// TestWrapAcrossPages lays out a paragraph that needs many lines and a
// page break: every word is drawn once, in order; no line is wider than
// the text area; no line could have taken the next word (the wrap uses
// the real font metrics, not a guess); lines are 1.5 × the type size
// apart and continue at the top of the next page; every page is numbered
// "Pagina i van n".
func TestWrapAcrossPages(t *testing.T) {
	para := longParagraph()
	b, where, err := paragraphDoc("nl", para).pdf()
	if err != nil {
		t.Fatal(err)
	}
	var runs []placed
	for _, p := range where {
		if p.typed {
			runs = append(runs, p)
		}
	}
	// Every word, in order.
	var got []string
	for _, r := range runs {
		got = append(got, r.text)
	}
	if strings.Join(got, " ") != para {
		t.Fatal("the words drawn are not the paragraph's words in order")
	}
	// Lines: runs with the same page and baseline.
	type line struct {
		page        int
		y, x0, x1   float64
		first, last int
	}
	var lines []line
	for i, r := range runs {
		if n := len(lines); n > 0 && lines[n-1].page == r.page && lines[n-1].y == r.y {
			if r.x < lines[n-1].x1 {
				t.Errorf("run %q overlaps the one before it", r.text)
			}
			lines[n-1].x1, lines[n-1].last = r.x+r.w, i
			continue
		}
		lines = append(lines, line{page: r.page, y: r.y, x0: r.x, x1: r.x + r.w, first: i, last: i})
	}
	space := measure(t, " ", styleBody.size)
	pages := 0
	for i, l := range lines {
		pages = max(pages, l.page)
		if l.x1 > margin+textW+0.01 || l.x0 < margin-0.01 {
			t.Errorf("line %d runs from %.1f to %.1f pt, outside the text area %.1f–%.1f", i, l.x0, l.x1, margin, margin+textW)
		}
		if i+1 == len(lines) {
			break
		}
		next := lines[i+1]
		if w := (l.x1 - l.x0) + space + runs[next.first].w; w <= textW {
			t.Errorf("line %d ends before %q, which would fit (%.1f of %.1f pt)", i, runs[next.first].text, w, textW)
		}
		switch {
		case next.page == l.page:
			if d := next.y - l.y; math.Abs(d-styleBody.lead()) > 0.01 || d/styleBody.size < 1.4 {
				t.Errorf("lines %d and %d are %.2f pt apart, want %.2f (1.5 × %.0f pt)", i, i+1, d, styleBody.lead(), styleBody.size)
			}
		case next.page == l.page+1:
			if next.y > margin+styleBody.lead() {
				t.Errorf("page %d starts its text at %.1f pt, not at the top margin", next.page, next.y)
			}
		default:
			t.Errorf("line %d on page %d follows page %d", i+1, next.page, l.page)
		}
	}
	if pages < 2 {
		t.Fatalf("the paragraph fits on %d page; the test needs a page break", pages)
	}
	ptext, n := pdfText(t, b)
	if n != pages {
		t.Errorf("the PDF has %d pages, the layout %d", n, pages)
	}
	for i := 1; i <= pages; i++ {
		if !containsLoose(ptext, fmt.Sprintf("Pagina %d van %d", i, pages)) {
			t.Errorf("no \"Pagina %d van %d\"", i, pages)
		}
	}
}

// measure is the width of s in Noto Sans at size, as the builder measures.
func measure(t *testing.T, s string, size float64) float64 {
	t.Helper()
	b := newBuilder("nl", "", testNow)
	w := b.width(piece{font: fontSans, text: s}, size)
	if b.err != nil {
		t.Fatal(b.err)
	}
	return w
}

// TestReadableLayout checks the type for poor readers on the real sheet
// and plan, in both languages: A4 pages; no text under 12 pt; headings
// larger than the body and the title larger still; wrapped lines 1.5 ×
// their size apart; and the same layout in Dutch and English (the same
// sequence of type styles, page numbers in the same place).
func TestReadableLayout(t *testing.T) {
	in, r := fixture()
	in.ClarifiedQuestion = strings.Repeat("Mijn vraag gaat over wonen, geld en de post die blijft liggen. ", 4)
	cat := intake.DefaultCatalogue()
	today := intake.DateOf(testNow)
	for _, kind := range []string{KindSheet, KindPlan, KindLetter} {
		var styles [2][]string
		var footers [2][]placed
		for li, lang := range []string{"nl", "en"} {
			var d Doc
			switch kind {
			case KindSheet:
				d = Sheet(in, r, cat, lang, today)
			case KindPlan:
				d = PersonalPlan(in, r, cat, lang, today)
			case KindLetter:
				lin, _ := lateFixture()
				late := lin.LateDecisions(date("2026-11-27"))
				d = LateLetter(lin, r, late[len(late)-1], cat, lang, date("2026-11-27"))
			}
			b, where, err := d.pdf()
			if err != nil {
				t.Fatal(err)
			}
			rd, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= rd.NumPage(); i++ {
				mb := mediaBox(rd.Page(i))
				if w, h := mb.Index(2).Float64()-mb.Index(0).Float64(), mb.Index(3).Float64()-mb.Index(1).Float64(); math.Abs(w-595.28) > 0.5 || math.Abs(h-841.89) > 0.5 {
					t.Errorf("%s %s page %d is %.1f × %.1f pt, not A4", kind, lang, i, w, h)
				}
			}
			headSize, titleSize := 0.0, 0.0
			for i, p := range where {
				if p.size < 12 {
					t.Errorf("%s %s: %q at %.1f pt", kind, lang, p.text, p.size)
				}
				for _, sec := range d.Sections {
					if strings.HasPrefix(sec.Heading, p.text) && p.font == fontSansBold {
						headSize = p.size
					}
				}
				if strings.HasPrefix(d.Title, p.text) && i == 0 {
					titleSize = p.size
				}
				style := fmt.Sprintf("%.0f/%d", p.size, p.font)
				if n := len(styles[li]); n == 0 || styles[li][n-1] != style {
					styles[li] = append(styles[li], style)
				}
				if p.y > textBottom {
					footers[li] = append(footers[li], p)
				}
			}
			if !(titleSize > headSize && headSize > styleBody.size) {
				t.Errorf("%s %s: title %.0f pt, headings %.0f pt, body %.0f pt: want each larger than the next", kind, lang, titleSize, headSize, styleBody.size)
			}
			for i := 1; i < len(where); i++ { // wrapped lines of one block: the long question
				a, b := where[i-1], where[i]
				if a.typed && b.typed && a.size == b.size && a.page == b.page && b.y > a.y && b.y-a.y < 2*a.size && b.y-a.y < a.size*1.4 {
					t.Errorf("%s %s: lines %.1f pt apart at %.0f pt", kind, lang, b.y-a.y, a.size)
				}
			}
		}
		if strings.Join(styles[0], " ") != strings.Join(styles[1], " ") {
			t.Errorf("%s: Dutch and English use different type styles in order:\nnl %v\nen %v", kind, styles[0], styles[1])
		}
		if len(footers[0]) == 0 || len(footers[1]) == 0 || footers[0][0].y != footers[1][0].y {
			t.Errorf("%s: the footers are not in the same place in both languages", kind)
		}
	}
}

// TestSheetSmallWithSubsets makes the example sheet: under
// 150 KB, and every font embedded as a subset, i.e. with a subset tag and
// a font program far smaller than the font file.
func TestSheetSmallWithSubsets(t *testing.T) {
	in, r := fixture()
	r.Pseudonym = "Łukasz Wójcik ąęś محمد"
	in.ClarifiedQuestion = "Potrzebuję pomocy z mieszkaniem — ik zoek een woning, şimdi ሰላም"
	b, err := Sheet(in, r, intake.DefaultCatalogue(), "nl", intake.DateOf(testNow)).PDF()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the example sheet: %d bytes", len(b))
	if len(b) > 150_000 {
		t.Errorf("the sheet is %d bytes, want under 150 KB", len(b))
	}
	rd, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	full := map[string]int{"NotoSans-Regular": len(assets.Font(assets.FontSans)), "NotoSans-Bold": len(assets.Font(assets.FontSansBold)), "NotoSansEthiopic-Regular": len(assets.Font(assets.FontSansEthiopic))}
	tag := regexp.MustCompile(`^[A-Z]{6}\+(.+)$`)
	seen := map[string]bool{}
	p := rd.Page(1)
	for _, name := range p.Fonts() {
		f := p.Font(name)
		m := tag.FindStringSubmatch(f.BaseFont())
		if m == nil {
			t.Errorf("font %q has no subset tag", f.BaseFont())
			continue
		}
		size, ok := full[m[1]]
		if !ok {
			t.Errorf("font %q is not one of ours", f.BaseFont())
			continue
		}
		rc := f.V.Key("DescendantFonts").Index(0).Key("FontDescriptor").Key("FontFile2").Reader()
		prog, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || len(prog) == 0 {
			t.Errorf("font %s: no embedded font program (%v)", m[1], err)
			continue
		}
		t.Logf("%s: %d of %d bytes embedded", m[1], len(prog), size)
		if len(prog) > size/4 {
			t.Errorf("font %s: %d of %d bytes embedded, not a subset", m[1], len(prog), size)
		}
		seen[m[1]] = true
	}
	if len(seen) != len(full) {
		t.Errorf("fonts on page 1: %v, want all of %v", seen, full)
	}
}

// mediaBox is the page's MediaBox, which a page may inherit (ISO 32000-1, 7.7.3.4).
func mediaBox(p pdf.Page) pdf.Value {
	for v := p.V; !v.IsNull(); v = v.Key("Parent") {
		if mb := v.Key("MediaBox"); !mb.IsNull() {
			return mb
		}
	}
	return pdf.Value{}
}
