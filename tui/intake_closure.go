package tui

import (
	"fmt"
	"strconv"

	"github.com/spreekuur/spreekuur/intake"
)

// Step 7: closure, now or at a later contact: appreciation (1–5), "can you
// state your question better now?", "do you feel more in control?", and
// whether the conversation is closed now (status closed, turnaround known)
// or later (status open).
func newClosureStep(e *env, c *intakeCtl) intakeStep {
	tx, th := e.tx, e.th
	cl := func() *intake.Closure { return &c.in.Closure }
	apprOpts := []choiceOpt{{"0", tx.get(tINotAsked)}}
	for i := 1; i <= 5; i++ {
		apprOpts = append(apprOpts, choiceOpt{strconv.Itoa(i), strconv.Itoa(i) + " " + tx.get(textID(int(tIAppr1)+i-1))})
	}
	appr := newChoice(e, tx.get(tIAppreciation), "closure.appreciation", apprOpts,
		func() string { return strconv.Itoa(cl().Appreciation) },
		func(v string) { cl().Appreciation, _ = strconv.Atoi(v) })
	answers := []choiceOpt{{"", tx.get(tINotAsked)}, {string(intake.AnswerYes), tx.get(tIYes)},
		{string(intake.AnswerPartly), tx.get(tIPartly)}, {string(intake.AnswerNo), tx.get(tINo)}}
	better := newChoice(e, tx.get(tIStateBetter), "closure.state_better", answers,
		func() string { return string(cl().StateBetter) }, func(v string) { cl().StateBetter = intake.Answer(v) })
	control := newChoice(e, tx.get(tIMoreControl), "closure.more_control", answers,
		func() string { return string(cl().MoreControl) }, func(v string) { cl().MoreControl = intake.Answer(v) })
	status := newChoice(e, tx.get(tICloseWhen), "status", []choiceOpt{
		{string(intake.StatusDraft), tx.get(tINotChosen)},
		{string(intake.StatusOpen), tx.get(tICloseLater)},
		{string(intake.StatusClosed), tx.get(tICloseNow)},
	}, func() string { return string(c.in.Status) }, func(v string) {
		to, now := intake.Status(v), e.now()
		switch to {
		case intake.StatusClosed:
			if c.in.Status == intake.StatusDraft {
				_ = c.in.SetStatus(intake.StatusOpen, now)
			}
			_ = c.in.SetStatus(intake.StatusClosed, now)
		case intake.StatusOpen:
			_ = c.in.SetStatus(intake.StatusOpen, now)
		}
		// A closed or open conversation does not go back to draft.
	})
	result := &infoField{render: func(w int) []string {
		switch c.in.Status {
		case intake.StatusClosed:
			line := tx.get(tIClosedNote)
			if d, ok := c.in.TurnaroundDays(); ok {
				line += " " + fmt.Sprintf(tx.get(tITurnaround), d)
			}
			return []string{th.Notice.Render(line)}
		case intake.StatusOpen:
			return []string{th.Notice.Render(tx.get(tIOpenNote))}
		}
		return []string{""}
	}}
	// The question words are read out to the resident: a long label column.
	s := newFormStep(e, c, 36, appr, better, control, status, result)
	s.first = appr
	s.intro = func(w int) []string { return introLines(e, tx.get(tIClosureIntro), w) }
	return s
}
