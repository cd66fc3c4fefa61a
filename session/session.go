package session

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
)

// Session is the work of one person on one open vault.
type Session struct {
	st   Store
	cat  *intake.Catalogue
	now  func() time.Time
	lang string
	def  *conversation.Definition
}

// New starts a session on st. cat nil means the default catalogue; now
// nil the system clock.
func New(st Store, cat *intake.Catalogue, now func() time.Time, lang string) *Session {
	if cat == nil {
		cat = intake.DefaultCatalogue()
	}
	if now == nil {
		now = time.Now
	}
	return &Session{st: st, cat: cat, now: now, lang: intake.NormLang(lang), def: conversation.New()}
}

// Catalogue is the catalogue with the local overrides.
func (s *Session) Catalogue() *intake.Catalogue { return s.cat }

// Now is the session's clock.
func (s *Session) Now() time.Time { return s.now() }

// Lang is the language of the session's texts ("nl" or "en").
func (s *Session) Lang() string { return s.lang }

// Definition is the conversation both renderings draw.
func (s *Session) Definition() *conversation.Definition { return s.def }

// Unlock opens the vault for user with pass (which the caller wipes). A
// wrong passphrase is kept for the access log (the store seals it for the
// supporters, as no key is open); a right one is logged.
func (s *Session) Unlock(user string, pass []byte) error {
	if len(pass) == 0 {
		return ErrNoPassphrase
	}
	user = strings.TrimSpace(user)
	err := s.st.Unlock(user, pass)
	switch {
	case errors.Is(err, ErrWrongPassphrase):
		_ = s.st.FailedUnlock(user, s.now()) // a read-only vault cannot keep it
	case err == nil:
		s.logQuietly(Event{Action: store.ActUnlock, Purpose: store.PurposeSecurity})
	}
	return err
}

// Lock logs the lock and wipes the keys.
func (s *Session) Lock() {
	if s.st.Unlocked() {
		s.logQuietly(Event{Action: store.ActLock, Purpose: store.PurposeSecurity})
	}
	s.st.Lock()
}

// Unlocked reports whether the keys are in memory.
func (s *Session) Unlocked() bool { return s.st.Unlocked() }

// User is who unlocked ("" when locked).
func (s *Session) User() string { name, _ := s.st.User(); return name }

// Role is the unlocked user's role.
func (s *Session) Role() store.Role { _, r := s.st.User(); return r }

// IsSupporter reports whether the unlocked user is a supporter: the one
// role that may change settings and move bundles.
func (s *Session) IsSupporter() bool { return s.Role() == store.RoleSupporter }

// IsKompaan reports whether the unlocked user is a kompaan.
func (s *Session) IsKompaan() bool { return s.Role() == store.RoleKompaan }

// CanReadNotes reports whether the user holds the notes key; a coordinator
// does not, and sees only the statistics.
func (s *Session) CanReadNotes() bool { return s.st.CanReadNotes() }

// Statistics is the published report for opt (the statistics key only).
func (s *Session) Statistics(opt statistics.Options) (*statistics.Report, error) {
	return s.st.Statistics(opt)
}

