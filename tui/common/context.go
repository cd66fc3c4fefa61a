package common

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
)

// CreateFunc starts a new vault on first run: it returns the pending vault
// whose recovery code is shown and must be typed back.
type CreateFunc func(user string, pass []byte) (*session.Pending, error)

// OpenFunc opens a confirmed new vault as a session.
type OpenFunc func(p *session.Pending, typed string) (*session.Session, error)

// Context is shared by every screen. The app owns it; screens keep a
// pointer, so a theme change or a new session reaches all of them.
type Context struct {
	// S is the session on the open vault; nil before the first run made one.
	S     *session.Session
	Theme *Theme
	Lang  string
	// Now is the clock; Tick schedules a message after d. Both are
	// injected so tests never wait for real time.
	Now  func() time.Time
	Tick func(d time.Duration, msg tea.Msg) tea.Cmd

	// First run.
	Create CreateFunc
	Open   OpenFunc

	// Wrong passphrases in a row and the wait they impose; kept here so a
	// new unlock screen does not reset them.
	UnlockFailures  int
	UnlockWaitUntil time.Time
}

// NewContext fills in the defaults: Dutch, the system clock, tea.Tick.
func NewContext(s *session.Session, th *Theme, lang string, now func() time.Time) *Context {
	if now == nil {
		now = time.Now
	}
	return &Context{S: s, Theme: th, Lang: intake.NormLang(lang), Now: now,
		Tick: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		}}
}

// T returns a text in the context's language.
func (c *Context) T(t intake.Text) string { return t.In(c.Lang) }

// Cat is the catalogue (the default one before a session exists).
func (c *Context) Cat() *intake.Catalogue {
	if c.S == nil {
		return intake.DefaultCatalogue()
	}
	return c.S.Catalogue()
}

// ErrorText is the plain sentence for err.
func (c *Context) ErrorText(err error) string {
	s, _ := session.Sentence(err, c.Lang)
	return s
}

// IsKompaan reports whether the unlocked user is a kompaan.
func (c *Context) IsKompaan() bool { return c.S != nil && c.S.Unlocked() && c.S.IsKompaan() }

// LocationName is a place's name in the context's language.
func (c *Context) LocationName(code intake.LocationCode) string {
	if code == "" {
		return ""
	}
	if l, ok := c.Cat().Location(code); ok {
		return l.Name.In(c.Lang)
	}
	return string(code)
}

// YesKey is the one letter that says yes to a question before something
// is erased or replaced: j in Dutch, y in English. Any other key is no.
func (c *Context) YesKey() string {
	if c.Lang == intake.LangEN {
		return "y"
	}
	return "j"
}
