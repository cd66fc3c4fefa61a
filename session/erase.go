package session

import (
	"slices"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/store"
)

// Erasure and retention (AVG art. 17 and 5(1)(e); docs/PRIVACY.md). Only
// a supporter erases: a kompaan does not see a resident's whole file, a
// coordinator none of it. What goes is named before (ErasePlan) so the
// screens and the command line can ask; the resident gets a receipt.

// Reasons for an erasure, as the screens name them (the store's values).
const (
	EraseRequest   = store.EraseRequest   // the resident asked
	EraseRetention = store.EraseRetention // the retention period passed
)

// ErasePlan is what erasing one resident removes.
type ErasePlan struct {
	Resident intake.Resident
	Intakes  []intake.Intake // oldest first
}

// Items names what goes, one line each, in lang: for the confirmation.
// The resident's name is there (the supporter must see whom they erase);
// conversations by their date and short number, never their text.
func (p ErasePlan) Items(lang string) []string {
	t := func(nl, en string) string { return intake.T(nl, en).In(lang) }
	out := []string{t("de gegevens van ", "the record of ") + intake.Inert(p.Resident.Pseudonym) + " (" + ShortID(p.Resident.ID) + ")"}
	for _, in := range p.Intakes {
		out = append(out, t("gesprek ", "conversation ")+ShortID(in.ID)+t(" van ", " of ")+intake.DateOf(in.Created).Format(lang)+
			t(", met aantekeningen, afspraken en brieven", ", with its notes, agreements and letters"))
	}
	out = append(out, t("de koppeling naar de telling (de telling zelf blijft, zonder naam of tekst)",
		"the link to the count (the count itself stays, without a name or any text)"))
	return out
}

// ErasePlan reads what erasing residentID would remove. Reading the file
// for it is logged.
func (s *Session) ErasePlan(residentID string) (ErasePlan, error) {
	if err := s.requireSupporter(store.ActRead, residentID, "erase-plan"); err != nil {
		return ErasePlan{}, err
	}
	r, err := s.st.Resident(residentID)
	if err != nil {
		return ErasePlan{}, err
	}
	if err := s.Log(Event{Action: store.ActRead, Purpose: store.PurposeAccess, Resident: residentID, Detail: "erase-plan"}); err != nil {
		return ErasePlan{}, err
	}
	ins, err := s.IntakesOf(residentID)
	if err != nil {
		return ErasePlan{}, err
	}
	slices.SortStableFunc(ins, func(a, b intake.Intake) int { return a.Created.Compare(b.Created) })
	return ErasePlan{Resident: r, Intakes: ins}, nil
}

// requireSupporter refuses a kompaan or coordinator, and logs the refusal.
func (s *Session) requireSupporter(action, residentID, detail string) error {
	if s.Role() == store.RoleSupporter {
		return nil
	}
	if err := s.Log(Event{Action: action, Outcome: store.OutcomeDenied, Purpose: store.PurposeAccess, Resident: residentID, Detail: detail}); err != nil {
		return err
	}
	return ErrNotPermitted
}

// Erasure is what an erasure did.
type Erasure struct {
	Tombstone store.Tombstone
	Pseudonym string // for the receipt; "" when erased from the retention list without one
}

// Erase erases the resident of plan (after the confirmation named it) for
// reason (store.EraseRequest: on the resident's behalf; store.EraseRetention:
// the organisation's rule), in one transaction with its log entry.
func (s *Session) Erase(plan ErasePlan, reason string) (Erasure, error) {
	if err := s.requireSupporter(store.ActErase, plan.Resident.ID, reason); err != nil {
		return Erasure{}, err
	}
	behalf := OnBehalfResident
	if reason == store.EraseRetention {
		behalf = OnBehalfOrganisation
	}
	purpose := store.PurposeAccess
	if reason == store.EraseRetention {
		purpose = store.PurposeSecurity
	}
	ev := s.entry(Event{Action: store.ActErase, Purpose: purpose, OnBehalf: behalf, Resident: plan.Resident.ID, Detail: reason})
	t, err := s.st.EraseResident(plan.Resident.ID, reason, s.now(), ev)
	if err != nil {
		return Erasure{}, err
	}
	return Erasure{Tombstone: t, Pseudonym: plan.Resident.Pseudonym}, nil
}

// Compact rewrites the vault's file without its freed pages: after an
// erasure or a key rotation the old sealed bytes stay in them until then
// (supporters; why is the log entry's detail: "erase", "rotation"). The
// log entry is written after it, with its outcome.
func (s *Session) Compact(why string, progress func(done, total int64)) (store.CompactResult, error) {
	if err := s.requireSupporter(store.ActCompact, "", why); err != nil {
		return store.CompactResult{}, err
	}
	res, err := s.st.Compact(progress)
	ev := Event{Action: store.ActCompact, Purpose: store.PurposeSecurity, Detail: why}
	if err != nil {
		ev.Outcome = store.OutcomeFailed
		s.logQuietly(ev)
		return res, err
	}
	return res, s.Log(ev)
}

// Receipt is the paper for the resident that says what was erased and
// when, in the session's language, with the organisation when it is set;
// making it is logged (a paper for the resident, on their behalf).
func (s *Session) Receipt(e Erasure) (papers.Doc, error) {
	org, err := s.st.Organisation()
	if err != nil {
		return papers.Doc{}, err
	}
	if err := s.Log(Event{Action: store.ActPrint, Purpose: store.PurposeAccess, OnBehalf: OnBehalfResident, Resident: e.Tombstone.Resident, Detail: "receipt"}); err != nil {
		return papers.Doc{}, err
	}
	return papers.ErasureReceipt(papers.ReceiptInput{
		Number: ShortID(e.Tombstone.Resident), Pseudonym: e.Pseudonym, Erased: e.Tombstone.Erased,
		Intakes: len(e.Tombstone.Intakes), Retention: e.Tombstone.Reason == store.EraseRetention,
		Organisation: org.Name, Phone: org.Phone,
	}, s.lang), nil
}

