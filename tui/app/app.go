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
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/auth"
	"github.com/spreekuur/spreekuur/tui/screens/export"
	"github.com/spreekuur/spreekuur/tui/screens/home"
	"github.com/spreekuur/spreekuur/tui/screens/intakes"
	"github.com/spreekuur/spreekuur/tui/screens/office"
	"github.com/spreekuur/spreekuur/tui/screens/privacy"
	"github.com/spreekuur/spreekuur/tui/screens/settings"
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
	helpTop    int  // first line of the help page shown, when it is longer than the screen
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
	case collectMsg:
		if a.isLocked {
			collect()
		}
		return nil
	case common.InputForgottenMsg: // the old input reader's buffer is garbage now
		if a.ctx.S == nil || !a.ctx.S.Unlocked() {
			collect()
		}
		return nil
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
		return a.show(intakes.OpenAt(a.ctx, msg.ID, msg.Step))
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
		return a.show(export.Papers(a.ctx, a.cur, msg.IntakeID, msg.Kind))
	case common.AccessMsg:
		return a.show(export.Access(a.ctx, a.cur, msg.ResidentID))
	case common.EraseMsg:
		return a.show(privacy.NewErase(a.ctx, msg.ResidentID, msg.Retention))
	case common.RetentionMsg:
		return a.show(privacy.NewRetention(a.ctx))
	case common.ReceiptMsg:
		return a.show(export.Receipt(a.ctx, a.cur, msg.Erased))
	case common.SettingsMsg:
		s := settings.New(a.ctx)
		if msg.AtLaptops {
			s.SelectLaptops()
		}
		return a.show(s)
	case common.LaptopsMsg:
		return a.show(settings.NewLaptops(a.ctx))
	case common.HandoverMsg:
		return a.show(office.NewHandover(a.ctx, msg.ResidentID))
	case common.ImportMsg:
		return a.show(office.NewImport(a.ctx))
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
		page := max(1, a.height-3)
		switch k.String() {
		case "esc", "f1", "enter":
			a.showHelp = false
		case "down":
			a.helpTop++
		case "up":
			a.helpTop--
		case "pgdown", "space":
			a.helpTop += page
		case "pgup":
			a.helpTop -= page
		case "home":
			a.helpTop = 0
		case "end":
			a.helpTop = a.helpLines()
		}
		a.helpTop = max(0, min(a.helpTop, a.helpLines()-(max(a.height, 6)-2)))
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
		a.showHelp, a.helpTop = true, 0
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
