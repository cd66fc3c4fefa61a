package tui

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAccessibleCoordinatorReadsStatistics: a coordinator in the
// line-by-line mode gets the figures read out, never a notes read (the
// fake fails the test on one), and hidden counts only as marked.
func TestAccessibleCoordinatorReadsStatistics(t *testing.T) {
	v := coordVault(t)
	input := strings.Join([]string{"carla", coordPass, "9", "1", "2"}, "\n") + "\n"
	var out bytes.Buffer
	if err := RunAccessible(strings.NewReader(input), &out, Options{Vault: v, Now: func() time.Time { return day0 }}); err != nil {
		t.Fatal(err)
	}
	o := out.String()
	for _, want := range []string{
		"1 de cijfers voorlezen, 2 stoppen",
		"Typ 1 of 2:",
		"2026-01 t/m 2026-03, drempel 10.",
		"Per maand:",
		"  2026-02: Intakes <10, Contacten 22",
		"  2026-03: Intakes x, Contacten 40",
		"  Buurthuis De Schakel: <10",
		"Deze tabel is verborgen",
		"Kengetallen:",
		"  Waardering, gemiddeld (1–5): 4,2 (n = 41)",
		"  Heeft meer regie: Te weinig intakes om dit te tonen. (n = <10)",
		"Spreekuur is gestopt en op slot.",
	} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, secret := range []int{secretSmall, secretSecondary} {
		for _, l := range strings.Split(o, "\n") {
			if strings.Contains(l, ": ") && strings.Contains(" "+l+",", " "+strconv.Itoa(secret)+",") {
				t.Errorf("a hidden count %d is read out: %q", secret, l)
			}
		}
	}
	if strings.Contains(o, "gesprekken zoeken") {
		t.Error("a coordinator is offered to browse conversations")
	}
	if strings.ContainsAny(o, "\x1b\x07") {
		t.Error("output contains escape or control characters")
	}
	if v.Unlocked() {
		t.Error("vault left unlocked")
	}
}
