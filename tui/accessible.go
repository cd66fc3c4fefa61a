package tui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/muesli/cancelreader"
	"github.com/spreekuur/spreekuur/intake"
	"golang.org/x/term"
)

// The accessible mode (--accessible) is its own path, not the screens: a
// screen reader reads plain lines, so there is no alternate screen, no
// colour, no redrawing, and one prompt at a time. (huh's accessible mode
// only works through form.Run, one whole form at a time, so it does not fit
// into the Bubble Tea app.) The same texts, vault and rules apply: wrong
// passphrases slow down, everything is saved at once, text from the vault is
// made inert.

const (
	maxAccessibleAttempts = 5
	maxLineRunes          = 2000 // cap on one typed answer
	maxListed             = 20   // intakes listed at once
)

// sleep waits between wrong passphrases; tests replace it.
var sleep = time.Sleep

// newCancelReader and readPassword reach the terminal; tests replace them.
var (
	newCancelReader = cancelreader.NewReader
	readPassword    = term.ReadPassword
)

// errIdleEnded: the idle lock ended the session, because the passphrase
// could not be asked again safely (see idleLock). Not an error for the
// caller: everything was saved and the vault is locked.
var errIdleEnded = errors.New("idle lock ended the session")

type lineSession struct {
	inFile  *os.File // set when input is a terminal: passphrases without echo
	out     io.Writer
	outTerm bool // out is a terminal: the screen and scrollback can be cleared
	e       *env
	lastErr error

	// Lines are read by a goroutine, one per request, so that waiting
	// for an answer can time out: after idle without input the vault
	// locks (as in the full-screen app).
	idle    time.Duration // <= 0: never
	noIdle  bool          // during set-up: the recovery code must not be lost
	src     swapReader
	cancel  cancelreader.CancelReader // on a terminal: ends a pending read
	req     chan struct{}
	res     chan lineResult
	pending bool  // a read is under way
	fatal   error // the session must end (a relock failed)
}

type lineResult struct {
	line string
	err  error
}

// swapReader reads from r; r is replaced only while no read is under way.
type swapReader struct{ r io.Reader }

func (s *swapReader) Read(p []byte) (int, error) { return s.r.Read(p) }

// clearScreenAndScrollback: ED 3 (scrollback), ED 2 (screen), cursor home.
const clearScreenAndScrollback = "\x1b[3J\x1b[2J\x1b[H"

// startReading starts the goroutine that reads one line per request.
func (s *lineSession) startReading(in io.Reader) {
	s.src.r = in
	if s.inFile != nil {
		if cr, err := newCancelReader(s.inFile); err == nil {
			s.cancel, s.src.r = cr, cr
		}
	}
	br := bufio.NewReader(&s.src)
	req, res := make(chan struct{}), make(chan lineResult)
	s.req, s.res = req, res
	go func() {
		var end error
		for range req {
			if end != nil {
				res <- lineResult{err: end}
				continue
			}
			line, err := br.ReadString('\n')
			if err != nil && !errors.Is(err, cancelreader.ErrCanceled) {
				end = err
			}
			res <- lineResult{line, err}
		}
	}()
}

// readLine waits for the next line; timedOut when idle ran out first (the
// read stays under way and its line is the answer to the next prompt).
func (s *lineSession) readLine(idle bool) (line string, timedOut bool, err error) {
	if !s.pending {
		s.req <- struct{}{}
		s.pending = true
	}
	var timeout <-chan time.Time
	if idle {
		t := time.NewTimer(s.idle)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case r := <-s.res:
		s.pending = false
		return r.line, false, r.err
	case <-timeout:
		return "", true, nil
	}
}

// idleOn: the idle timer runs while the vault is unlocked, except during
// set-up.
func (s *lineSession) idleOn() bool {
	return s.idle > 0 && !s.noIdle && s.fatal == nil && s.e.vault != nil && s.e.vault.Unlocked()
}

