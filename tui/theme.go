package tui

import (
	"image/color"

	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// theme holds every style the screens use. Screens never build colours
// themselves, so the high-contrast and no-colour variants apply everywhere.
type theme struct {
	dark         bool // terminal background is dark
	highContrast bool
	noColor      bool // NO_COLOR: attributes (bold, reverse) only

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
}

// newTheme builds the styles for the given background and variant.
func newTheme(dark, highContrast, noColor bool) *theme {
	t := &theme{dark: dark, highContrast: highContrast, noColor: noColor}
	t.build()
	return t
}

func (t *theme) setDark(dark bool) { t.dark = dark; t.build() }

func (t *theme) toggleContrast() { t.highContrast = !t.highContrast; t.build() }

// col returns c, or no colour at all under NO_COLOR.
func (t *theme) col(c color.Color) color.Color {
	if t.noColor {
		return lipgloss.NoColor{}
	}
	return c
}

func (t *theme) build() {
	ld := lipgloss.LightDark(t.dark)
	fg := t.col(ld(lipgloss.Color("#1a1a1a"), lipgloss.Color("#e6e6e6")))
	muted := t.col(ld(lipgloss.Color("#5c5c5c"), lipgloss.Color("#a8a8a8")))
	accent := t.col(ld(lipgloss.Color("#00507a"), lipgloss.Color("#7cc7ff")))
	errc := t.col(ld(lipgloss.Color("#a00000"), lipgloss.Color("#ff8a80")))
	selBg := t.col(ld(lipgloss.Color("#d6e9f5"), lipgloss.Color("#1f3a4d")))
	if t.highContrast {
		// Pure black and white, no greys: readable in sunlight and for
		// low vision.
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
	if selBg == nil || t.noColor {
		t.Selected = base.Reverse(true).Bold(true)
	} else {
		t.Selected = base.Background(selBg).Bold(true)
	}
	t.Code = base.Bold(true)
	t.StatusTag = lipgloss.NewStyle().Foreground(accent)
	if t.highContrast {
		t.Help = base
		t.Muted = base
		t.Error = base.Bold(true).Underline(true)
	}
	// The resident view is always calm and high-contrast.
	resFg := t.col(ld(lipgloss.Color("#000000"), lipgloss.Color("#ffffff")))
	t.Resident = lipgloss.NewStyle().Foreground(resFg)
	t.ResTitle = lipgloss.NewStyle().Foreground(resFg).Bold(true).Underline(true)
}

// inputStyles styles a bubbles text input in this theme, with a steady
// cursor (no blinking: calmer, and fewer redraws).
func (t *theme) inputStyles() textinput.Styles {
	s := textinput.DefaultStyles(t.dark)
	s.Focused.Text = t.Text
	s.Blurred.Text = t.Text
	s.Focused.Prompt = t.Label
	s.Blurred.Prompt = t.Muted
	s.Focused.Placeholder = t.Muted
	s.Blurred.Placeholder = t.Muted
	s.Cursor.Blink = false
	return s
}
