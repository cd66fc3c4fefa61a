package assets

import (
	"encoding/json"
	"io/fs"
	"strings"
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

// TestFontsEmbedded: the papers' fonts are TrueType (glyf outlines, which
// the PDF writer subsets) and their licence travels with them.
func TestFontsEmbedded(t *testing.T) {
	for _, name := range []string{FontSans, FontSansBold, FontSansEthiopic} {
		b := Font(name)
		if len(b) < 1000 || string(b[:4]) != "\x00\x01\x00\x00" {
			t.Errorf("%s is not a TrueType font", name)
		}
	}
	lic := string(Font(FontLicence))
	for _, want := range []string{"SIL Open Font License, Version 1.1", "Google", "PERMISSION & CONDITIONS"} {
		if !strings.Contains(lic, want) {
			t.Errorf("%s lacks %q", FontLicence, want)
		}
	}
}
