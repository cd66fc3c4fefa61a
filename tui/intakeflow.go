package tui

// The hook for the intake-flow screens.
//
// Screens ask for an intake with these messages; the app builds the screen
// with the constructors in intakeFlow. The guided intake (start, question,
// domain scan, clarification, agreements, closure) plugs in by changing
// defaultIntakeFlow to return its own constructors; nothing else in the app
// needs to change. Until then, opening an intake shows it read-only
// (intakeview.go) and starting one says plainly that it is not built yet.

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

// defaultIntakeFlow is where the intake-flow work registers its screens.
func defaultIntakeFlow() intakeFlow {
	return intakeFlow{
		open: func(e *env, id string) screen { return newIntakeView(e, id) },
		create: func(e *env, _ string) screen {
			return newNotYet(e, e.tx.get(tNewIntake))
		},
		followUp: func(e *env, _ string) screen {
			return newNotYet(e, e.tx.get(tFollowUp))
		},
	}
}
