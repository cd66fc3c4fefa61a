package common

import (
	"image/color"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Theme holds every style on screen. Colours follow the terminal's
// background (dark or light); high contrast (ctrl+t) uses only the
// foreground and attributes; NO_COLOR uses attributes only.
type Theme struct {
	Dark, HighContrast, NoColor bool

	Header    lipgloss.Style // top line
	Title     lipgloss.Style // screen title
	Text      lipgloss.Style
	Muted     lipgloss.Style // secondary text: dates, counts
	Label     lipgloss.Style // field labels
	Error     lipgloss.Style // plain-language problems
	Notice    lipgloss.Style // calm information (locked, busy)
	Help      lipgloss.Style // help line
	HelpKey   lipgloss.Style
	Selected  lipgloss.Style // the chosen row
	Code      lipgloss.Style // the recovery code
	Resident  lipgloss.Style // body of the resident view
	ResTitle  lipgloss.Style // headings in the resident view
	StatusTag lipgloss.Style
	Large     lipgloss.Style // the clarified question, for the resident to read

	huh *huh.Styles // built with the rest: huh asks for its styles on every draw
}

// NewTheme builds the theme.
func NewTheme(dark, highContrast, noColor bool) *Theme {
	t := &Theme{Dark: dark, HighContrast: highContrast, NoColor: noColor}
	t.build()
	return t
}

// SetDark follows the terminal's background.
func (t *Theme) SetDark(dark bool) { t.Dark = dark; t.build() }

// ToggleContrast switches high contrast on or off.
func (t *Theme) ToggleContrast() { t.HighContrast = !t.HighContrast; t.build() }

func (t *Theme) col(c color.Color) color.Color {
	if t.NoColor {
		return lipgloss.NoColor{}
	}
	return c
}

func (t *Theme) build() {
	ld := lipgloss.LightDark(t.Dark)
	fg := t.col(ld(lipgloss.Color("#1a1a1a"), lipgloss.Color("#e6e6e6")))
	muted := t.col(ld(lipgloss.Color("#5c5c5c"), lipgloss.Color("#a8a8a8")))
	accent := t.col(ld(lipgloss.Color("#00507a"), lipgloss.Color("#7cc7ff")))
	errc := t.col(ld(lipgloss.Color("#a00000"), lipgloss.Color("#ff8a80")))
	selBg := t.col(ld(lipgloss.Color("#d6e9f5"), lipgloss.Color("#1f3a4d")))
	if t.HighContrast {
		fg = t.col(ld(lipgloss.Color("#000000"), lipgloss.Color("#ffffff")))
		muted, accent, errc = fg, fg, fg
		selBg = nil
	}
	base := lipgloss.NewStyle().Foreground(fg)
	t.Text = base
	t.Header = base.Bold(true)
	t.Title = lipgloss.NewStyle().Foreground(accent).Bold(true)
	t.Muted = lipgloss.NewStyle().Foreground(muted)
	t.Label = base.Bold(true)
	t.Error = lipgloss.NewStyle().Foreground(errc).Bold(true)
	t.Notice = lipgloss.NewStyle().Foreground(accent)
	t.Help = lipgloss.NewStyle().Foreground(muted)
	t.HelpKey = lipgloss.NewStyle().Foreground(fg).Bold(true)
	if selBg == nil || t.NoColor {
		t.Selected = base.Reverse(true).Bold(true)
	} else {
		t.Selected = base.Background(selBg).Bold(true)
	}
	t.Code = base.Bold(true)
	t.StatusTag = lipgloss.NewStyle().Foreground(accent)
	if t.HighContrast {
		t.Help = base
		t.Muted = base
		t.Error = base.Bold(true).Underline(true)
	}
	resFg := t.col(ld(lipgloss.Color("#000000"), lipgloss.Color("#ffffff")))
	t.Resident = lipgloss.NewStyle().Foreground(resFg)
	t.ResTitle = lipgloss.NewStyle().Foreground(resFg).Bold(true).Underline(true)
	t.Large = lipgloss.NewStyle().Foreground(resFg).Bold(true)
	t.huh = t.huhStyles()
}

// Huh is the theme for huh fields, made from t: titles and labels are
// drawn by the app, so huh draws only the value, in the app's colours.
func (t *Theme) Huh() huh.Theme {
	return huh.ThemeFunc(func(bool) *huh.Styles { return t.huh })
}

// huhStyles builds the huh styles from the app's styles.
func (t *Theme) huhStyles() *huh.Styles {
	{
		s := huh.ThemeBase(t.Dark)
		plain := lipgloss.NewStyle()
		for _, f := range []*huh.FieldStyles{&s.Focused, &s.Blurred} {
			f.Base = plain
			f.Card = plain
			f.Title = t.Label
			f.NoteTitle = t.Label
			f.Description = t.Muted
			f.ErrorIndicator = t.Error.SetString(" *")
			f.ErrorMessage = t.Error
			f.SelectSelector = t.Selected.SetString("> ")
			f.Option = t.Text
			f.NextIndicator = t.Muted.SetString(" ›")
			f.PrevIndicator = t.Muted.SetString("‹ ")
			f.MultiSelectSelector = t.Selected.SetString("> ")
			f.SelectedOption = t.Text
			f.SelectedPrefix = t.Text.SetString("[x] ")
			f.UnselectedOption = t.Text
			f.UnselectedPrefix = t.Text.SetString("[ ] ")
			f.FocusedButton = t.Selected.Padding(0, 1)
			f.BlurredButton = t.Muted.Padding(0, 1)
			f.TextInput.Cursor = t.Text
			f.TextInput.Placeholder = t.Muted
			f.TextInput.Prompt = t.Label
			f.TextInput.Text = t.Text
		}
		s.Blurred.SelectSelector = plain.SetString("  ")
		s.Blurred.MultiSelectSelector = plain.SetString("  ")
		s.Blurred.NextIndicator = plain.SetString("")
		s.Blurred.PrevIndicator = plain.SetString("")
		s.Blurred.FocusedButton = t.Text.Padding(0, 1).Bold(true)
		s.Blurred.BlurredButton = t.Muted.Padding(0, 1)
		s.Help.ShortKey = t.HelpKey
		s.Help.ShortDesc = t.Help
		s.Help.ShortSeparator = t.Help
		s.Help.FullKey = t.HelpKey
		s.Help.FullDesc = t.Help
		s.Help.FullSeparator = t.Help
		return s
	}
}

// HuhKeys is the key map for huh forms (first run, unlock, dialogs).
// Letters never change a choice or a yes/no: only ←→ and the space bar do
// (a tired hand typing on a choice must not change it). The external
// editor (ctrl+e) is off: it would write what was typed to a plaintext
// temp file. Tab, shift+tab and enter move between fields; enter on the
// last field submits.
func HuhKeys() *huh.KeyMap {
	k := FieldKeys()
	next := key.NewBinding(key.WithKeys("tab", "enter"), key.WithHelp("enter", "volgende"))
	prev := key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "vorige"))
	submit := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "klaar"))
	k.Input.Next, k.Input.Prev, k.Input.Submit = next, prev, submit
	k.Text.Next, k.Text.Prev, k.Text.Submit = key.NewBinding(key.WithKeys("tab")), prev, key.NewBinding(key.WithKeys("tab"))
	k.Select.Next, k.Select.Prev, k.Select.Submit = next, prev, submit
	k.MultiSelect.Next, k.MultiSelect.Prev, k.MultiSelect.Submit = next, prev, submit
	k.Confirm.Next, k.Confirm.Prev, k.Confirm.Submit = next, prev, submit
	k.Note.Next, k.Note.Prev, k.Note.Submit = next, prev, submit
	return k
}