// idleLock locks the vault after idle time, clears the screen (on a
// terminal), says so and asks for the passphrase again. It reports whether
// the session can go on.
func (s *lineSession) idleLock() bool {
	tx := s.e.tx
	user := s.e.vault.User()
	s.e.vault.Lock()
	s.clearScreen()
	if s.inFile != nil && s.cancel == nil && s.pending {
		// A terminal whose read cannot be ended (no cancel reader could
		// be made): the read under way would go on in the reader
		// goroutine while the passphrase is read without echo from the
		// same terminal, so the typed passphrase could be taken by that
		// read and become the answer to the next question. Reading it
		// as a plain line instead would show it on the screen. So the
		// session ends here, locked; everything is saved already.
		s.say(tx.get(tAccLockedIdleEnd))
		s.fatal = errIdleEnded
		return false
	}
	s.say(tx.get(tAccLockedIdle))
	if s.cancel != nil && s.pending {
		// A terminal: end the pending read, so the passphrase is read
		// without echo, and read on from a fresh reader.
		s.cancel.Cancel()
		<-s.res
		s.pending = false
		// The old reader is done with: free its epoll fd (kqueue,
		// event handle) and its pipe pair. The terminal stays open.
		_ = s.cancel.Close()
		if cr, err := newCancelReader(s.inFile); err == nil {
			s.cancel, s.src.r = cr, cr
		} else {
			s.cancel, s.src.r = nil, s.inFile
		}
	}
	if err := s.unlock(user); err != nil {
		s.fatal = err
		return false
	}
	return true
}

// stopReading ends the reader goroutine and closes the cancel reader, at
// the end of the session. A read under way on a terminal is cancelled
// first; one on other input (a pipe) cannot be, and is left to end with
// the input.
func (s *lineSession) stopReading() {
	if s.req == nil {
		return
	}
	if s.pending && s.cancel != nil {
		s.cancel.Cancel()
		<-s.res
		s.pending = false
	}
	if s.cancel != nil {
		_ = s.cancel.Close()
		s.cancel = nil
	}
	if !s.pending {
		close(s.req)
		s.req = nil
	}
}

// clearScreen erases the screen and the scrollback when out is a terminal.
func (s *lineSession) clearScreen() {
	if s.outTerm {
		fmt.Fprint(s.out, clearScreenAndScrollback)
	}
}

// RunAccessible runs the line-by-line mode on in and out. It returns nil
// when the user stops; an error wrapping ErrWrongPassphrase after too many
// wrong passphrases; other errors from the vault as they are.
func RunAccessible(in io.Reader, out io.Writer, o Options) error {
	a := New(o) // for the shared env: texts, clock, catalogue
	s := &lineSession{out: out, e: a.env, idle: a.lockAfter}
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		s.inFile = f
	}
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		s.outTerm = true
	}
	s.startReading(in)
	tx := s.e.tx
	s.say(tx.get(tAccWelcome))
	if s.inFile == nil {
		s.say(tx.get(tAccNoTerminal))
	}
	defer func() {
		s.stopReading()
		if s.e.vault != nil {
			s.e.vault.Lock()
		}
		// Names, questions and the recovery code are in the scrollback.
		s.clearScreen()
		s.say(tx.get(tAccBye))
		if !s.outTerm {
			s.say(tx.get(tAccCloseWindow))
		}
	}()

	switch {
	case o.Vault == nil:
		if err := s.firstRun(o.Create); err != nil {
			return err
		}
	case !o.Vault.Unlocked():
		if err := s.unlock(o.User); err != nil {
			return err
		}
	}
	if !s.e.vault.CanReadNotes() {
		return s.coordinatorMenu()
	}
	for {
		s.say("")
		s.say(tx.get(tAccMenu))
		choice, ok := s.ask(tx.get(tAccChoice))
		if !ok {
			return s.endErr()
		}
		switch strings.TrimSpace(choice) {
		case "1":
			s.browse()
		case "2":
			if err := s.newIntake(); err != nil {
				s.say(errorText(tx, err))
			}
		case "3", "":
			return nil
		default:
			s.say(tx.get(tAccUnknownChoice))
		}
	}
}

func (s *lineSession) say(line string) { fmt.Fprintln(s.out, line) }

