package papers

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/assets"
	"github.com/spreekuur/spreekuur/intake"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// popplerTool finds a poppler-utils command. CI installs poppler-utils
// and sets SPREEKUUR_REQUIRE_PDFTOPPM, so there a missing tool fails the
// test; elsewhere it is skipped.
func popplerTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("SPREEKUUR_REQUIRE_PDFTOPPM") != "" {
			t.Fatalf("the %s command is not installed, but SPREEKUUR_REQUIRE_PDFTOPPM is set (CI installs poppler-utils)", name)
		}
		t.Skipf("the %s command is not installed (Debian: apt-get install poppler-utils); skipping the check of the rendered page", name)
	}
	return p
}

const (
	renderDPI = 300
	// glyphDiff is the most a glyph of the rendered name may differ from
	// the same glyph drawn from the font by another rasteriser (see
	// glyphScores). Measured at 300 dpi: right glyphs 0.04–0.24; a letter
	// without its accent or ogonek, or a "?" for a Cyrillic letter,
	// 0.88–1.00. The control cases below show the gap on every run.
	glyphDiff = 0.5
)

// TestRenderedName renders the sheet with poppler (pdftoppm), the way a
// printer or viewer draws it, and checks the resident's name glyph by
// glyph against the name drawn straight from the embedded font with
// golang.org/x/image's rasteriser, at the position the builder put it.
// A missing glyph, a box, a "?" or a letter without its accent fails; the
// control references (what fpdf printed before: accents dropped, "?" for
// Cyrillic) must fail the same comparison, so the check is not blind.
// pdftotext (poppler too) must return the exact name.
func TestRenderedName(t *testing.T) {
	pdftoppm, pdftotext := popplerTool(t, "pdftoppm"), popplerTool(t, "pdftotext")
	sfont, err := opentype.Parse(assets.Font(assets.FontSans))
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(sfont, &opentype.FaceOptions{Size: styleFor.size, DPI: renderDPI, Hinting: font.HintingNone})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	tests := []struct {
		name, control string // control: what the old core-font PDF printed
	}{
		{"Łukasz Wójcik ąęś", "Lukasz Wójcik aes"},
		{"Юлія Коваленко", "???? ?????????"},
		{"Ștefan Țăranu", "Stefan Taranu"},
	}
	cat := intake.DefaultCatalogue()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, r := fixture()
			r.Pseudonym = tt.name
			b, where, err := Sheet(in, r, cat, "nl", intake.DateOf(testNow)).pdf()
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "sheet.pdf")
			if err := os.WriteFile(file, b, 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdftotext, "-f", "1", "-l", "1", "-enc", "UTF-8", file, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			if !strings.Contains(string(out), "Voor: "+tt.name+"\n") {
				t.Errorf("pdftotext does not return the name exactly:\n%s", out[:min(len(out), 300)])
			}
			// Render only the name's box (and a margin for the alignment).
			runs := nameRuns(t, where)
			area := box(runs)
			crop := area.Inset(-8)
			args := []string{"-r", fmt.Sprint(renderDPI), "-gray", "-f", "1", "-l", "1", "-png", "-singlefile",
				"-x", fmt.Sprint(crop.Min.X), "-y", fmt.Sprint(crop.Min.Y), "-W", fmt.Sprint(crop.Dx()), "-H", fmt.Sprint(crop.Dy()),
				file, filepath.Join(dir, "name")}
			if msg, err := exec.Command(pdftoppm, args...).CombinedOutput(); err != nil || len(msg) > 0 {
				t.Fatalf("pdftoppm: %v %s", err, msg)
			}
			got := darkness(readGray(t, filepath.Join(dir, "name.png"), crop.Min))
			if got.total() < 50 {
				t.Fatalf("no ink where the name should be (%v)", area)
			}
			want, cells := drawRuns(face, runs, func(s string) string { return s }, crop)
			scores := glyphScores(got, want, cells, area)
			t.Logf("per-glyph difference: %.2f", scores)
			for i, s := range scores {
				if s > glyphDiff {
					t.Errorf("glyph %d of %q differs %.2f from the font's own drawing, want ≤ %.2f", i, tt.name, s, glyphDiff)
				}
			}
			// The control: the old paper's letters at the same place.
			ctl := []rune(tt.control)
			k := 0
			wrong, cells := drawRuns(face, runs, func(s string) string {
				n := len([]rune(s))
				defer func() { k += n + 1 }()
				return string(ctl[k : k+n])
			}, crop)
			worst := 0.0
			ws := glyphScores(got, wrong, cells, area)
			t.Logf("control %q: %.2f", tt.control, ws)
			for _, s := range ws {
				worst = math.Max(worst, s)
			}
			if worst <= glyphDiff {
				t.Errorf("the check cannot tell %q from %q (worst glyph %.2f)", tt.name, tt.control, worst)
			}
		})
	}
}

