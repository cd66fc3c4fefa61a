// Package assets holds the data embedded in the binary: the life-domain
// catalogue in Dutch and English. It only hands out bytes; the intake
// package decodes and checks them.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed catalogue.json
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
