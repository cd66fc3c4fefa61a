package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/spreekuur/spreekuur/intake"
)

// Step 5: the clarified question, "Mijn vraag is …", in the resident's
// own words. It is typed in a field and shown large below it, so the
// resident can read it and say whether it is right.
func newClarifiedStep(e *env, c *intakeCtl) intakeStep {
	tx, th := e.tx, e.th
	q := newAreaField(e, tx.get(tIClarifiedLabel), "clarified_question", 3, intake.MaxText,
		func() string { return c.in.ClarifiedQuestion }, func(v string) { c.in.ClarifiedQuestion = v })
	q.when = c.consentState
	q.ta.Placeholder = tx.get(tIClarifiedHint)
	s := newFormStep(e, c, 14, q)
	s.first = q
	s.enter()
	s.intro = func(w int) []string { return introLines(e, tx.get(tIClarifiedIntro), w) }
	base := s
	return &clarifiedStep{formStep: base, render: func(w, h int) string {
		top := base.view(w, min(h, 10))
		text := strings.TrimSpace(inertLines(c.in.ClarifiedQuestion))
		if text == "" || !c.consent() {
			return top
		}
		boxW := max(20, min(70, w-6))
		big := th.Resident.Bold(true).Width(boxW - 4).Render(text)
		box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(1, 1).Render(big)
		lines := strings.Split(box, "\n")
		for i, l := range lines {
			lines[i] = "  " + l
		}
		return top + "\n\n" + strings.Join(lines, "\n")
	}}
}

type clarifiedStep struct {
	*formStep
	render func(w, h int) string
}

func (s *clarifiedStep) view(w, h int) string { return s.render(w, h) }
