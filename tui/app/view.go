package app

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

// Drawing: the header, the screen, the help line, the help page, the
// resident view.

// View draws the header, the current screen and the help line, always
// exactly the terminal's size.
func (a *App) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			a.crash()
			v = tea.NewView("")
		}
	}()
	if a.crashed {
		return tea.NewView("")
	}
	v = tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = a.ctx.Text(common.TAppName) // never a resident's name
	return v
}

func (a *App) t(id textID) string { return texts.Get(a.ctx.Lang, id) }

func (a *App) render() string {
	w, h := max(a.width, 20), max(a.height, 6)
	th := a.ctx.Theme
	global := a.globalKeys()
	back := common.Binding([]string{"esc"}, "esc", a.ctx.Text(common.TClose))
	if a.resident && !a.isLocked {
		body := a.renderResident(w, h-1)
		return common.Fit(body, w, h-1) + "\n" + common.HelpLine(th, []key.Binding{common.Binding([]string{"f2"}, "F2", a.ctx.Text(common.TBack))}, []key.Binding{a.keys.Quit}, w)
	}
	header := a.header(w)
	var body string
	var keys []key.Binding
	switch {
	case a.quitAsk != "":
		body = components.Confirm(a.ctx, a.t(tQuitLoses)+" "+a.quitAsk+" "+a.t(tQuitQuestion), nil, w)
	case a.showHelp && !a.isLocked:
		lines := strings.Split(a.helpPage(w), "\n")
		keys = []key.Binding{back}
		if room := h - 2; len(lines) > room {
			// Longer than the screen: it scrolls (the app's keys, app.go).
			top := max(0, min(a.helpTop, len(lines)-room))
			lines = lines[top : top+room]
			keys = append(keys, common.Binding([]string{"down", "up", "pgdown", "pgup"}, "↓↑", a.t(tHelpMore)))
		}
		body = strings.Join(lines, "\n")
	default:
		body = a.cur.View()
		keys = a.cur.Keys()
		if a.status != "" {
			body = common.Fit(body, w, h-3) + "\n" + " " + th.Error.Render(ansi.Truncate(a.status, w-2, "…"))
		}
	}
	return header + "\n" + common.Fit(body, w, h-2) + "\n" + common.HelpLine(th, keys, global, w)
}

// helpPage is the help page of the current screen, whole.
func (a *App) helpPage(w int) string {
	intro := a.t(tHelpIntro)
	if a.ctx.IsKompaan() {
		intro += " " + a.t(tKompaanRule)
	}
	return common.HelpPage(a.ctx.Theme, a.ctx.Lang, intro, a.cur.Keys(), a.keys, w)
}

// helpLines is the number of lines of the help page.
func (a *App) helpLines() int { return strings.Count(a.helpPage(max(a.width, 20)), "\n") + 1 }

// globalKeys are the keys that stay on the help line.
func (a *App) globalKeys() []key.Binding {
	var out []key.Binding
	if !a.isLocked && !a.resident && a.quitAsk == "" {
		out = append(out, a.keys.Help)
	}
	if a.canLock() {
		out = append(out, a.keys.Lock)
	}
	return append(out, a.keys.Quit)
}

func (a *App) header(w int) string {
	th := a.ctx.Theme
	left := " " + a.ctx.Text(common.TAppName)
	if a.showHelp {
		left += " · " + a.t(tHelpTitle)
	} else if t := a.cur.Title(); t != "" {
		left += " · " + t
	}
	right := ""
	if a.ctx.S != nil && !a.isLocked && a.ctx.S.Unlocked() {
		right = common.Inert(a.ctx.S.User()) + " "
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		right, gap = "", max(0, w-lipgloss.Width(left))
	}
	return th.Header.Render(ansi.Truncate(left+strings.Repeat(" ", gap)+right, w, "…"))
}

// residentBlock is one paragraph of the resident view.
type residentBlock struct {
	title, bold bool
	text        string
}

// residentBlocks is what the resident view says, paragraph by paragraph:
// a welcome, or the clarified question, the agreements and the dates.
// The readability test measures exactly these.
func (a *App) residentBlocks() []residentBlock {
	rs, ok := a.cur.(common.ResidentShower)
	var rc common.ResidentContent
	if ok {
		rc, ok = rs.ResidentView()
	}
	if !ok {
		return []residentBlock{{title: true, text: a.t(tResWelcomeTitle)}, {text: a.t(tResWelcome)}}
	}
	out := []residentBlock{{title: true, text: a.t(tResQuestion)}}
	if strings.TrimSpace(rc.Clarified) == "" {
		out = append(out, residentBlock{text: a.t(tResNoQuestion)})
	} else {
		out = append(out, residentBlock{bold: true, text: common.Inert(rc.Clarified)})
	}
	if len(rc.Agreements) > 0 {
		out = append(out, residentBlock{title: true, text: a.t(tResAgreements)})
		for _, l := range rc.Agreements {
			out = append(out, residentBlock{text: l})
		}
	}
	if len(rc.Deadlines) > 0 {
		out = append(out, residentBlock{title: true, text: a.t(tResDeadlines)})
		for _, l := range rc.Deadlines {
			out = append(out, residentBlock{text: l})
		}
	}
	return out
}

// renderResident is the resident view: large, plain, nothing but what the
// resident may read — the clarified question, the agreements, the dates.
func (a *App) renderResident(w, h int) string {
	th := a.ctx.Theme
	textW := max(20, min(60, w-8))
	var blocks []string
	for _, b := range a.residentBlocks() {
		st := th.Resident
		switch {
		case b.title:
			st = th.ResTitle
		case b.bold:
			st = th.Resident.Bold(true)
		}
		lines := common.WrapLines(b.text, textW)
		for i, l := range lines {
			lines[i] = st.Render(l)
		}
		blocks = append(blocks, strings.Join(lines, "\n"))
	}
	body := strings.Join(blocks, "\n\n")
	if lipgloss.Height(body) > h {
		body = strings.Join(blocks, "\n")
	}
	// A block of left-aligned lines, the block in the middle: centred
	// lines of different lengths are hard to read.
	body = lipgloss.NewStyle().Width(textW).Render(body)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, body)
}
