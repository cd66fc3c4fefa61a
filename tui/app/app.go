// Package app is the root of the terminal app: it routes between the
// screens (tui/screens), owns the keys that work everywhere, locks after
// idle time and on ctrl+l, shows the help page and the resident view, and
// makes sure a panic never prints what a resident said.
package app

import (
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
	"github.com/spreekuur/spreekuur/tui/screens/auth"
	"github.com/spreekuur/spreekuur/tui/screens/export"
	"github.com/spreekuur/spreekuur/tui/screens/home"
	"github.com/spreekuur/spreekuur/tui/screens/intakes"
	"github.com/spreekuur/spreekuur/tui/screens/stats"
)

// DefaultLockAfter is how long the app may sit idle before it locks itself.
const DefaultLockAfter = 5 * time.Minute

// Options configure the app.
type Options struct {
	Lang         string        // "nl" (default) or "en"
	HighContrast bool          // start in the high-contrast theme
	NoColor      bool          // NO_COLOR: no colours, only bold/reverse
	LockAfter    time.Duration // idle time before locking; 0 = DefaultLockAfter, <0 = never
	User         string        // user to suggest on the unlock screen
	// Session is the session on the open vault; nil means there is no
	// vault yet: first run, through Create and Open.
	Session *session.Session
	Create  common.CreateFunc
	Open    common.OpenFunc
	// Now and Tick replace the clock and the timer (tests).
	Now  func() time.Time
	Tick func(d time.Duration, msg tea.Msg) tea.Cmd
}

type idleCheckMsg struct{}

// App is the root Bubble Tea model.
type App struct {
	ctx       *common.Context
	keys      common.GlobalKeys
	lockAfter time.Duration

	width, height int

	cur        common.Screen
	home       *home.Screen  // kept so going home is instant
	beforeLock common.Screen // the screen to return to after unlocking
	lockedBy   string        // user who was working when the app locked
	isLocked   bool
	showHelp   bool
	resident   bool // resident view on
	quitAsk    string
	status     string

	lastInput time.Time
	startCmd  tea.Cmd
	crashed   bool

	// stop is closed when the app crashes or quits; the command started
	// in Init then ends, after a crash with a crashMsg so that a panic in
	// View (which cannot return a command) still quits the program.
	stop     chan struct{}
	stopOnce sync.Once
}

// New builds the app. Without a session it starts on the first-run screen;
// with a locked one on the unlock screen; with an unlocked one (a
// passphrase file) at home, or on the statistics for a coordinator.
func New(o Options) *App {
	th := common.NewTheme(true, o.HighContrast, o.NoColor)
	ctx := common.NewContext(o.Session, th, o.Lang, o.Now)
	if o.Tick != nil {
		ctx.Tick = o.Tick
	}
	ctx.Create, ctx.Open = o.Create, o.Open
	a := &App{ctx: ctx, keys: common.Global(ctx.Lang), lockAfter: o.LockAfter, width: 80, height: 24, stop: make(chan struct{})}
	if a.lockAfter == 0 {
		a.lockAfter = DefaultLockAfter
	}
	a.lastInput = ctx.Now()
	switch {
	case o.Session == nil:
		a.cur = auth.NewFirstRun(ctx)
	case o.Session.Unlocked() && !o.Session.CanReadNotes():
		a.cur = stats.New(ctx)
		a.startCmd = initScreen(a.cur)
	case o.Session.Unlocked():
		a.home = home.New(ctx)
		a.cur = a.home
		a.startCmd = a.home.Init()
	default:
		a.cur = auth.NewUnlock(ctx, o.User, false)
	}
	a.size()
	return a
}

// Init asks the terminal for its background colour so the theme can pick
// dark or light, starts the idle timer and the first screen's load, and
// watches for a crash.
func (a *App) Init() tea.Cmd { return tea.Batch(a.Start(), a.watchCrash) }

// Start is Init without the crash watcher, which blocks until the app
// stops: what a benchmark or test runs to bring the first screen up.
func (a *App) Start() tea.Cmd {
	return guard(tea.Batch(tea.RequestBackgroundColor, a.idleTimer(a.lockAfter), a.startCmd))
}

// watchCrash waits until the app stops; after a crash it asks Update to quit.
func (a *App) watchCrash() tea.Msg {
	<-a.stop
	return crashMsg{}
}

func (a *App) stopWatching() { a.stopOnce.Do(func() { close(a.stop) }) }

// crashMsg: the app crashed in View; Update quits.
type crashMsg struct{}

