package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
)

type intakeLoadedMsg struct {
	id       string
	in       intake.Intake
	resident string // pseudonym
	err      error
}

// intakeViewScreen shows one intake read-only: the question, the clarified
// question, agreements and notes. It stands in for the guided intake until
// that is registered in intakeflow.go.
type intakeViewScreen struct {
	e        *env
	id       string
	detail   *intake.Intake
	resident string
	loading  bool
	msg      string
	offset   int // first line shown, for scrolling
	lines    int // lines at the last view
	height   int
}

func newIntakeView(e *env, id string) *intakeViewScreen {
	return &intakeViewScreen{e: e, id: id}
}

func (s *intakeViewScreen) init() tea.Cmd {
	s.loading = true
	id, e := s.id, s.e
	return func() tea.Msg {
		in, err := e.vault.Intake(id)
		if err != nil {
			return intakeLoadedMsg{id: id, err: err}
		}
		name := e.tx.get(tAnonymous)
		if in.ResidentID != "" {
			if r, err := e.vault.Resident(in.ResidentID); err == nil {
				name = r.Pseudonym
			}
		}
		return intakeLoadedMsg{id: id, in: in, resident: name}
	}
}

// locked forgets the intake; unlocked reads it again.
func (s *intakeViewScreen) locked()           { s.detail, s.resident = nil, ""; s.loading = false }
func (s *intakeViewScreen) unlocked() tea.Cmd { return s.init() }

func (s *intakeViewScreen) title() string { return s.e.tx.get(tIntakeTitle) }
func (s *intakeViewScreen) typing() bool  { return false }

func (s *intakeViewScreen) help() []helpItem {
	tx := s.e.tx
	return []helpItem{{"esc", tx.get(tBack)}, {"F2", tx.get(tHelpResidentShort)}, {"↑↓", tx.get(tHelpScroll)}}
}

func (s *intakeViewScreen) residentView() (string, []string, bool) {
	if s.detail == nil {
		return "", nil, false
	}
	var ag []string
	for _, a := range s.detail.Agreements {
		ag = append(ag, agreementLine(s.e, a))
	}
	return s.detail.ClarifiedQuestion, ag, true
}

func (s *intakeViewScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case intakeLoadedMsg:
		if msg.id != s.id || !s.loading {
			return nil
		}
		s.loading = false
		if msg.err != nil {
			s.msg = errorText(s.e.tx, msg.err)
			return nil
		}
		in := msg.in
		s.detail, s.resident = &in, msg.resident
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc", "q", "backspace":
			return send(goHomeMsg{})
		case "up", "k":
			s.offset = max(0, s.offset-1)
		case "down", "j":
			s.offset = min(max(0, s.lines-s.height), s.offset+1)
		case "pgup":
			s.offset = max(0, s.offset-s.height)
		case "pgdown":
			s.offset = min(max(0, s.lines-s.height), s.offset+s.height)
		}
	}
	return nil
}

func (s *intakeViewScreen) view(w, h int) string {
	tx, th := s.e.tx, s.e.th
	if s.loading {
		return "\n  " + th.Notice.Render(tx.get(tLoading))
	}
	if s.msg != "" {
		return "\n  " + th.Error.Render(s.msg)
	}
	if s.detail == nil {
		return ""
	}
	d := s.detail
	var b strings.Builder
	b.WriteString("\n  " + th.Title.Render(inert(s.resident)) + "  " +
		th.Muted.Render(tx.status(d.Status)+" · "+formatDate(tx, d.Updated)) + "\n")
	section := func(head, body string) {
		b.WriteString("\n  " + th.Label.Render(head) + "\n")
		if strings.TrimSpace(body) == "" {
			body = tx.get(tNothingYet)
		}
		for _, para := range strings.Split(inertLines(body), "\n") {
			b.WriteString(wrapIndent(th.Text, para, w-6, "    ") + "\n")
		}
	}
	section(tx.get(tQuestionOwn), d.OwnWords)
	section(tx.get(tClarified), d.ClarifiedQuestion)
	var ag []string
	for _, a := range d.Agreements {
		ag = append(ag, agreementLine(s.e, a))
	}
	section(tx.get(tAgreements), strings.Join(ag, "\n"))
	var notes []string
	for _, n := range d.Notes {
		notes = append(notes, fmt.Sprintf("%s, %s: %s", inert(n.Author), n.At.Format(tx.get(tDateTimeLayout)), inert(n.Text)))
	}
	section(tx.get(tNotes), strings.Join(notes, "\n"))

	all := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	s.lines, s.height = len(all), h
	s.offset = min(s.offset, max(0, len(all)-h))
	return strings.Join(all[s.offset:], "\n")
}

// agreementLine is "• who: what (by date)", all inert.
func agreementLine(e *env, a intake.Agreement) string {
	who := e.tx.party(a.Who)
	if a.Who == intake.PartyAgency && a.Agency != "" {
		who = e.agencyName(a.Agency)
	}
	line := who + ": " + inert(a.What)
	if !a.By.IsZero() {
		line += " (" + fmt.Sprintf(e.tx.get(tByDate), a.By.Time().Format(e.tx.get(tDateLayout))) + ")"
	}
	return "• " + line
}

// notYetScreen says plainly that a part is not built yet.
type notYetScreen struct {
	e    *env
	what string
}

func newNotYet(e *env, what string) *notYetScreen { return &notYetScreen{e: e, what: what} }

func (s *notYetScreen) title() string    { return s.what }
func (s *notYetScreen) typing() bool     { return false }
func (s *notYetScreen) help() []helpItem { return []helpItem{{"esc", s.e.tx.get(tBack)}} }

func (s *notYetScreen) update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc", "enter", "q", "backspace":
			return send(goHomeMsg{})
		}
	}
	return nil
}

func (s *notYetScreen) view(w, h int) string {
	return "\n" + wrapIndent(s.e.th.Text, s.e.tx.get(tNotYet), w-4, "  ")
}
