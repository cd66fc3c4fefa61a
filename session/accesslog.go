package session

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// The access log (docs/FORMAT.md §9, docs/PRIVACY.md): every event on
// personal data gives one entry — who (user and role), what (an action
// code), when (the session's clock), whose file (resident and intake
// IDs), why (a purpose code), with what outcome, on which vault. The
// session decides what an event is; the store seals and chains the
// entries. An event that reads or hands out personal data fails when its
// entry cannot be written (there is no access without a trace); opening
// and locking the vault are logged where the vault can be written.

// Event is one thing a person did, before the session adds who and when.
type Event struct {
	Action   string // store.Act…
	Outcome  string // store.Outcome…; "" means ok
	Purpose  string // store.Purpose…
	OnBehalf string // "resident", "organisation", or "" (the user's own work)
	Resident string
	Intake   string
	Detail   string // a code or a count, never typed text
}

// Values of Event.OnBehalf.
const (
	OnBehalfResident     = "resident"     // at the resident's request (access, erasure)
	OnBehalfOrganisation = "organisation" // the organisation's rule (retention)
)

// entry fills in who and when.
func (s *Session) entry(ev Event) store.LogEntry {
	name, role := s.st.User()
	if name == "" && role == store.RoleSupporter {
		name = store.RecoveryUser
	}
	outcome := ev.Outcome
	if outcome == "" {
		outcome = store.OutcomeOK
	}
	return store.LogEntry{
		At: s.now(), Action: ev.Action, Outcome: outcome, User: name, Role: role,
		OnBehalf: ev.OnBehalf, Resident: ev.Resident, Intake: ev.Intake, Purpose: ev.Purpose, Detail: ev.Detail,
	}
}

// Log writes one event to the access log now, in a transaction of its own.
// The command line logs what it does outside the session's own calls
// (users, keys, settings, bundles) through it.
func (s *Session) Log(ev Event) error { return s.st.Log(s.entry(ev)) }

// logQuietly logs what must not stop the work it records: opening and
// locking a vault that cannot be written (a read-only check).
func (s *Session) logQuietly(ev Event) { _ = s.Log(ev) }

// purposeOf says why an intake is being worked on: the conversation while
// it is a draft, a follow-up once it was held.
func purposeOf(in *intake.Intake) string {
	if in.Status == intake.StatusDraft || in.Status == "" {
		return store.PurposeIntake
	}
	return store.PurposeFollowUp
}

// LogFilter selects entries of the access log.
type LogFilter struct {
	Resident string    // entries about this resident or one of the intakes listed in Intakes; a prefix of at least MinIDPrefix
	Intakes  []string  // the resident's intakes (AccessExport fills them)
	Since    time.Time // entries at or after; zero: all
}

func (f LogFilter) matches(e store.LogEntry) bool {
	if !f.Since.IsZero() && e.At.Before(f.Since) {
		return false
	}
	if f.Resident == "" {
		return true
	}
	return strings.HasPrefix(e.Resident, f.Resident) || (e.Intake != "" && slices.Contains(f.Intakes, e.Intake))
}

// AccessLog reads the access log, oldest first, filtered (supporters
// only). Reading it is itself an event, logged before the entries are
// read, so the list shows it.
func (s *Session) AccessLog(f LogFilter) ([]store.LogEntry, error) {
	if s.Role() != store.RoleSupporter {
		if err := s.Log(Event{Action: store.ActLogRead, Outcome: store.OutcomeDenied, Purpose: store.PurposeSecurity}); err != nil {
			return nil, err
		}
		return nil, ErrNotPermitted
	}
	if f.Resident != "" && len(strings.TrimSpace(f.Resident)) < MinIDPrefix {
		return nil, ErrIDTooShort
	}
	f.Resident = strings.TrimSpace(f.Resident)
	detail := "all"
	if f.Resident != "" {
		detail = "resident"
	}
	if err := s.Log(Event{Action: store.ActLogRead, Purpose: store.PurposeSecurity, Resident: f.Resident, Detail: detail}); err != nil {
		return nil, err
	}
	var hint []string
	if f.Resident != "" {
		hint = append([]string{f.Resident}, f.Intakes...)
	}
	all, err := s.st.AccessLog(hint...)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, e := range all {
		if f.matches(e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// errLogged tells an event that was refused from one that failed.
func outcomeOf(err error) string {
	switch {
	case err == nil:
		return store.OutcomeOK
	case errors.Is(err, ErrNotYours), errors.Is(err, ErrNoAccess), errors.Is(err, ErrNotPermitted):
		return store.OutcomeDenied
	}
	return store.OutcomeFailed
}