// cmdPanicMsg: a command (a background load) panicked; guard caught it.
type cmdPanicMsg struct{}

// Crashed reports whether the app stopped because of a panic it caught.
// The caller then says so in one plain sentence and exits with an error.
func (a *App) Crashed() bool { return a.crashed }

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
	if a.ctx.S != nil {
		func() {
			defer func() { _ = recover() }() // a panicking Lock must not escape either
			a.ctx.S.Lock()
		}()
	}
	return clearAndQuit()
}

// guard wraps a command so that a panic inside it becomes a cmdPanicMsg
// instead of reaching Bubble Tea's panic handler.
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

func (crashedScreen) Update(tea.Msg) tea.Cmd { return nil }
func (crashedScreen) View() string           { return "" }
func (crashedScreen) Title() string          { return "" }
func (crashedScreen) Keys() []key.Binding    { return nil }
func (crashedScreen) Typing() bool           { return false }

func (a *App) idleTimer(d time.Duration) tea.Cmd {
	if a.lockAfter < 0 {
		return nil
	}
	return a.ctx.Tick(d, idleCheckMsg{})
}

// Update routes messages: global keys first, then the current screen. A
// panic anywhere below is caught here (see crash).
func (a *App) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	if a.crashed {
		if _, ok := msg.(crashMsg); ok {
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
	cmd = a.update(msg)
	return a, guard(cmd)
}

func (a *App) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.size()
		return nil
	case tea.BackgroundColorMsg:
		a.ctx.Theme.SetDark(msg.IsDark())
		return nil
	case idleCheckMsg:
		return a.checkIdle()
	case crashMsg: // the watcher ends after a normal quit
		return nil
	case common.QuitMsg:
		return a.quit()
	case tea.KeyPressMsg:
		a.lastInput = a.ctx.Now()
		if cmd, done := a.globalKey(msg); done {
			return cmd
		}
	case tea.PasteMsg:
		a.lastInput = a.ctx.Now()
	case common.GoHomeMsg:
		return a.goHome()
	case common.UnlockedMsg:
		return a.afterUnlock(msg.User)
	case common.FirstRunDone:
		a.ctx.S = msg.S
		return a.goHome()
	case common.StatusMsg:
		a.status = msg.Text
		return nil
	case common.OpenIntakeMsg:
		return a.show(intakes.Open(a.ctx, msg.ID))
	case common.NewIntakeMsg:
		s, err := intakes.New(a.ctx, msg.ResidentID)
		if err != nil {
			a.status = a.ctx.ErrorText(err)
			return nil
		}
		return a.show(s)
	case common.FollowUpMsg:
		return a.show(intakes.FollowUp(a.ctx, msg.IntakeID))
	case common.StatsMsg:
		return a.show(stats.New(a.ctx))
	case common.PapersMsg:
		return a.show(export.Papers(a.ctx, a.cur, msg.IntakeID))
	case common.AccessMsg:
		return a.show(export.Access(a.ctx, a.cur, msg.ResidentID))
	case common.ShowMsg:
		if msg.Back {
			a.resident, a.showHelp, a.status = false, false, ""
			a.cur = msg.Screen
			a.size()
			return nil
		}
		return a.show(msg.Screen)
	}
	if a.resident || a.showHelp || a.quitAsk != "" {
		// Keys do not reach the screen under the resident view, the help
		// or a question; other messages (loads finishing) do.
		if _, ok := msg.(tea.KeyPressMsg); ok {
			return nil
		}
	}
	return a.cur.Update(msg)
}

// show opens a screen: its size first, then its start command.
func (a *App) show(s common.Screen) tea.Cmd {
	a.resident, a.showHelp, a.status = false, false, ""
	a.cur = s
	a.size()
	return initScreen(s)
}

// initScreen runs a screen's start command, if it has one.
func initScreen(s common.Screen) tea.Cmd {
	if i, ok := s.(common.Initer); ok {
		return i.Init()
	}
	return nil
}

// size tells the screens the size of their body: the terminal less the
// header and the help line.
func (a *App) size() {
	m := common.SizeMsg{Width: max(a.width, 20), Height: max(a.height, 6) - 2}
	a.cur.Update(m)
	if a.home != nil && a.cur != common.Screen(a.home) {
		a.home.Update(m)
	}
	if a.beforeLock != nil {
		a.beforeLock.Update(m)
	}
}

