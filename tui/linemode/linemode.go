// Package linemode is spreekuur for screen readers (--accessible): plain
// lines, one question at a time, nothing drawn. The conversation's fields
// are asked through huh's accessible fields (RunAccessible), from the same
// definitions the terminal forms draw (intake/conversation), and saved
// through the same editor (session). What huh lacks is here: menus, going
// back a step, reading a step back, continuing a draft, notes, follow-up
// contacts, papers, the coordinator's figures, the passphrase without echo
// and the idle lock.
package linemode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/auth"
	"github.com/spreekuur/spreekuur/tui/screens/stats"
	"golang.org/x/term"
)

// maxAttempts is how many wrong passphrases end the session.
const maxAttempts = 5

// Options configure the line mode.
type Options struct {
	Lang      string
	LockAfter time.Duration // idle time before locking; <= 0: never
	User      string        // the user to unlock as ("" asks)
	// Session is the session on the open vault; nil means first run
	// through Create and Open.
	Session *session.Session
	Create  common.CreateFunc
	Open    common.OpenFunc
	Now     func() time.Time
	Sleep   func(time.Duration) // the wait after a wrong passphrase (tests: none)
}

// errEnded: the input ended or the session must stop; what was answered
// is saved.
var errEnded = errors.New("line mode ended")

// lm is one line-mode session.
type lm struct {
	o       Options
	lang    string
	s       *session.Session
	out     io.Writer
	outTerm bool
	w       *huhWriter
	in      *huhReader
	src     source
	theme   huh.Theme
	ed      *session.Editor // the conversation being edited: read again after an idle lock
	fatal   error
	lastErr error
	noIdle  bool // during set-up: the recovery code must not be lost
}

// Run runs the line mode until the user stops or the input ends.
func Run(in io.Reader, out io.Writer, o Options) (err error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = time.Sleep
	}
	l := &lm{o: o, lang: intake.NormLang(o.Lang), s: o.Session, out: out}
	l.w = &huhWriter{out: out, dutch: l.lang == intake.LangNL}
	l.in = &huhReader{l: l}
	l.theme = huh.ThemeFunc(func(bool) *huh.Styles { return &huh.Styles{} }) // plain text, no styling
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		l.src.inFile = f
	}
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		l.outTerm = true
	}
	l.src.start(in)
	l.say(l.t(tWelcome))
	if l.src.inFile == nil {
		l.say(l.t(tNoTerminal))
	}
	defer func() {
		l.src.stop()
		if l.s != nil {
			l.s.Lock()
		}
		l.clearScreen()
		l.say(l.t(tBye))
		if !l.outTerm {
			l.say(l.t(tCloseWindow))
		}
		if errors.Is(err, errEnded) || errors.Is(err, io.EOF) {
			err = l.endErr()
		}
	}()
	switch {
	case l.s == nil:
		if err := l.firstRun(); err != nil {
			return err
		}
	case !l.s.Unlocked():
		if err := l.unlock(o.User); err != nil {
			return err
		}
	}
	if !l.s.CanReadNotes() {
		return l.coordinator()
	}
	return l.mainMenu()
}

func (l *lm) t(id textID) string { return texts.Get(l.lang, id) }

func (l *lm) say(line string) {
	l.w.forget()
	fmt.Fprintln(l.out, line)
}

func (l *lm) endErr() error {
	if errors.Is(l.fatal, errIdleEnded) {
		return nil
	}
	return l.fatal
}

// ended reports whether the session must stop: the input ended, or an
// idle lock could not unlock again.
func (l *lm) ended() bool { return l.in.eof || l.fatal != nil }

const clearScreenAndScrollback = "\x1b[3J\x1b[2J\x1b[H"

func (l *lm) clearScreen() {
	if l.outTerm {
		fmt.Fprint(l.out, clearScreenAndScrollback)
	}
}

func (l *lm) idleOn() bool {
	return l.o.LockAfter > 0 && !l.noIdle && l.fatal == nil && l.s != nil && l.s.Unlocked()
}

