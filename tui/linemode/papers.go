package linemode

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store/exportfile"
	"github.com/spreekuur/spreekuur/tui/common"
)

// Reading a step back, and making the resident's papers.

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
	kinds := []session.PaperRequest{{Kind: papers.KindSheet}, {Kind: papers.KindPlan}}
	labels := []string{l.t(tPaperSheet), l.t(tPaperPlan)}
	late, err := l.s.LateDecisions(l.ed.ID())
	if err != nil {
		l.say(l.errText(err))
		return nil
	}
	for _, ld := range late { // the municipality is late: the letter that says so
		kinds = append(kinds, session.PaperRequest{Kind: papers.KindLetter, Late: ld.Ref()})
		labels = append(labels, l.t(tPaperLetter)+": "+common.Inert(ld.Title().In(l.lang)))
	}
	k, ok := l.choose(l.t(tPaperKind), labels, 0)
	if !ok {
		return errEnded
	}
	req := kinds[k]
	req.IntakeID = l.ed.ID()
	formats := []string{"pdf", "txt"}
	f, ok := l.choose(l.t(tPaperFormat), []string{"PDF", "Tekst (.txt)"}, 0)
	if !ok {
		return errEnded
	}
	path := defaultPath("spreekuur-" + common.ShortID(l.ed.ID()) + "-" + req.Kind + "." + formats[f])
	if !l.run(huh.NewInput().Title(l.t(tPaperPath)).Value(&path)) {
		return errEnded
	}
	full, err := expandPath(path)
	if err != nil {
		l.say(l.errText(err))
		return nil
	}
	doc, err := l.s.Paper(req)
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
