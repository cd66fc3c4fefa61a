// Package stats is the statistics dashboard: the figures of `spreekuur
// export stats`, one table per tab. It reads only the statistics report
// (Session.Statistics), never a resident or an intake, so it is the
// coordinator's home screen; a supporter opens it from home. Lines gives
// the same report as plain lines for the line-by-line mode.
package stats

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/export"
)

type loadedMsg struct {
	gen int
	rep *statistics.Report
	err error
}

// Screen is the dashboard.
type Screen struct {
	ctx     *common.Context
	gen     int // load generation: a stale load is ignored
	opt     statistics.Options
	rep     *statistics.Report
	loading bool
	errMsg  string

	tab int // index into the tables; len(Tables) is the key figures
	top int // first visible line of the tab

	// Worked out in Update (layout), so View changes nothing.
	bodyH      int  // lines of the tab on screen
	bodyLen    int  // lines of the whole tab
	posOwnLine bool // the scroll position needs a line of its own

	notice string      // letters typed: which keys to use instead
	period *periodForm // choosing the period (F3); nil otherwise
	w, h   int
}

var (
	_ common.Screen = (*Screen)(nil)
	_ common.Initer = (*Screen)(nil)
	_ common.Locker = (*Screen)(nil)
)

// New makes the dashboard; Init counts the statistics.
func New(ctx *common.Context) *Screen {
	s := &Screen{ctx: ctx, w: 80, h: 22, opt: defaultOptions(ctx)}
	s.layout()
	return s
}

func (s *Screen) t(id textID) string { return texts.Get(s.ctx.Lang, id) }

// Init counts the statistics in the background.
func (s *Screen) Init() tea.Cmd { return s.reload() }

func (s *Screen) reload() tea.Cmd {
	s.gen++
	s.loading = true
	s.opt.Now = s.ctx.Now() // periods are over, or not, at the app's clock
	gen, sess, opt := s.gen, s.ctx.S, s.opt
	return func() tea.Msg {
		rep, err := sess.Statistics(opt)
		return loadedMsg{gen: gen, rep: rep, err: err}
	}
}

// Locked drops the report; Unlocked counts again.
func (s *Screen) Locked() {
	s.gen++
	s.rep, s.loading, s.period, s.notice = nil, false, nil, ""
	s.layout()
}

// Unlocked counts the statistics again.
func (s *Screen) Unlocked() tea.Cmd { return s.reload() }

// Title is the screen's name.
func (s *Screen) Title() string { return s.t(tTitle) }

// Typing: while the period is being chosen, keys go to the chooser.
func (s *Screen) Typing() bool { return s.period != nil }

// canGoHome: a supporter came from home; for a coordinator (no notes
// key) the dashboard is home.
func (s *Screen) canGoHome() bool { return s.ctx.S != nil && s.ctx.S.CanReadNotes() }

// Keys are the dashboard's keys: arrows, function and ctrl keys only.
func (s *Screen) Keys() []key.Binding {
	if s.period != nil {
		return s.period.keys()
	}
	var ks []key.Binding
	if s.canGoHome() {
		ks = append(ks, common.Binding([]string{"esc", "ctrl+o"}, "esc", s.ctx.Text(common.TBack)))
	}
	export := common.Binding([]string{"f6"}, "F6", s.t(tExport))
	export.SetEnabled(s.rep != nil)
	return append(ks,
		common.Binding([]string{"right", "left", "tab", "shift+tab"}, "←→", s.t(tOtherTable)),
		export,
		common.Binding([]string{"f3"}, "F3", s.t(tPeriod)),
		common.Binding([]string{"up", "down", "pgup", "pgdown", "space", "home", "end"}, "↑↓", s.t(tScroll)),
	)
}

// Update handles the load, the size, the keys and the month fields.
func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	defer s.layout()
	switch msg := msg.(type) {
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
		return nil
	case loadedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.loading, s.errMsg = false, ""
		if msg.err != nil {
			s.rep = nil
			s.errMsg = s.ctx.ErrorText(msg.err)
			return nil
		}
		s.rep = msg.rep
		s.tab = min(s.tab, tabs(s.rep)-1)
		return nil
	case tea.KeyPressMsg:
		if s.period != nil {
			if msg.String() == "esc" {
				s.period = nil
				return nil
			}
			return s.updatePeriod(msg)
		}
		return s.key(msg)
	case tea.PasteMsg:
		if s.period != nil {
			return s.updatePeriod(msg)
		}
		s.notice = s.t(tLetters)
		return nil
	}
	if s.period != nil { // the form's own messages (next field, submit)
		return s.updatePeriod(msg)
	}
	return nil
}

func (s *Screen) updatePeriod(msg tea.Msg) tea.Cmd {
	opt, done, cmd := s.period.update(msg)
	if !done {
		return cmd
	}
	s.opt, s.period, s.top = opt, nil, 0
	return s.reload()
}

