package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
)

// The guided intake in the accessible mode: the steps of DESIGN §2 in order,
// one plain prompt at a time. Choices are numbered; just Enter skips a
// question. Every answer is saved at once through the same controller as the
// screens (intakeCtl), so the same rules hold: without consent only the
// coded fields are written, and a draft opened later on the screens resumes
// at the step the walk reached.

// errWalkStopped ends the walk: the input ended or a save failed (and was
// reported). What was answered so far is saved.
var errWalkStopped = errors.New("walk stopped")

type lineIntake struct {
	s *lineSession
	c *intakeCtl
}

// newIntake walks through a whole new intake.
func (s *lineSession) newIntake() error {
	w := &lineIntake{s: s, c: newIntakeCtl(s.e)}
	stampUser(s.e, &w.c.in)
	err := w.walk()
	if errors.Is(err, errWalkStopped) {
		return nil
	}
	return err
}

func (w *lineIntake) walk() error {
	for _, step := range []func() error{w.start, w.question, w.scan, w.clarify, w.clarified, w.agreements, w.closure} {
		if err := step(); err != nil {
			return err
		}
	}
	w.s.say(w.s.e.tx.get(tAccDone))
	return nil
}

// save writes the intake now; a failure is said and ends the walk.
func (w *lineIntake) save() error {
	w.c.save()
	if w.c.errMsg != "" {
		w.s.say(w.s.e.tx.get(tINotSaved) + " " + w.c.errMsg)
		return errWalkStopped
	}
	return nil
}

// enter announces a step and saves that the conversation is there.
func (w *lineIntake) enter(step intake.FlowStep) error {
	tx := w.s.e.tx
	names := []textID{tIStepStart, tIStepQuestion, tIStepScan, tIStepClarify, tIStepClarified, tIStepAgreements, tIStepClosure}
	i := step.Index()
	w.s.say("")
	w.s.say(fmt.Sprintf(tx.get(tAccStep), i+1, len(names), tx.get(names[i])))
	if !w.c.saved && step == intake.StepStart {
		w.c.in.Step = step
		return nil // nothing is written before the first answer
	}
	w.c.in.Step = step
	return w.save()
}

// ---- prompts ----

// text asks for one line; "" means skipped.
func (w *lineIntake) text(prompt string) (string, error) {
	line, ok := w.s.ask(prompt + " " + w.s.e.tx.get(tAccTextSkip))
	if !ok {
		return "", errWalkStopped
	}
	return strings.TrimSpace(line), nil
}

// choose lists numbered options and asks for a number; "" means skipped.
func (w *lineIntake) choose(prompt string, opts []choiceOpt) (string, error) {
	tx := w.s.e.tx
	w.s.say(prompt)
	for i, o := range opts {
		w.s.say(strconv.Itoa(i+1) + ". " + o.name)
	}
	for {
		line, ok := w.s.ask(tx.get(tAccPickNumber))
		if !ok {
			return "", errWalkStopped
		}
		line = strings.TrimSpace(line)
		if line == "" {
			return "", nil
		}
		if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(opts) {
			return opts[n-1].code, nil
		}
		w.s.say(tx.get(tAccUnknownChoice))
	}
}

// yesNo asks a yes/no question that may be skipped: answered reports
// whether it was answered.
func (w *lineIntake) yesNo(prompt string) (yes, answered bool, err error) {
	for {
		line, ok := w.s.ask(prompt + " " + w.s.e.tx.get(tAccYesNoSkip))
		if !ok {
			return false, false, errWalkStopped
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "":
			return false, false, nil
		case "j", "ja", "y", "yes":
			return true, true, nil
		case "n", "nee", "no":
			return false, true, nil
		}
	}
}

// ---- step 1: start ----

