package settings

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

type (
	laptopsLoaded struct {
		gen  int
		list []session.Laptop
		err  error
	}
	laptopChanged struct {
		gen    int
		laptop session.Laptop
		added  bool
		err    error
	}
)

// Laptops is the list of laptops whose bundles this vault accepts:
// ctrl+n registers one (its name and signing key), delete takes the
// chosen one off the list after a question that names it.
type Laptops struct {
	ctx     *common.Context
	gen     int
	list    []session.Laptop
	loaded  bool
	refusal string
	sel     int

	adding        bool
	form          *huh.Form
	nameIn, keyIn *huh.Input
	name, key     string
	asking        bool // remove the chosen laptop?
	busy          bool

	errMsg, notice string
	w, h           int
}

var (
	_ common.Screen = (*Laptops)(nil)
	_ common.Locker = (*Laptops)(nil)
)

// NewLaptops opens the list; Init reads it.
func NewLaptops(ctx *common.Context) *Laptops { return &Laptops{ctx: ctx, w: 80, h: 22} }

func (s *Laptops) t(id textID) string { return texts.Get(s.ctx.Lang, id) }

// Init reads the list.
func (s *Laptops) Init() tea.Cmd { return s.load() }

func (s *Laptops) load() tea.Cmd {
	s.gen++
	gen, sess := s.gen, s.ctx.S
	return func() tea.Msg {
		list, err := sess.Laptops()
		return laptopsLoaded{gen: gen, list: list, err: err}
	}
}

// Title is the screen's name.
func (s *Laptops) Title() string { return s.t(tLaptopsTitle) }

// Typing: the name and key fields have the keyboard while adding.
func (s *Laptops) Typing() bool { return s.adding && !s.busy }

// Keys are the screen's keys.
func (s *Laptops) Keys() []key.Binding {
	back := common.Binding([]string{"esc"}, "esc", s.ctx.Text(common.TBack))
	switch {
	case s.refusal != "" || !s.loaded:
		return []key.Binding{back}
	case s.busy:
		return nil
	case s.asking:
		y := s.ctx.YesKey()
		return []key.Binding{common.Binding([]string{y}, y, s.t(tRemove)), common.Binding([]string{"esc"}, "esc", s.t(tCancel))}
	case s.adding:
		return []key.Binding{
			common.Binding([]string{"enter"}, "enter", s.t(tAdd)),
			common.Binding([]string{"tab", "shift+tab"}, "tab", s.t(tNextField)),
			common.Binding([]string{"esc"}, "esc", s.t(tCancel)),
		}
	}
	return []key.Binding{
		common.Binding([]string{"ctrl+n"}, "ctrl+n", s.t(tAdd)),
		common.Binding([]string{"delete"}, "delete", s.t(tRemove)),
		common.Binding([]string{"up", "down"}, "↑↓", s.t(tMove)),
		back,
	}
}

// Locked drops what is being typed; Unlocked reads the list again.
func (s *Laptops) Locked() {
	s.gen++
	s.stopAdding()
	s.asking, s.busy, s.loaded, s.list = false, false, false, nil
}

// Unlocked reads the list again.
func (s *Laptops) Unlocked() tea.Cmd { return s.load() }

// current are the laptops on the list (not removed): the ones that can be
// chosen.
func (s *Laptops) current() []session.Laptop {
	var out []session.Laptop
	for _, l := range s.list {
		if !l.Removed() {
			out = append(out, l)
		}
	}
	return out
}

