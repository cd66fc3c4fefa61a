package session_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
)

var now = time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return now }

func open(t *testing.T, st *sessiontest.Fake, user, pass string) *session.Session {
	t.Helper()
	s := session.New(st, nil, clock, "nl")
	if err := s.Unlock(user, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	return s
}

func field(t *testing.T, s *session.Session, key string) *conversation.Field {
	t.Helper()
	var found *conversation.Field
	s.Definition().Walk(func(_ *conversation.Step, _, f *conversation.Field) {
		if f.Key == key {
			found = f
		}
	})
	if found == nil {
		t.Fatalf("no field %s", key)
	}
	return found
}

func TestEditorSavesEveryChange(t *testing.T) {
	st := sessiontest.New()
	s := open(t, st, "anna", "correct horse battery")
	e, err := s.NewIntake("")
	if err != nil {
		t.Fatal(err)
	}
	if e.Draft().Intake.Presence.Supporter != "anna" {
		t.Errorf("supporter not stamped: %+v", e.Draft().Intake.Presence)
	}
	if _, ok := st.IntakeByID(e.ID()); ok {
		t.Fatal("a new intake is written before its first change")
	}
	if q, err := e.Change(field(t, s, "start.consent"), e.At(), conversation.Value{Yes: true}); q != nil || err != nil {
		t.Fatal(q, err)
	}
	if err := e.Apply(field(t, s, "start.pseudonym"), e.At(), conversation.Value{Text: "Ali"}); err != nil {
		t.Fatal(err)
	}
	if err := e.Apply(field(t, s, "question.own_words"), e.At(), conversation.Value{Text: "Ik heb schulden"}); err != nil {
		t.Fatal(err)
	}
	in, ok := st.IntakeByID(e.ID())
	if !ok || in.OwnWords != "Ik heb schulden" || in.ResidentID == "" {
		t.Fatalf("stored intake: %+v", in)
	}
	if len(st.Stored) != 1 || st.Stored[0].Pseudonym != "Ali" {
		t.Fatalf("stored residents: %+v", st.Stored)
	}
	// A refused value changes nothing and is not saved.
	saves := st.Saves
	err = e.Apply(field(t, s, "start.birth_year"), e.At(), conversation.Value{Text: "1850"})
	if _, ok := conversation.AsInputError(err); !ok {
		t.Fatalf("1850: %v", err)
	}
	if st.Saves != saves || e.Draft().Resident.BirthYear != 0 {
		t.Errorf("a refused year was saved: saves %d→%d, year %d", saves, st.Saves, e.Draft().Resident.BirthYear)
	}
}

func TestSaveFailureIsKeptAndSaid(t *testing.T) {
	st := sessiontest.New()
	s := open(t, st, "anna", "correct horse battery")
	e, _ := s.NewIntake("")
	st.SaveFails = 1
	_ = e.Apply(field(t, s, "start.location"), e.At(), conversation.Value{Text: string(s.Catalogue().Locations[0].Code)})
	if e.SaveErr() == nil {
		t.Fatal("a failed save is not reported")
	}
	if got, _ := session.Sentence(e.SaveErr(), "nl"); !strings.HasPrefix(got, "De schijf is vol") {
		t.Errorf("sentence = %q", got)
	}
	if got, _ := session.Sentence(e.SaveErr(), "en"); !strings.HasPrefix(got, "The disk is full") {
		t.Errorf("sentence = %q", got)
	}
	// The value stays in the editor and the next change saves it.
	_ = e.Apply(field(t, s, "start.route"), e.At(), conversation.Value{Text: string(s.Catalogue().Routes[0].Code)})
	if e.SaveErr() != nil {
		t.Fatal(e.SaveErr())
	}
	if in, _ := st.IntakeByID(e.ID()); in.Location != s.Catalogue().Locations[0].Code {
		t.Errorf("location lost after a failed save: %+v", in)
	}
}

func TestConsentWithdrawalDeletesTheResident(t *testing.T) {
	st := sessiontest.New()
	s := open(t, st, "anna", "correct horse battery")
	e, _ := s.NewIntake("")
	consent := field(t, s, "start.consent")
	_, _ = e.Change(consent, e.At(), conversation.Value{Yes: true})
	_ = e.Apply(field(t, s, "start.pseudonym"), e.At(), conversation.Value{Text: "Ali"})
	_ = e.Apply(field(t, s, "question.own_words"), e.At(), conversation.Value{Text: "vraag"})
	resID := e.Draft().Resident.ID

	q, err := e.Change(consent, e.At(), conversation.Value{Yes: false})
	if err != nil || q == nil {
		t.Fatalf("withdrawal did not ask: %v %v", q, err)
	}
	if in, _ := st.IntakeByID(e.ID()); in.OwnWords != "vraag" || len(st.Stored) != 1 {
		t.Fatal("asking already erased")
	}
	if err := e.Apply(consent, e.At(), conversation.Value{Yes: false}); err != nil {
		t.Fatal(err)
	}
	in, _ := st.IntakeByID(e.ID())
	if in.OwnWords != "" || in.ResidentID != "" || in.Consent.Given {
		t.Errorf("stored after withdrawal: %+v", in)
	}
	if len(st.Stored) != 0 {
		t.Errorf("resident %s not deleted: %+v", resID, st.Stored)
	}
}

func TestConsentWithdrawalKeepsAResidentWithOtherConversations(t *testing.T) {
	st := sessiontest.New()
	st.Stored = []intake.Resident{{ID: "res0000001", Pseudonym: "Ali"}}
	st.Records = []intake.Intake{{ID: "other00001", ResidentID: "res0000001", Status: intake.StatusOpen, Created: now, Updated: now,
		Consent: intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}}}
	s := open(t, st, "anna", "correct horse battery")
	e, err := s.NewIntake("res0000001")
	if err != nil {
		t.Fatal(err)
	}
	consent := field(t, s, "start.consent")
	_ = e.Apply(consent, e.At(), conversation.Value{Yes: true})
	_ = e.Apply(consent, e.At(), conversation.Value{Yes: false})
	if len(st.Stored) != 1 {
		t.Errorf("the resident of another conversation was deleted")
	}
}