func (w *lineIntake) start() error {
	tx, cat, lang := w.s.e.tx, w.s.e.cat, w.s.e.lang
	in := &w.c.in
	if err := w.enter(intake.StepStart); err != nil {
		return err
	}
	var locs, routes []choiceOpt
	for _, l := range cat.Locations {
		locs = append(locs, choiceOpt{string(l.Code), l.Name.In(lang)})
	}
	for _, r := range cat.Routes {
		routes = append(routes, choiceOpt{string(r.Code), r.Name.In(lang)})
	}

	loc, err := w.choose(tx.get(tAccLocation), locs)
	if err != nil {
		return err
	}
	if loc != "" {
		in.Location = intake.LocationCode(loc)
		if err := w.save(); err != nil {
			return err
		}
	}
	yes, answered, err := w.yesNo(tx.get(tAccKompaan))
	if err != nil {
		return err
	}
	if answered {
		in.Presence.Kompaan = yes
		if err := w.save(); err != nil {
			return err
		}
	}
	if yes {
		name, err := w.text(tx.get(tAccKompaanName))
		if err != nil {
			return err
		}
		if name != "" {
			in.Presence.KompaanName = limitRunes(inert(name), intake.MaxName)
			if err := w.save(); err != nil {
				return err
			}
		}
	}
	network, answered, err := w.yesNo(tx.get(tAccNetwork))
	if err != nil {
		return err
	}
	if answered {
		in.Presence.Network = network
		if err := w.save(); err != nil {
			return err
		}
	}
	route, err := w.choose(tx.get(tAccRoute), routes)
	if err != nil {
		return err
	}
	if route != "" {
		in.Route = intake.RouteCode(route)
		if err := w.save(); err != nil {
			return err
		}
	}

	// Consent must be answered: it decides what may be kept.
	consent, ok := w.s.yesNo(tx.get(tAccConsent))
	if !ok {
		return errWalkStopped
	}
	if !consent {
		w.s.say(tx.get(tAccNoConsent))
		w.s.say(tx.get(tAccAnonymous))
		return w.save() // an anonymous contact still counts
	}
	w.c.setConsent(true)
	if w.c.errMsg != "" {
		w.s.say(tx.get(tINotSaved) + " " + w.c.errMsg)
		return errWalkStopped
	}
	for _, sc := range []struct {
		scope intake.ConsentScope
		label textID
	}{{intake.ScopeFollowUp, tIScopeFollowUp}, {intake.ScopeHandover, tIScopeHandover}, {intake.ScopeReferral, tIScopeReferral}} {
		yes, _, err := w.yesNo(fmt.Sprintf(tx.get(tAccScope), tx.get(sc.label)))
		if err != nil {
			return err
		}
		if yes {
			in.Consent.Scopes = append(in.Consent.Scopes, sc.scope)
			if err := w.save(); err != nil {
				return err
			}
		}
	}
	if network {
		who, err := w.text(tx.get(tAccNetworkWho))
		if err != nil {
			return err
		}
		if who != "" {
			in.Presence.NetworkRelation = limitRunes(inert(who), intake.MaxName)
			if err := w.save(); err != nil {
				return err
			}
		}
	}
	name, ok := w.s.ask(tx.get(tAccPseudonym))
	if !ok {
		return errWalkStopped
	}
	if name = strings.TrimSpace(name); name != "" {
		w.c.res.Pseudonym = limitRunes(inert(name), intake.MaxName)
		w.c.resDirty = true
		return w.save()
	}
	return nil
}

// ---- step 2: the question in own words ----

func (w *lineIntake) question() error {
	tx, cat, lang := w.s.e.tx, w.s.e.cat, w.s.e.lang
	if err := w.enter(intake.StepQuestion); err != nil {
		return err
	}
	for w.c.consent() {
		q, err := w.text(tx.get(tAccQuestionPrompt))
		if err != nil {
			return err
		}
		if q == "" {
			break
		}
		w.s.say(fmt.Sprintf(tx.get(tAccQuestionEcho), inert(q)))
		yes, ok := w.s.yesNo(tx.get(tAccConfirm))
		if !ok {
			return errWalkStopped
		}
		if yes {
			w.c.in.OwnWords = limitRunes(inert(q), intake.MaxText)
			if err := w.save(); err != nil {
				return err
			}
			w.s.say(tx.get(tAccSaved))
			break
		}
	}
	var types []choiceOpt
	for _, q := range cat.QuestionTypes {
		types = append(types, choiceOpt{string(q.Code), q.Name.In(lang) + ": " + q.Explanation.In(lang)})
	}
	kind, err := w.choose(tx.get(tAccQuestionType), types)
	if err != nil || kind == "" {
		return err
	}
	w.c.in.QuestionType = intake.QuestionTypeCode(kind)
	return w.save()
}

