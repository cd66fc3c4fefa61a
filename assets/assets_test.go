package assets

import (
	"encoding/json"
	"io/fs"
	"testing"
)

func TestCatalogueEmbedded(t *testing.T) {
	b := Catalogue()
	if !json.Valid(b) {
		t.Fatal("embedded catalogue is not valid JSON")
	}
	b[0] = 'x' // the caller's copy: must not change the embedded data
	if Catalogue()[0] == 'x' {
		t.Fatal("Catalogue returned shared bytes")
	}
	if _, err := fs.Stat(FS(), CatalogueFile); err != nil {
		t.Fatal(err)
	}
}
