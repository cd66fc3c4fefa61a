package settings

import "testing"

func TestTextsComplete(t *testing.T) {
	if m := texts.Missing(); len(m) > 0 {
		t.Errorf("texts in one language only: %v", m)
	}
}
