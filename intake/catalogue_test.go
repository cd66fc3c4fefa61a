package intake

import (
	"testing"
)

func TestEmbeddedCatalogueLoads(t *testing.T) {
	c, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Domains) < 17 {
		t.Fatalf("%d domains, want at least 17", len(c.Domains))
	}
}