// nameRuns returns the runs of the name on the "Voor:" line of page 1.
func nameRuns(t *testing.T, where []placed) []placed {
	t.Helper()
	var label *placed
	for i, p := range where {
		if p.page == 1 && p.text == "Voor:" {
			label = &where[i]
			break
		}
	}
	if label == nil {
		t.Fatal("no \"Voor:\" on page 1")
	}
	var runs []placed
	for _, p := range where {
		if p.page == 1 && p.y == label.y && p.x > label.x {
			runs = append(runs, p)
		}
	}
	if len(runs) == 0 {
		t.Fatal("no name after \"Voor:\"")
	}
	return runs
}

// px converts points to pixels of the rendering.
func px(pt float64) float64 { return pt * renderDPI / 72 }

// box is the pixel rectangle around the runs, from above the accents of
// capitals to below the descenders and ogoneks.
func box(runs []placed) image.Rectangle {
	first, last := runs[0], runs[len(runs)-1]
	size := first.size
	return image.Rect(int(px(first.x))-6, int(px(first.y-size*1.15)), int(px(last.x+size*float64(len([]rune(last.text)))))+6, int(px(first.y+size*0.4)))
}

// drawRuns draws each run's text (through alter) from the font at its
// place, glyph by glyph with the font's advances and no kerning, as the
// PDF does. cells are the pixel columns of each glyph.
func drawRuns(face font.Face, runs []placed, alter func(string) string, bounds image.Rectangle) (mask grid, cells [][2]int) {
	img := image.NewGray(bounds)
	draw.Draw(img, bounds, image.White, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: image.Black, Face: face}
	for _, r := range runs {
		x := fixed.Int26_6(math.Round(px(r.x) * 64))
		y := fixed.Int26_6(math.Round(px(r.y) * 64))
		for _, c := range alter(r.text) {
			adv, _ := face.GlyphAdvance(c)
			d.Dot = fixed.Point26_6{X: x, Y: y}
			d.DrawString(string(c))
			cells = append(cells, [2]int{x.Floor(), (x + adv).Ceil()})
			x += adv
		}
	}
	return darkness(img), cells
}

// grid is how dark each pixel of a part of the page is, 0 (white) to 1
// (black), in page pixel coordinates.
type grid struct {
	r image.Rectangle
	v []float64
}

func (g grid) at(x, y int) float64 {
	if !image.Pt(x, y).In(g.r) {
		return 0
	}
	return g.v[(y-g.r.Min.Y)*g.r.Dx()+x-g.r.Min.X]
}

// total is the ink in g, in pixels.
func (g grid) total() float64 {
	sum := 0.0
	for _, v := range g.v {
		sum += v
	}
	return sum
}

func darkness(img *image.Gray) grid {
	b := img.Bounds()
	g := grid{r: b, v: make([]float64, b.Dx()*b.Dy())}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.v[(y-b.Min.Y)*b.Dx()+x-b.Min.X] = 1 - float64(img.GrayAt(x, y).Y)/255
		}
	}
	return g
}

// glyphScores aligns want on got within area (the two rasterisers may
// differ by a pixel or two), then returns, per glyph cell, the largest
// difference in darkness averaged over a 5×5 pixel window (0 to 1). Anti-
// aliasing and hinting differ along the edges of strokes, in bands a pixel
// wide, which the window dilutes; a missing accent, a wrong letter or a
// box is a solid blob of difference, which it does not.
func glyphScores(got, want grid, cells [][2]int, area image.Rectangle) []float64 {
	bestDX, bestDY, best := 0, 0, math.Inf(1)
	for dy := -4; dy <= 4; dy++ {
		for dx := -4; dx <= 4; dx++ {
			sum := 0.0
			for y := area.Min.Y; y < area.Max.Y; y++ {
				for x := area.Min.X; x < area.Max.X; x++ {
					sum += math.Abs(got.at(x+dx, y+dy) - want.at(x, y))
				}
			}
			if sum < best {
				bestDX, bestDY, best = dx, dy, sum
			}
		}
	}
	diff := func(x, y int) float64 { return math.Abs(got.at(x+bestDX, y+bestDY) - want.at(x, y)) }
	const r = 2
	var scores []float64
	for _, c := range cells {
		worst := 0.0
		for y := area.Min.Y + r; y < area.Max.Y-r; y++ {
			for x := c[0]; x < c[1]; x++ {
				sum := 0.0
				for wy := -r; wy <= r; wy++ {
					for wx := -r; wx <= r; wx++ {
						sum += diff(x+wx, y+wy)
					}
				}
				worst = math.Max(worst, sum/((2*r+1)*(2*r+1)))
			}
		}
		scores = append(scores, worst)
	}
	return scores
}

// readGray reads a PNG as a grey image whose top left pixel is at.
func readGray(t *testing.T, path string, at image.Point) *image.Gray {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	g := image.NewGray(b.Sub(b.Min).Add(at))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.Set(x-b.Min.X+at.X, y-b.Min.Y+at.Y, color.GrayModel.Convert(img.At(x, y)))
		}
	}
	return g
}
