package export

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/exportfile"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
)

func TestTextsComplete(t *testing.T) {
	if m := texts.Missing(); len(m) > 0 {
		t.Errorf("texts in one language only: %v", m)
	}
}

// viewState is everything the dialog decides in Update.
type viewState struct {
	kind, format, path, lastKind, lastFmt, wrote, errMsg, notice, refusal string
	edited                                                                bool
	gen, w, h                                                             int
	st                                                                    state
	focused                                                               any
}

func stateOf(s *Screen) viewState {
	return viewState{kind: s.kind, format: s.format, path: s.path, lastKind: s.lastKind, lastFmt: s.lastFmt,
		wrote: s.wrote, errMsg: s.errMsg, notice: s.notice, refusal: s.refusal, edited: s.edited,
		gen: s.gen, w: s.w, h: s.h, st: s.state, focused: s.form.GetFocusedField()}
}

// TestViewChangesNothing: View draws what Update left: twice the same,
// and nothing of the dialog moves, in every state.
func TestViewChangesNothing(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	now := func() time.Time { return time.Date(2026, 3, 27, 10, 30, 0, 0, time.UTC) }
	st := sessiontest.New()
	st.AddUser("kees", "kompaan aan tafel", store.RoleKompaan)
	ctxFor := func(user, pass string) *common.Context {
		sess := session.New(st, nil, now, "nl")
		if err := sess.Unlock(user, []byte(pass)); err != nil {
			t.Fatal(err)
		}
		return common.NewContext(sess, common.NewTheme(true, false, true), "nl", now)
	}
	anna := ctxFor("anna", "correct horse battery")
	existing := filepath.Join(t.TempDir(), "er.csv")
	if err := os.WriteFile(existing, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	key := func(s *Screen, k tea.KeyPressMsg) {
		for cmd := s.Update(k); cmd != nil; {
			if m, ok := cmd().(doneMsg); ok {
				cmd = s.Update(m)
				continue
			}
			break
		}
	}
	for _, tc := range []struct {
		name string
		make func() *Screen
	}{
		{"prompt", func() *Screen { return Papers(anna, nil, "i1", "") }},
		{"letter notice", func() *Screen {
			s := Papers(anna, nil, "i1", "")
			key(s, tea.KeyPressMsg{Code: 'x', Text: "x"})
			return s
		}},
		{"asking", func() *Screen {
			s := Stats(anna, nil, statistics.Options{})
			s.setPath(existing)
			_ = s.write(false)
			s.done(doneMsg{gen: s.gen, path: existing, err: fmt.Errorf("%s: %w", existing, exportfile.ErrExists)})
			return s
		}},
		{"written", func() *Screen {
			s := Stats(anna, nil, statistics.Options{})
			s.done(doneMsg{gen: s.gen, path: existing})
			return s
		}},
		{"refused", func() *Screen { return Access(ctxFor("kees", "kompaan aan tafel"), nil, "r1") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.make()
			s.Update(common.SizeMsg{Width: 80, Height: 22})
			before := stateOf(s)
			v1, v2 := s.View(), s.View()
			if v1 != v2 {
				t.Errorf("View twice differs:\n%s\n----\n%s", v1, v2)
			}
			if after := stateOf(s); after != before {
				t.Errorf("View changed the dialog:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}