// Privacy is the organisation's privacy settings (every role reads them).
func (s *Session) Privacy() (store.Privacy, error) { return s.st.Privacy() }

// SetPrivacy changes them (a supporter), logged as a setting.
func (s *Session) SetPrivacy(p store.Privacy) (store.Privacy, error) {
	return s.st.SetPrivacy(p, s.entry(Event{Action: store.ActSetting, Purpose: store.PurposeSecurity, Detail: "privacy"}))
}

// RetentionFlag is why a resident past the retention period is not
// erased without a look: something still runs.
type RetentionFlag struct {
	Kind   string      // "agreement", "deadline", "appointment"
	Intake string      // the conversation it is in
	Due    intake.Date // when it is due (zero: no date)
}

// Retention flag kinds.
const (
	FlagAgreement   = "agreement"   // an agreement not ticked off in a conversation not closed
	FlagDeadline    = "deadline"    // a legal period that has not ended
	FlagAppointment = "appointment" // a next appointment still to come
)

// RetentionItem is one resident past the retention period.
type RetentionItem struct {
	Resident    intake.Resident
	Intakes     []intake.Intake
	LastContact time.Time   // the latest first contact, follow-up or closure
	Due         intake.Date // the day the retention period ended
	Flags       []RetentionFlag
}

// Flagged reports whether something still runs for this resident.
func (i RetentionItem) Flagged() bool { return len(i.Flags) > 0 }

// Plan is the erasure of this item.
func (i RetentionItem) Plan() ErasePlan { return ErasePlan{Resident: i.Resident, Intakes: i.Intakes} }

// lastContact is when the resident was last in touch in this intake: its
// first contact, a follow-up contact, or its closure.
func lastContact(in intake.Intake) time.Time {
	last := in.Created
	for _, c := range in.Contacts {
		if c.At.After(last) {
			last = c.At
		}
	}
	if in.ClosedAt.After(last) {
		last = in.ClosedAt
	}
	return last
}

// running lists what still runs in in at today.
func running(in intake.Intake, now time.Time) []RetentionFlag {
	today := intake.DateOf(now)
	var out []RetentionFlag
	// An agreement not ticked off runs while its conversation is not
	// closed; closing it ends what was agreed.
	for _, a := range in.Agreements {
		if !a.Done && in.Status != intake.StatusClosed {
			out = append(out, RetentionFlag{Kind: FlagAgreement, Intake: in.ID, Due: a.By})
		}
	}
	for _, d := range in.Deadlines() {
		if !d.Extended.Before(today) {
			out = append(out, RetentionFlag{Kind: FlagDeadline, Intake: in.ID, Due: d.Extended})
		}
	}
	if at := in.NextAppointment.At; !at.IsZero() && at.After(now) {
		out = append(out, RetentionFlag{Kind: FlagAppointment, Intake: in.ID, Due: intake.DateOf(at)})
	}
	return out
}

// RetentionList lists the residents whose last contact is longer ago than
// the retention period, oldest first, each with what still runs
// (supporters; reading every file for it is logged once).
func (s *Session) RetentionList() (months int, items []RetentionItem, err error) {
	if err := s.requireSupporter(store.ActRetention, "", "list"); err != nil {
		return 0, nil, err
	}
	p, err := s.st.Privacy()
	if err != nil {
		return 0, nil, err
	}
	months = p.Retention()
	if err := s.Log(Event{Action: store.ActRetention, Purpose: store.PurposeSecurity, Detail: "list"}); err != nil {
		return 0, nil, err
	}
	residents, err := s.st.Residents()
	if err != nil {
		return 0, nil, err
	}
	headers, err := s.st.IntakeHeaders()
	if err != nil {
		return 0, nil, err
	}
	// From the headers (the intake index), a lower bound of each
	// resident's last contact: their first contacts and follow-ups, not
	// the closure. Whoever it keeps inside the period is inside it;
	// only the others' intakes are decoded.
	byResident := map[string][]string{}
	seen := map[string]time.Time{}
	for _, h := range headers {
		if h.ResidentID == "" {
			continue
		}
		byResident[h.ResidentID] = append(byResident[h.ResidentID], h.ID)
		last := seen[h.ResidentID]
		if h.Created.After(last) {
			last = h.Created
		}
		for _, c := range h.Contacts {
			if c.At.After(last) {
				last = c.At
			}
		}
		seen[h.ResidentID] = last
	}
	now := s.now()
	for _, r := range residents {
		if last := seen[r.ID]; !last.AddDate(0, months, 0).Before(now) {
			continue
		}
		it := RetentionItem{Resident: r, LastContact: r.Created}
		for _, id := range byResident[r.ID] {
			in, err := s.st.Intake(id)
			if err != nil {
				return 0, nil, err
			}
			it.Intakes = append(it.Intakes, in)
			if lc := lastContact(in); lc.After(it.LastContact) {
				it.LastContact = lc
			}
			it.Flags = append(it.Flags, running(in, now)...)
		}
		end := it.LastContact.AddDate(0, months, 0)
		if !end.Before(now) {
			continue
		}
		it.Due = intake.DateOf(end)
		slices.SortStableFunc(it.Intakes, func(a, b intake.Intake) int { return a.Created.Compare(b.Created) })
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b RetentionItem) int { return a.LastContact.Compare(b.LastContact) })
	return months, items, nil
}