// endErr is what the session returns when it ends: nil when the user
// stopped or the idle lock ended it, the error that made it end otherwise.
func (s *lineSession) endErr() error {
	if errors.Is(s.fatal, errIdleEnded) {
		return nil
	}
	return s.fatal
}

// ask prints a prompt on its own line and reads one answer line. ok is
// false at the end of the input.
func (s *lineSession) ask(prompt string) (string, bool) {
	if s.fatal != nil {
		return "", false // the session ends: no more questions
	}
	var line string
	for {
		s.say(prompt)
		var err error
		var timedOut bool
		line, timedOut, err = s.readLine(s.idleOn())
		if timedOut {
			if !s.idleLock() {
				return "", false
			}
			continue // unlocked again: the same question
		}
		if err != nil && line == "" {
			return "", false
		}
		break
	}
	line = strings.TrimRight(line, "\r\n")
	if r := []rune(line); len(r) > maxLineRunes {
		line = string(r[:maxLineRunes])
	}
	return line, true
}

// askSecret reads a passphrase: without echo on a terminal, as a plain
// line otherwise (pipes, tests). The caller wipes it.
func (s *lineSession) askSecret(prompt string) ([]byte, bool) {
	if s.inFile != nil {
		s.say(prompt)
		b, err := readPassword(int(s.inFile.Fd()))
		s.say("")
		return b, err == nil
	}
	line, ok := s.ask(prompt)
	return []byte(line), ok
}

func (s *lineSession) unlock(given string) error {
	tx := s.e.tx
	for attempt := 1; attempt <= maxAccessibleAttempts; attempt++ {
		user := given
		if user == "" {
			var ok bool
			if user, ok = s.ask(tx.get(tAccNamePrompt)); !ok {
				return s.endOfInput()
			}
			user = strings.TrimSpace(user)
		}
		pass, ok := s.askSecret(tx.get(tAccPassPrompt))
		if !ok {
			return s.endOfInput()
		}
		err := s.e.vault.Unlock(user, pass)
		clear(pass)
		if err == nil {
			s.say(fmt.Sprintf(tx.get(tAccWelcomeUser), inert(s.e.vault.User())))
			return nil
		}
		s.say(errorText(tx, err))
		if !errors.Is(err, ErrWrongPassphrase) {
			return err
		}
		s.lastErr = err
		d := unlockDelay(attempt)
		s.say(fmt.Sprintf(tx.get(tWaitSeconds), int(d/time.Second)))
		sleep(d)
	}
	s.say(tx.get(tAccTooMany))
	return s.lastErr
}

// endOfInput: input ended before unlocking; after a wrong passphrase that
// is what is reported (exit code 3 for scripts).
func (s *lineSession) endOfInput() error {
	if s.lastErr != nil {
		return s.lastErr
	}
	return io.EOF
}

func (s *lineSession) firstRun(create CreateFunc) error {
	tx := s.e.tx
	s.noIdle = true // locking would lose the recovery code for good
	defer func() { s.noIdle = false }()
	s.say(tx.get(tFirstRunIntro))
	s.say(tx.get(tFirstRunExplain))
	var name string
	for name == "" {
		line, ok := s.ask(tx.get(tAccNamePrompt))
		if !ok {
			return io.EOF
		}
		name = strings.TrimSpace(line)
	}
	s.say(tx.get(tStrengthTip))
	var pass []byte
	for pass == nil {
		p1, ok := s.askSecret(tx.get(tAccPassPrompt))
		if !ok {
			return io.EOF
		}
		if len([]rune(string(p1))) < minPassphrase {
			clear(p1)
			s.say(tx.get(tErrPassShort))
			continue
		}
		p2, ok := s.askSecret(tx.get(tAccPassAgainPrompt))
		if !ok {
			clear(p1)
			return io.EOF
		}
		if string(p1) != string(p2) {
			clear(p1)
			clear(p2)
			s.say(tx.get(tErrPassDiffer))
			continue
		}
		clear(p2)
		pass = p1
	}
	s.say(tx.get(tCreating))
	v, code, err := create(name, pass)
	clear(pass)
	if err != nil {
		s.say(errorText(tx, err))
		return err
	}
	s.e.vault = v
	defer clear(code)
	s.say(tx.get(tRecoveryTitle) + ":")
	s.say(tx.get(tRecoveryExplain))
	// Spelled out group by group, so a screen reader reads it clearly.
	s.say(inert(string(code)))
	s.say(tx.get(tAccCodeSpelled) + " " + spellOut(inert(string(code))))
	for {
		line, ok := s.ask(tx.get(tRecoveryTypeBack))
		if !ok {
			return io.EOF
		}
		if normaliseCode(line) == normaliseCode(string(code)) {
			s.say(tx.get(tAccSaved))
			return nil
		}
		s.say(tx.get(tRecoveryMismatch))
	}
}

