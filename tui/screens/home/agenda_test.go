package home

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// friday is Friday 27 November 2026, 10:30: this week runs from Monday
// 23 to Sunday 29 November.
var friday = time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC)

func fridayClock() time.Time { return friday }

const (
	bakkerRes  = "11111111aaaaaaaaaaaaaaaaaaaaaaaa"
	bakkersOne = "b0b0b0b011111111111111111111111a"
	noName1    = "c1c1c1c111111111111111111111111b"
	noName2    = "c2c2c2c211111111111111111111111c"
	closedOne  = "d0d0d0d011111111111111111111111d"
)

// weekStore: M. Bakker's open conversation with an application the
// municipality has not answered (late since Monday 16 November), an
// objection period ending Tuesday 1 December, an agreement overdue since
// Wednesday, one done, an appointment on Thursday 3 December and a
// referral without an outcome since 1 November; two conversations
// without a name or consent, one with a contact today; a closed one with
// an agreement overdue (closed: nothing due).
func weekStore() *sessiontest.Fake {
	st := sessiontest.New()
	st.Stored = []intake.Resident{{ID: bakkerRes, Pseudonym: "M. Bakker", Created: friday.AddDate(0, -2, 0)}}
	st.Records = []intake.Intake{
		{ID: bakkersOne, ResidentID: bakkerRes, Status: intake.StatusOpen, Created: friday.AddDate(0, -1, 0), Updated: friday.AddDate(0, 0, -3),
			Agencies: []intake.AgencyCode{"schuldhulp"},
			Clarifications: []intake.Clarification{{Domain: "self_care", Letters: []intake.Letter{
				{Kind: intake.LetterApplication, From: "wmo_loket", Sent: intake.D(2026, 11, 2), About: "huishoudelijke hulp"},
				{Kind: intake.LetterDecision, From: "sociale_zaken", Sent: intake.D(2026, 10, 20), About: "bijstand"},
			}}},
			Agreements: []intake.Agreement{
				{What: "UWV bellen", Who: intake.PartyResident, By: intake.D(2026, 11, 25)},
				{What: "formulier halen", Who: intake.PartyResident, By: intake.D(2026, 11, 26), Done: true, DoneOn: intake.D(2026, 11, 26)},
			},
			NextAppointment: intake.Appointment{At: time.Date(2026, 12, 3, 14, 30, 0, 0, time.UTC)},
			Referrals:       []intake.Referral{{Agency: "ggz", On: intake.D(2026, 11, 1), State: intake.ReferralSent, StateOn: intake.D(2026, 11, 1)}},
		},
		{ID: noName1, Status: intake.StatusOpen, Created: friday.AddDate(0, 0, -20), Updated: friday.AddDate(0, 0, -20),
			Contacts: []intake.Contact{{At: friday.Add(-time.Hour), Kind: intake.ContactPhone}}},
		{ID: noName2, Status: intake.StatusOpen, Created: time.Date(2026, 10, 5, 9, 15, 0, 0, time.UTC), Updated: time.Date(2026, 10, 5, 9, 15, 0, 0, time.UTC)},
		{ID: closedOne, Status: intake.StatusClosed, Created: friday.AddDate(0, -3, 0), Updated: friday.AddDate(0, -3, 0),
			Agreements: []intake.Agreement{{What: "oud", By: intake.D(2026, 11, 24)}}},
	}
	return st
}

func weekScreen(t *testing.T, lang string) *Screen {
	t.Helper()
	st := weekStore()
	ctx := screentest.Context(screentest.Unlocked(t, st, nil, fridayClock, lang, "anna", screentest.Pass), lang, fridayClock)
	s := New(ctx)
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	screentest.Run(t, s, s.Init())
	return s
}

