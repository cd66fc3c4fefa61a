package linemode

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
)

var day0 = time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return day0 }

func TestTextsComplete(t *testing.T) {
	if m := texts.Missing(); len(m) > 0 {
		t.Errorf("texts in one language only: %v", m)
	}
}

// waits records the waits after wrong passphrases instead of sleeping.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(d time.Duration) { w.mu.Lock(); w.d = append(w.d, d); w.mu.Unlock() }
func (w *waits) get() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// turn is one question and the answer typed to it: want must be in what
// the line mode said since the last answer.
type turn struct {
	want   string
	answer string
}

// script is the user at the keyboard: the line mode's input and output.
// Each line read is the answer of the next turn, checked against what was
// said since the last one (the line mode reads a line only after it asks);
// answer funcs see that text. When the turns run out or a question is not
// the one expected, the input ends.
type script struct {
	t     *testing.T
	mu    sync.Mutex
	out   strings.Builder
	mark  int
	turns []turn
	// at, when set, answers instead of the turns: for answers that are
	// known only while running (a recovery code).
	at func(said string) (string, bool)
}

func (s *script) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Write(p)
}

func (s *script) Read(p []byte) (int, error) {
	s.mu.Lock()
	said := s.out.String()[s.mark:]
	s.mark = s.out.Len()
	s.mu.Unlock()
	if s.at != nil {
		if a, ok := s.at(said); ok {
			return copy(p, a+"\n"), nil
		}
	}
	if len(s.turns) == 0 {
		return 0, io.EOF
	}
	tn := s.turns[0]
	s.turns = s.turns[1:]
	if !strings.Contains(squeeze(said), tn.want) {
		s.t.Errorf("expected %q, the line mode said:\n%s", tn.want, said)
		s.turns = nil
		return 0, io.EOF
	}
	return copy(p, tn.answer+"\n"), nil
}

func (s *script) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.out.String() }

// squeeze folds white space, so a want need not know the line breaks.
func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

// run runs the line mode on sess with the turns, and checks that it wrote
// no escape or control character and left the vault locked.
func run(t *testing.T, sess *session.Session, o Options, turns ...turn) (string, error) {
	t.Helper()
	sc := &script{t: t, turns: turns}
	o.Session = sess
	if o.Now == nil {
		o.Now = clock
	}
	if o.Sleep == nil {
		o.Sleep = func(time.Duration) {}
	}
	err := Run(sc, sc, o)
	out := sc.String()
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Error("the output has an escape or control character")
	}
	if sess != nil && sess.Unlocked() {
		t.Error("the vault is left unlocked")
	}
	if len(sc.turns) > 0 {
		t.Errorf("%d answers not asked for; first: %+v\n%s", len(sc.turns), sc.turns[0], out)
	}
	return out, err
}

// vault is the fake with anna, karim (kompaan) and three residents: Jan
// with a conversation and a note, Fatima with one karim took part in,
// Piet with one karim was not at.
func vault() *sessiontest.Fake {
	st := sessiontest.New()
	st.AddUser("karim", "karims passphrase", store.RoleKompaan)
	cat := intake.DefaultCatalogue()
	consent := intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: day0}
	st.Stored = []intake.Resident{
		{ID: "5d1e0c7a9b3f4e21a8c6d2f0b7e49a13", Pseudonym: "Jan de Vries", Created: day0},
		{ID: "c2b8e4f61a0d4c39b5e7f2a8d1c64e07", Pseudonym: "Fatima Özdemir", Created: day0},
		{ID: "9a7c5e3b1d2f4a6c8e0b2d4f6a8c0e12", Pseudonym: "Piet Bakker", Created: day0},
	}
	st.Records = []intake.Intake{
		{ID: "7f3a9c1e5b2d4f60a1b2c3d4e5f60718", StatID: "5ca1ab1e5ca1ab1e5ca1ab1e00000001", ResidentID: st.Stored[0].ID,
			Status: intake.StatusOpen, Step: intake.StepAgreements, Created: day0, Updated: day0, Consent: consent,
			Location: cat.Locations[0].Code, Presence: intake.Presence{Supporter: "anna"},
			OwnWords:   "Ik krijg steeds brieven en ik snap ze niet.",
			Agreements: []intake.Agreement{{Who: intake.PartyResident, What: "neemt alle brieven mee", By: intake.D(2026, 3, 17)}},
			Notes:      []intake.Note{{Author: "anna", Role: intake.RoleSupporter, At: day0, Text: "GEHEIME NOTITIE"}}},
		{ID: "e8d4a2c6b0f94d17a3e5c9b1d7f28a64", StatID: "5ca1ab1e5ca1ab1e5ca1ab1e00000002", ResidentID: st.Stored[1].ID,
			Status: intake.StatusOpen, Step: intake.StepQuestion, Created: day0, Updated: day0, Consent: consent,
			Location: cat.Locations[1].Code, Presence: intake.Presence{Supporter: "anna", Kompaan: true, KompaanName: "karim"}},
		{ID: "0b9e2d7c4a1f4e86b3d5c7a9e2f41c55", StatID: "5ca1ab1e5ca1ab1e5ca1ab1e00000003", ResidentID: st.Stored[2].ID,
			Status: intake.StatusClosed, Step: intake.StepClosure, Created: day0, Updated: day0, Consent: consent},
	}
	return st
}