// Users lists the vault's users, for choosing the kompaan who was there.
func (s *Session) Users() ([]conversation.User, error) {
	us, err := s.st.Users()
	if err != nil {
		return nil, err
	}
	out := make([]conversation.User, 0, len(us))
	for _, u := range us {
		role := intake.RoleSupporter
		switch u.Role {
		case store.RoleKompaan:
			role = intake.RoleKompaan
		case store.RoleCoordinator:
			continue // never at the table
		}
		out = append(out, conversation.User{Name: u.Name, Role: role})
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, nil
}

// MayOpen is the kompaan rule: everyone with the notes key may open an
// intake; a kompaan only one they took part in (intake.TookPart).
func (s *Session) MayOpen(in *intake.Intake) bool {
	return !s.IsKompaan() || intake.TookPart(in, s.User())
}

// Overview is what the home list shows: residents and intake headers the
// user may see.
type Overview struct {
	Residents []intake.Resident
	Intakes   []intake.Header
	// Stamp is the vault's store.Tx.HomeStamp while both were read, for
	// keeping home's first screen (KeepHomeList); Stamped is false when
	// the vault changed during the reading, or for a kompaan.
	Stamp   [32]byte
	Stamped bool
}

// Overview lists what the user may see. A kompaan's list is made from the
// intake index, whose entries say who took part (and which their keys
// open only for the intakes wrapped for them): no whole intake is decoded.
// Reading the list is a search in the access log.
func (s *Session) Overview() (Overview, error) {
	if err := s.Log(Event{Action: store.ActSearch, Purpose: store.PurposeIntake, Detail: "list"}); err != nil {
		return Overview{}, err
	}
	return s.OverviewAfterHomeList()
}

// OverviewAfterHomeList is Overview after HomeList, which logged the
// list's reading; call it only right after HomeList (home's load does),
// else the reading goes unlogged.
func (s *Session) OverviewAfterHomeList() (Overview, error) {
	if !s.IsKompaan() {
		before, berr := s.st.HomeStamp()
		// The two reads at once: each is on every core, but each begins
		// with a walk of its bucket on one, whose first touch of the
		// file's pages is most of what it costs after an unlock.
		var residents []intake.Resident
		var rerr error
		done := make(chan struct{})
		go func() {
			defer close(done)
			residents, rerr = s.st.Residents()
		}()
		headers, err := s.st.IntakeHeaders()
		<-done
		if err != nil {
			return Overview{}, err
		}
		if rerr != nil {
			return Overview{}, rerr
		}
		ov := Overview{Residents: residents, Intakes: headers}
		if berr == nil {
			after, aerr := s.st.HomeStamp()
			ov.Stamp, ov.Stamped = before, aerr == nil && after == before
		}
		return ov, nil
	}
	entries, err := s.st.IntakeIndex()
	if err != nil {
		return Overview{}, err
	}
	user := s.User()
	var out Overview
	seen := map[string]bool{}
	for _, e := range entries {
		if !e.TookPart(user) {
			continue
		}
		h := e.Header.Listed() // as a supporter's list has it
		out.Intakes = append(out.Intakes, h)
		if h.ResidentID != "" && !seen[h.ResidentID] {
			seen[h.ResidentID] = true
			r, err := s.st.Resident(h.ResidentID)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return Overview{}, err
			}
			if err == nil {
				out.Residents = append(out.Residents, r)
			}
		}
	}
	return out, nil
}

// Intake reads an intake the user may open.
func (s *Session) Intake(id string) (intake.Intake, error) {
	in, err := s.st.Intake(id)
	if err != nil {
		return intake.Intake{}, err
	}
	if !s.MayOpen(&in) {
		return intake.Intake{}, ErrNotYours
	}
	return in, nil
}

// Resident reads a resident record (any user with the notes key; a kompaan
// reaches residents only through intakes they may open).
func (s *Session) Resident(id string) (intake.Resident, error) { return s.st.Resident(id) }

// IntakesOf lists the intakes of one resident the user may open.
func (s *Session) IntakesOf(residentID string) ([]intake.Intake, error) {
	headers, err := s.st.IntakeHeaders()
	if err != nil {
		return nil, err
	}
	var out []intake.Intake
	for _, h := range headers {
		if h.ResidentID != residentID {
			continue
		}
		in, err := s.st.Intake(h.ID)
		if err != nil {
			return nil, err
		}
		if s.MayOpen(&in) {
			out = append(out, in)
		}
	}
	return out, nil
}

// MinIDPrefix is the shortest ID prefix accepted wherever an ID is typed.
const MinIDPrefix = 6

// ShortID is how the app shows an ID everywhere: its first 8 characters.
func ShortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// ResolveIntake finds the one intake whose ID starts with prefix (at least
// MinIDPrefix characters), among those the user may open.
func (s *Session) ResolveIntake(prefix string) (string, error) {
	prefix, err := checkPrefix(prefix)
	if err != nil {
		return "", err
	}
	headers, err := s.st.IntakeHeaders()
	if err != nil {
		return "", err
	}
	var found []string
	for _, h := range headers {
		if strings.HasPrefix(h.ID, prefix) {
			found = append(found, h.ID)
		}
	}
	id, err := one(found)
	if err != nil {
		return "", err
	}
	if _, err := s.Intake(id); err != nil {
		return "", err
	}
	return id, nil
}

