// Package tui is the terminal app: the screens, their keys, the theme and
// every text on screen. It reaches the vault only through the narrow Vault
// interface. The root model, App, routes between screens; each screen lives
// in its own file and owns its model, keys and view.
package tui

import (
	"errors"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
)

// DefaultLockAfter is how long the app may sit idle before it locks itself.
const DefaultLockAfter = 5 * time.Minute

// Options configure the app. Only Vault or Create is required.
type Options struct {
	Lang         string        // "nl" (default) or "en"
	HighContrast bool          // start in the high-contrast theme
	NoColor      bool          // NO_COLOR: no colours, only bold/reverse
	LockAfter    time.Duration // idle time before locking; 0 = DefaultLockAfter, <0 = never
	User         string        // user to suggest on the unlock screen
	Vault        Vault         // nil means there is no vault yet: first run
	Create       CreateFunc    // creates the vault on first run
	Now          func() time.Time
	// Catalogue is the catalogue with the municipality's local overrides
	// (its own locations, routes in, social map); nil = the default.
	Catalogue *intake.Catalogue
}

// env is what every screen shares: texts, theme, vault and clock. The app
// owns it; screens keep a pointer, so a theme change reaches all of them.
type env struct {
	tx    texts
	th    *theme
	vault Vault
	now   func() time.Time
	lang  string
	cat   *intake.Catalogue

	// Wrong passphrases in a row and the wait they impose; kept here so a
	// new unlock screen does not reset them.
	unlockFailures  int
	unlockWaitUntil time.Time
}

// screen is one screen. Screens are pointers and change in place; they ask
// the app to navigate by returning messages (goHomeMsg, openIntakeMsg, …).
type screen interface {
	update(msg tea.Msg) tea.Cmd
	// view renders the body in width × height cells.
	view(width, height int) string
	// help is the help line: pairs of key and what it does.
	help() []helpItem
	// typing reports whether a text field has the keyboard, so one-letter
	// keys belong to that field and not to the app.
	typing() bool
	// title is the screen's name in the header.
	title() string
}

// lockAware screens drop what they hold when the app locks and read it
// again after unlocking.
type lockAware interface {
	locked()
	unlocked() tea.Cmd
}

// residentContent is implemented by screens that have something to show in
// the resident view.
type residentContent interface {
	residentView() (clarified string, agreements []string, ok bool)
}

type helpItem struct{ key, what string }

// Navigation messages. Screens return them as commands; the app routes them.
type (
	goHomeMsg    struct{}
	quitMsg      struct{}
	unlockedMsg  struct{ user string } // the unlock screen succeeded
	firstRunDone struct{ vault Vault } // vault created and recovery code confirmed
	idleCheckMsg struct{}
)