func newSession(st *sessiontest.Fake, lang string) *session.Session {
	return session.New(st, nil, clock, lang)
}

// TestRunUnlockAndReadBack: a wrong passphrase waits a second (the line
// mode's Sleep, not the clock of the test), the right one opens; a
// conversation is found by part of a name and a step is read back; the
// notes are not read out with it; stopping locks.
func TestRunUnlockAndReadBack(t *testing.T) {
	var w waits
	st := vault()
	out, err := run(t, newSession(st, "nl"), Options{Sleep: w.sleep},
		turn{"Uw naam", "anna"}, turn{"Uw wachtwoordzin:", "verkeerde zin"},
		turn{"Uw naam", "anna"}, turn{"Uw wachtwoordzin:", "correct horse battery"},
		turn{"Wat wilt u doen?", "1"},
		turn{"Typ een deel van een naam", "ozd"},
		turn{"Gevonden: 1. Kies een gesprek: 1. Fatima Özdemir, e8d4a2c6, Open, 12-03-26 10:30 2. Terug", "1"},
		turn{"Gesprek e8d4a2c6: Fatima Özdemir, open. Wat wilt u doen? 1. Verder met het gesprek, bij stap 2: Uw vraag", "7"},
		turn{"Wat wilt u doen?", "1"},
		turn{"Typ een deel van een naam", "jan"},
		turn{"1. Jan de Vries, 7f3a9c1e", "1"},
		turn{"Gesprek 7f3a9c1e: Jan de Vries", "2"},
		turn{"Welke stap? 1. Start 2. Uw vraag 3. Hoe gaat het?", "1"},
		turn{"Start: Plaats: " + intake.DefaultCatalogue().Locations[0].Name.NL + " Cliëntondersteuner: anna", "2"},
		turn{"Welke stap?", "6"},
		turn{"Afspraken: Afspraken: 1. Afspraak 1: neemt alle brieven mee", "7"},
		turn{"Wat wilt u doen?", "3"},
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"De naam of de wachtwoordzin klopt niet.", "Wacht even voordat u het opnieuw probeert: 1 seconden.",
		"Spreekuur is open. Welkom, anna.", "Wie doet het: De bewoner", "Vóór: 17-03-2026", "Spreekuur is gestopt en op slot."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "GEHEIME") {
		t.Error("a note is read out with a step")
	}
	if d := w.get(); len(d) != 1 || d[0] != time.Second {
		t.Errorf("waits %v, want one of 1s", d)
	}
	if st.Unlocks != 2 {
		t.Errorf("%d unlocks, want 2", st.Unlocks)
	}
}

