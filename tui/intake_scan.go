package tui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
)

// Step 3: the life-domain scan, one compact overview of every domain with
// its step visible at a glance. ↑/↓ choose a domain, 0–5 or ←/→ set its
// step; each change is saved at once. There is no total and no ranking.
type scanStep struct {
	e     *env
	c     *intakeCtl
	sel   int
	top   int
	codes []intake.DomainCode
	names []string // domain names, padded
	quest []string // the plain scan question per domain
	steps []string // step names
	nameW int
}

func newScanStep(e *env, c *intakeCtl) intakeStep {
	s := &scanStep{e: e, c: c}
	for _, d := range e.cat.Domains {
		n := d.Name.In(e.lang)
		s.nameW = max(s.nameW, ansi.StringWidth(n))
		s.codes = append(s.codes, d.Code)
		s.names = append(s.names, n)
		s.quest = append(s.quest, d.Question.In(e.lang))
	}
	s.nameW = min(s.nameW, 32)
	for i, n := range s.names {
		s.names[i] = padRight(ansi.Truncate(n, s.nameW, "…"), s.nameW)
	}
	for _, sc := range intake.Scales() {
		s.steps = append(s.steps, e.cat.Step(sc).Name.In(e.lang))
	}
	return s
}

func (s *scanStep) typing() bool { return false }
func (s *scanStep) sync()        {}
func (s *scanStep) wipe()        {}

func (s *scanStep) help() []helpItem {
	tx := s.e.tx
	return []helpItem{{"↑↓", tx.get(tHelpChoose)}, {"0-5 ←→", tx.get(tIScanSet)}}
}

func (s *scanStep) set(v intake.Scale) {
	if !v.Valid() || len(s.codes) == 0 {
		return
	}
	d := s.codes[s.sel]
	if s.c.in.ScanOf(d) == v {
		return
	}
	s.c.in.SetScan(d, v)
	s.c.save()
}

func (s *scanStep) update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(s.codes) == 0 {
		return nil
	}
	cur := s.c.in.ScanOf(s.codes[s.sel])
	switch key := k.String(); key {
	case "up", "k", "shift+tab":
		s.sel = max(0, s.sel-1)
	case "down", "j", "tab":
		s.sel = min(len(s.codes)-1, s.sel+1)
	case "home":
		s.sel = 0
	case "end":
		s.sel = len(s.codes) - 1
	case "left", "h", "-":
		s.set(max(intake.NotDiscussed, cur-1))
	case "right", "l", "+", "space":
		s.set(min(intake.Urgent, cur+1))
	case "0", "1", "2", "3", "4", "5":
		s.set(intake.Scale(key[0] - '0'))
	case "enter":
		if s.sel == len(s.codes)-1 {
			return send(stepDoneMsg{})
		}
		s.sel++
	}
	return nil
}

func (s *scanStep) view(w, h int) string {
	th, tx := s.e.th, s.e.tx
	var b strings.Builder
	if len(s.codes) == 0 {
		return ""
	}
	// The question of the chosen domain, for the resident to hear and read.
	b.WriteString(" " + ansi.Truncate(th.Title.Render(strings.TrimSpace(s.names[s.sel])+": ")+th.Label.Render(s.quest[s.sel]), w-1, "…") + "\n\n")

	var legend []string
	for i, n := range s.steps {
		legend = append(legend, strconv.Itoa(i)+" "+n)
	}
	legendText := wrapIndent(th.Muted, strings.Join(legend, " · "), w-4, "  ")
	legendH := strings.Count(legendText, "\n") + 1
	rowsH := max(1, h-3-legendH)
	if s.sel < s.top {
		s.top = s.sel
	}
	if s.sel >= s.top+rowsH {
		s.top = s.sel - rowsH + 1
	}
	s.top = max(0, min(s.top, len(s.codes)-rowsH))
	end := min(len(s.codes), s.top+rowsH)
	for i := s.top; i < end; i++ {
		v := s.c.in.ScanOf(s.codes[i])
		if !v.Valid() {
			v = intake.NotDiscussed
		}
		dots := strings.Repeat("●", int(v)) + strings.Repeat("○", 5-int(v))
		line := "  " + s.names[i] + "  " + dots + "  " + s.steps[v]
		if i == s.sel {
			line = ">" + line[1:]
			b.WriteString(th.Selected.Render(ansi.Truncate(line, w, "…")))
		} else if v == intake.NotDiscussed {
			b.WriteString(th.Muted.Render(ansi.Truncate(line, w, "…")))
		} else {
			b.WriteString(th.Text.Render(ansi.Truncate(line, w, "…")))
		}
		b.WriteByte('\n')
	}
	for i := end - s.top; i < rowsH; i++ {
		b.WriteByte('\n')
	}
	b.WriteString("\n" + legendText)
	_ = tx
	return b.String()
}
