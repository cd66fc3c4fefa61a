package intakes

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// keystrokes times Update plus View of s for each key, over and over for
// b.N keys, and reports the median and the 99th percentile: the work the
// program does per key on this screen (the app adds its header and help
// line, measured with home in tui/app).
func keystrokes(b *testing.B, s *Screen, keys []tea.KeyPressMsg) {
	b.Helper()
	b.ReportAllocs()
	screentest.ReportLatency(b, screentest.TimeKeys(b, keys, func(k tea.KeyPressMsg) {
		s.Update(k)
		_ = s.View()
	}))
}

// BenchmarkScanKeystroke is one key on the life-domain grid: moving and
// setting steps (each step is saved).
func BenchmarkScanKeystroke(b *testing.B) {
	s := withConsent(b, fake())
	toStep(b, s, stepScan)
	var keys []tea.KeyPressMsg
	for _, k := range []string{"down", "3", "right", "up", "left"} {
		keys = append(keys, screentest.KeyMsg(k))
	}
	keystrokes(b, s, keys)
}

// BenchmarkIntakeKeystroke is one key typed in "In eigen woorden" with a
// long text already in it (1,800 characters over many lines): a letter
// and a backspace in turn, each saved.
func BenchmarkIntakeKeystroke(b *testing.B) {
	s := withConsent(b, fake())
	toStep(b, s, stepQuestion)
	long := strings.Repeat("Ik krijg steeds brieven van de gemeente en ik snap ze niet goed.\n", 28)[:1800]
	screentest.Run(b, s, s.Update(tea.PasteMsg{Content: long}))
	if got := s.ed.Draft().Intake.OwnWords; len(got) < 1700 {
		b.Fatalf("the long text is not in the field (%d characters)", len(got))
	}
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	keystrokes(b, s, []tea.KeyPressMsg{{Code: 'x', Text: "x"}, screentest.KeyMsg("backspace")})
}
