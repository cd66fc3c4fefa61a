package app

import (
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/tui/screens/export"
	"github.com/spreekuur/spreekuur/tui/screens/privacy"
)

// TestEraseFromHome: ctrl+x on home asks to erase the selected resident,
// names them, erases on j, offers the receipt (F6: the export dialog for
// it), and home no longer lists them. F4 opens the list "te wissen".
func TestEraseFromHome(t *testing.T) {
	st := sample()
	h := atHome(t, st, Options{LockAfter: -1})
	h.press("ctrl+x")
	if _, ok := h.a.cur.(*privacy.Erase); !ok || !strings.Contains(h.frame(), "Jan de Vries") {
		t.Fatalf("ctrl+x: %T\n%s", h.a.cur, h.frame())
	}
	h.press("j")
	if len(st.Tombstones) != 1 || st.Tombstones[0].Resident != jan {
		t.Fatalf("tombstones %+v", st.Tombstones)
	}
	h.press("f6")
	if _, ok := h.a.cur.(*export.Screen); !ok || !strings.Contains(h.frame(), "spreekuur-"+jan[:8]+"-bewijs-gewist.pdf") {
		t.Fatalf("F6: %T\n%s", h.a.cur, h.frame())
	}
	h.press("esc")
	h.press("esc")
	if !h.onHome() || strings.Contains(h.frame(), "Jan de Vries") {
		t.Fatalf("home after erasing:\n%s", h.frame())
	}
	h.press("f4")
	if _, ok := h.a.cur.(*privacy.Retention); !ok || !strings.Contains(h.frame(), "te wissen") {
		t.Fatalf("F4: %T\n%s", h.a.cur, h.frame())
	}
}