func send(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

// App is the root Bubble Tea model.
type App struct {
	env       *env
	lockAfter time.Duration
	flow      intakeFlow

	width, height int

	cur        screen
	home       *homeScreen // kept so going home is instant
	beforeLock screen      // the screen to return to after unlocking
	lockedBy   string      // user who was working when the app locked
	isLocked   bool
	showHelp   bool
	resident   bool // resident view on

	lastInput time.Time
	startCmd  tea.Cmd
	crashed   bool // a panic was caught: the vault is locked, the app quits

	// stop is closed when the app crashes or quits; the command started
	// in Init then ends, after a crash with a crashMsg so that a panic in
	// View (which cannot return a command) still quits the program.
	stop     chan struct{}
	stopOnce sync.Once
}

// New builds the app. With no vault it starts on the first-run screen,
// otherwise on the unlock screen.
func New(o Options) *App {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	lang := o.Lang
	if lang != "en" {
		lang = "nl"
	}
	e := &env{
		tx:    textsFor(lang),
		th:    newTheme(true, o.HighContrast, o.NoColor),
		vault: o.Vault,
		now:   now,
		lang:  lang,
		cat:   o.Catalogue,
	}
	if e.cat == nil {
		e.cat = intake.DefaultCatalogue()
	}
	a := &App{env: e, lockAfter: o.LockAfter, flow: defaultIntakeFlow(), width: 80, height: 24,
		stop: make(chan struct{})}
	if a.lockAfter == 0 {
		a.lockAfter = DefaultLockAfter
	}
	a.lastInput = now()
	switch {
	case o.Vault == nil:
		a.cur = newFirstRun(e, o.Create)
	case o.Vault.Unlocked() && !o.Vault.CanReadNotes():
		// A coordinator unlocked beforehand: the statistics dashboard.
		a.cur = newDashboard(e)
		a.startCmd = initScreen(a.cur)
	case o.Vault.Unlocked():
		// Unlocked beforehand (--passphrase-file): straight to home.
		a.home = newHome(e)
		a.cur = a.home
		a.startCmd = a.home.init()
	default:
		a.cur = newUnlock(e, o.User, false)
	}
	return a
}

// Init asks the terminal for its background colour so the theme can pick
// dark or light, and starts the idle timer.
func (a *App) Init() tea.Cmd {
	return guard(tea.Batch(tea.RequestBackgroundColor, a.idleTimer(a.lockAfter), a.startCmd, a.watchCrash))
}

// watchCrash waits until the app stops; after a crash it asks Update to quit.
func (a *App) watchCrash() tea.Msg {
	<-a.stop
	return crashMsg{}
}

func (a *App) stopWatching() { a.stopOnce.Do(func() { close(a.stop) }) }

// crashMsg: the app crashed in View; Update quits.
type crashMsg struct{}

// Crashed reports whether the app stopped because of a panic it caught.
// The caller then says so in one plain sentence and exits with an error.
func (a *App) Crashed() bool { return a.crashed }

// cmdPanicMsg: a command (a background load) panicked; guard caught it.
type cmdPanicMsg struct{}

// crash handles a panic caught in Update, View or a command. Bubble Tea's
// own handler would print the panic value and the stack trace (which can
// hold what a resident said) to stderr, and with TEA_DEBUG to a plaintext
// log file, so the app never lets a panic reach it: the keys are wiped,
// the screens are dropped and the program quits. What was typed is already
// in the vault (every change is saved at once).
func (a *App) crash() tea.Cmd {
	a.crashed = true
	a.stopWatching()
	a.isLocked, a.showHelp, a.resident = true, false, false
	a.cur, a.home, a.beforeLock = crashedScreen{}, nil, nil
	if a.env.vault != nil {
		func() {
			defer func() { _ = recover() }() // a panicking Lock must not escape either
			a.env.vault.Lock()
		}()
	}
	return clearAndQuit()
}

// guard wraps a command so that a panic inside it becomes a cmdPanicMsg
// instead of reaching Bubble Tea's panic handler. The commands of a batch
// are wrapped one by one; a sequence holds only the app's own library
// commands (clear screen, quit) and is left as it is.
func guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = cmdPanicMsg{}
			}
		}()
		msg = cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			out := make(tea.BatchMsg, len(b))
			for i, c := range b {
				out[i] = guard(c)
			}
			return out
		}
		return msg
	}
}

// crashedScreen is what is left after a crash: nothing.
type crashedScreen struct{}

func (crashedScreen) update(tea.Msg) tea.Cmd { return nil }
func (crashedScreen) view(int, int) string   { return "" }
func (crashedScreen) help() []helpItem       { return nil }
func (crashedScreen) typing() bool           { return false }
func (crashedScreen) title() string          { return "" }

func (a *App) idleTimer(d time.Duration) tea.Cmd {
	if a.lockAfter < 0 {
		return nil
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return idleCheckMsg{} })
}

// Update routes messages: global keys first, then the current screen. A
// panic anywhere below is caught here (see crash).
func (a *App) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	if a.crashed {
		if _, ok := msg.(crashMsg); ok {
			// The command crash returned is lost after a panic in View
			// (View cannot return one), and after a panic elsewhere
			// this bare quit could overtake it: clear here as well.
			return a, clearAndQuit()
		}
		return a, nil
	}
	defer func() {
		if r := recover(); r != nil {
			model, cmd = a, a.crash()
		}
	}()
	if _, ok := msg.(cmdPanicMsg); ok {
		return a, a.crash()
	}
	m, cmd := a.update(msg)
	return m, guard(cmd)
}