// globalKey handles the keys that work on every screen: F-keys and
// ctrl-keys only, so a letter never does anything but type.
func (a *App) globalKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if a.quitAsk != "" {
		yes := "j"
		if a.ctx.Lang == intake.LangEN {
			yes = "y"
		}
		a.quitAsk = ""
		if strings.EqualFold(k.String(), yes) {
			return a.quitNow(), true
		}
		return nil, true
	}
	switch {
	case key.Matches(k, a.keys.Quit):
		return a.quit(), true
	case key.Matches(k, a.keys.Lock):
		if a.canLock() {
			return a.lock(), true
		}
		return nil, true
	case key.Matches(k, a.keys.Contrast):
		a.ctx.Theme.ToggleContrast()
		return nil, true
	}
	if a.isLocked {
		return nil, false
	}
	if a.showHelp {
		switch k.String() {
		case "esc", "f1", "enter":
			a.showHelp = false
		}
		return nil, true
	}
	if a.resident {
		switch k.String() {
		case "f2", "esc":
			a.resident = false
		}
		return nil, true
	}
	switch {
	case key.Matches(k, a.keys.Help):
		a.showHelp = true
		return nil, true
	case key.Matches(k, a.keys.Resident):
		if a.residentAllowed() {
			a.resident = true
		}
		return nil, true
	}
	return nil, false
}

// residentAllowed: the resident view is for an unlocked app past set-up.
func (a *App) residentAllowed() bool {
	if a.isLocked || a.ctx.S == nil || !a.ctx.S.Unlocked() || !a.ctx.S.CanReadNotes() {
		return false
	}
	switch a.cur.(type) {
	case *auth.FirstRun, *auth.Unlock:
		return false
	}
	return true
}

func (a *App) canLock() bool {
	if a.isLocked || a.ctx.S == nil || !a.ctx.S.Unlocked() {
		return false
	}
	_, firstRun := a.cur.(*auth.FirstRun)
	return !firstRun
}

func (a *App) checkIdle() tea.Cmd {
	if a.lockAfter < 0 {
		return nil
	}
	if !a.canLock() {
		return a.idleTimer(a.lockAfter)
	}
	idle := a.ctx.Now().Sub(a.lastInput)
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
	a.lockedBy = a.ctx.S.User()
	a.ctx.S.Lock()
	a.isLocked, a.showHelp, a.resident, a.quitAsk, a.status = true, false, false, "", ""
	if l, ok := a.cur.(common.Locker); ok {
		l.Locked()
	}
	if a.home != nil && a.cur != common.Screen(a.home) {
		a.home.Locked()
	}
	a.beforeLock = a.cur
	a.cur = auth.NewUnlock(a.ctx, a.lockedBy, true)
	a.size()
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
		a.home = nil // another user: another list
		return a.goHome()
	}
	a.cur = prev
	a.size()
	var cmds []tea.Cmd
	if l, ok := prev.(common.Locker); ok {
		cmds = append(cmds, l.Unlocked())
	}
	if a.home != nil && prev != common.Screen(a.home) && a.ctx.S.CanReadNotes() {
		cmds = append(cmds, a.home.Unlocked())
	}
	return tea.Batch(cmds...)
}

func (a *App) goHome() tea.Cmd {
	a.resident, a.showHelp = false, false
	if a.ctx.S != nil && !a.ctx.S.CanReadNotes() {
		// A coordinator has no notes key: their home is the dashboard.
		return a.show(stats.New(a.ctx))
	}
	if a.home == nil {
		a.home = home.New(a.ctx)
		return a.show(a.home)
	}
	a.cur = a.home
	a.size()
	a.status = ""
	return a.home.Reload()
}

// quit asks first when the screen holds something not in the vault.
func (a *App) quit() tea.Cmd {
	if u, ok := a.cur.(common.Unsaved); ok && !a.isLocked {
		if what := u.Unsaved(); what != "" {
			a.quitAsk = what
			return nil
		}
	}
	return a.quitNow()
}

func (a *App) quitNow() tea.Cmd {
	if ab, ok := a.cur.(interface{ Abandon() }); ok {
		ab.Abandon()
	}
	a.stopWatching()
	if a.ctx.S != nil {
		a.ctx.S.Lock()
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
			a.crash()
			v = tea.NewView("")
		}
	}()
	if a.crashed {
		return tea.NewView("")
	}
	v = tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = a.ctx.Text(common.TAppName) // never a resident's name
	return v
}

func (a *App) t(id textID) string { return texts.Get(a.ctx.Lang, id) }

