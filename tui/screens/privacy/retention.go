package privacy

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

type listMsg struct {
	gen    int
	months int
	items  []session.RetentionItem
	err    error
}

type erasedAllMsg struct {
	gen, n int
	err    error
}

// Retention is the list "te wissen": residents whose last contact is
// longer ago than the retention period, with what still runs for them.
// enter erases one (asking first); F6 erases everyone for whom nothing
// runs, after one question that names them.
type Retention struct {
	ctx      *common.Context
	gen      int
	loading  bool
	erasing  bool
	months   int
	items    []session.RetentionItem
	sel, top int
	askAll   bool
	// askCompact: after erasing everyone, the question whether to
	// rewrite the file now (j compacts, any other key does not).
	askCompact bool
	msg        string
	notice     string
	w, h       int
}

var (
	_ common.Screen = (*Retention)(nil)
	_ common.Locker = (*Retention)(nil)
)

// NewRetention is the list; Init reads it.
func NewRetention(ctx *common.Context) *Retention { return &Retention{ctx: ctx, w: 80, h: 22} }

func (s *Retention) t(id textID) string { return texts.Get(s.ctx.Lang, id) }

// Init reads the list.
func (s *Retention) Init() tea.Cmd { return s.load() }

func (s *Retention) load() tea.Cmd {
	s.gen++
	s.loading = true
	gen, sess := s.gen, s.ctx.S
	return func() tea.Msg {
		months, items, err := sess.RetentionList()
		return listMsg{gen: gen, months: months, items: items, err: err}
	}
}

// Title is the screen's name.
func (s *Retention) Title() string { return s.t(tRetentionTitle) }

// Typing: no text field.
func (s *Retention) Typing() bool { return false }

func (s *Retention) yes() string { return s.ctx.YesKey() }

// Keys of the list, or of the question.
func (s *Retention) Keys() []key.Binding {
	back := common.Binding([]string{"esc"}, "esc", s.ctx.Text(common.TBack))
	if s.askAll {
		return []key.Binding{common.Binding([]string{s.yes()}, s.yes(), s.t(tEraseAll)), common.Binding([]string{"esc"}, "esc", s.t(tKeep))}
	}
	if s.askCompact {
		return []key.Binding{common.Binding([]string{s.yes()}, s.yes(), s.t(tCompactKey)), back}
	}
	if len(s.items) == 0 {
		return []key.Binding{back}
	}
	return []key.Binding{
		common.Binding([]string{"enter"}, "enter", s.t(tEraseOne)),
		common.Binding([]string{"f6"}, "F6", s.t(tEraseAll)),
		common.Binding([]string{"up", "down"}, "↑↓", s.t(tMove)),
		back,
	}
}

// Locked drops the list (names); Unlocked reads it again.
func (s *Retention) Locked() {
	s.gen++
	s.items, s.askAll, s.askCompact, s.erasing = nil, false, false, false
	s.sel, s.top = 0, 0
}

// Unlocked reads the list again.
func (s *Retention) Unlocked() tea.Cmd { return s.load() }

// Update loads, moves and erases.
func (s *Retention) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
		s.scroll()
	case listMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.loading, s.msg = false, ""
		if msg.err != nil {
			s.items, s.msg = nil, s.ctx.ErrorText(msg.err)
			if errors.Is(msg.err, session.ErrNotPermitted) {
				s.msg = s.t(tRefused)
			}
			return nil
		}
		s.months, s.items = msg.months, msg.items
		s.sel = min(s.sel, max(0, len(s.items)-1))
		s.scroll()
	case erasedAllMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.erasing = false
		s.notice = fmt.Sprintf(s.t(tErasedAll), msg.n)
		if msg.n > 0 {
			s.askCompact = true
			s.notice += " " + s.t(tCompactWhy) + " " + fmt.Sprintf(s.t(tCompactQuestion), s.yes())
		}
		if msg.err != nil {
			s.msg = s.ctx.ErrorText(msg.err)
		}
		return s.load()
	case compactedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.erasing = false
		s.notice = s.t(tCompacted)
		if msg.err != nil {
			s.notice, s.msg = "", s.ctx.ErrorText(msg.err)
		}
	case tea.KeyPressMsg:
		cmd := s.key(msg)
		s.scroll()
		return cmd
	}
	return nil
}

func (s *Retention) free() []session.RetentionItem {
	var out []session.RetentionItem
	for _, it := range s.items {
		if !it.Flagged() {
			out = append(out, it)
		}
	}
	return out
}

func (s *Retention) key(k tea.KeyPressMsg) tea.Cmd {
	if s.erasing || s.loading {
		return nil
	}
	if s.askAll {
		s.askAll = false
		if strings.EqualFold(k.String(), s.yes()) {
			return s.eraseAll()
		}
		return nil
	}
	if s.askCompact {
		s.askCompact = false
		if strings.EqualFold(k.String(), s.yes()) {
			return s.compact()
		}
	}
	s.notice = ""
	switch k.String() {
	case "esc":
		s.gen++
		return common.Send(common.GoHomeMsg{})
	case "up":
		s.sel = max(0, s.sel-1)
	case "down":
		s.sel = min(max(0, len(s.items)-1), s.sel+1)
	case "enter":
		if s.sel < len(s.items) {
			return common.Send(common.EraseMsg{ResidentID: s.items[s.sel].Resident.ID, Retention: true})
		}
	case "f6":
		if len(s.free()) == 0 {
			s.notice = s.t(tEraseAllNone)
			return nil
		}
		s.askAll = true
	}
	return nil
}

