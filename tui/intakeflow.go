package tui

// The hook for the intake-flow screens.
//
// Screens ask for an intake with these messages; the app builds the screen
// with the constructors in intakeFlow. The guided intake (start, question,
// domain scan, clarification, agreements, closure) plugs in by changing
// defaultIntakeFlow to return its own constructors; nothing else in the app
// needs to change.

// openIntakeMsg opens an existing intake: a draft continues where it was.
type openIntakeMsg struct{ ID string }

// newIntakeMsg starts a new intake; ResidentID is "" for a new resident.
type newIntakeMsg struct{ ResidentID string }

// followUpMsg adds a follow-up contact to an existing intake.
type followUpMsg struct{ IntakeID string }

// intakeFlow holds the constructors of the intake-flow screens. Each gets the
// shared env (texts, theme, vault, clock) and returns a screen; a screen's
// optional `init() tea.Cmd` is run when it opens. A screen leaves by
// returning send(goHomeMsg{}).
type intakeFlow struct {
	open     func(e *env, intakeID string) screen
	create   func(e *env, residentID string) screen
	followUp func(e *env, intakeID string) screen
}

// defaultIntakeFlow registers the guided intake (intake_flow.go and the
// intake_*.go step files): opening an intake continues it at its saved
// step, a new one starts at the first step, and a follow-up contact has its
// own short form.
func defaultIntakeFlow() intakeFlow {
	return intakeFlow{
		open:     func(e *env, id string) screen { return openIntakeFlow(e, id) },
		create:   func(e *env, residentID string) screen { return newIntakeFlow(e, residentID) },
		followUp: func(e *env, id string) screen { return openFollowUp(e, id) },
	}
}
