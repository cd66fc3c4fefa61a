package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
)

// notesPane is where the supporter and the kompaan each add notes, stamped
// with the author (the user who unlocked) and the time. F4 opens it from
// every step. Notes are never part of the resident view. The note being
// typed is saved as it is typed, like every other field; enter finishes it.
type notesPane struct {
	e      *env
	c      *intakeCtl
	ta     textarea.Model
	role   intake.Role
	draft  int // index of the note being typed, -1 when none
	onRole bool
}

func newNotesPane(e *env, c *intakeCtl) *notesPane {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.CharLimit = intake.MaxText
	ta.MaxHeight = 3
	ta.SetHeight(3)
	ta.KeyMap.InsertNewline = key.NewBinding(key.WithKeys("alt+enter", "ctrl+j"))
	ta.KeyMap.CopySelection = key.NewBinding()
	ta.KeyMap.TransposeCharacterBackward = key.NewBinding()
	ta.SetStyles(areaStyles(e.th))
	ta.Placeholder = e.tx.get(tINoteHint)
	return &notesPane{e: e, c: c, ta: ta, role: intake.RoleSupporter, draft: -1}
}

func (p *notesPane) focus() tea.Cmd {
	p.onRole = false
	return p.ta.Focus()
}

func (p *notesPane) typing() bool { return !p.onRole && p.c.consent() }

func (p *notesPane) help() []helpItem {
	tx := p.e.tx
	return []helpItem{{"enter", tx.get(tINoteAdd)}, {"tab", tx.get(tINoteRole)}}
}

func (p *notesPane) sync() {
	if p.draft >= len(p.c.in.Notes) {
		p.draft = -1
	}
	v := ""
	if p.draft >= 0 {
		v = inertLines(p.c.in.Notes[p.draft].Text)
		p.role = p.c.in.Notes[p.draft].Role
	}
	if p.ta.Value() != v {
		p.ta.SetValue(v)
	}
}

func (p *notesPane) wipe() { p.ta.SetValue("") }

func (p *notesPane) author() string {
	u := inert(p.e.vault.User())
	if r := []rune(u); len(r) > intake.MaxName {
		u = string(r[:intake.MaxName])
	}
	return u
}

func (p *notesPane) update(msg tea.Msg) tea.Cmd {
	if !p.c.consent() {
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "tab", "shift+tab":
			p.onRole = !p.onRole
			if p.onRole {
				p.ta.Blur()
				return nil
			}
			return p.ta.Focus()
		case "enter":
			if p.onRole {
				p.onRole = false
				return p.ta.Focus()
			}
			// Finish the note: stamp it now and start a fresh one.
			if p.draft >= 0 {
				p.c.in.Notes[p.draft].At = p.e.now()
				p.c.save()
			}
			p.draft = -1
			p.ta.SetValue("")
			return nil
		}
		if p.onRole {
			switch k.String() {
			case "space", "left", "right":
				if p.role == intake.RoleSupporter {
					p.role = intake.RoleKompaan
				} else {
					p.role = intake.RoleSupporter
				}
				if p.draft >= 0 {
					p.c.in.Notes[p.draft].Role = p.role
					p.c.save()
				}
			}
			return nil
		}
	}
	old := p.ta.Value()
	var cmd tea.Cmd
	p.ta, cmd = p.ta.Update(msg)
	v := p.ta.Value()
	if v == old {
		return cmd
	}
	if c := inertLines(v); c != v {
		p.ta.SetValue(c)
		v = c
	}
	switch {
	case strings.TrimSpace(v) == "" && p.draft >= 0:
		p.c.in.Notes = append(p.c.in.Notes[:p.draft:p.draft], p.c.in.Notes[p.draft+1:]...)
		p.draft = -1
	case strings.TrimSpace(v) == "":
		return cmd
	case p.draft < 0:
		p.c.in.Notes = append(p.c.in.Notes, intake.Note{Author: p.author(), Role: p.role, At: p.e.now(), Text: v})
		p.draft = len(p.c.in.Notes) - 1
	default:
		p.c.in.Notes[p.draft].Text = v
	}
	p.c.save()
	return cmd
}

func (p *notesPane) roleName(r intake.Role) string {
	if r == intake.RoleKompaan {
		return p.e.tx.get(tPartyKompaan)
	}
	return p.e.tx.get(tPartySupporter)
}

func (p *notesPane) view(w, h int) string {
	tx, th := p.e.tx, p.e.th
	head := " " + th.Title.Render(tx.get(tNotes)) + "  " + th.Muted.Render(tx.get(tINotesPrivate))
	if !p.c.consent() {
		return head + "\n\n" + wrapIndent(th.Text, tx.get(tINoConsentStep), w-4, "  ")
	}
	// The form at the bottom: who writes, and the text.
	roleLine := "  " + th.Label.Render(tx.get(tINoteAs)) + " "
	if p.onRole {
		roleLine += th.Selected.Render("‹ " + p.roleName(p.role) + " ›")
	} else {
		roleLine += th.Text.Render(p.roleName(p.role))
	}
	p.ta.SetWidth(max(10, w-4))
	var area []string
	for _, l := range strings.Split(p.ta.View(), "\n") {
		area = append(area, "  "+l)
	}
	bottom := append([]string{"", roleLine}, area...)

	// The notes, newest last; as many as fit.
	var lines []string
	textW := max(10, w-6)
	for i, n := range p.c.in.Notes {
		if i == p.draft {
			continue
		}
		stamp := inert(n.Author) + " · " + p.roleName(n.Role) + " · " + n.At.Format(tx.get(tDateTimeLayout))
		lines = append(lines, "  "+th.Muted.Render(ansi.Truncate(stamp, w-2, "…")))
		for _, para := range strings.Split(inertLines(n.Text), "\n") {
			for _, l := range strings.Split(ansi.Wrap(para, textW, ""), "\n") {
				lines = append(lines, "    "+th.Text.Render(l))
			}
		}
	}
	if len(lines) == 0 {
		lines = []string{"  " + th.Muted.Render(tx.get(tNothingYet))}
	}
	room := max(1, h-2-len(bottom))
	if len(lines) > room {
		lines = lines[len(lines)-room:]
	}
	return head + "\n\n" + strings.Join(lines, "\n") + "\n" + strings.Join(bottom, "\n")
}