func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		return a, nil
	case tea.BackgroundColorMsg:
		a.env.th.setDark(msg.IsDark())
		return a, nil
	case idleCheckMsg:
		return a, a.checkIdle()
	case crashMsg: // the watcher ends after a normal quit
		return a, nil
	case quitMsg:
		return a, a.quit()
	case tea.KeyPressMsg:
		a.lastInput = a.env.now()
		if cmd, done := a.globalKey(msg); done {
			return a, cmd
		}
	case tea.PasteMsg:
		a.lastInput = a.env.now()
	case goHomeMsg:
		return a, a.goHome()
	case unlockedMsg:
		return a, a.afterUnlock(msg.user)
	case firstRunDone:
		a.env.vault = msg.vault
		return a, a.goHome()
	case openIntakeMsg:
		a.resident = false
		a.cur = a.flow.open(a.env, msg.ID)
		return a, initScreen(a.cur)
	case newIntakeMsg:
		a.resident = false
		a.cur = a.flow.create(a.env, msg.ResidentID)
		return a, initScreen(a.cur)
	case followUpMsg:
		a.resident = false
		a.cur = a.flow.followUp(a.env, msg.IntakeID)
		return a, initScreen(a.cur)
	case showScreenMsg:
		a.resident = false
		a.cur = msg.s
		return a, msg.cmd
	}
	if a.resident || a.showHelp {
		// Keys do not reach the screen under the resident view or the
		// help; other messages (loads finishing) do.
		if _, ok := msg.(tea.KeyPressMsg); ok {
			return a, nil
		}
	}
	return a, a.cur.update(msg)
}

// initScreen runs a screen's start command, if it has one.
func initScreen(s screen) tea.Cmd {
	if i, ok := s.(interface{ init() tea.Cmd }); ok {
		return i.init()
	}
	return nil
}

// globalKey handles the keys that work on every screen.
func (a *App) globalKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	switch k.String() {
	case "ctrl+c", "ctrl+q":
		return a.quit(), true
	case "ctrl+l":
		if a.canLock() {
			return a.lock(), true
		}
		return nil, true
	case "ctrl+t":
		a.env.th.toggleContrast()
		return nil, true
	}
	if a.isLocked {
		return nil, false
	}
	if a.showHelp {
		switch k.String() {
		case "esc", "?", "f1", "q", "enter":
			a.showHelp = false
		}
		return nil, true
	}
	if a.resident {
		switch k.String() {
		case "f2", "esc", "r":
			a.resident = false
		}
		return nil, true
	}
	typing := a.cur.typing()
	switch k.String() {
	case "f1":
		a.showHelp = true
		return nil, true
	case "?":
		if _, home := a.cur.(*homeScreen); home || !typing {
			a.showHelp = true
			return nil, true
		}
	case "f2":
		if a.residentAllowed() {
			a.resident = true
		}
		return nil, true
	case "r":
		if !typing && a.residentAllowed() {
			a.resident = true
			return nil, true
		}
	}
	return nil, false
}

// residentAllowed: the resident view is for an unlocked app past set-up.
func (a *App) residentAllowed() bool {
	if a.isLocked || a.env.vault == nil || !a.env.vault.Unlocked() {
		return false
	}
	switch a.cur.(type) {
	case *firstRunScreen, *unlockScreen:
		return false
	}
	return true
}

func (a *App) canLock() bool {
	if a.isLocked || a.env.vault == nil || !a.env.vault.Unlocked() {
		return false
	}
	// During first run the recovery code is on screen until it is
	// confirmed; locking would lose it for good.
	_, firstRun := a.cur.(*firstRunScreen)
	return !firstRun
}