func (a *App) render() string {
	w, h := max(a.width, 20), max(a.height, 6)
	th := a.ctx.Theme
	global := a.globalKeys()
	back := common.Binding([]string{"esc"}, "esc", a.ctx.Text(common.TClose))
	if a.resident && !a.isLocked {
		body := a.renderResident(w, h-1)
		return common.Fit(body, w, h-1) + "\n" + common.HelpLine(th, []key.Binding{common.Binding([]string{"f2"}, "F2", a.ctx.Text(common.TBack))}, []key.Binding{a.keys.Quit}, w)
	}
	header := a.header(w)
	var body string
	var keys []key.Binding
	switch {
	case a.quitAsk != "":
		body = components.Confirm(a.ctx, a.t(tQuitLoses)+" "+a.quitAsk+" "+a.t(tQuitQuestion), nil, w)
	case a.showHelp && !a.isLocked:
		intro := a.t(tHelpIntro)
		if a.ctx.IsKompaan() {
			intro += " " + a.t(tKompaanRule)
		}
		body = common.HelpPage(th, a.ctx.Lang, intro, a.cur.Keys(), a.keys, w)
		keys = []key.Binding{back}
	default:
		body = a.cur.View()
		keys = a.cur.Keys()
		if a.status != "" {
			body = common.Fit(body, w, h-3) + "\n" + " " + th.Error.Render(ansi.Truncate(a.status, w-2, "…"))
		}
	}
	return header + "\n" + common.Fit(body, w, h-2) + "\n" + common.HelpLine(th, keys, global, w)
}

// globalKeys are the keys that stay on the help line.
func (a *App) globalKeys() []key.Binding {
	var out []key.Binding
	if !a.isLocked && !a.resident && a.quitAsk == "" {
		out = append(out, a.keys.Help)
	}
	if a.canLock() {
		out = append(out, a.keys.Lock)
	}
	return append(out, a.keys.Quit)
}

func (a *App) header(w int) string {
	th := a.ctx.Theme
	left := " " + a.ctx.Text(common.TAppName)
	if a.showHelp {
		left += " · " + a.t(tHelpTitle)
	} else if t := a.cur.Title(); t != "" {
		left += " · " + t
	}
	right := ""
	if a.ctx.S != nil && !a.isLocked && a.ctx.S.Unlocked() {
		right = common.Inert(a.ctx.S.User()) + " "
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		right, gap = "", max(0, w-lipgloss.Width(left))
	}
	return th.Header.Render(ansi.Truncate(left+strings.Repeat(" ", gap)+right, w, "…"))
}

// renderResident is the resident view: large, plain, nothing but what the
// resident may read — the clarified question, the agreements, the dates.
func (a *App) renderResident(w, h int) string {
	th := a.ctx.Theme
	textW := max(20, min(60, w-8))
	para := func(st lipgloss.Style, s string) string {
		lines := common.WrapLines(s, textW)
		for i, l := range lines {
			lines[i] = st.Render(l)
		}
		return strings.Join(lines, "\n")
	}
	var blocks []string
	rs, ok := a.cur.(common.ResidentShower)
	var rc common.ResidentContent
	if ok {
		rc, ok = rs.ResidentView()
	}
	if !ok {
		blocks = append(blocks, para(th.ResTitle, a.t(tResWelcomeTitle)), para(th.Resident, a.t(tResWelcome)))
	} else {
		blocks = append(blocks, para(th.ResTitle, a.t(tResQuestion)))
		if strings.TrimSpace(rc.Clarified) == "" {
			blocks = append(blocks, para(th.Resident, a.t(tResNoQuestion)))
		} else {
			blocks = append(blocks, para(th.Resident.Bold(true), common.Inert(rc.Clarified)))
		}
		if len(rc.Agreements) > 0 {
			blocks = append(blocks, para(th.ResTitle, a.t(tResAgreements)))
			for _, l := range rc.Agreements {
				blocks = append(blocks, para(th.Resident, l))
			}
		}
		if len(rc.Deadlines) > 0 {
			blocks = append(blocks, para(th.ResTitle, a.t(tResDeadlines)))
			for _, l := range rc.Deadlines {
				blocks = append(blocks, para(th.Resident, l))
			}
		}
	}
	body := strings.Join(blocks, "\n\n")
	if lipgloss.Height(body) > h {
		body = strings.Join(blocks, "\n")
	}
	// A block of left-aligned lines, the block in the middle: centred
	// lines of different lengths are hard to read.
	body = lipgloss.NewStyle().Width(textW).Render(body)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, body)
}