// ResolveResident finds the one resident whose ID starts with prefix. A
// kompaan may name only residents of conversations they took part in.
func (s *Session) ResolveResident(prefix string) (string, error) {
	prefix, err := checkPrefix(prefix)
	if err != nil {
		return "", err
	}
	ov, err := s.Overview()
	if err != nil {
		return "", err
	}
	var found []string
	for _, r := range ov.Residents {
		if strings.HasPrefix(r.ID, prefix) {
			found = append(found, r.ID)
		}
	}
	return one(found)
}

func checkPrefix(p string) (string, error) {
	p = strings.TrimSpace(p)
	if len(p) < MinIDPrefix {
		return "", ErrIDTooShort
	}
	return p, nil
}

func one(found []string) (string, error) {
	switch len(found) {
	case 0:
		return "", ErrNotFound
	case 1:
		return found[0], nil
	}
	return "", errorf(ErrAmbiguousID, "Meer dan één (%d) begint zo. Typ meer tekens van het nummer.",
		"More than one (%d) starts like this. Type more characters of the number.", len(found))
}

// DeleteResidentIfUnused deletes a resident record unless another intake
// than except still belongs to them (then only that intake was unlinked).
func (s *Session) DeleteResidentIfUnused(residentID, except string) error {
	if residentID == "" {
		return nil
	}
	headers, err := s.st.IntakeHeaders()
	if err != nil {
		return err
	}
	for _, h := range headers {
		if h.ResidentID == residentID && h.ID != except {
			return nil
		}
	}
	return s.st.DeleteResident(residentID, s.entry(Event{Action: store.ActDelete, Purpose: store.PurposeIntake,
		Resident: residentID, Intake: except, Detail: "consent-withdrawn"}))
}

// PaperRequest says which paper of a conversation to make.
type PaperRequest struct {
	IntakeID string
	Kind     string // papers.KindSheet, papers.KindPlan or papers.KindLetter
	// Report is the day of the Wmo report, for the plan (zero: from the
	// conversation's letters).
	Report intake.Date
	// Late is which late decision the letter is about
	// (intake.LateDecision.Ref); "" for the one late longest.
	Late string
}

// Paper makes one of a conversation's papers for the resident, in the
// session's language, with the name of the user who makes it and the
// organisation's name and phone number (the vault's setting) at the end
// of the sheet and the plan. The kompaan rule applies: a kompaan makes
// papers only of conversations they took part in. A letter for a late
// decision when the municipality is not late is ErrNotLate.
func (s *Session) Paper(req PaperRequest) (papers.Doc, error) {
	in, err := s.Intake(req.IntakeID)
	if err != nil {
		return papers.Doc{}, err
	}
	var r intake.Resident
	if in.ResidentID != "" {
		if r, err = s.st.Resident(in.ResidentID); err != nil && !errors.Is(err, ErrNotFound) {
			return papers.Doc{}, err
		}
	}
	doc, err := s.paper(req, in, r)
	if err != nil {
		return papers.Doc{}, err
	}
	if err := s.logPaper(in, req.Kind); err != nil {
		return papers.Doc{}, err
	}
	return doc, nil
}

// paper makes the paper req asks for of in (Paper).
func (s *Session) paper(req PaperRequest, in intake.Intake, r intake.Resident) (papers.Doc, error) {
	today := intake.DateOf(s.now())
	switch req.Kind {
	case papers.KindLetter:
		late := in.LateDecisions(today)
		if len(late) == 0 {
			return papers.Doc{}, ErrNotLate
		}
		ld := late[0]
		if req.Late != "" {
			i := slices.IndexFunc(late, func(l intake.LateDecision) bool { return l.Ref() == req.Late })
			if i < 0 {
				return papers.Doc{}, ErrNotLate
			}
			ld = late[i]
		}
		return papers.LateLetter(in, r, ld, s.cat, s.lang, today), nil
	case papers.KindPlan:
		from, err := s.sender()
		if err != nil {
			return papers.Doc{}, err
		}
		return papers.PersonalPlanReported(in, r, s.cat, s.lang, today, req.Report).From(from), nil
	}
	from, err := s.sender()
	if err != nil {
		return papers.Doc{}, err
	}
	return papers.Sheet(in, r, s.cat, s.lang, today).From(from), nil
}