// TestRunTooManyWrong: five wrong passphrases end the session with the
// wrong-passphrase error, after waits of 1, 2, 4, 8 and 16 seconds.
func TestRunTooManyWrong(t *testing.T) {
	var w waits
	var turns []turn
	for range maxAttempts {
		turns = append(turns, turn{"Your name", "anna"}, turn{"Your passphrase", "nope nope nope"})
	}
	out, err := run(t, newSession(vault(), "en"), Options{Lang: "en", Sleep: w.sleep}, turns...)
	if !errors.Is(err, session.ErrWrongPassphrase) {
		t.Fatalf("err %v", err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second}
	if d := w.get(); fmt.Sprint(d) != fmt.Sprint(want) {
		t.Fatalf("waits %v, want %v", d, want)
	}
	if !strings.Contains(out, "Too many wrong passphrases") {
		t.Fatal(out)
	}
}

// TestRunKompaanBrowse: a kompaan finds only the conversations they took
// part in.
func TestRunKompaanBrowse(t *testing.T) {
	out, err := run(t, newSession(vault(), "nl"), Options{User: "karim"},
		turn{"Uw wachtwoordzin:", "karims passphrase"},
		turn{"Wat wilt u doen?", "1"},
		turn{"Typ een deel van een naam", ""},
		turn{"Gevonden: 1. Kies een gesprek: 1. Fatima Özdemir", "2"},
		turn{"Wat wilt u doen?", "3"},
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "Jan de Vries") || strings.Contains(out, "Piet") {
		t.Fatalf("the kompaan is offered others' conversations:\n%s", out)
	}
}

// cheap is a KDF for tests: a real vault, made in milliseconds.
var cheap = store.Options{KDF: store.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}}

// TestRunFirstRun: on a real vault, the first run refuses a short
// passphrase, spells the recovery code out, says a wrong code is wrong;
// the vault exists only once the code is typed back. Input that ends on
// the code leaves no vault at all.
func TestRunFirstRun(t *testing.T) {
	for _, finish := range []bool{true, false} {
		t.Run(fmt.Sprintf("typed back %v", finish), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "spreekuur.db")
			var code string
			var vault *store.Vault
			t.Cleanup(func() {
				if vault != nil {
					_ = vault.Close()
				}
			})
			o := Options{
				Create: func(user string, pass []byte) (*session.Pending, error) {
					p, err := session.CreateVault(path, user, pass, cheap)
					if err == nil {
						code = string(p.Code())
					}
					return p, err
				},
				Open: func(p *session.Pending, typed string) (*session.Session, error) {
					v, err := p.Confirm(typed)
					if err != nil {
						return nil, err
					}
					vault = v
					return session.New(session.FromVault(v, nil, clock), nil, clock, "nl"), nil
				},
			}
			sc := &script{t: t, turns: []turn{
				{"Uw naam", "bram"}, {"Uw wachtwoordzin:", "kort"},
				{"De wachtwoordzin is te kort", "fiets regen koffie"}, {"nog een keer", "fiets regen koffie"},
				{"Typ de code over van uw papier", "ABCD-XXXX"},
			}}
			wrong := false
			sc.at = func(said string) (string, bool) {
				if !strings.Contains(said, "De code is niet gelijk") {
					return "", false
				}
				if store.Exists(path) {
					t.Error("the vault is in place before the code was typed back")
				}
				wrong = true
				if !finish {
					return "", false // the input ends here
				}
				sc.at = nil
				sc.turns = []turn{{"Wat wilt u doen?", "3"}}
				return strings.ToLower(strings.ReplaceAll(code, "-", " ")), true
			}
			err := Run(sc, sc, Options{Create: o.Create, Open: o.Open, Now: clock, Sleep: func(time.Duration) {}})
			out := sc.String()
			if err != nil && finish {
				t.Fatal(err)
			}
			if !wrong || code == "" || !strings.Contains(out, code) || !strings.Contains(out, "Letter voor letter: "+spellOut(code)) {
				t.Fatalf("the code is not said and spelled out:\n%s", out)
			}
			if finish {
				if !store.Exists(path) || vault == nil || !strings.Contains(out, "De kluis is klaar.") {
					t.Fatalf("no vault after the code was typed back:\n%s", out)
				}
				if vault.Unlocked() {
					t.Fatal("the vault is left unlocked")
				}
				return
			}
			if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*")); len(m) > 0 {
				t.Fatalf("files left after the input ended on the code: %v", m)
			}
		})
	}
}