// ---- step 3: the life-domain scan ----

func (w *lineIntake) scan() error {
	tx, cat, lang := w.s.e.tx, w.s.e.cat, w.s.e.lang
	if err := w.enter(intake.StepScan); err != nil {
		return err
	}
	var legend []string
	for _, sc := range intake.Scales() {
		legend = append(legend, strconv.Itoa(int(sc))+" "+cat.Step(sc).Name.In(lang))
	}
	w.s.say(fmt.Sprintf(tx.get(tAccScanIntro), strings.Join(legend, ", ")))
	for _, d := range cat.Domains {
		for {
			line, ok := w.s.ask(fmt.Sprintf(tx.get(tAccScanPrompt), d.Name.In(lang), d.Question.In(lang)))
			if !ok {
				return errWalkStopped
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			n, err := strconv.Atoi(line)
			if v := intake.Scale(n); err != nil || !v.Valid() {
				w.s.say(tx.get(tAccScanBad))
				continue
			}
			w.c.in.SetScan(d.Code, intake.Scale(n))
			if err := w.save(); err != nil {
				return err
			}
			break
		}
	}
	return nil
}

// ---- step 4: clarify the domains that matter ----

func (w *lineIntake) clarify() error {
	tx, cat, lang := w.s.e.tx, w.s.e.cat, w.s.e.lang
	if err := w.enter(intake.StepClarify); err != nil {
		return err
	}
	if !w.c.consent() {
		return nil
	}
	domains := w.c.in.DomainsThatMatter(cat)
	if len(domains) == 0 {
		w.s.say(tx.get(tAccNoDomains))
		return nil
	}
	w.s.say(tx.get(tAccClarifyIntro))
	for _, d := range domains {
		name := cat.DomainName(d).In(lang)
		for _, q := range []struct {
			prompt textID
			set    func(*intake.Clarification, string)
		}{
			{tAccHappening, func(c *intake.Clarification, v string) { c.Happening = v }},
			{tAccWouldHelp, func(c *intake.Clarification, v string) { c.WouldHelp = v }},
		} {
			v, err := w.text(fmt.Sprintf(tx.get(q.prompt), name))
			if err != nil {
				return err
			}
			if v == "" {
				continue
			}
			w.c.editClar(d, func(c *intake.Clarification) { q.set(c, limitRunes(inert(v), intake.MaxText)) })
			if err := w.save(); err != nil {
				return err
			}
		}
	}
	return nil
}

// ---- step 5: the clarified question ----

func (w *lineIntake) clarified() error {
	tx := w.s.e.tx
	if err := w.enter(intake.StepClarified); err != nil {
		return err
	}
	if !w.c.consent() {
		return nil
	}
	q, err := w.text(tx.get(tAccClarified))
	if err != nil || q == "" {
		return err
	}
	w.c.in.ClarifiedQuestion = limitRunes(inert(q), intake.MaxText)
	return w.save()
}

// ---- step 6: agreements ----

func (w *lineIntake) agreements() error {
	tx, cat, lang := w.s.e.tx, w.s.e.cat, w.s.e.lang
	if err := w.enter(intake.StepAgreements); err != nil {
		return err
	}
	if !w.c.consent() {
		return nil
	}
	var parties, agencies []choiceOpt
	for _, p := range []intake.Party{intake.PartyResident, intake.PartySupporter, intake.PartyKompaan, intake.PartyNetwork, intake.PartyAgency} {
		parties = append(parties, choiceOpt{string(p), tx.party(p)})
	}
	for _, a := range cat.Agencies {
		agencies = append(agencies, choiceOpt{string(a.Code), a.Name.In(lang)})
	}
	layout := tx.get(tDateLayout)
	for n := 1; ; n++ {
		what, ok := w.s.ask(fmt.Sprintf(tx.get(tAccAgreementWhat), n))
		if !ok {
			return errWalkStopped
		}
		if what = strings.TrimSpace(what); what == "" {
			return nil
		}
		w.c.in.Agreements = append(w.c.in.Agreements, intake.Agreement{What: limitRunes(inert(what), intake.MaxLine), Who: intake.PartyResident})
		i := len(w.c.in.Agreements) - 1
		if err := w.save(); err != nil {
			return err
		}
		who, err := w.choose(tx.get(tAccAgreementWho), parties)
		if err != nil {
			return err
		}
		if who != "" {
			w.c.in.Agreements[i].Who = intake.Party(who)
			if err := w.save(); err != nil {
				return err
			}
		}
		if w.c.in.Agreements[i].Who == intake.PartyAgency {
			ag, err := w.choose(tx.get(tAccAgreementAgency), agencies)
			if err != nil {
				return err
			}
			if ag != "" {
				w.c.in.Agreements[i].Agency = intake.AgencyCode(ag)
				if err := w.save(); err != nil {
					return err
				}
			}
		}
		for {
			line, ok := w.s.ask(fmt.Sprintf(tx.get(tAccAgreementBy), tx.get(tIDateHint)))
			if !ok {
				return errWalkStopped
			}
			if line = strings.TrimSpace(line); line == "" {
				break
			}
			t, err := parseDay(layout, line)
			if err != nil {
				w.s.say(tx.get(tIDateBad))
				continue
			}
			w.c.in.Agreements[i].By = intake.DateOf(t)
			if err := w.save(); err != nil {
				return err
			}
			break
		}
	}
}

// ---- step 7: closure, now or later ----

func (w *lineIntake) closure() error {
	tx := w.s.e.tx
	in := &w.c.in
	if err := w.enter(intake.StepClosure); err != nil {
		return err
	}
	when, err := w.choose(tx.get(tAccCloseWhen), []choiceOpt{
		{string(intake.StatusClosed), tx.get(tICloseNow)},
		{string(intake.StatusOpen), tx.get(tICloseLater)},
	})
	if err != nil {
		return err
	}
	if when == string(intake.StatusClosed) {
		var scale []string
		for i := 1; i <= 5; i++ {
			scale = append(scale, strconv.Itoa(i)+" "+tx.get(textID(int(tIAppr1)+i-1)))
		}
		for {
			line, ok := w.s.ask(fmt.Sprintf(tx.get(tAccAppreciation), strings.Join(scale, ", ")))
			if !ok {
				return errWalkStopped
			}
			if line = strings.TrimSpace(line); line == "" {
				break
			}
			if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= 5 {
				in.Closure.Appreciation = n
				if err := w.save(); err != nil {
					return err
				}
				break
			}
			w.s.say(tx.get(tAccUnknownChoice))
		}
		answers := []choiceOpt{{string(intake.AnswerYes), tx.get(tIYes)},
			{string(intake.AnswerPartly), tx.get(tIPartly)}, {string(intake.AnswerNo), tx.get(tINo)}}
		for _, q := range []struct {
			prompt textID
			to     *intake.Answer
		}{{tIStateBetter, &in.Closure.StateBetter}, {tIMoreControl, &in.Closure.MoreControl}} {
			a, err := w.choose(tx.get(q.prompt), answers)
			if err != nil {
				return err
			}
			if a != "" {
				*q.to = intake.Answer(a)
				if err := w.save(); err != nil {
					return err
				}
			}
		}
	}
	// Now: closed, so the turnaround is known. Later (or skipped): open,
	// the agreements run and closure follows at a later contact.
	now := w.s.e.now()
	if in.Status == intake.StatusDraft {
		_ = in.SetStatus(intake.StatusOpen, now)
	}
	note := tIOpenNote
	if when == string(intake.StatusClosed) {
		_ = in.SetStatus(intake.StatusClosed, now)
		note = tIClosedNote
	}
	if err := w.save(); err != nil {
		return err
	}
	w.s.say(tx.get(note))
	return nil
}

// limitRunes cuts s to at most n characters.
func limitRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
