package conversation

import "github.com/spreekuur/spreekuur/intake"

// Step 2: the question in the resident's own words, not judged, and which
// of VNG's layers of client support it is.
func questionStep() *Step {
	own := textField("question.own_words", KindLongText, intake.T("In eigen woorden", "In own words"),
		intake.T("Schrijf op wat de bewoner zegt, in zijn of haar woorden.", "Write down what the resident says, in their words."),
		intake.MaxText, func(a At) *string { return &a.D.Intake.OwnWords })
	own.Personal = true
	own.Path = path("own_words")
	kind := choiceField("question.type", intake.T("Soort vraag", "Kind of question"),
		intake.T("Wat voor hulp vraagt de bewoner vooral?", "What kind of help does the resident mostly ask for?"),
		func(a At) []Option {
			var out []Option
			for _, q := range a.C.Cat.QuestionTypes {
				out = append(out, Option{string(q.Code), q.Name})
			}
			return withNone(out)
		}, func(a At) *intake.QuestionTypeCode { return &a.D.Intake.QuestionType })
	kind.Path = path("question_type")
	return &Step{
		ID:    intake.StepQuestion,
		Title: intake.StepQuestion.Text(),
		Intro: intake.T("Wat is de vraag? Schrijf hem op in de woorden van de bewoner. Niet beoordelen, gewoon opschrijven.",
			"What is the question? Write it down in the resident's own words. Do not judge, just write it down."),
		Fields: []*Field{own, kind},
	}
}

// Step 3: the life-domain scan. Every domain of the catalogue is one item
// with one plain question, answered on the scale or left "not discussed".
// The terminal shows all domains on one screen; the line mode asks them
// one by one.
func scanStep() *Step {
	domainOf := func(a At) (intake.Domain, bool) {
		i := a.Last()
		if i < 0 || i >= len(a.C.Cat.Domains) {
			return intake.Domain{}, false
		}
		return a.C.Cat.Domains[i], true
	}
	step := &Field{Key: "scan.step", Kind: KindChoice, Label: intake.T("Hoe gaat het?", "How is it going?"),
		Help: intake.T("Kies het woord dat past. De woorden staan in de volgorde van de Zelfredzaamheid-Matrix (ZRM): 1 is dringend, 5 is gaat goed.",
			"Choose the word that fits. The words are in the order of the Self-Sufficiency Matrix (ZRM): 1 is urgent, 5 is goes well."),
		Options: ScaleOptions,
		Get: func(a At) Value {
			d, _ := domainOf(a)
			return Value{Text: ScaleCode(a.D.Intake.ScanOf(d.Code))}
		},
		Set: func(a At, v Value) error {
			d, ok := domainOf(a)
			if !ok {
				return inputErr(msgUnknownChoice)
			}
			s, ok := ParseScale(v.Text)
			if !ok {
				return inputErr(msgUnknownChoice)
			}
			a.D.Intake.SetScan(d.Code, s)
			return nil
		},
	}
	step.Path = func(a At) string { d, _ := domainOf(a); return "scan." + string(d.Code) }
	domains := &Field{Key: "scan.domains", Kind: KindList, Label: intake.T("Leefgebieden", "Life domains"),
		List: &List{
			Item:  intake.T("leefgebied", "life domain"),
			Count: func(a At) int { return len(a.C.Cat.Domains) },
			Title: func(a At, i int) intake.Text {
				d := a.C.Cat.Domains[i]
				return intake.T(d.Name.NL+": "+d.Question.NL, d.Name.EN+": "+d.Question.EN)
			},
			Fields: []*Field{step},
		},
	}
	return &Step{
		ID:    intake.StepScan,
		Title: intake.StepScan.Text(),
		Intro: intake.T("Loop samen alle leefgebieden langs. Bij elk: hoe gaat het? Sla over wat niet besproken is.",
			"Go through every life domain together. For each: how is it going? Skip what was not discussed."),
		Fields: []*Field{domains},
	}
}

// ScaleCode is the code of a scale step in choices: "0" (not discussed)
// to "5" (urgent).
func ScaleCode(s intake.Scale) string { return string(rune('0' + int(s))) }

// ParseScale reads a ScaleCode.
func ParseScale(code string) (intake.Scale, bool) {
	if len(code) != 1 || code[0] < '0' || code[0] > '5' {
		return 0, false
	}
	s := intake.Scale(code[0] - '0')
	return s, s.Valid()
}

// ScaleOptions are the scale's steps in words in the order of the
// Zelfredzaamheid-Matrix, which supporters know: from urgent (ZRM 1) to
// goes well (ZRM 5), then "not discussed". A list that numbers them (the
// line mode) so gives each word its ZRM number.
func ScaleOptions(a At) []Option {
	var out []Option
	for z := 1; z <= 5; z++ {
		s := FromZRM(z)
		out = append(out, Option{ScaleCode(s), a.C.Cat.Step(s).Name})
	}
	return append(out, Option{ScaleCode(intake.NotDiscussed), a.C.Cat.Step(intake.NotDiscussed).Name})
}

// ZRM is the step of the Zelfredzaamheid-Matrix a scale step stands for:
// 1 urgent … 5 goes well, the other way round from intake.Scale (which
// counts worry, as the statistics do); 0 for not discussed.
func ZRM(s intake.Scale) int {
	if s == intake.NotDiscussed || !s.Valid() {
		return 0
	}
	return 6 - int(s)
}

// FromZRM is the scale step of ZRM step z (1–5); anything else is not
// discussed.
func FromZRM(z int) intake.Scale {
	if z < 1 || z > 5 {
		return intake.NotDiscussed
	}
	return intake.Scale(6 - z)
}