// FieldKeys is the key map for huh fields inside the app's own step form
// (tui/form), which moves between fields itself: the fields get no
// next/previous keys, a choice changes with ← → and the space bar only,
// up and down stay with the form (and move inside a list or long text),
// letters change nothing but text, and the external editor is off.
func FieldKeys() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	none := key.NewBinding(key.WithDisabled())
	k.Quit = none

	k.Input.Next, k.Input.Prev, k.Input.Submit = none, none, none
	k.Input.AcceptSuggestion = none

	k.Text.Next, k.Text.Prev, k.Text.Submit = none, none, none
	k.Text.NewLine = key.NewBinding(key.WithKeys("enter", "ctrl+j"), key.WithHelp("enter", "nieuwe regel"))
	k.Text.Editor = none

	k.Select.Next, k.Select.Prev, k.Select.Submit = none, none, none
	k.Select.Up, k.Select.Down = none, none
	k.Select.Left = key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "vorige keuze"))
	k.Select.Right = key.NewBinding(key.WithKeys("right", "space"), key.WithHelp("→", "volgende keuze"))
	k.Select.Filter, k.Select.SetFilter, k.Select.ClearFilter = none, none, none
	k.Select.GotoTop = key.NewBinding(key.WithKeys("home"))
	k.Select.GotoBottom = key.NewBinding(key.WithKeys("end"))
	k.Select.HalfPageUp, k.Select.HalfPageDown = none, none

	k.MultiSelect.Next, k.MultiSelect.Prev, k.MultiSelect.Submit = none, none, none
	k.MultiSelect.Toggle = key.NewBinding(key.WithKeys("space"), key.WithHelp("spatie", "aan/uit"))
	k.MultiSelect.Up = key.NewBinding(key.WithKeys("up", "left"), key.WithHelp("↑", "omhoog"))
	k.MultiSelect.Down = key.NewBinding(key.WithKeys("down", "right"), key.WithHelp("↓", "omlaag"))
	k.MultiSelect.Filter, k.MultiSelect.SetFilter, k.MultiSelect.ClearFilter = none, none, none
	k.MultiSelect.GotoTop = key.NewBinding(key.WithKeys("home"))
	k.MultiSelect.GotoBottom = key.NewBinding(key.WithKeys("end"))
	k.MultiSelect.HalfPageUp, k.MultiSelect.HalfPageDown = none, none
	k.MultiSelect.SelectAll, k.MultiSelect.SelectNone = none, none

	k.Confirm.Next, k.Confirm.Prev, k.Confirm.Submit = none, none, none
	k.Confirm.Toggle = key.NewBinding(key.WithKeys("left", "right", "space"), key.WithHelp("← →", "ja/nee"))
	k.Confirm.Accept, k.Confirm.Reject = none, none

	k.Note.Next, k.Note.Prev, k.Note.Submit = none, none, none
	return k
}

// FormKey moves a huh form to the next or previous field at once for tab,
// enter and shift+tab, instead of through a command: huh moves by a
// message that arrives after keys already typed, so a quick typist's
// next letters would land in the field just left. It reports whether it
// handled the key.
func FormKey(f *huh.Form, msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || f.State != huh.StateNormal {
		return nil, false
	}
	switch k.String() {
	case "tab", "enter":
		field := f.GetFocusedField()
		cmd := f.NextField()
		if f.GetFocusedField() == field && field.Error() != nil {
			// The last field, and it is wrong: huh blurred it and will
			// not submit. It keeps the keyboard, with its message.
			return tea.Batch(cmd, field.Focus()), true
		}
		return cmd, true
	case "shift+tab":
		return f.PrevField(), true
	}
	return nil, false
}