// TestRunCoordinatorReadsStatistics: a coordinator gets the figures read
// out, never a read of notes (the fake fails the test on one), and hidden
// counts only as marked.
func TestRunCoordinatorReadsStatistics(t *testing.T) {
	const secretSmall, secretZero = 7, 13
	st := vault()
	st.AddUser("carla", "stille kracht lamp", store.RoleCoordinator)
	st.NotesRead = func(what string) { t.Errorf("the coordinator's session read %s", what) }
	tt := intake.T
	cell := func(n int) statistics.Cell { return statistics.Cell{N: n} }
	st.Report = &statistics.Report{Period: statistics.Period{Kind: statistics.PeriodQuarter, Year: 2026, N: 1},
		From: "2026-01", To: "2026-03", Threshold: 10, MinN: 10,
		Tables: []statistics.Table{
			{ID: "month", Title: tt("Per maand", "By month"), Category: tt("Maand", "Month"),
				Columns: []statistics.Column{{Key: "intakes", Label: tt("Intakes", "Intakes")}, {Key: "contacts", Label: tt("Contacten", "Contacts")}},
				Rows: []statistics.Row{
					{Key: "2026-02", Label: tt("2026-02", "2026-02"), Cells: []statistics.Cell{{N: secretSmall, Hidden: statistics.Small}, cell(22)}},
					{Key: "2026-03", Label: tt("2026-03", "2026-03"), Cells: []statistics.Cell{{N: secretZero, Hidden: statistics.Small}, cell(40)}},
				}},
			{ID: "age_band", Title: tt("Leeftijdsgroep", "Age band"),
				Columns: []statistics.Column{{Key: "intakes", Label: tt("Intakes", "Intakes")}},
				Rows:    []statistics.Row{{Key: "x", Label: tt("18 tot en met 26", "18 to 26"), Cells: []statistics.Cell{{N: secretSmall, Hidden: statistics.Small}}}}},
		},
		Figures: []statistics.Figure{
			{ID: "appreciation_mean", Label: tt("Waardering, gemiddeld (1–5)", "Appreciation, mean (1–5)"), Unit: statistics.UnitScore, Value: 4.23, N: cell(41)},
			{ID: "more_control_share", Label: tt("Heeft meer regie", "More in control"), Unit: statistics.UnitPercent, Reason: statistics.ReasonFewCases, N: statistics.Cell{N: secretSmall, Hidden: statistics.Small}},
		}}
	out, err := run(t, newSession(st, "nl"), Options{},
		turn{"Uw naam", "carla"}, turn{"Uw wachtwoordzin:", "stille kracht lamp"},
		turn{"1. De cijfers voorlezen 2. Stoppen", "1"},
		turn{"Welke periode?", "3"},
		turn{"Wat wilt u doen?", "2"},
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Periode 2026-Q1 (2026-01 t/m 2026-03), drempel 10.",
		"3. 2025-Q2",
		"11. 2026 VOORLOPIG",
		"Per maand:",
		"  2026-02: Intakes <10, Contacten 22",
		"  2026-03: Intakes <10, Contacten 40",
		"  18 tot en met 26: <10",
		"Kengetallen:",
		"  Waardering, gemiddeld (1–5): 4,2 (n = 41)",
		"  Heeft meer regie: Te weinig intakes om dit te tonen. (n = <10)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, secret := range []int{secretSmall, secretZero} {
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, ": ") && strings.Contains(" "+l+",", " "+strconv.Itoa(secret)+",") {
				t.Errorf("a hidden count %d is read out: %q", secret, l)
			}
		}
	}
	if strings.Contains(out, "Een gesprek zoeken") {
		t.Errorf("the conversations are offered to a coordinator:\n%s", out)
	}
	// The presets at the line mode's clock were offered; the third was asked for.
	if got := st.StatsOpts[len(st.StatsOpts)-1]; got.Period.String() != statistics.Presets(clock())[2].Period.String() || !got.Now.Equal(clock()) {
		t.Errorf("counted %+v", got)
	}
	if t.Failed() {
		t.Log(out)
	}
}