func (a *App) checkIdle() tea.Cmd {
	if a.lockAfter < 0 {
		return nil
	}
	if !a.canLock() {
		return a.idleTimer(a.lockAfter)
	}
	idle := a.env.now().Sub(a.lastInput)
	if idle >= a.lockAfter {
		return tea.Batch(a.lock(), a.idleTimer(a.lockAfter))
	}
	return a.idleTimer(a.lockAfter - idle)
}

// clearScrollback erases the terminal's scrollback buffer (ED 3), so nothing
// typed before the lock can be scrolled back to.
const clearScrollback = "\x1b[3J"

// lock wipes the keys, tells the screens to drop what they hold, and shows
// the unlock screen. The screen that was open is kept to return to.
func (a *App) lock() tea.Cmd {
	a.lockedBy = a.env.vault.User()
	a.env.vault.Lock()
	a.isLocked = true
	a.showHelp = false
	a.resident = false
	if l, ok := a.cur.(lockAware); ok {
		l.locked()
	}
	if a.home != nil && a.cur != screen(a.home) {
		a.home.locked()
	}
	a.beforeLock = a.cur
	a.cur = newUnlock(a.env, a.lockedBy, true)
	return tea.Sequence(tea.ClearScreen, tea.Raw(clearScrollback))
}

// afterUnlock goes back to where the user was. If someone else unlocked,
// they start on the home screen instead of inside another user's work.
func (a *App) afterUnlock(user string) tea.Cmd {
	wasLocked := a.isLocked
	a.isLocked = false
	prev := a.beforeLock
	a.beforeLock = nil
	if !wasLocked || prev == nil || !strings.EqualFold(user, a.lockedBy) {
		return a.goHome()
	}
	a.cur = prev
	var cmds []tea.Cmd
	if l, ok := prev.(lockAware); ok {
		cmds = append(cmds, l.unlocked())
	}
	if a.home != nil && prev != screen(a.home) && a.env.vault.CanReadNotes() {
		cmds = append(cmds, a.home.unlocked())
	}
	return tea.Batch(cmds...)
}

func (a *App) goHome() tea.Cmd {
	a.resident = false
	a.showHelp = false
	if a.env.vault != nil && !a.env.vault.CanReadNotes() {
		// A coordinator has no notes key: their home is the dashboard.
		a.cur = newDashboard(a.env)
		return initScreen(a.cur)
	}
	if a.home == nil {
		a.home = newHome(a.env)
		a.cur = a.home
		return a.home.init()
	}
	a.cur = a.home
	return a.home.reload()
}

func (a *App) quit() tea.Cmd {
	a.stopWatching()
	if a.env.vault != nil {
		a.env.vault.Lock()
	}
	return clearAndQuit()
}

// clearAndQuit clears the screen and the scrollback, then quits.
func clearAndQuit() tea.Cmd {
	return tea.Sequence(tea.ClearScreen, tea.Raw(clearScrollback), tea.Quit)
}

// View draws the header, the current screen and the help line, always
// exactly the terminal's size.
func (a *App) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			// Drawing failed: lock, and clear and quit on the crashMsg
			// that follows (View cannot return a command). The view
			// stays empty: nothing of the screen is shown again.
			a.crash()
			v = tea.NewView("")
		}
	}()
	if a.crashed {
		return tea.NewView("")
	}
	v = tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = a.env.tx.get(tAppName) // never a resident's name
	return v
}

func (a *App) render() string {
	w, h := max(a.width, 20), max(a.height, 6)
	tx := a.env.tx
	if a.resident && !a.isLocked {
		body := renderResident(a.env, a.cur, w, h-1)
		return fit(body, w, h-1) + "\n" + a.helpLine([]helpItem{{"F2", tx.get(tBack)}}, a.globalHelp(false), w)
	}
	header := a.header(w)
	var body string
	var help []helpItem
	if a.showHelp && !a.isLocked {
		body = renderHelp(a.env, a.cur, w, h-2)
		help = []helpItem{{"esc", tx.get(tClose)}}
	} else {
		body = a.cur.view(w, h-2)
		help = a.cur.help()
	}
	return header + "\n" + fit(body, w, h-2) + "\n" + a.helpLine(help, a.globalHelp(!a.showHelp), w)
}

