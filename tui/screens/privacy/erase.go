// Package privacy holds the screens of the data's life: erasing a
// resident (a confirmation that names what goes, then the receipt) and
// the list of residents past the retention period ("te wissen"). What is
// erased and logged is the session's (session.ErasePlan, Erase,
// RetentionList); these screens ask and show.
package privacy

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

type eraseState int

const (
	stLoading eraseState = iota
	stAsk
	stErasing
	stDone
	stCompacting
	stFailed
)

type planMsg struct {
	gen  int
	plan session.ErasePlan
	err  error
}

type erasedMsg struct {
	gen int
	er  session.Erasure
	err error
}

type compactedMsg struct {
	gen int
	err error
}

// Erase asks before erasing one resident and does it.
type Erase struct {
	ctx        *common.Context
	residentID string
	retention  bool // erased because the retention period passed, from the list
	gen        int
	state      eraseState
	plan       session.ErasePlan
	erased     session.Erasure
	compacted  bool   // the file was rewritten after the erasure
	compactErr string // why rewriting it failed
	msg        string
	w, h       int
}

var (
	_ common.Screen = (*Erase)(nil)
	_ common.Locker = (*Erase)(nil)
)

// NewErase is the erasure of residentID; retention says it comes from the
// list of residents past the retention period.
func NewErase(ctx *common.Context, residentID string, retention bool) *Erase {
	return &Erase{ctx: ctx, residentID: residentID, retention: retention, w: 80, h: 22}
}

func (s *Erase) t(id textID) string { return texts.Get(s.ctx.Lang, id) }

// Init reads what would go.
func (s *Erase) Init() tea.Cmd { return s.load() }

func (s *Erase) load() tea.Cmd {
	s.gen++
	s.state = stLoading
	gen, sess, id := s.gen, s.ctx.S, s.residentID
	return func() tea.Msg {
		plan, err := sess.ErasePlan(id)
		return planMsg{gen: gen, plan: plan, err: err}
	}
}

// Title is the screen's name.
func (s *Erase) Title() string { return s.t(tEraseTitle) }

// Typing: no text field; j is an answer.
func (s *Erase) Typing() bool { return false }

func (s *Erase) yes() string { return s.ctx.YesKey() }

// Keys are the answer, and after the erasure the receipt.
func (s *Erase) Keys() []key.Binding {
	back := common.Binding([]string{"esc"}, "esc", s.ctx.Text(common.TBack))
	switch s.state {
	case stAsk:
		return []key.Binding{common.Binding([]string{s.yes()}, s.yes(), s.t(tEraseOne)), common.Binding([]string{"esc"}, "esc", s.t(tKeep))}
	case stDone:
		var keys []key.Binding
		if !s.compacted {
			keys = append(keys, common.Binding([]string{s.yes()}, s.yes(), s.t(tCompactKey)))
		}
		return append(keys, common.Binding([]string{"f6"}, "F6", s.t(tReceipt)), back)
	case stErasing, stCompacting:
		return nil
	}
	return []key.Binding{back}
}

// Locked drops the plan and the name (the tombstone stays: it names no one).
func (s *Erase) Locked() {
	s.gen++
	s.plan = session.ErasePlan{}
	s.erased.Pseudonym = ""
	if s.state == stLoading || s.state == stAsk || s.state == stErasing {
		s.state = stLoading
	}
}

// Unlocked reads the plan again when it was still to be asked.
func (s *Erase) Unlocked() tea.Cmd {
	if s.state == stLoading {
		return s.load()
	}
	return nil
}

// Update loads, asks and erases.
func (s *Erase) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
	case planMsg:
		if msg.gen != s.gen {
			return nil
		}
		if msg.err != nil {
			s.state, s.msg = stFailed, s.refusal(msg.err)
			return nil
		}
		s.state, s.plan = stAsk, msg.plan
	case erasedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.plan = session.ErasePlan{}
		if msg.err != nil {
			s.state, s.msg = stFailed, s.ctx.ErrorText(msg.err)
			return nil
		}
		s.state, s.erased = stDone, msg.er
	case compactedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.state, s.compacted, s.compactErr = stDone, msg.err == nil, ""
		if msg.err != nil {
			s.compactErr = s.ctx.ErrorText(msg.err)
		}
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *Erase) refusal(err error) string {
	if errors.Is(err, session.ErrNotPermitted) {
		return s.t(tRefused)
	}
	return s.ctx.ErrorText(err)
}

