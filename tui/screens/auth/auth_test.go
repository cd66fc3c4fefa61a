package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

func TestTextsComplete(t *testing.T) {
	if m := texts.Missing(); len(m) > 0 {
		t.Errorf("texts in one language only: %v", m)
	}
}

// TestPassphraseStrength: the hint while typing counts length most, a mix
// of kinds a little (ported).
func TestPassphraseStrength(t *testing.T) {
	tests := []struct {
		p    string
		want strength
	}{
		{"", strengthNone},
		{"kort", strengthWeak},
		{"elf tekens!", strengthWeak},
		{"twaalftekens", strengthFair},
		{"zestien  tekens!", strengthStrong}, // 16 with two kinds
		{"zestientekensxyz", strengthFair},   // 16 of one kind
		{"fiets regen koffie", strengthStrong},
		{"eenheellangwoordzonderspaties", strengthStrong},
	}
	for _, tt := range tests {
		if got := passphraseStrength([]byte(tt.p)); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.p, got, tt.want)
		}
	}
}

// TestUnlockSaysHowToRecover: the unlock screen says how to use the
// recovery code (issue 9.6), in both languages, whole at 80 columns.
func TestUnlockSaysHowToRecover(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC) }
	for lang, want := range map[string]string{"nl": texts.NL[tForgotten], "en": texts.EN[tForgotten]} {
		ctx := common.NewContext(session.New(sessiontest.New(), nil, now, lang), common.NewTheme(true, false, true), lang, now)
		s := NewUnlock(ctx, "", false)
		s.Update(common.SizeMsg{Width: 80, Height: 22})
		if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, want) || !strings.Contains(f, "spreekuur passwd --recovery") {
			t.Errorf("%s: the unlock screen does not say how to recover:\n%s", lang, screentest.Plain(s))
		}
	}
}
