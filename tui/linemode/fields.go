package linemode

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/tui/common"
)

// Asking the conversation's fields, each through huh's accessible field of
// its kind, and the lists of sub-records.

// fields asks each shown field in turn; what is shown is worked out again
// before each (an earlier answer can show or hide a later question).
func (l *lm) fields(fs []*conversation.Field, a conversation.At) error {
	// A personal field before the consent question is locked when it
	// comes; once consent is given further on, it is asked after all.
	var later []*conversation.Field
	for _, f := range fs {
		if locked, _ := f.Locked(a); locked && f.IsShown(a) {
			later = append(later, f)
		}
	}
	queue := append(append([]*conversation.Field{}, fs...), later...)
	done := map[*conversation.Field]bool{}
	for i, f := range queue {
		if l.ended() {
			return errEnded
		}
		if done[f] || !f.IsShown(a) {
			continue
		}
		if locked, why := f.Locked(a); locked {
			if i < len(fs) { // said once; the second time round it stays quiet
				l.say(fmt.Sprintf(l.t(tLocked), f.Label.In(l.lang), why.In(l.lang)))
			}
			continue
		}
		done[f] = true
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