// TestAgenda: after loading, the agenda is on screen because something is
// due; its rows are sorted by date with the days left or late, the
// resident and what it is; enter opens the conversation at the step the
// row is about; F6 on a late decision asks for its letter (and nowhere
// else); F3 goes to the list and back.
func TestAgenda(t *testing.T) {
	s := weekScreen(t, "nl")
	if !s.ShowsAgenda() || s.Title() != "deze week" {
		t.Fatalf("the agenda is not first:\n%s", screentest.Plain(s))
	}
	var lines []string
	for _, d := range s.Agenda() {
		lines = append(lines, d.Line())
	}
	want := []string{
		"zo 15-11, 12 dagen te laat, M. Bakker (b0b0b0b0): Verwijzing: nog geen uitkomst · GGZ",
		"ma 16-11, 11 dagen te laat, M. Bakker (b0b0b0b0): Gemeente te laat: besluit: huishoudelijke hulp · Wmo-loket van de gemeente — brief: F6",
		"wo 25-11, 2 dagen te laat, M. Bakker (b0b0b0b0): Afspraak: UWV bellen",
		"di 01-12, nog 4 dagen, M. Bakker (b0b0b0b0): Bezwaar maken: bijstand · Sociale Zaken van de gemeente",
		"do 03-12, nog 6 dagen, M. Bakker (b0b0b0b0): Volgende afspraak · 14:30",
	}
	if !slices.Equal(lines, want) {
		t.Fatalf("agenda:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	f := screentest.Plain(s)
	for _, w := range []string{"Dag", "Wanneer", "12 dagen te laat", "M. Bakker", "b0b0b0b0", "5 van 5"} {
		if !strings.Contains(f, w) {
			t.Errorf("the agenda lacks %q:\n%s", w, f)
		}
	}
	tests := []struct {
		keys []string
		want any
	}{
		{[]string{"enter"}, common.OpenIntakeMsg{ID: bakkersOne, Step: intake.StepAgreements}},
		{[]string{"down", "enter"}, common.OpenIntakeMsg{ID: bakkersOne, Step: intake.StepClarify}},
		{[]string{"f6"}, common.PapersMsg{IntakeID: bakkersOne, Kind: "letter:0/0"}},
		{[]string{"down", "enter"}, common.OpenIntakeMsg{ID: bakkersOne, Step: intake.StepAgreements}},
	}
	for _, tt := range tests {
		msgs := screentest.Press(t, s, tt.keys...)
		if len(msgs) != 1 || msgs[0] != tt.want {
			t.Errorf("%v: %#v, want %#v", tt.keys, msgs, tt.want)
		}
	}
	if msgs := screentest.Press(t, s, "f6"); len(msgs) != 0 {
		t.Errorf("F6 on an agreement: %v", msgs)
	}
	screentest.Press(t, s, "f3")
	if s.ShowsAgenda() || !strings.Contains(screentest.Plain(s), "Stand") {
		t.Fatalf("F3 does not show the list:\n%s", screentest.Plain(s))
	}
	screentest.Press(t, s, "f3")
	if !s.ShowsAgenda() {
		t.Fatal("F3 does not go back to the agenda")
	}
	// The filter works on the agenda too.
	screentest.TypeText(t, s, "ggz")
	if d, ok := s.CurrentDue(); !ok || len(s.agen.matches) != 1 || d.Kind != intake.DueReferral {
		t.Fatalf("filtering the agenda:\n%s", screentest.Plain(s))
	}
}

// TestNothingDueOpensTheList: without anything due the list comes first;
// F3 shows an agenda that says so.
func TestNothingDueOpensTheList(t *testing.T) {
	st := sessiontest.New()
	st.Records = []intake.Intake{{ID: noName2, Status: intake.StatusOpen, Created: friday.AddDate(0, 0, -1), Updated: friday}}
	ctx := screentest.Context(screentest.Unlocked(t, st, nil, fridayClock, "nl", "anna", screentest.Pass), "nl", fridayClock)
	s := New(ctx)
	screentest.Run(t, s, s.Init())
	if s.ShowsAgenda() {
		t.Fatal("the agenda is first with nothing due")
	}
	screentest.Press(t, s, "f3")
	if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "Deze week loopt er niets af") {
		t.Fatalf("an empty agenda says nothing:\n%s", f)
	}
}

// TestFind: the list's filter finds a conversation by a date (27-11,
// 27-11-2026, 1-12 without its zero, never inside another date), by
// "vandaag" and "deze week", by an agency's name and by a short ID; the
// rows show the time of the last contact and the short ID, so two
// conversations without a name can be told apart.
func TestFind(t *testing.T) {
	s := weekScreen(t, "nl")
	screentest.Press(t, s, "f3") // the list
	tests := []struct {
		filter string
		want   []string // intake IDs, in list order
	}{
		{"27-11", []string{noName1}},                 // a contact today
		{"27-11-2026", []string{noName1}},            // the same, with the year
		{"vandaag", []string{noName1}},               // today
		{"deze week", []string{noName1, bakkersOne}}, // a contact today; due this week (the agreement; the objection is next week)
		{"deze w", []string{noName1, bakkersOne}},    // while typing
		{"1-12", []string{bakkersOne}},               // the objection's last day, without its zero
		{"01-12-2026", []string{bakkersOne}},         // the same, padded
		{"5-10", []string{noName2}},                  // the first contact of the other nameless one
		{"15-10", nil},                               // 5-10 is not inside 15-10
		{"schuldhulp", []string{bakkersOne}},         // an agency involved
		{"wmo-loket", []string{bakkersOne}},          // an agency sent to
		{"c2c2c2", []string{noName2}},                // a short ID
		{"bakker 16-11", []string{bakkersOne}},       // a name and the day a term ended
		{"vandaag bakker", nil},                      // both must hold
	}
	for _, tt := range tests {
		screentest.Press(t, s, "esc")
		screentest.TypeText(t, s, tt.filter)
		var got []string
		for _, m := range s.list.matches {
			got = append(got, s.set.row(int(m)).IntakeID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q found %v, want %v:\n%s", tt.filter, got, tt.want, screentest.Plain(s))
		}
	}
	screentest.Press(t, s, "esc")
	f := screentest.Plain(s)
	for _, w := range [][]string{{"(zonder naam)", "c1c1c1c1", "27-11-26 09:30"}, {"(zonder naam)", "c2c2c2c2", "05-10-26 09:15"}} {
		found := false
		for _, l := range strings.Split(f, "\n") {
			found = found || strings.Contains(l, w[0]) && strings.Contains(l, w[1]) && strings.Contains(l, w[2])
		}
		if !found {
			t.Errorf("no row with %q:\n%s", w, f)
		}
	}
}

// TestNewConversationWithThisResident: ctrl+r on a resident's row starts
// a new conversation for that resident; not on a row without one, and
// never for a kompaan (who starts afresh).
func TestNewConversationWithThisResident(t *testing.T) {
	s := weekScreen(t, "nl")
	screentest.Press(t, s, "f3", "down") // the list, M. Bakker's row
	msgs := screentest.Press(t, s, "ctrl+r")
	if len(msgs) != 1 || msgs[0] != (common.NewIntakeMsg{ResidentID: bakkerRes}) {
		t.Fatalf("ctrl+r on M. Bakker: %v", msgs)
	}
	screentest.Press(t, s, "down")
	if msgs := screentest.Press(t, s, "ctrl+r"); len(msgs) != 0 {
		t.Errorf("ctrl+r without a resident: %v", msgs)
	}
	var enabled bool
	for _, b := range s.Keys() {
		if b.Help().Key == "ctrl+r" {
			enabled = b.Enabled()
		}
	}
	if enabled {
		t.Error("ctrl+r is offered on a row without a resident")
	}
}

// TestAgendaOfOverview: Build makes the agenda with its filter entries
// and the rows at once, in the context's language.
func TestAgendaOfOverview(t *testing.T) {
	ctx := common.NewContext(nil, common.NewTheme(true, false, true), "en", fridayClock)
	st := weekStore()
	l := Build(ctx, session.Overview{Residents: st.Stored, Intakes: headers(st.Records)})
	if len(l.Agenda) != 5 || len(l.agendaE) != 5 || len(l.Rows) != 4 {
		t.Fatalf("%d agenda rows, %d rows", len(l.Agenda), len(l.Rows))
	}
	if got := l.Agenda[1].Line(); got != "Mo 16-11, 11 days late, M. Bakker (b0b0b0b0): Municipality late: decision: huishoudelijke hulp · Municipal Wmo desk — letter: F6" {
		t.Errorf("English agenda row: %q", got)
	}
}

func headers(ins []intake.Intake) []intake.Header {
	out := make([]intake.Header, len(ins))
	for i, in := range ins {
		out[i] = in.Header()
	}
	return out
}

// TestOfficeKeysFromTheAgenda: the agenda is the first screen after
// unlocking, so the office's keys (a whole handover, import, settings,
// the retention list) work there as in the list, and its help names them.
func TestOfficeKeysFromTheAgenda(t *testing.T) {
	s := weekScreen(t, "nl")
	if !s.ShowsAgenda() {
		t.Fatal("the agenda is not the first screen")
	}
	for _, tt := range []struct {
		key  string
		want tea.Msg
	}{
		{"ctrl+k", common.HandoverMsg{}},
		{"f7", common.ImportMsg{}},
		{"f9", common.SettingsMsg{}},
		{"f4", common.RetentionMsg{}},
	} {
		msgs := screentest.Press(t, s, tt.key)
		if !slices.ContainsFunc(msgs, func(m tea.Msg) bool { return reflect.DeepEqual(m, tt.want) }) {
			t.Errorf("%s on the agenda sends %#v, want %#v", tt.key, msgs, tt.want)
		}
		help := false
		for _, b := range s.Keys() {
			help = help || slices.Contains(b.Keys(), tt.key) && b.Enabled()
		}
		if !help {
			t.Errorf("%s works on the agenda but is not in its help", tt.key)
		}
	}
	if !s.ShowsAgenda() || len(s.filter) != 0 {
		t.Fatalf("the keys changed the view or typed into the filter:\n%s", screentest.Plain(s))
	}
}