func (s *Erase) key(k tea.KeyPressMsg) tea.Cmd {
	switch s.state {
	case stAsk:
		if strings.EqualFold(k.String(), s.yes()) {
			return s.erase()
		}
		return s.leave() // any other key: no
	case stDone:
		switch k.String() {
		case "f6":
			return common.Send(common.ReceiptMsg{Erased: s.erased})
		case "esc", "enter":
			return s.leave()
		}
		if !s.compacted && strings.EqualFold(k.String(), s.yes()) {
			return s.compact()
		}
	case stErasing, stCompacting:
	default:
		if k.String() == "esc" {
			return s.leave()
		}
	}
	return nil
}

func (s *Erase) erase() tea.Cmd {
	s.gen++
	s.state = stErasing
	gen, sess, plan := s.gen, s.ctx.S, s.plan
	reason := session.EraseRequest
	if s.retention {
		reason = session.EraseRetention
	}
	return func() tea.Msg {
		er, err := sess.Erase(plan, reason)
		return erasedMsg{gen: gen, er: er, err: err}
	}
}

// compact rewrites the file without the old versions of what was erased
// (session.Compact, logged).
func (s *Erase) compact() tea.Cmd {
	s.gen++
	s.state = stCompacting
	gen, sess := s.gen, s.ctx.S
	return func() tea.Msg {
		_, err := sess.Compact("erase", nil)
		return compactedMsg{gen: gen, err: err}
	}
}

// leave goes back: to the retention list (read again) or home.
func (s *Erase) leave() tea.Cmd {
	s.gen++
	if s.retention {
		return common.Send(common.RetentionMsg{})
	}
	return common.Send(common.GoHomeMsg{})
}

// View draws the question, the work or what was done.
func (s *Erase) View() string {
	th, w := s.ctx.Theme, s.w
	var b strings.Builder
	switch s.state {
	case stLoading, stErasing, stCompacting:
		what := s.ctx.Text(common.TLoading)
		switch s.state {
		case stErasing:
			what = s.t(tErasing)
		case stCompacting:
			what = s.t(tCompacting)
		}
		b.WriteString("\n  " + th.Notice.Render(what) + "\n")
	case stAsk:
		q := s.t(tEraseQuestion)
		if s.retention {
			q = s.t(tEraseRetentionQuestion)
		}
		b.WriteString(components.Confirm(s.ctx, q, s.plan.Items(s.ctx.Lang), w))
	case stDone:
		t := s.erased.Tombstone
		format := tErased
		if s.retention {
			format = tErasedRetention
		}
		when := intake.DateOf(t.Erased.Local()).Format(s.ctx.Lang) + " " + t.Erased.Local().Format("15:04")
		b.WriteString("\n" + common.Wrap(th.Notice, fmt.Sprintf(s.t(format), common.ShortID(t.Resident), len(t.Intakes), when), w-4, "  ") + "\n")
		switch {
		case s.compacted:
			b.WriteString("\n" + common.Wrap(th.Notice, s.t(tCompacted), w-4, "  ") + "\n")
		default:
			// A plain question that says why: the old bytes stay in the
			// file until it is rewritten.
			b.WriteString("\n" + common.Wrap(th.Muted, s.t(tCompactWhy), w-4, "  ") + "\n")
			if s.compactErr != "" {
				b.WriteString("\n" + common.Wrap(th.Error, s.compactErr, w-4, "  ") + "\n")
			}
			b.WriteString("\n" + common.Wrap(th.Notice, fmt.Sprintf(s.t(tCompactQuestion), s.yes()), w-4, "  ") + "\n")
		}
	case stFailed:
		b.WriteString("\n" + common.Wrap(th.Error, s.msg, w-4, "  ") + "\n")
	}
	return common.Fit(b.String(), w, s.h)
}