// globalHelp lists the keys that work everywhere; they always stay on the
// help line.
func (a *App) globalHelp(withHelpKey bool) []helpItem {
	tx := a.env.tx
	var items []helpItem
	if withHelpKey && !a.isLocked && !a.resident {
		k := "F1"
		if _, home := a.cur.(*homeScreen); home || !a.cur.typing() {
			k = "?"
		}
		items = append(items, helpItem{k, tx.get(tHelpHelp)})
	}
	if a.canLock() {
		items = append(items, helpItem{"ctrl+l", tx.get(tHelpLock)})
	}
	return append(items, helpItem{"ctrl+c", tx.get(tHelpQuit)})
}

func (a *App) header(w int) string {
	th := a.env.th
	left := " " + a.env.tx.get(tAppName)
	if t := a.cur.title(); t != "" && !a.showHelp {
		left += " · " + t
	} else if a.showHelp {
		left += " · " + a.env.tx.get(tHelpTitle)
	}
	right := ""
	if a.env.vault != nil && !a.isLocked && a.env.vault.Unlocked() {
		right = inert(a.env.vault.User()) + " "
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		right, gap = "", max(0, w-lipgloss.Width(left))
	}
	return th.Header.Render(ansi.Truncate(left+strings.Repeat(" ", gap)+right, w, "…"))
}

// helpLine renders key/what pairs on one line: the screen's keys, then the
// global ones. When it is too wide, the screen's last keys are left off
// (they are all on the help page).
func (a *App) helpLine(items, global []helpItem, w int) string {
	th := a.env.th
	width := func(list []helpItem) int {
		n := 1
		for i, it := range list {
			if i > 0 {
				n += 3
			}
			n += lipgloss.Width(it.key) + 1 + lipgloss.Width(it.what)
		}
		return n
	}
	for len(items) > 0 && width(append(items[:len(items):len(items)], global...)) > w {
		items = items[:len(items)-1]
	}
	all := append(items[:len(items):len(items)], global...)
	var b strings.Builder
	b.WriteString(" ")
	for i, it := range all {
		if i > 0 {
			b.WriteString(th.Help.Render(" · "))
		}
		b.WriteString(th.HelpKey.Render(it.key))
		b.WriteString(th.Help.Render(" " + it.what))
	}
	return ansi.Truncate(b.String(), w, "")
}

// fit makes s exactly h lines of at most w cells: cut or padded.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// locationName is the catalogue's name of a place, in the app's language.
func (e *env) locationName(code intake.LocationCode) string {
	if code == "" {
		return ""
	}
	if l, ok := e.cat.Location(code); ok {
		return l.Name.In(e.lang)
	}
	return string(code)
}

// agencyName is the catalogue's name of an agency.
func (e *env) agencyName(code intake.AgencyCode) string {
	if a, ok := e.cat.Agency(code); ok {
		return a.Name.In(e.lang)
	}
	return string(code)
}

// errorText turns an error from the vault into one plain sentence.
func errorText(tx texts, err error) string {
	switch {
	case errors.Is(err, ErrWrongPassphrase):
		return tx.get(tErrWrongPass)
	case errors.Is(err, ErrLocked):
		return tx.get(tErrLocked)
	case errors.Is(err, ErrNoAccess):
		return tx.get(tErrNoAccess)
	case errors.Is(err, ErrVaultInUse):
		return tx.get(tErrInUse)
	case errors.Is(err, ErrNotFound):
		return tx.get(tErrNotFound)
	case errors.Is(err, ErrPassphraseShort):
		return tx.get(tErrPassShort)
	case errors.Is(err, errNotYours):
		return tx.get(tErrNotYours)
	default:
		return tx.get(tErrGeneric)
	}
}
