package linemode

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store/exportfile"
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
		if r.IntakeID != "" && r.Matches(filter) {
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
	for i, s := range steps {
		opts = append(opts, fmt.Sprintf("%d. %s", i+1, s.Title.In(l.lang)))
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

// fields asks each shown field in turn; what is shown is worked out again
// before each (an earlier answer can show or hide a later question).
func (l *lm) fields(fs []*conversation.Field, a conversation.At) error {
	for _, f := range fs {
		if l.ended() {
			return errEnded
		}
		if !f.IsShown(a) {
			continue
		}
		if locked, why := f.Locked(a); locked {
			l.say(fmt.Sprintf(l.t(tLocked), f.Label.In(l.lang), why.In(l.lang)))
			continue
		}
		switch f.Kind {
		case conversation.KindInfo:
			l.say(f.Label.In(l.lang) + ":")
			for _, t := range f.Info(a) {
				l.say("  " + common.Inert(t.In(l.lang)))
			}
		case conversation.KindList:
			if err := l.list(f, a); err != nil {
				return err
			}
		default:
			if err := l.field(nil, f, a); err != nil {
				return err
			}
		}
	}
	if l.ended() {
		return errEnded
	}
	return nil
}

// field asks one field through huh's accessible field of its kind, with
// the current value as the default (Enter keeps it), and saves a change.
func (l *lm) field(list, f *conversation.Field, a conversation.At) error {
	cur := f.Get(a)
	label := f.Label.In(l.lang)
	if f.Help.NL != "" {
		l.say(f.Help.In(l.lang))
	}
	if f.HelpFor != nil {
		for _, h := range f.HelpFor(a) {
			l.say("  - " + h.In(l.lang))
		}
	}
	var v conversation.Value
	switch f.Kind {
	case conversation.KindText, conversation.KindLongText, conversation.KindDate, conversation.KindDateTime, conversation.KindYear:
		hint := l.t(tSkipHint)
		if cur.Text != "" {
			hint = fmt.Sprintf(l.t(tKeepHint), common.Inert(cur.Text))
		}
		switch f.Kind {
		case conversation.KindDate:
			hint = conversation.DateHint.In(l.lang) + ". " + hint
		case conversation.KindDateTime:
			hint = conversation.DateHint.In(l.lang) + " uu:mm. " + hint
		}
		l.say(hint)
		text := common.Inert(cur.Text)
		check := func(s string) error {
			if strings.TrimSpace(s) == l.t(tClearHint) || s == "" {
				return nil
			}
			if err := f.Check(a, s); err != nil {
				return errors.New(l.errText(err))
			}
			return nil
		}
		var hf huh.Field
		if f.Kind == conversation.KindLongText {
			hf = huh.NewText().ExternalEditor(false).Title(label).Value(&text).Validate(check)
		} else {
			hf = huh.NewInput().Title(label).Value(&text).Validate(check)
		}
		if !l.run(hf) {
			return errEnded
		}
		if strings.TrimSpace(text) == l.t(tClearHint) {
			text = ""
		}
		if text == common.Inert(cur.Text) {
			return nil
		}
		v.Text = text
	case conversation.KindChoice:
		opts := f.Options(a)
		var ho []huh.Option[string]
		for _, o := range opts {
			ho = append(ho, huh.NewOption(common.Inert(o.Label.In(l.lang)), o.Code))
		}
		code := cur.Text
		if !l.run(huh.NewSelect[string]().Title(label).Options(ho...).Value(&code)) {
			return errEnded
		}
		if code == cur.Text {
			return nil
		}
		v.Text = code
	case conversation.KindMulti:
		var ho []huh.Option[string]
		for _, o := range f.Options(a) {
			ho = append(ho, huh.NewOption(common.Inert(o.Label.In(l.lang)), o.Code).Selected(slices.Contains(cur.Codes, o.Code)))
		}
		codes := slices.Clone(cur.Codes)
		if !l.run(huh.NewMultiSelect[string]().Title(label).Options(ho...).Value(&codes)) {
			return errEnded
		}
		if slices.Equal(codes, cur.Codes) {
			return nil
		}
		v.Codes = codes
	case conversation.KindYesNo:
		yes := cur.Yes
		if !l.run(huh.NewConfirm().Title(label).Affirmative(l.t(tYes)).Negative(l.t(tNo)).Value(&yes)) {
			return errEnded
		}
		if yes == cur.Yes {
			return nil
		}
		v.Yes = yes
	default:
		return nil
	}
	return l.apply(list, f, a, v)
}

// apply saves a change, asking first when it erases something.
func (l *lm) apply(list, f *conversation.Field, a conversation.At, v conversation.Value) error {
	if f.Confirm != nil {
		if q := f.Confirm(a, v); q != nil {
			if !l.confirm(*q) {
				l.say(l.t(tNotDone))
				return nil
			}
		}
	}
	var err error
	if list != nil {
		err = l.ed.ApplyItem(list, f, a, v)
	} else {
		err = l.ed.Apply(f, a, v)
	}
	if err != nil {
		l.say(l.errText(err))
	}
	return l.saved()
}

// saved says a failed save; the session goes on (the next change tries
// again), as on the screens.
func (l *lm) saved() error {
	if err := l.ed.SaveErr(); err != nil {
		l.say(l.t(tNotSaved) + " " + l.errText(err))
	}
	if l.ended() {
		return errEnded
	}
	return nil
}

// confirm says what a change erases and asks for j (y in English).
func (l *lm) confirm(q conversation.Confirmation) bool {
	l.say(q.Question.In(l.lang))
	for _, r := range q.Removes {
		l.say("  - " + common.Inert(r.In(l.lang)))
	}
	ans, ok := l.ask(l.t(tConfirmYes))
	if !ok {
		return false
	}
	yes := "j"
	if l.lang == intake.LangEN {
		yes = "y"
	}
	return strings.EqualFold(strings.TrimSpace(ans), yes)
}

// list asks the items of a list. A list that follows from other answers
// (the domains) is asked item by item; one that grows by hand offers to
// add, change or remove items until the user goes on.
func (l *lm) list(f *conversation.Field, a conversation.At) error {
	L := f.List
	label := f.Label.In(l.lang)
	if L.Add == nil {
		n := L.Count(a)
		if n == 0 {
			l.say(label + ": " + l.t(tNone))
		}
		for i := 0; i < n && !l.ended(); i++ {
			l.say(common.Inert(L.Title(a, i).In(l.lang)))
			if err := l.items(f, a.In(i)); err != nil {
				return err
			}
		}
		return nil
	}
	for !l.ended() {
		act, i, ok := l.listAction(f, a)
		if !ok {
			return errEnded
		}
		switch act {
		case actDone:
			return nil
		case actAdd:
			i, err := l.ed.Add(f, a)
			if err != nil {
				l.say(l.errText(err))
				continue
			}
			if err := l.items(f, a.In(i)); err != nil {
				return err
			}
		case actChange:
			if err := l.items(f, a.In(i)); err != nil {
				return err
			}
		case actRemove:
			if !l.confirm(l.ed.RemoveQuestion(f, a, i)) {
				l.say(l.t(tNotDone))
				continue
			}
			if err := l.ed.Remove(f, a, i); err != nil {
				l.say(l.errText(err))
			}
			if err := l.saved(); err != nil {
				return err
			}
		}
	}
	return errEnded
}

type listAct int

const (
	actDone listAct = iota
	actAdd
	actChange
	actRemove
)

// listAction says the items of a list that grows by hand and asks what to
// do: go on, add one, change one or remove one. An item the user may not
// change (someone else's note) is said so, and asked again.
func (l *lm) listAction(f *conversation.Field, a conversation.At) (listAct, int, bool) {
	L := f.List
	label := f.Label.In(l.lang)
	for {
		n := L.Count(a)
		l.say(fmt.Sprintf(l.t(tListCount), label, n))
		opts := []string{l.t(tListDone), fmt.Sprintf(l.t(tListAdd), L.Item.In(l.lang))}
		for i := 0; i < n; i++ {
			opts = append(opts, fmt.Sprintf(l.t(tListChange), common.Inert(L.Title(a, i).In(l.lang))))
		}
		if L.Remove != nil {
			for i := 0; i < n; i++ {
				opts = append(opts, fmt.Sprintf(l.t(tListRemove), common.Inert(L.Title(a, i).In(l.lang))))
			}
		}
		c, ok := l.choose(fmt.Sprintf(l.t(tListAction), label), opts, 0)
		if !ok {
			return actDone, 0, false
		}
		act, i := actChange, c-2
		switch {
		case c == 0:
			return actDone, 0, true
		case c == 1:
			return actAdd, 0, true
		case c >= 2+n:
			act, i = actRemove, c-2-n
		}
		if L.Editable != nil {
			if ok, why := L.Editable(a, i); !ok {
				l.say(why.In(l.lang))
				continue
			}
		}
		return act, i, true
	}
}

// items asks the fields of one list item.
func (l *lm) items(list *conversation.Field, a conversation.At) error {
	for _, f := range list.List.Fields {
		if l.ended() {
			return errEnded
		}
		if !f.IsShown(a) {
			continue
		}
		if locked, why := f.Locked(a); locked {
			l.say(fmt.Sprintf(l.t(tLocked), f.Label.In(l.lang), why.In(l.lang)))
			continue
		}
		var err error
		switch f.Kind {
		case conversation.KindInfo:
			l.say(f.Label.In(l.lang) + ":")
			for _, t := range f.Info(a) {
				l.say("  " + common.Inert(t.In(l.lang)))
			}
		case conversation.KindList:
			err = l.list(f, a)
		default:
			err = l.field(list, f, a)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readStep reads a step back: every shown field with its value.
func (l *lm) readStep(st *conversation.Step) {
	l.say(st.Title.In(l.lang) + ":")
	var read func(fs []*conversation.Field, a conversation.At, indent string)
	read = func(fs []*conversation.Field, a conversation.At, indent string) {
		for _, f := range fs {
			if !f.IsShown(a) {
				continue
			}
			label := f.Label.In(l.lang)
			if locked, why := f.Locked(a); locked {
				l.say(indent + label + ": " + why.In(l.lang))
				continue
			}
			switch f.Kind {
			case conversation.KindInfo:
				for _, t := range f.Info(a) {
					l.say(indent + label + ": " + common.Inert(t.In(l.lang)))
				}
			case conversation.KindList:
				n := f.List.Count(a)
				l.say(fmt.Sprintf(indent+l.t(tListCount), label, n))
				for i := 0; i < n; i++ {
					l.say(indent + "  " + common.Inert(f.List.Title(a, i).In(l.lang)))
					read(f.List.Fields, a.In(i), indent+"    ")
				}
			default:
				l.say(indent + label + ": " + l.valueText(f, a))
			}
		}
	}
	read(st.Fields, l.ed.At(), "  ")
}

// valueText is a field's value in words.
func (l *lm) valueText(f *conversation.Field, a conversation.At) string {
	v := f.Get(a)
	switch f.Kind {
	case conversation.KindYesNo:
		if v.Yes {
			return l.t(tYes)
		}
		return l.t(tNo)
	case conversation.KindChoice:
		return common.Inert(conversation.OptionLabel(f.Options(a), v.Text, l.lang))
	case conversation.KindMulti:
		if len(v.Codes) == 0 {
			return l.t(tNothing)
		}
		var names []string
		for _, c := range v.Codes {
			names = append(names, conversation.OptionLabel(f.Options(a), c, l.lang))
		}
		return common.Inert(strings.Join(names, ", "))
	}
	if v.Text == "" {
		return l.t(tNothing)
	}
	return common.Inert(v.Text)
}

// papers writes the resident's sheet or plan to a file.
func (l *lm) papers() error {
	kinds := []string{papers.KindSheet, papers.KindPlan}
	k, ok := l.choose(l.t(tPaperKind), []string{l.t(tPaperSheet), l.t(tPaperPlan)}, 0)
	if !ok {
		return errEnded
	}
	formats := []string{"pdf", "txt"}
	f, ok := l.choose(l.t(tPaperFormat), []string{"PDF", "Tekst (.txt)"}, 0)
	if !ok {
		return errEnded
	}
	path := defaultPath("spreekuur-" + common.ShortID(l.ed.ID()) + "-" + kinds[k] + "." + formats[f])
	if !l.run(huh.NewInput().Title(l.t(tPaperPath)).Value(&path)) {
		return errEnded
	}
	full, err := expandPath(path)
	if err != nil {
		l.say(l.errText(err))
		return nil
	}
	doc, err := l.s.Paper(l.ed.ID(), kinds[k])
	if err != nil {
		l.say(l.errText(err))
		return nil
	}
	var data []byte
	if formats[f] == "txt" {
		data = []byte(doc.Text())
	} else if data, err = doc.PDF(); err != nil {
		l.say(l.t(tPaperNotWritten))
		return nil
	}
	defer clear(data)
	write := func(overwrite bool) error {
		return exportfile.Write(full, overwrite, func(w io.Writer) error { _, err := w.Write(data); return err })
	}
	err = write(false)
	if errors.Is(err, exportfile.ErrExists) {
		ans, ok := l.ask(l.t(tPaperExists))
		if !ok {
			return errEnded
		}
		yes := "j"
		if l.lang == intake.LangEN {
			yes = "y"
		}
		if !strings.EqualFold(strings.TrimSpace(ans), yes) {
			l.say(l.t(tPaperNotWritten))
			return nil
		}
		err = write(true)
	}
	if err != nil {
		l.say(l.t(tPaperNotWritten) + " " + l.errText(err))
		return nil
	}
	l.say(fmt.Sprintf(l.t(tPaperWritten), full))
	return nil
}

// defaultPath puts a file in the user's Documents folder, when there is one.
func defaultPath(name string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return name
	}
	for _, d := range []string{"Documents", "Documenten"} {
		if fi, err := os.Stat(filepath.Join(home, d)); err == nil && fi.IsDir() {
			return filepath.Join(home, d, name)
		}
	}
	return filepath.Join(home, name)
}

func expandPath(p string) (string, error) {
	p = strings.TrimSpace(p)
	if p == "~" || strings.HasPrefix(p, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		p = filepath.Join(home, p[1:])
	}
	return filepath.Abs(p)
}
