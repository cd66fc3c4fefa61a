package form

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
)

// Scan is the life-domain scan as one grid: every domain on a line with its
// step, the plain question of the selected domain on top. The values go
// through the step's "scan.step" field like any other.
type Scan struct {
	ctx    *common.Context
	ed     *session.Editor
	list   *conversation.Field // scan.domains
	step   *conversation.Field // scan.step, one per domain
	sel    int
	top    int
	w, h   int
	notice string
	lines  []string
}

// NewScan makes the grid of the scan step for ed.
func NewScan(ctx *common.Context, ed *session.Editor, s *conversation.Step) *Scan {
	g := &Scan{ctx: ctx, ed: ed, list: s.Fields[0], w: 80, h: 20}
	g.step = g.list.List.Fields[0]
	g.render()
	return g
}

func (g *Scan) domains() []intake.Domain { return g.ctx.Cat().Domains }

// Keys are the grid's keys. The digits are the steps of the
// Zelfredzaamheid-Matrix (1 urgent … 5 goes well), as supporters know
// them; the words stay what the screen shows.
func (g *Scan) Keys() []key.Binding {
	t := func(id textID) string { return texts.Get(g.ctx.Lang, id) }
	return []key.Binding{
		common.Binding([]string{"1", "2", "3", "4", "5"}, "1-5", t(tScanZRM)),
		common.Binding([]string{"left", "right", "space"}, "←→", t(tScanArrows)),
		common.Binding([]string{"0", "delete", "backspace"}, "0", t(tScanNone)),
		common.Binding([]string{"up", "down", "tab", "shift+tab"}, "↑↓", t(tScanMove)),
	}
}

// Notice is the message for a letter typed on the grid.
func (g *Scan) Notice() string { return g.notice }

// Update handles keys and the size.
func (g *Scan) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case common.SizeMsg:
		g.w, g.h = msg.Width, msg.Height
	case tea.KeyPressMsg:
		cmd = g.key(msg)
	case tea.PasteMsg:
		g.notice = texts.Get(g.ctx.Lang, tLetterKeys)
	}
	g.render()
	return cmd
}

func (g *Scan) key(k tea.KeyPressMsg) tea.Cmd {
	g.notice = ""
	n := len(g.domains())
	if n == 0 {
		return nil
	}
	at := g.ed.At().In(g.sel)
	cur, _ := conversation.ParseScale(g.step.Get(at).Text)
	z := conversation.ZRM(cur) // left is urgent (ZRM 1), right goes well (ZRM 5)
	switch s := k.String(); s {
	case "up", "shift+tab":
		g.sel = max(0, g.sel-1)
	case "down", "tab":
		g.sel = min(n-1, g.sel+1)
	case "home":
		g.sel = 0
	case "end":
		g.sel = n - 1
	case "left", "right", "space":
		switch {
		case z == 0: // not discussed yet: start in the middle
			z = 3
		case s == "left":
			z = max(1, z-1)
		default:
			z = min(5, z+1)
		}
		g.set(conversation.FromZRM(z))
	case "1", "2", "3", "4", "5":
		g.set(conversation.FromZRM(int(s[0] - '0')))
	case "0", "delete", "backspace":
		g.set(intake.NotDiscussed)
	case "enter":
		if g.sel == n-1 {
			return common.Send(DoneMsg{})
		}
		g.sel++
	default:
		if k.Text != "" {
			g.notice = texts.Get(g.ctx.Lang, tLetterKeys)
		}
	}
	return nil
}

func (g *Scan) set(v intake.Scale) {
	at := g.ed.At().In(g.sel)
	if err := g.ed.Apply(g.step, at, conversation.Value{Text: conversation.ScaleCode(v)}); err != nil {
		g.notice = g.ctx.ErrorText(err)
	}
}

func (g *Scan) render() {
	th, lang := g.ctx.Theme, g.ctx.Lang
	ds := g.domains()
	if len(ds) == 0 {
		g.lines = nil
		return
	}
	names := make([]string, len(ds))
	nameW := 0
	for i, d := range ds {
		names[i] = d.Name.In(lang)
		nameW = max(nameW, ansi.StringWidth(names[i]))
	}
	steps := make([]string, 6) // by scale step
	stepW := 0
	for _, sc := range intake.Scales() {
		steps[sc] = g.ctx.Cat().Step(sc).Name.In(lang)
		stepW = max(stepW, ansi.StringWidth(steps[sc]))
	}
	// A name is cut only when the line has no room for it beside the
	// dots and the step's name.
	nameW = min(nameW, max(8, g.w-11-stepW))
	var out []string
	d := ds[g.sel]
	for _, l := range common.WrapLines(d.Name.In(lang)+": "+d.Question.In(lang), g.w-3) {
		out = append(out, " "+th.Title.Render(l))
	}
	out = append(out, "")
	// The legend in the order of the bar, with the ZRM digit of each word.
	legend := []string{texts.Get(lang, tScanLegend)}
	for z := 1; z <= 5; z++ {
		legend = append(legend, strconv.Itoa(z)+" "+steps[conversation.FromZRM(z)])
	}
	legendLines := common.WrapLines(strings.Join(legend, " · ")+" · 0 "+steps[intake.NotDiscussed], g.w-4)
	rowsH := max(1, g.h-len(out)-1-len(legendLines))
	if g.sel < g.top {
		g.top = g.sel
	}
	if g.sel >= g.top+rowsH {
		g.top = g.sel - rowsH + 1
	}
	g.top = max(0, min(g.top, len(ds)-rowsH))
	end := min(len(ds), g.top+rowsH)
	for i := g.top; i < end; i++ {
		v, _ := conversation.ParseScale(g.step.Get(g.ed.At().In(i)).Text)
		line := "  " + common.PadRight(ansi.Truncate(names[i], nameW, "…"), nameW) + "  " + ScaleBar(v) + "  " + steps[v]
		switch {
		case i == g.sel:
			out = append(out, th.Selected.Render(ansi.Truncate(">"+line[1:], g.w, "…")))
		case v == intake.NotDiscussed:
			out = append(out, th.Muted.Render(ansi.Truncate(line, g.w, "…")))
		default:
			out = append(out, th.Text.Render(ansi.Truncate(line, g.w, "…")))
		}
	}
	for i := end - g.top; i < rowsH; i++ {
		out = append(out, "")
	}
	out = append(out, "")
	for _, l := range legendLines {
		out = append(out, "  "+th.Muted.Render(l))
	}
	if g.notice != "" {
		out[len(out)-1] = "  " + th.Notice.Render(ansi.Truncate(g.notice, g.w-4, "…"))
	}
	g.lines = out
}

// View returns what Update rendered.
func (g *Scan) View() string { return strings.Join(g.lines, "\n") }

// ScaleBar shows where a step stands between urgent (left, ZRM 1) and
// goes well (right, ZRM 5): "○○●○○" for worries; "·····" when it was not
// discussed. It is a position, not a count, so ← and → move it.
func ScaleBar(v intake.Scale) string {
	z := conversation.ZRM(v)
	if z == 0 {
		return "·····"
	}
	return strings.Repeat("○", z-1) + "●" + strings.Repeat("○", 5-z)
}