// Update handles the list, adding and removing.
func (s *Laptops) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
		if s.form != nil {
			s.form.WithWidth(max(10, s.w-labelW-6))
		}
		return nil
	case laptopsLoaded:
		if msg.gen != s.gen {
			return nil
		}
		if msg.err != nil {
			s.refusal = s.ctx.ErrorText(msg.err)
			return nil
		}
		s.list, s.loaded, s.refusal = msg.list, true, ""
		s.sel = min(s.sel, max(0, len(s.current())-1))
		return nil
	case laptopChanged:
		if msg.gen != s.gen {
			return nil
		}
		s.busy = false
		if msg.err != nil {
			s.errMsg = s.ctx.ErrorText(msg.err)
			return nil
		}
		name, id := "\u201c"+common.Inert(msg.laptop.Name)+"\u201d", session.GroupKeyID(msg.laptop.KeyID())
		if msg.added {
			s.stopAdding()
			s.notice = fmt.Sprintf(s.t(tAdded), name, id)
		} else {
			s.asking = false
			s.notice = fmt.Sprintf(s.t(tRemoved), name)
		}
		notice := s.notice
		cmd := s.load()
		s.notice = notice
		return cmd
	case tea.KeyPressMsg:
		return s.keyPress(msg)
	case tea.PasteMsg:
		if s.Typing() {
			return s.updateForm(msg)
		}
		return nil
	}
	if s.adding && !s.busy {
		return s.updateForm(msg)
	}
	return nil
}

func (s *Laptops) keyPress(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case s.busy:
		return nil
	case s.asking:
		if strings.EqualFold(k.String(), s.ctx.YesKey()) {
			return s.remove()
		}
		s.asking = false
		return nil
	case s.adding:
		switch k.String() {
		case "esc":
			s.stopAdding()
			return nil
		case "enter":
			if s.form.GetFocusedField() == s.nameIn {
				return common.FocusField(s.form, []huh.Field{s.nameIn, s.keyIn}, s.keyIn)
			}
			return s.add()
		case "tab", "shift+tab", "up", "down":
			to := huh.Field(s.keyIn)
			if s.form.GetFocusedField() == s.keyIn {
				to = s.nameIn
			}
			return common.FocusField(s.form, []huh.Field{s.nameIn, s.keyIn}, to)
		}
		s.errMsg = ""
		return s.updateForm(k)
	case k.String() == "esc":
		s.gen++
		return common.Send(common.SettingsMsg{AtLaptops: true})
	case s.refusal != "" || !s.loaded:
		return nil
	}
	s.notice, s.errMsg = "", ""
	n := len(s.current())
	switch k.String() {
	case "up":
		s.sel = max(0, s.sel-1)
	case "down":
		s.sel = min(max(0, n-1), s.sel+1)
	case "ctrl+n":
		return s.startAdding()
	case "delete", "backspace":
		if n > 0 {
			s.asking = true
		}
	}
	return nil
}

func (s *Laptops) startAdding() tea.Cmd {
	s.adding, s.name, s.key = true, "", ""
	input := func(v *string) *huh.Input { return huh.NewInput().Prompt("").Inline(true).CharLimit(1024).Value(v) }
	s.nameIn, s.keyIn = input(&s.name), input(&s.key)
	s.form = huh.NewForm(huh.NewGroup(s.nameIn, s.keyIn)).WithTheme(s.ctx.Theme.Huh()).WithKeyMap(common.HuhKeys()).WithShowHelp(false)
	cmd := s.form.Init()
	s.form.WithWidth(max(10, s.w-labelW-6))
	return cmd
}

func (s *Laptops) stopAdding() {
	s.adding, s.form, s.nameIn, s.keyIn = false, nil, nil, nil
	s.name, s.key = "", ""
}

func (s *Laptops) updateForm(msg tea.Msg) tea.Cmd {
	if s.form == nil || s.form.State != huh.StateNormal {
		return nil
	}
	m, cmd := s.form.Update(msg)
	s.form = m.(*huh.Form)
	s.name = common.Inert(s.name)
	return cmd
}

func (s *Laptops) add() tea.Cmd {
	s.gen++
	s.busy, s.errMsg = true, ""
	gen, sess, name, key := s.gen, s.ctx.S, s.name, s.key
	return func() tea.Msg {
		l, err := sess.AddLaptop(name, key)
		return laptopChanged{gen: gen, laptop: l, added: true, err: err}
	}
}

