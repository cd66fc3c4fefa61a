package screentest

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/spreekuur/spreekuur/tui/common"
)

// The size of every golden frame: the terminal the app must fit.
const (
	Width  = 80
	Height = 24
)

// Frame is s as the app draws it at 80×24 (tui/app), for a screen tested
// without the app: the header line, the body, the help line with the
// global keys; styling stripped.
func Frame(ctx *common.Context, s common.Screen) string {
	left, right := " "+ctx.Text(common.TAppName)+" · "+s.Title(), ctx.S.User()+" "
	header := left + strings.Repeat(" ", Width-ansi.StringWidth(left)-ansi.StringWidth(right)) + right
	g := common.Global(ctx.Lang)
	help := common.HelpLine(ctx.Theme, s.Keys(), []key.Binding{g.Help, g.Lock, g.Quit}, Width)
	return ansi.Strip(header + "\n" + common.Fit(s.View(), Width, Height-2) + "\n" + help)
}

// Fits checks that frame is exactly h lines, none wider than w.
func Fits(t testing.TB, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Errorf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide (at most %d): %q", i+1, n, w, l)
		}
	}
}

// ellipsisTexts are the app's own texts that end in "…" whole.
var ellipsisTexts = []string{
	common.Shared.NL[common.TLoading], common.Shared.EN[common.TLoading],
}

// NoSentenceCut checks that nothing on frame was cut off with "…": the app
// wraps sentences, never truncates them (issue 9.8). Only the texts in
// allowed may hold a "…": table cells of names and places, which are cut
// to their column, and texts that end in "…" themselves.
func NoSentenceCut(t testing.TB, frame string, allowed ...string) {
	t.Helper()
	allowed = append(allowed, ellipsisTexts...)
	for i, l := range strings.Split(frame, "\n") {
		rest := l
		for _, a := range allowed {
			rest = strings.ReplaceAll(rest, a, "")
		}
		if strings.Contains(rest, "…") {
			t.Errorf("line %d is cut off with …: %q", i+1, l)
		}
	}
}

// RequireGolden checks that frame fits 80×24 and cuts no sentence (see
// NoSentenceCut for allowed), and that it equals testdata/<test>.golden
// (go test -update writes it).
func RequireGolden(t testing.TB, frame string, allowed ...string) {
	t.Helper()
	Fits(t, frame, Width, Height)
	NoSentenceCut(t, frame, allowed...)
	golden.RequireEqual(t, frame)
}