// sender is who makes a paper: the unlocked user, and the organisation
// of the vault's settings.
func (s *Session) sender() (papers.Sender, error) {
	org, err := s.st.Organisation()
	if err != nil {
		return papers.Sender{}, err
	}
	role := intake.RoleSupporter
	if s.IsKompaan() {
		role = intake.RoleKompaan
	}
	return papers.Sender{Name: s.User(), Role: role, Organisation: org.Name, Phone: org.Phone}, nil
}

// LateDecisions lists the municipal terms of a conversation that have
// passed without an answer today, the longest late first: each can have
// its letter (Paper with papers.KindLetter).
func (s *Session) LateDecisions(intakeID string) ([]intake.LateDecision, error) {
	in, err := s.Intake(intakeID)
	if err != nil {
		return nil, err
	}
	return in.LateDecisions(intake.DateOf(s.now())), nil
}

// logPaper logs that a paper of kind (sheet, plan, letter) was made of in.
func (s *Session) logPaper(in intake.Intake, kind string) error {
	return s.Log(Event{Action: store.ActPrint, Purpose: purposeOf(&in), Resident: in.ResidentID, Intake: in.ID, Detail: kind})
}

// AccessExport is everything stored about one resident (AVG art. 15): the
// resident record, all their conversations with notes, and the anonymised
// statistics records made of them. A kompaan may not make it: they do not
// browse a resident's whole file.
func (s *Session) AccessExport(residentID string) (papers.Access, error) {
	if s.IsKompaan() {
		return papers.Access{}, ErrNotPermitted
	}
	r, err := s.st.Resident(residentID)
	if err != nil {
		return papers.Access{}, err
	}
	intakes, err := s.IntakesOf(residentID)
	if err != nil {
		return papers.Access{}, err
	}
	if err := s.Log(Event{Action: store.ActExport, Purpose: store.PurposeAccess, OnBehalf: OnBehalfResident, Resident: residentID, Detail: "access"}); err != nil {
		return papers.Access{}, err
	}
	a := papers.AccessExport(r, intakes, s.cat)
	for _, in := range intakes {
		if in.StatID == "" {
			continue
		}
		rec, err := s.st.StatRecord(in.StatID)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return papers.Access{}, err // an incomplete answer to an access request is not an answer
		default:
			a.Statistics = append(a.Statistics, papers.AccessStat{IntakeID: in.ID, Record: rec})
		}
	}
	a.Exported = s.now().Truncate(time.Second)
	return a, nil
}

// AccessRequest answers a resident's request to see their data (AVG art.
// 15), made on requested: AccessExport with what art. 15(1)(a-h) adds
// (purposes, categories, recipients, the retention period, the source,
// their rights), the access log of their file (C-579/21: who, in which
// role, when and why; names only where the organisation chose so) and the
// day the answer is due (art. 12(3)).
func (s *Session) AccessRequest(residentID string, requested intake.Date) (papers.Access, error) {
	a, err := s.AccessExport(residentID)
	if err != nil {
		return papers.Access{}, err
	}
	p, err := s.st.Privacy()
	if err != nil {
		return papers.Access{}, err
	}
	org, err := s.st.Organisation()
	if err != nil {
		return papers.Access{}, err
	}
	ids := make([]string, 0, len(a.Intakes))
	for _, in := range a.Intakes {
		ids = append(ids, in.ID)
	}
	entries, err := s.st.AccessLog(append([]string{residentID}, ids...)...)
	if err != nil {
		return papers.Access{}, err
	}
	var lines []papers.LogLine
	for _, e := range entries {
		if e.Resident != residentID && (e.Intake == "" || !slices.Contains(ids, e.Intake)) {
			continue
		}
		lines = append(lines, papers.LogLine{At: e.At, Action: e.Action, Outcome: e.Outcome, Role: string(e.Role), Purpose: e.Purpose, Detail: e.Detail, User: e.User})
	}
	a.Complete(papers.AccessContext{Requested: requested, RetentionMonths: p.Retention(), Organisation: org.Name,
		NamesInAccess: p.NamesInAccess, Log: lines, Lang: s.lang})
	return a, nil
}