func (s *Laptops) remove() tea.Cmd {
	cur := s.current()
	if s.sel >= len(cur) {
		s.asking = false
		return nil
	}
	s.gen++
	s.busy = true
	gen, sess, name := s.gen, s.ctx.S, cur[s.sel].Name
	return func() tea.Msg {
		l, err := sess.RemoveLaptop(name)
		return laptopChanged{gen: gen, laptop: l, err: err}
	}
}

// View draws the list, and the fields or the question.
func (s *Laptops) View() string {
	th, w := s.ctx.Theme, s.w
	var b strings.Builder
	b.WriteString("\n" + common.Wrap(th.Text, s.t(tLaptopsIntro), w-4, "  ") + "\n\n")
	switch {
	case s.refusal != "":
		b.WriteString(common.Wrap(th.Error, s.refusal, w-4, "  ") + "\n")
		return common.Fit(b.String(), w, s.h)
	case !s.loaded:
		b.WriteString("  " + th.Notice.Render(s.ctx.Text(common.TLoading)) + "\n")
		return common.Fit(b.String(), w, s.h)
	}
	cur := s.current()
	layout := s.ctx.Text(common.TDateLayout)
	nameW := max(12, w-2-20-12-4)
	line := func(name, id, date string) string {
		var c strings.Builder
		c.WriteString("  ")
		common.Cell(&c, name, nameW)
		c.WriteString(" ")
		common.Cell(&c, id, 20)
		c.WriteString(" ")
		common.Cell(&c, date, 12)
		return c.String()
	}
	if len(s.list) == 0 {
		b.WriteString(common.Wrap(th.Text, s.t(tNoLaptops), w-4, "  ") + "\n")
	} else {
		b.WriteString(th.Muted.Render(line(s.t(tColName), s.t(tColKey), s.t(tColAdded))) + "\n")
	}
	for i, l := range cur {
		text := line(common.Inert(l.Name), session.GroupKeyID(l.KeyID()), l.AddedAt.Local().Format(layout))
		if i == s.sel && !s.adding {
			b.WriteString(th.Selected.Render(">"+text[1:]) + "\n")
		} else {
			b.WriteString(th.Text.Render(text) + "\n")
		}
	}
	for _, l := range s.list {
		if l.Removed() {
			var c strings.Builder
			c.WriteString("  ")
			common.Cell(&c, common.Inert(l.Name), 20)
			c.WriteString(" ")
			common.Cell(&c, session.GroupKeyID(l.KeyID()), 20)
			c.WriteString(" " + fmt.Sprintf(s.t(tRemovedOn), l.RemovedAt.Local().Format(layout)))
			b.WriteString(th.Muted.Render(c.String()) + "\n")
		}
	}
	b.WriteString("\n")
	switch {
	case s.asking && s.sel < len(cur):
		l := cur[s.sel]
		b.WriteString(components.Confirm(s.ctx, s.t(tRemoveQuestion),
			[]string{fmt.Sprintf(s.t(tRemoveItem), common.Inert(l.Name), session.GroupKeyID(l.KeyID()))}, w))
	case s.adding:
		focused := s.form.GetFocusedField()
		b.WriteString(common.FieldRow(th, s.t(tAddName), labelW, s.nameIn, focused == s.nameIn))
		b.WriteString(common.FieldRow(th, s.t(tAddKey), labelW, s.keyIn, focused == s.keyIn))
		b.WriteString(common.Wrap(th.Muted, s.t(tAddKeyHint), w-4, "  ") + "\n")
	}
	if s.errMsg != "" {
		b.WriteString(common.Wrap(th.Error, s.errMsg, w-4, "  ") + "\n")
	}
	if s.notice != "" {
		b.WriteString(common.Wrap(th.Notice, s.notice, w-4, "  ") + "\n")
	}
	return common.Fit(b.String(), w, s.h)
}
