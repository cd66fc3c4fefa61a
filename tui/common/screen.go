package common

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
)

// Screen is one screen of the app. Screens are pointers and change in
// place in Update; View only draws what Update left. A screen gets the size
// of its body (the terminal less the header and help lines) as a SizeMsg,
// before its first View and after every resize. It asks the app to go
// elsewhere by returning a navigation message as a command.
type Screen interface {
	Update(msg tea.Msg) tea.Cmd
	View() string
	// Title is the screen's name in the header.
	Title() string
	// Keys are the screen's keys, most important first: the help line
	// shows as many as fit, the help page (F1) all of them.
	Keys() []key.Binding
	// Typing reports whether a text field has the keyboard, so letters
	// belong to it and never to the app.
	Typing() bool
}

// Initer screens have a start command (a load), run when they open.
type Initer interface{ Init() tea.Cmd }

// Locker screens drop what they hold when the app locks, and read it again
// after unlocking.
type Locker interface {
	Locked()
	Unlocked() tea.Cmd
}

// Unsaved screens can hold typed text that is not in the vault (a save
// failed). Unsaved says what would be lost, in plain words; "" when
// nothing would.
type Unsaved interface{ Unsaved() string }

// ResidentContent is what the resident view shows of a conversation.
type ResidentContent struct {
	Clarified  string   // "Mijn vraag is …"
	Agreements []string // who does what, by when
	Deadlines  []string // deadlines the resident runs into
}

// ResidentShower screens have something for the resident view (F2).
type ResidentShower interface {
	ResidentView() (ResidentContent, bool)
}

// SizeMsg is the size of a screen's body.
type SizeMsg struct{ Width, Height int }

// Navigation. Screens return these as commands; the app routes them.
type (
	GoHomeMsg     struct{}
	QuitMsg       struct{}
	UnlockedMsg   struct{ User string }        // the unlock screen succeeded
	FirstRunDone  struct{ S *session.Session } // vault created, recovery code typed back
	OpenIntakeMsg struct {
		ID   string
		Step intake.FlowStep // "": where it was left; else the step to show (from the agenda)
	} // continue a conversation
	NewIntakeMsg struct{ ResidentID string }     // a new conversation ("" = new resident)
	FollowUpMsg  struct{ IntakeID string }       // a follow-up contact
	StatsMsg     struct{}                        // the statistics dashboard
	PapersMsg    struct{ IntakeID, Kind string } // print the resident's papers (Kind "": the sheet first; "letter": a late decision's letter)
	AccessMsg    struct{ ResidentID string }     // everything stored about a resident
	SettingsMsg  struct{ AtLaptops bool }        // the settings (supporter only); AtLaptops: back from the laptops list
	LaptopsMsg   struct{}                        // the laptops whose bundles are accepted
	HandoverMsg  struct{ ResidentID string }     // "Naar kantoor" ("" = no resident chosen)
	ImportMsg    struct{}                        // read in a bundle (the office's side)
	// EraseMsg asks to erase a resident (a confirmation that names what
	// goes); Retention: because the retention period passed.
	EraseMsg struct {
		ResidentID string
		Retention  bool
	}
	RetentionMsg struct{}                         // the list of residents to erase ("te wissen")
	ReceiptMsg   struct{ Erased session.Erasure } // save the resident's receipt of an erasure
	StatusMsg    struct {
		Text string
		Err  bool
	} // a one-line message for the status area
)

// ShowMsg opens a screen made elsewhere. Back marks a screen that was
// open before (an export going back to where it came from): it is not
// started again.
type ShowMsg struct {
	Screen Screen
	Back   bool
}

// Send returns a command that delivers m.
func Send(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

// Keys shared by several screens. Every key that does something is in a
// screen's Keys, so the help line and the help page list it.
func Binding(keys []string, help, what string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, what))
}

// ShortID is how an ID is shown: its first 8 characters.
func ShortID(id string) string { return session.ShortID(id) }