// spellOut separates characters with spaces and groups with commas.
func spellOut(code string) string {
	groups := strings.FieldsFunc(code, func(r rune) bool { return r == '-' || r == ' ' })
	for i, g := range groups {
		groups[i] = strings.Join(strings.Split(g, ""), " ")
	}
	return strings.Join(groups, ", ")
}

// browse lists intakes matching a typed part of a name and shows one.
func (s *lineSession) browse() {
	tx := s.e.tx
	rows, err := loadHomeRows(s.e)
	if err != nil {
		s.say(errorText(tx, err))
		return
	}
	filter, ok := s.ask(tx.get(tAccFilterPrompt))
	if !ok {
		return
	}
	words := strings.Fields(searchKey(filter))
	var found []homeRow
	for _, r := range rows {
		if r.intakeID != "" && matchAll(r.key, words) {
			found = append(found, r)
			if len(found) == maxListed {
				break
			}
		}
	}
	if len(found) == 0 {
		s.say(tx.get(tAccListEmpty))
		return
	}
	s.say(fmt.Sprintf(tx.get(tAccList), len(found)))
	for i, r := range found {
		s.say(fmt.Sprintf("%d. %s, %s, %s", i+1, r.name, r.statusText, r.dateText))
	}
	pick, ok := s.ask(tx.get(tAccPickPrompt))
	n, err := strconv.Atoi(strings.TrimSpace(pick))
	if !ok || err != nil || n < 1 || n > len(found) {
		return
	}
	s.showIntake(found[n-1].intakeID)
}

func (s *lineSession) showIntake(id string) {
	tx := s.e.tx
	in, err := s.e.vault.Intake(id)
	if err == nil && !s.e.mayOpen(&in) {
		in, err = intake.Intake{}, errNotYours
	}
	if err != nil {
		s.say(errorText(tx, err))
		return
	}
	name := tx.get(tAnonymous)
	if in.ResidentID != "" {
		if r, err := s.e.vault.Resident(in.ResidentID); err == nil {
			name = r.Pseudonym
		}
	}
	orNothing := func(t string) string {
		if strings.TrimSpace(t) == "" {
			return tx.get(tNothingYet)
		}
		return inert(t)
	}
	s.say(inert(name) + ", " + tx.status(in.Status) + ", " + formatDate(tx, in.Updated) + ".")
	s.say(tx.get(tQuestionOwn) + ": " + orNothing(in.OwnWords))
	s.say(tx.get(tClarified) + ": " + orNothing(in.ClarifiedQuestion))
	s.say(tx.get(tAgreements) + ": " + strconv.Itoa(len(in.Agreements)))
	for _, a := range in.Agreements {
		s.say(strings.TrimPrefix(agreementLine(s.e, a), "• "))
	}
	s.say(tx.get(tNotes) + ": " + strconv.Itoa(len(in.Notes)))
	for _, n := range in.Notes {
		s.say(inert(n.Author) + ", " + n.At.Format(tx.get(tDateTimeLayout)) + ": " + inert(n.Text))
	}
}

// yesNo asks until the answer is yes or no (j/ja/y/yes, n/nee/no).
func (s *lineSession) yesNo(prompt string) (yes, ok bool) {
	for {
		line, ok := s.ask(prompt)
		if !ok {
			return false, false
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "j", "ja", "y", "yes":
			return true, true
		case "n", "nee", "no":
			return false, true
		}
	}
}