func TestKompaanSeesOnlyWhereTheyTookPart(t *testing.T) {
	st := sessiontest.New()
	st.AddUser("karim", "karims passphrase", store.RoleKompaan)
	c := intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
	st.Records = []intake.Intake{
		{ID: "mine000001", Status: intake.StatusOpen, Created: now, Updated: now, Consent: c, Presence: intake.Presence{Kompaan: true, KompaanName: "karim"}},
		{ID: "note000001", Status: intake.StatusOpen, Created: now, Updated: now, Consent: c, Notes: []intake.Note{{Author: "Karim", Role: intake.RoleKompaan, At: now, Text: "x"}}},
		{ID: "else000001", Status: intake.StatusOpen, Created: now, Updated: now, Consent: c},
	}
	s := open(t, st, "karim", "karims passphrase")
	reads := st.IntakeReads
	ov, err := s.Overview()
	if err != nil {
		t.Fatal(err)
	}
	if st.IntakeReads != reads {
		t.Errorf("the kompaan's list decoded %d whole intakes; it is made from the index", st.IntakeReads-reads)
	}
	var ids []string
	for _, h := range ov.Intakes {
		ids = append(ids, h.ID)
	}
	if strings.Join(ids, ",") != "mine000001,note000001" {
		t.Errorf("kompaan sees %v", ids)
	}
	if _, err := s.OpenIntake("else000001"); !errors.Is(err, session.ErrNotYours) {
		t.Errorf("open someone else's: %v", err)
	}
	if _, err := s.ResolveIntake("else00"); !errors.Is(err, session.ErrNotYours) {
		t.Errorf("resolve someone else's: %v", err)
	}
	e, err := s.NewIntake("")
	if err != nil {
		t.Fatal(err)
	}
	if p := e.Draft().Intake.Presence; !p.Kompaan || p.KompaanName != "karim" {
		t.Errorf("a kompaan's new intake is not theirs: %+v", p)
	}
	// The kompaan is chosen from the users: only kompanen are offered,
	// coordinators never.
	users, _ := s.Users()
	for _, u := range users {
		if u.Name == "" {
			t.Error("empty user")
		}
	}
}

func TestResolveShortIDs(t *testing.T) {
	st := sessiontest.New()
	st.Records = []intake.Intake{
		{ID: "abcdef1111", Status: intake.StatusOpen, Created: now, Updated: now},
		{ID: "abcdef2222", Status: intake.StatusOpen, Created: now, Updated: now},
		{ID: "xyz1234567", Status: intake.StatusOpen, Created: now, Updated: now},
	}
	s := open(t, st, "anna", "correct horse battery")
	tests := []struct {
		prefix string
		want   string
		err    error
	}{
		{"xyz123", "xyz1234567", nil},
		{"xyz1234567", "xyz1234567", nil},
		{"abcdef1", "abcdef1111", nil},
		{"abcdef", "", session.ErrAmbiguousID},
		{"xyz12", "", session.ErrIDTooShort},
		{"zzzzzz", "", session.ErrNotFound},
	}
	for _, tt := range tests {
		got, err := s.ResolveIntake(tt.prefix)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("ResolveIntake(%q) = %q, %v; want %q, %v", tt.prefix, got, err, tt.want, tt.err)
		}
	}
	_, err := s.ResolveIntake("abcdef")
	if msg, _ := session.Sentence(err, "nl"); !strings.Contains(msg, "(2)") {
		t.Errorf("ambiguous sentence %q does not say how many", msg)
	}
	if session.ShortID("abcdef1111") != "abcdef11" {
		t.Error("ShortID")
	}
}

