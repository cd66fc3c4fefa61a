// Package assets holds the data embedded in the binary: the life-domain
// catalogue in Dutch and English, and the fonts of the PDF papers (Noto
// Sans, SIL Open Font License; see fonts/OFL.txt). It only hands out
// bytes; the intake package and its papers decode and check them.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed catalogue.json fonts/*.ttf fonts/OFL.txt
var files embed.FS

// CatalogueFile is the name of the catalogue inside FS.
const CatalogueFile = "catalogue.json"

// Catalogue returns the embedded catalogue (JSON). The caller gets its own copy.
func Catalogue() []byte {
	b, err := files.ReadFile(CatalogueFile)
	if err != nil {
		panic("assets: embedded catalogue missing: " + err.Error()) // a build error, not user input
	}
	return b
}

// FS returns the embedded files, read-only.
func FS() fs.FS { return files }

// Fonts of the PDF papers, by file name inside FS. Each is a TrueType
// font the PDF writer embeds as a subset (only the glyphs a paper uses).
const (
	FontSans         = "fonts/NotoSans-Regular.ttf"         // Latin, Greek, Cyrillic
	FontSansBold     = "fonts/NotoSans-Bold.ttf"            // the same, bold: headings
	FontSansEthiopic = "fonts/NotoSansEthiopic-Regular.ttf" // Ge'ez script: Tigrinya, Amharic
	FontLicence      = "fonts/OFL.txt"
)

// Font returns the embedded font file name (one of the Font constants).
// The caller gets its own copy.
func Font(name string) []byte {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("assets: embedded font missing: " + err.Error()) // a build error or a programming error, not user input
	}
	return b
}
