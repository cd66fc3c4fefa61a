package tui

import "github.com/spreekuur/spreekuur/intake"

// Step 2: the question in the resident's own words, free text, not judged;
// and which of VNG's three kinds of question it is.
func newQuestionStep(e *env, c *intakeCtl) intakeStep {
	tx := e.tx
	own := newAreaField(e, tx.get(tIOwnWords), "own_words", 8, intake.MaxText,
		func() string { return c.in.OwnWords }, func(v string) { c.in.OwnWords = v })
	own.when = c.consentState
	own.ta.Placeholder = tx.get(tIOwnWordsHint)
	types := []choiceOpt{{"", tx.get(tINotChosen)}}
	for _, q := range e.cat.QuestionTypes {
		types = append(types, choiceOpt{string(q.Code), q.Name.In(e.lang)})
	}
	kind := newChoice(e, tx.get(tIQuestionType), "question_type", types,
		func() string { return string(c.in.QuestionType) },
		func(v string) { c.in.QuestionType = intake.QuestionTypeCode(v) })
	explain := &infoField{render: func(w int) []string {
		q, ok := e.cat.QuestionType(c.in.QuestionType)
		if !ok {
			return []string{""}
		}
		return []string{e.th.Muted.Render(q.Explanation.In(e.lang))}
	}}
	s := newFormStep(e, c, 18, own, kind, explain)
	s.first = own
	s.enter()
	s.intro = func(w int) []string { return introLines(e, tx.get(tIQuestionIntro), w) }
	return s
}