// readLine is the next line from the user, with the idle lock: after the
// idle time the vault locks, the screen is cleared, the passphrase is
// asked, and the question that was waiting is said again.
func (l *lm) readLine() (string, bool) {
	for {
		if l.fatal != nil {
			return "", false
		}
		timeout := time.Duration(0)
		if l.idleOn() {
			timeout = l.o.LockAfter
		}
		line, timedOut, err := l.src.read(timeout)
		if timedOut {
			prompt := l.w.lastPrompt()
			if !l.idleLock() {
				return "", false
			}
			if prompt != "" {
				fmt.Fprint(l.out, prompt)
			}
			continue
		}
		if err != nil && line == "" {
			return "", false
		}
		return line, true
	}
}

// ask says prompt and returns the answer.
func (l *lm) ask(prompt string) (string, bool) {
	l.say(prompt)
	line, ok := l.readLine()
	if !ok {
		l.in.eof = true
		return "", false
	}
	return strings.TrimRight(line, "\r\n"), true
}

// askSecret reads a passphrase: without echo on a terminal.
func (l *lm) askSecret(prompt string) ([]byte, bool) {
	if l.src.inFile != nil && l.src.cancelPending() {
		l.say(prompt)
		b, err := readPassword(int(l.src.inFile.Fd()))
		l.say("")
		return b, err == nil
	}
	line, ok := l.ask(prompt)
	return []byte(line), ok
}

// idleLock locks the vault, drops the conversation from memory and asks
// the passphrase again. It reports false when the session must end.
func (l *lm) idleLock() bool {
	user := l.s.User()
	if l.ed != nil {
		l.ed.Wipe()
	}
	l.s.Lock()
	l.clearScreen()
	if l.src.inFile != nil && l.src.cancel == nil && l.src.pending {
		l.say(l.t(tLockedIdleEnd))
		l.fatal = errIdleEnded
		return false
	}
	l.say(l.t(tLockedIdle))
	l.src.cancelPending()
	if err := l.unlock(user); err != nil {
		l.fatal = err
		return false
	}
	if l.ed != nil {
		if err := l.ed.Reload(); err != nil {
			l.say(l.errText(err))
			l.fatal = err
			return false
		}
	}
	return true
}

func (l *lm) errText(err error) string {
	if ie, ok := conversation.AsInputError(err); ok {
		return ie.Msg.In(l.lang) // a refused answer says what is wrong with it
	}
	s, _ := session.Sentence(err, l.lang)
	return s
}

// unlock asks the name (unless given) and the passphrase, with a growing
// wait after a wrong one, at most maxAttempts times.
func (l *lm) unlock(given string) error {
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		user := given
		if user == "" {
			var ok bool
			if user, ok = l.ask(l.t(tNamePrompt)); !ok {
				return l.endOfInput()
			}
			user = strings.TrimSpace(user)
		}
		pass, ok := l.askSecret(l.t(tPassPrompt))
		if !ok {
			return l.endOfInput()
		}
		err := l.s.Unlock(user, pass)
		clear(pass)
		if err == nil {
			l.say(fmt.Sprintf(l.t(tWelcomeUser), common.Inert(l.s.User())))
			return nil
		}
		l.say(l.errText(err))
		if !errors.Is(err, session.ErrWrongPassphrase) && !errors.Is(err, session.ErrNoPassphrase) {
			return err
		}
		l.lastErr = err
		d := auth.UnlockDelay(attempt)
		l.say(fmt.Sprintf(l.t(tWait), int(d/time.Second)))
		l.o.Sleep(d)
	}
	l.say(l.t(tTooMany))
	return l.lastErr
}

func (l *lm) endOfInput() error {
	if l.lastErr != nil {
		return l.lastErr
	}
	return errEnded
}

