// Package common is what every screen of the terminal app shares: the
// context (session, theme, language, clock), the theme and its huh theme,
// layout helpers, the key maps (key.Binding with help text), the screen
// interface and the navigation messages, and the texts used on more than
// one screen. Screens live in tui/screens/<family>; the router in tui/app
// (docs/ARCHITECTURE.md).
package common