func (s *Retention) eraseAll() tea.Cmd {
	s.gen++
	s.erasing = true
	gen, sess, free := s.gen, s.ctx.S, s.free()
	return func() tea.Msg {
		n := 0
		for _, it := range free {
			if _, err := sess.Erase(it.Plan(), session.EraseRetention); err != nil {
				return erasedAllMsg{gen: gen, n: n, err: err}
			}
			n++
		}
		return erasedAllMsg{gen: gen, n: n}
	}
}

// compact rewrites the file after erasing (session.Compact, logged).
func (s *Retention) compact() tea.Cmd {
	s.gen++
	s.erasing = true
	s.notice = s.t(tCompacting)
	gen, sess := s.gen, s.ctx.S
	return func() tea.Msg {
		_, err := sess.Compact("erase", nil)
		return compactedMsg{gen: gen, err: err}
	}
}

func (s *Retention) listH() int { return max(1, s.h-6) }

func (s *Retention) scroll() {
	h := s.listH()
	if s.sel < s.top {
		s.top = s.sel
	}
	if s.sel >= s.top+h {
		s.top = s.sel - h + 1
	}
	s.top = max(0, s.top)
}

// flags says what still runs, briefly.
func (s *Retention) flags(it session.RetentionItem) string {
	if !it.Flagged() {
		return s.t(tNothingRuns)
	}
	var out []string
	for _, f := range it.Flags {
		w := map[string]string{session.FlagAgreement: s.t(tFlagAgreement), session.FlagDeadline: s.t(tFlagDeadline), session.FlagAppointment: s.t(tFlagAppointment)}[f.Kind]
		if !f.Due.IsZero() {
			w += " " + f.Due.Time().Format(s.ctx.Text(common.TDateLayout))
		}
		out = append(out, w)
	}
	return strings.Join(out, ", ")
}

// View draws the intro and the list, or the question.
func (s *Retention) View() string {
	th, w := s.ctx.Theme, s.w
	var b strings.Builder
	switch {
	case s.loading || s.erasing:
		b.WriteString("\n  " + th.Notice.Render(s.ctx.Text(common.TLoading)) + "\n")
		return common.Fit(b.String(), w, s.h)
	case s.askAll:
		free := s.free()
		var names []string
		room := max(3, s.h-11) // the question, the hint and their spacing take the rest
		for i, it := range free {
			if i == room-1 && len(free) > room {
				names = append(names, fmt.Sprintf(s.t(tAndOthers), len(free)-i))
				break
			}
			names = append(names, common.Inert(it.Resident.Pseudonym)+" ("+common.ShortID(it.Resident.ID)+")")
		}
		b.WriteString(components.Confirm(s.ctx, fmt.Sprintf(s.t(tEraseAllQuestion), len(free)), names, w))
		return common.Fit(b.String(), w, s.h)
	case s.msg != "" && len(s.items) == 0:
		b.WriteString("\n" + common.Wrap(th.Error, s.msg, w-4, "  ") + "\n")
		return common.Fit(b.String(), w, s.h)
	case len(s.items) == 0:
		b.WriteString("\n" + common.Wrap(th.Text, fmt.Sprintf(s.t(tRetentionNone), s.months), w-4, "  ") + "\n")
		if s.notice != "" {
			b.WriteString("\n" + common.Wrap(th.Notice, s.notice, w-4, "  ") + "\n")
		}
		return common.Fit(b.String(), w, s.h)
	}
	b.WriteString("\n" + common.Wrap(th.Text, fmt.Sprintf(s.t(tRetentionIntro), s.months), w-4, "  ") + "\n")
	cols := retentionColumns(w)
	b.WriteString("\n" + th.Muted.Render(cols.line(s.t(tColName), s.t(tColID), s.t(tColLast), s.t(tColRunning))) + "\n")
	layout := s.ctx.Text(common.TDateLayout)
	end := min(len(s.items), s.top+s.listH())
	for i := s.top; i < end; i++ {
		it := s.items[i]
		line := cols.line(common.Inert(it.Resident.Pseudonym), common.ShortID(it.Resident.ID), it.LastContact.Local().Format(layout), s.flags(it))
		if i == s.sel {
			b.WriteString(th.Selected.Render(">"+line[1:]) + "\n")
		} else {
			b.WriteString(th.Text.Render(line) + "\n")
		}
	}
	if s.notice != "" {
		b.WriteString("\n" + common.Wrap(th.Notice, s.notice, w-4, "  ") + "\n")
	}
	if s.msg != "" {
		b.WriteString("\n" + common.Wrap(th.Error, s.msg, w-4, "  ") + "\n")
	}
	return common.Fit(b.String(), w, s.h)
}

type retColumns struct{ name, id, last, running int }

func retentionColumns(w int) retColumns {
	c := retColumns{name: max(12, min(28, w/3)), id: 8, last: 10}
	c.running = max(0, w-2-c.name-c.id-c.last-3)
	return c
}

func (c retColumns) line(name, id, last, running string) string {
	var b strings.Builder
	b.WriteString("  ")
	common.Cell(&b, name, c.name)
	b.WriteByte(' ')
	common.Cell(&b, id, c.id)
	b.WriteByte(' ')
	common.Cell(&b, last, c.last)
	b.WriteByte(' ')
	common.Cell(&b, running, c.running)
	return b.String()
}