// firstRun makes the vault; it exists only once the recovery code is
// typed back.
func (l *lm) firstRun() error {
	l.noIdle = true
	defer func() { l.noIdle = false }()
	l.say(l.t(tFirstRunIntro))
	var name string
	for name == "" {
		line, ok := l.ask(l.t(tNamePrompt))
		if !ok {
			return errEnded
		}
		name = strings.TrimSpace(line)
	}
	l.say(l.t(tStrengthTip))
	var pass []byte
	for pass == nil {
		p1, ok := l.askSecret(l.t(tPassPrompt))
		if !ok {
			return errEnded
		}
		if utf8.RuneCount(p1) < auth.MinPassphrase { // no string or []rune copy of it
			clear(p1)
			l.say(l.errText(session.ErrPassphraseShort))
			continue
		}
		p2, ok := l.askSecret(l.t(tPassAgainPrompt))
		if !ok {
			clear(p1)
			return errEnded
		}
		same := bytes.Equal(p1, p2)
		clear(p2)
		if !same {
			clear(p1)
			l.say(l.errText(session.ErrPassphraseMismatch))
			continue
		}
		pass = p1
	}
	l.say(l.t(tCreating))
	p, err := l.o.Create(name, pass)
	clear(pass)
	if err != nil {
		l.say(l.errText(err))
		return err
	}
	defer func() {
		if l.s == nil {
			p.Abandon() // stopped before the code was typed back: no vault
		}
	}()
	code := common.Inert(string(p.Code()))
	l.say(l.t(tRecoveryTitle) + ":")
	l.say(l.t(tRecoveryExplain))
	l.say(code)
	l.say(l.t(tCodeSpelled) + " " + spellOut(code))
	for {
		line, ok := l.ask(l.t(tRecoveryTypeBack))
		if !ok {
			return errEnded
		}
		s, err := l.o.Open(p, line)
		if err == nil {
			l.s = s
			l.say(l.t(tVaultReady))
			return nil
		}
		l.say(l.errText(err))
		if !errors.Is(err, session.ErrRecoveryMismatch) {
			return err
		}
	}
}

// spellOut separates characters with spaces and groups with commas, so a
// screen reader reads the code clearly.
func spellOut(code string) string {
	groups := strings.FieldsFunc(code, func(r rune) bool { return r == '-' || r == ' ' })
	for i, g := range groups {
		groups[i] = strings.Join(strings.Split(g, ""), " ")
	}
	return strings.Join(groups, ", ")
}

// choose asks one of options (huh's accessible select) and returns its
// index; ok false when the input ended.
func (l *lm) choose(title string, options []string, def int) (int, bool) {
	var opts []huh.Option[int]
	for i, o := range options {
		opts = append(opts, huh.NewOption(o, i))
	}
	v := def
	sel := huh.NewSelect[int]().Title(title).Options(opts...).Value(&v)
	if !l.run(sel) {
		return 0, false
	}
	return v, true
}

// run asks one huh field in its accessible mode.
func (l *lm) run(f huh.Field) bool {
	f.WithTheme(l.theme)
	_ = f.RunAccessible(l.w, l.in)
	return !l.ended()
}

func (l *lm) mainMenu() error {
	for {
		l.say("")
		i, ok := l.choose(l.t(tMenu), []string{l.t(tMenuOpen), l.t(tMenuNew), l.t(tMenuStop)}, 0)
		if !ok {
			return errEnded
		}
		switch i {
		case 0:
			if err := l.browse(); err != nil {
				return err
			}
		case 1:
			ed, err := l.s.NewIntake("")
			if err != nil {
				l.say(l.errText(err))
				continue
			}
			if err := l.conversation(ed, true); err != nil {
				return err
			}
		default:
			return nil
		}
	}
}

func (l *lm) coordinator() error {
	for {
		l.say("")
		i, ok := l.choose(l.t(tCoordMenu), []string{l.t(tCoordRead), l.t(tMenuStop)}, 0)
		if !ok {
			return errEnded
		}
		if i != 0 {
			return nil
		}
		presets := statistics.Presets(l.o.Now())
		names := make([]string, len(presets))
		for i, p := range presets {
			names[i] = stats.PresetName(l.lang, p)
		}
		opt := statistics.Options{Now: l.o.Now()}
		if len(presets) > 0 {
			p, ok := l.choose(l.t(tCoordPeriod), names, 0)
			if !ok {
				return errEnded
			}
			opt.Period, opt.Provisional = presets[p].Period, presets[p].Provisional
		}
		rep, err := l.s.Statistics(opt)
		if err != nil {
			l.say(l.errText(err))
			continue
		}
		ctx := common.NewContext(l.s, common.NewTheme(true, false, true), l.lang, l.o.Now)
		for _, line := range stats.Lines(ctx, rep) {
			l.say(line)
		}
	}
}