func (s *Screen) key(k tea.KeyPressMsg) tea.Cmd {
	s.notice = ""
	n := tabs(s.rep)
	page := max(1, s.bodyH-1)
	switch k.String() {
	case "right", "tab":
		s.tab, s.top = (s.tab+1)%n, 0
	case "left", "shift+tab":
		s.tab, s.top = (s.tab+n-1)%n, 0
	case "up":
		s.top--
	case "down":
		s.top++
	case "pgup":
		s.top -= page
	case "pgdown", "space":
		s.top += page
	case "home":
		s.top = 0
	case "end":
		s.top = s.bodyLen
	case "f6":
		if s.rep != nil {
			opt := s.opt
			opt.Publish = true // an export fixes the period's figures (docs/STATISTICS.md)
			return common.Send(common.ShowMsg{Screen: export.Stats(s.ctx, s, opt)})
		}
	case "f3":
		s.period = newPeriodForm(s.ctx, s.opt, s.rep)
	case "esc", "ctrl+o":
		if s.canGoHome() {
			return common.Send(common.GoHomeMsg{})
		}
	default:
		if k.Text != "" && k.Mod&^tea.ModShift == 0 {
			s.notice = s.t(tLetters) // letters never act here: say which keys do
		}
	}
	return nil
}

// layout works out how many lines the tab has and how many fit, and keeps
// the scroll position inside the tab.
func (s *Screen) layout() {
	s.bodyLen, s.bodyH, s.posOwnLine = 0, 0, false
	if s.rep == nil || s.period != nil {
		s.top = 0
		return
	}
	s.bodyLen = len(s.tabLines(s.w))
	head, foot := len(s.headerLines()), len(s.footerLines(false))
	s.bodyH = max(1, s.h-head-foot)
	if s.bodyLen > s.bodyH && !s.posFits() {
		s.posOwnLine = true
		s.bodyH = max(1, s.bodyH-1)
	}
	s.top = max(0, min(s.top, s.bodyLen-s.bodyH))
}

// headerLines: the period counted and the tabs.
func (s *Screen) headerLines() []string {
	out := s.periodLines()
	if s.rep != nil && s.period == nil {
		out = append(out, s.tabLine(s.w), "")
	}
	return out
}

// periodLines: the period counted and the threshold.
func (s *Screen) periodLines() []string {
	if s.rep == nil {
		return []string{""}
	}
	th := s.ctx.Theme
	label, period := s.t(tPeriodLabel), periodText(s.ctx.Lang, s.rep)
	limit := " · " + fmt.Sprintf(s.t(tThreshold), s.rep.Threshold)
	if ansi.StringWidth(" "+label+" "+period+limit) <= s.w {
		return []string{" " + th.Label.Render(label) + " " + th.Text.Render(period) + th.Muted.Render(limit)}
	}
	return wrapped(th.Text, label+" "+period+limit, s.w, " ")
}

// footerLines: the notice, then what the marks mean and, for a long tab,
// where in it the screen is.
func (s *Screen) footerLines(withPos bool) []string {
	th := s.ctx.Theme
	var out []string
	if s.notice != "" {
		out = append(out, wrapped(th.Notice, s.notice, s.w, " ")...)
	}
	legend := common.WrapLines(legend(s.ctx.Lang, s.rep), s.w-3)
	for _, l := range legend {
		out = append(out, " "+th.Muted.Render(l))
	}
	if !withPos || s.bodyLen <= s.bodyH {
		return out
	}
	end := min(s.bodyLen, s.top+s.bodyH)
	pos := fmt.Sprintf("%d–%d/%d", s.top+1, end, s.bodyLen)
	if end < s.bodyLen {
		pos = "↓ " + pos
	}
	if s.posOwnLine {
		return append(out, " "+th.Muted.Render(pos))
	}
	last := legend[len(legend)-1]
	gap := max(1, s.w-2-ansi.StringWidth(last)-ansi.StringWidth(pos))
	out[len(out)-1] += strings.Repeat(" ", gap) + th.Muted.Render(pos)
	return out
}

// posFits: the widest scroll position fits after the legend's last line.
func (s *Screen) posFits() bool {
	legend := common.WrapLines(legend(s.ctx.Lang, s.rep), s.w-3)
	widest := ansi.StringWidth(fmt.Sprintf("↓ %d–%d/%d", s.bodyLen, s.bodyLen, s.bodyLen))
	return 1+ansi.StringWidth(legend[len(legend)-1])+1+widest <= s.w-1
}

// View draws what Update left; it changes nothing.
func (s *Screen) View() string {
	th := s.ctx.Theme
	var out []string
	switch {
	case s.period != nil:
		out = append(s.headerLines(), "")
		out = append(out, s.period.view(s.w)...)
	case s.loading && s.rep == nil:
		out = []string{"", "", "  " + th.Notice.Render(s.ctx.Text(common.TLoading))}
	case s.errMsg != "":
		out = append([]string{"", ""}, wrapped(th.Error, s.errMsg, s.w, "  ")...)
	case s.rep == nil:
	default:
		out = s.headerLines()
		body := s.tabLines(s.w)
		end := min(len(body), s.top+s.bodyH)
		out = append(out, body[s.top:end]...)
		for i := end - s.top; i < s.bodyH; i++ {
			out = append(out, "")
		}
		out = append(out, s.footerLines(true)...)
	}
	return common.Fit(strings.Join(out, "\n"), s.w, s.h)
}
