package tui

import (
	"strings"
	"testing"
)

// TestTextsComplete: both languages have every key, none empty, and
// format verbs match.
func TestTextsComplete(t *testing.T) {
	for lang, tab := range map[string]texts{"nl": textsNL, "en": textsEN} {
		for id := textID(0); id < textCount; id++ {
			s, ok := tab[id]
			if !ok || strings.TrimSpace(s) == "" {
				t.Errorf("%s: text %d missing or empty", lang, id)
			}
		}
		if len(tab) != int(textCount) {
			t.Errorf("%s: %d texts, want %d", lang, len(tab), textCount)
		}
	}
	for id := textID(0); id < textCount; id++ {
		if a, b := strings.Count(textsNL[id], "%"), strings.Count(textsEN[id], "%"); a != b {
			t.Errorf("text %d: nl has %d verbs, en has %d", id, a, b)
		}
	}
}
