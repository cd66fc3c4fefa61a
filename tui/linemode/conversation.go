package linemode

import (
	"fmt"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/home"
)

// maxListed caps the conversations offered after a search.
const maxListed = 20

// browse finds conversations by part of a name or number and opens one.
func (l *lm) browse() error {
	ctx := common.NewContext(l.s, common.NewTheme(true, false, true), l.lang, l.o.Now)
	rows, err := home.LoadRows(ctx)
	if err != nil {
		l.say(l.errText(err))
		return nil
	}
	filter, ok := l.ask(l.t(tFilterPrompt))
	if !ok {
		return errEnded
	}
	var found []home.Row
	for _, r := range rows {
		if r.IntakeID != "" && r.Matches(ctx, filter) {
			found = append(found, r)
			if len(found) == maxListed {
				break
			}
		}
	}
	if len(found) == 0 {
		l.say(l.t(tNoneFound))
		return nil
	}
	opts := make([]string, 0, len(found)+1)
	for _, r := range found {
		opts = append(opts, r.Line())
	}
	opts = append(opts, l.t(tBack))
	i, ok := l.choose(fmt.Sprintf(l.t(tFound), len(found)), opts, 0)
	if !ok {
		return errEnded
	}
	if i >= len(found) {
		return nil
	}
	ed, err := l.s.OpenIntake(found[i].IntakeID)
	if err != nil {
		l.say(l.errText(err))
		return nil
	}
	return l.conversation(ed, false)
}

// conversation is the menu of one conversation; a new one starts walking
// its steps at once.
func (l *lm) conversation(ed *session.Editor, walk bool) error {
	l.ed = ed
	defer func() { l.ed = nil }()
	def := ed.Definition()
	if walk {
		if err := l.walk(stepIndex(def, ed.Draft().Intake.Step)); err != nil {
			return err
		}
	}
	for {
		in := ed.Draft().Intake
		cur := stepIndex(def, in.Step)
		l.say("")
		title := fmt.Sprintf(l.t(tIntakeMenu), common.ShortID(in.ID), l.name(), l.status(in.Status))
		i, ok := l.choose(title, []string{
			fmt.Sprintf(l.t(tContinue), cur+1, def.Steps[cur].Title.In(l.lang)),
			l.t(tReadStep), l.t(tChangeStep), l.t(tNotes), l.t(tFollowUp), l.t(tPapers), l.t(tBack),
		}, 0)
		if !ok {
			return errEnded
		}
		var err error
		switch i {
		case 0:
			err = l.walk(cur)
		case 1:
			if s, ok := l.pickStep(cur); ok {
				l.readStep(def.Steps[s])
			}
		case 2:
			if s, ok := l.pickStep(cur); ok {
				err = l.step(s)
			}
		case 3:
			err = l.fields([]*conversation.Field{def.Notes}, ed.At())
		case 4:
			l.say(def.FollowUp.Intro.In(l.lang))
			err = l.fields(def.FollowUp.Fields, ed.At())
		case 5:
			err = l.papers()
		default:
			return nil
		}
		if err != nil {
			return err
		}
		if l.ended() {
			return errEnded
		}
	}
}

func stepIndex(def *conversation.Definition, id intake.FlowStep) int {
	for i, s := range def.Steps {
		if s.ID == id {
			return i
		}
	}
	return 0
}

func (l *lm) name() string {
	if p := l.ed.Draft().Resident.Pseudonym; p != "" {
		return common.Inert(p)
	}
	return l.t(tAnonymous)
}

func (l *lm) status(s intake.Status) string {
	switch s {
	case intake.StatusOpen:
		return l.t(tStatusOpen)
	case intake.StatusClosed:
		return l.t(tStatusClosed)
	}
	return l.t(tStatusDraft)
}

func (l *lm) pickStep(def int) (int, bool) {
	steps := l.ed.Definition().Steps
	var opts []string
	for _, s := range steps {
		opts = append(opts, s.Title.In(l.lang)) // huh numbers the options
	}
	return l.choose(l.t(tWhichStep), opts, def)
}

// walk goes through the steps from i, asking after each how to go on:
// the next step, this one again, the previous one, or back to the menu.
func (l *lm) walk(i int) error {
	steps := l.ed.Definition().Steps
	for i < len(steps) {
		if err := l.step(i); err != nil {
			return err
		}
		next, ok := l.choose(l.t(tAfterStep), []string{l.t(tNextStep), l.t(tStepAgain), l.t(tPrevStep), l.t(tToMenu)}, 0)
		if !ok {
			return errEnded
		}
		switch next {
		case 0:
			i++
		case 2:
			i = max(0, i-1)
		case 3:
			return nil
		}
	}
	l.ed.Finish()
	l.say(l.t(tDone))
	return nil
}

// step asks the fields of step i, after saying where the conversation is.
func (l *lm) step(i int) error {
	steps := l.ed.Definition().Steps
	st := steps[i]
	l.ed.SetStep(st.ID)
	l.say("")
	l.say(fmt.Sprintf(l.t(tStepOf), i+1, len(steps), st.Title.In(l.lang)))
	l.say(st.Intro.In(l.lang))
	return l.fields(st.Fields, l.ed.At())
}