var cheap = store.Options{KDF: store.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}}

func TestFirstRunLeavesNoVaultUntilTheCodeIsTypedBack(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "spreekuur.db")
	p, err := session.CreateVault(path, "anna", []byte("een lange zin als wachtwoord"), cheap)
	if err != nil {
		t.Fatal(err)
	}
	if store.Exists(path) {
		t.Fatal("the vault exists before its recovery code was typed back")
	}
	p.Abandon() // ctrl+c on the code screen
	if store.Exists(path) {
		t.Fatal("abandoned vault exists")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}

	p, err = session.CreateVault(path, "anna", []byte("een lange zin als wachtwoord"), cheap)
	if err != nil {
		t.Fatal(err)
	}
	code := string(p.Code())
	if _, err := p.Confirm("wrong"); !errors.Is(err, session.ErrRecoveryMismatch) {
		t.Fatalf("wrong code: %v", err)
	}
	if store.Exists(path) {
		t.Fatal("a wrong code put the vault in place")
	}
	v, err := p.Confirm(strings.ToLower(strings.ReplaceAll(code, "-", " ")))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if !store.Exists(path) || !v.Unlocked() {
		t.Fatal("confirmed vault is not in place and unlocked")
	}
	if name, _ := v.User(); name != "anna" {
		t.Errorf("user %q", name)
	}
}

func TestFirstRunRemovesALeftover(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "spreekuur.db")
	// A first run killed on the code screen leaves path.new behind.
	p, err := session.CreateVault(path, "anna", []byte("een lange zin als wachtwoord"), cheap)
	if err != nil {
		t.Fatal(err)
	}
	_ = p // not confirmed, not abandoned: as after kill -9 (the file lock goes with the process)
	p.Abandon()
	if err := os.WriteFile(path+".new", []byte("half a vault"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err = session.CreateVault(path, "anna", []byte("een lange zin als wachtwoord"), cheap)
	if err != nil {
		t.Fatalf("leftover blocks a new first run: %v", err)
	}
	p.Abandon()
}

func TestEverySentinelHasASentenceInBothLanguages(t *testing.T) {
	for _, err := range []error{session.ErrWrongPassphrase, session.ErrLocked, session.ErrNoAccess, session.ErrVaultInUse,
		session.ErrNotFound, session.ErrPassphraseShort, session.ErrNotPermitted, session.ErrTampered, session.ErrVaultExists,
		session.ErrInvalidName, session.ErrUserExists, session.ErrNotYours, session.ErrIDTooShort, session.ErrAmbiguousID,
		session.ErrNoPassphrase, session.ErrPassphraseMismatch, session.ErrRecoveryMismatch, session.ErrDiskFull} {
		nl, ok1 := session.Sentence(err, "nl")
		en, ok2 := session.Sentence(err, "en")
		if !ok1 || !ok2 || nl == en || nl == "" {
			t.Errorf("%v: nl %q, en %q", err, nl, en)
		}
	}
}

// TestOverviewReportsEitherRead: a supporter's overview reads the
// residents and the intakes at once; whichever fails, the overview is that
// error (the intakes' when both do), never a list with a part missing.
func TestOverviewReportsEitherRead(t *testing.T) {
	errResidents, errIntakes := errors.New("residents unreadable"), errors.New("intakes unreadable")
	for _, c := range []struct {
		name string
		errs map[string]error
		want error
	}{
		{"none", nil, nil},
		{"residents", map[string]error{"Residents": errResidents}, errResidents},
		{"intakes", map[string]error{"Intakes": errIntakes}, errIntakes},
		{"both", map[string]error{"Residents": errResidents, "Intakes": errIntakes}, errIntakes},
	} {
		st := sessiontest.New()
		r := intake.NewResident("Kees", now)
		st.Stored = []intake.Resident{r}
		in := intake.NewIntake(now)
		in.ResidentID = r.ID
		st.Records = []intake.Intake{in}
		s := open(t, st, "anna", "correct horse battery")
		st.ReadErrs = c.errs
		ov, err := s.Overview()
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s fails: %v, want %v", c.name, err, c.want)
		}
		if c.want == nil && (len(ov.Residents) != 1 || len(ov.Intakes) != 1) {
			t.Errorf("%s fails: %d residents, %d intakes; want 1 and 1", c.name, len(ov.Residents), len(ov.Intakes))
		}
	}
}
