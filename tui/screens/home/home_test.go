package home

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/demo"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

var day0 = time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return day0 }

func TestTextsComplete(t *testing.T) {
	if m := texts.Missing(); len(m) > 0 {
		t.Errorf("texts in one language only: %v", m)
	}
}

// bigOverview has n residents with one conversation each, with made-up
// names and IDs as the vault makes them (32 hex digits).
func bigOverview(n int) session.Overview {
	first := []string{"Jan", "Fatima", "Piet", "Marieke", "Mohamed", "Sanne", "Kees", "Aylin", "Wim", "Noor", "Daan", "Esra"}
	last := []string{"de Vries", "Özdemir", "Bakker", "Jansen", "el Amrani", "Visser", "Smit", "Yilmaz", "de Boer", "Mulder"}
	locs := intake.DefaultCatalogue().Locations
	statuses := []intake.Status{intake.StatusDraft, intake.StatusOpen, intake.StatusClosed}
	var ov session.Overview
	for i := range n {
		id := fmt.Sprintf("%08x%024x", i*2654435761%(1<<32), i)
		ov.Residents = append(ov.Residents, intake.Resident{ID: "r" + id[1:],
			Pseudonym: fmt.Sprintf("%s %s %d", first[i%len(first)], last[(i/len(first))%len(last)], i),
			Created:   day0.Add(-time.Duration(i) * time.Hour)})
		ags := intake.DefaultCatalogue().Agencies
		ov.Intakes = append(ov.Intakes, intake.Header{ID: id, ResidentID: "r" + id[1:], Status: statuses[i%3],
			Updated: day0.Add(-time.Duration(i) * time.Minute), Location: locs[i%len(locs)].Code,
			Agencies: []intake.AgencyCode{ags[i%len(ags)].Code, ags[(i/3)%len(ags)].Code}})
	}
	return ov
}

func plainContext(lang string) *common.Context {
	return common.NewContext(nil, common.NewTheme(true, false, true), lang, clock)
}

// listedFirst is a home screen that loaded ov as the app does: the list
// first, its filter entries in the command it returns.
func listedFirst(ctx *common.Context, ov session.Overview) (*Screen, tea.Cmd) {
	s := New(ctx)
	s.firstLoad, s.gen = false, 1
	return s, s.Update(loadedMsg{gen: 1, lists: build(ctx, ov, false)})
}

// loaded is a home screen that loaded ov.
func loaded(ctx *common.Context, ov session.Overview) *Screen {
	s := New(ctx)
	s.firstLoad = false
	s.gen = 1
	s.Update(loadedMsg{gen: 1, lists: Build(ctx, ov)})
	return s
}

// TestFilterNarrowingMatchesFullScan: the filter narrows incrementally
// (only the previous matches are searched when a letter is added); after
// any sequence of letters and backspaces — words, dates, "vandaag",
// "deze week" — it finds exactly what a full search from scratch finds.
func TestFilterNarrowingMatchesFullScan(t *testing.T) {
	ctx := plainContext("nl")
	rows := BuildRows(ctx, bigOverview(2000))
	entries := make([]entry, len(rows))
	for i := range rows {
		entries[i] = rows[i].entry
	}
	day := today(ctx)
	_, names := agencyBits(ctx)
	var inc filtered
	inc.reset(len(entries), entries)
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "e", "i", "j", "n", "o", "r", "s", "v", "d", " ", "ö", "z", "1", "2", "-", "0", "3", "deze ", "week", "vandaag ", "van", "12-03", "11-0", "schuld", "wmo-", "ge", "uwv "}
	var filter []rune
	narrowed := 0
	for range 600 {
		if len(filter) > 0 && rng.IntN(3) == 0 {
			filter = filter[:len(filter)-1]
		} else {
			filter = append(filter, []rune(pieces[rng.IntN(len(pieces))])...)
			narrowed++
		}
		q := newQuery(string(filter), day, names)
		inc.apply(q)
		var full filtered
		full.reset(len(entries), entries)
		full.apply(q)
		if !slices.Equal(inc.matches, full.matches) {
			t.Fatalf("filter %q: incremental %d rows, full %d", string(filter), len(inc.matches), len(full.matches))
		}
		for _, m := range full.matches {
			if !rows[m].Matches(ctx, string(filter)) {
				t.Fatalf("filter %q matched %q", string(filter), rows[m].Line())
			}
		}
	}
	if narrowed < 200 {
		t.Fatalf("only %d narrowing steps", narrowed)
	}
}

func TestFilterMatches(t *testing.T) {
	ctx := plainContext("nl")
	ov := session.Overview{
		Residents: []intake.Resident{{ID: "5d1e0c7a9b3f4e21a8c6d2f0b7e49a13", Pseudonym: "Fatima Özdemir", Created: day0}},
		Intakes: []intake.Header{{ID: "e8d4a2c6b0f94d17a3e5c9b1d7f28a64", ResidentID: "5d1e0c7a9b3f4e21a8c6d2f0b7e49a13",
			Status: intake.StatusOpen, Updated: day0, Location: intake.DefaultCatalogue().Locations[0].Code}},
	}
	rows := BuildRows(ctx, ov)
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	place := ctx.LocationName(ov.Intakes[0].Location)
	tests := []struct {
		filter string
		want   bool
	}{
		{"ozdemir", true},
		{"ÖZDEM fat", true},
		{"e8d4a2", true},   // the short ID's first 6
		{"e8d4a2c6", true}, // the short ID
		{"b0f94d", false},  // later in the ID: not shown, not matched
		{"5d1e0c", false},  // the resident's ID: the row shows the conversation's
		{"open " + strings.Fields(place)[0], true},
		{"afgerond", false},
		{"fatima jansen", false},
	}
	for _, tt := range tests {
		if got := rows[0].Matches(ctx, tt.filter); got != tt.want {
			t.Errorf("%q matches %v, want %v", tt.filter, got, tt.want)
		}
	}
	// On screen: typing a short ID leaves that row.
	s := loaded(ctx, bigOverview(50))
	want := s.set.row(17)
	screentest.TypeText(t, s, want.shortID[:6])
	if r, ok := s.Current(); !ok || len(s.list.matches) != 1 || r.IntakeID != want.IntakeID {
		t.Fatalf("typing %s left %d rows:\n%s", want.shortID[:6], len(s.list.matches), screentest.Plain(s))
	}
	if !strings.Contains(screentest.Plain(s), want.shortID) {
		t.Fatalf("the short ID is not shown:\n%s", screentest.Plain(s))
	}
}

// TestKompaanSeesOnlyOwnIntakes: a kompaan's list holds only the
// conversations they took part in — chosen as the kompaan who was there,
// or the author of a note — and only those residents (ported from the
// old tui/kompaan_test.go, now against the session's rule).
func TestKompaanSeesOnlyOwnIntakes(t *testing.T) {
	st := sessiontest.New()
	st.AddUser("karim", "karims passphrase", store.RoleKompaan)
	st.AddUser("karin", "karins passphrase", store.RoleKompaan)
	st.Stored = []intake.Resident{
		{ID: "11111111aaaaaaaaaaaaaaaaaaaaaaaa", Pseudonym: "Jan de Vries", Created: day0},
		{ID: "22222222aaaaaaaaaaaaaaaaaaaaaaaa", Pseudonym: "Fatima Özdemir", Created: day0},
		{ID: "33333333aaaaaaaaaaaaaaaaaaaaaaaa", Pseudonym: "Piet Bakker", Created: day0},
		{ID: "44444444aaaaaaaaaaaaaaaaaaaaaaaa", Pseudonym: "Marieke Jansen", Created: day0},
	}
	st.Records = []intake.Intake{
		{ID: "aaaaaaaa11111111111111111111111a", ResidentID: st.Stored[0].ID, Status: intake.StatusDraft, Updated: day0,
			Presence: intake.Presence{Supporter: "anna", Kompaan: true, KompaanName: "karim"}},
		{ID: "bbbbbbbb11111111111111111111111b", ResidentID: st.Stored[1].ID, Status: intake.StatusOpen, Updated: day0,
			Notes: []intake.Note{{Author: "KARIM", Role: intake.RoleKompaan, At: day0, Text: "meegedacht"}}},
		{ID: "cccccccc11111111111111111111111c", ResidentID: st.Stored[2].ID, Status: intake.StatusClosed, Updated: day0,
			Presence: intake.Presence{Supporter: "anna", Kompaan: true, KompaanName: "karin"}},
	}
	tests := []struct {
		user, pass string
		want       []string
	}{
		{"karim", "karims passphrase", []string{"Fatima Özdemir", "Jan de Vries"}},
		{"karin", "karins passphrase", []string{"Piet Bakker"}},
		{"anna", screentest.Pass, []string{"Fatima Özdemir", "Jan de Vries", "Marieke Jansen", "Piet Bakker"}},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			ctx := screentest.Context(screentest.Unlocked(t, st, nil, clock, "nl", tt.user, tt.pass), "nl", clock)
			s := New(ctx)
			s.Update(common.SizeMsg{Width: 80, Height: 22})
			screentest.Run(t, s, s.Init())
			var names []string
			for _, r := range s.Rows() {
				names = append(names, r.name)
			}
			slices.Sort(names)
			if !slices.Equal(names, tt.want) {
				t.Fatalf("%s sees %v, want %v", tt.user, names, tt.want)
			}
			f := screentest.Plain(s)
			for _, r := range st.Stored {
				if shown := strings.Contains(f, r.Pseudonym); shown != slices.Contains(tt.want, r.Pseudonym) {
					t.Errorf("%s: %q on screen %v:\n%s", tt.user, r.Pseudonym, shown, f)
				}
			}
		})
	}
}

// TestKompaanWithNothingSeesTheRule: an empty list for a kompaan says why.
func TestKompaanWithNothingSeesTheRule(t *testing.T) {
	st := sessiontest.New()
	st.AddUser("karim", "karims passphrase", store.RoleKompaan)
	st.Records = []intake.Intake{{ID: "aaaaaaaa11111111111111111111111a", Status: intake.StatusOpen, Updated: day0}}
	ctx := screentest.Context(screentest.Unlocked(t, st, nil, clock, "nl", "karim", "karims passphrase"), "nl", clock)
	s := New(ctx)
	screentest.Run(t, s, s.Init())
	if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "Als kompaan ziet u alleen de gesprekken waar u bij was") {
		t.Fatalf("no rule on an empty list:\n%s", f)
	}
}

const localOverrides = `{
  "version": 1,
  "locations": [{"code": "bieb_noord", "name": "Bibliotheek Noord"}],
  "organisations": [
    {"code": "voedselbank_noord", "name": "Voedselbank Noord", "domains": ["money"]}
  ]
}`

// LocalCatalogue is the default catalogue with a municipality's own
// location and organisation (an override file next to the vault).
func localCatalogue(t *testing.T) *intake.Catalogue {
	t.Helper()
	o, err := intake.ParseOverrides("overrides.json", []byte(localOverrides))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := intake.DefaultCatalogue().WithOverrides(o)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestLocalCatalogueLocations: a conversation at the municipality's own
// location (override file) shows that place's name, and the filter finds
// it by it (ported from the old tui/catalogue_test.go; choosing the place
// on the start step is tested in tui/screens/intakes).
func TestLocalCatalogueLocations(t *testing.T) {
	st := sessiontest.New()
	st.Records = []intake.Intake{
		{ID: "aaaaaaaa11111111111111111111111a", Status: intake.StatusOpen, Updated: day0, Location: "bieb_noord"},
		{ID: "bbbbbbbb11111111111111111111111b", Status: intake.StatusOpen, Updated: day0, Location: intake.DefaultCatalogue().Locations[0].Code},
	}
	ctx := screentest.Context(screentest.Unlocked(t, st, localCatalogue(t), clock, "nl", "anna", screentest.Pass), "nl", clock)
	s := New(ctx)
	screentest.Run(t, s, s.Init())
	if f := screentest.Plain(s); !strings.Contains(f, "Bibliotheek Noord") || strings.Contains(f, "bieb_noord") {
		t.Fatalf("the local place is not shown by its name:\n%s", f)
	}
	screentest.TypeText(t, s, "noord")
	if r, ok := s.Current(); !ok || len(s.list.matches) != 1 || r.IntakeID != st.Records[0].ID {
		t.Fatalf("the filter does not find the local place:\n%s", screentest.Plain(s))
	}
}

// snapshot is everything Update decides and View draws from.
type snapshot struct {
	rows, gen     int
	sel, top      [2]int
	view          view
	filter, query string
	matches, dues []int32
	selectedID    [2]string
	msg           string
	loading       bool
	w, h          int
}

func snap(s *Screen) snapshot {
	return snapshot{s.set.len(), s.gen, s.sel, s.top, s.view, string(s.filter), s.list.last.raw, slices.Clone(s.list.matches), slices.Clone(s.agen.matches),
		s.selectedID, s.msg, s.loading, s.w, s.h}
}

// TestViewChangesNothing: View draws what Update left: twice the same
// string, and nothing of the screen moves, in every state (loading,
// loaded, filtered, scrolled, nothing found, small).
func TestViewChangesNothing(t *testing.T) {
	st := sessiontest.New()
	ov := bigOverview(60)
	st.Stored, st.Records = ov.Residents, nil
	for _, h := range ov.Intakes {
		st.Records = append(st.Records, intake.Intake{ID: h.ID, ResidentID: h.ResidentID, Status: h.Status, Updated: h.Updated, Location: h.Location})
	}
	ctx := screentest.Context(screentest.Unlocked(t, st, nil, clock, "nl", "anna", screentest.Pass), "nl", clock)
	s := New(ctx)
	load := s.Init()
	check := func(state string) {
		t.Helper()
		before := snap(s)
		v1, v2 := s.View(), s.View()
		if v1 != v2 {
			t.Errorf("%s: View drew twice differently", state)
		}
		if after := snap(s); !equalSnap(before, after) {
			t.Errorf("%s: View changed the screen: %+v → %+v", state, before, after)
		}
	}
	check("loading")
	screentest.Run(t, s, load)
	check("loaded")
	screentest.Press(t, s, "pgdown", "pgdown", "down")
	check("scrolled")
	screentest.TypeText(t, s, "jan")
	check("filtered")
	screentest.TypeText(t, s, "qqq")
	check("nothing found")
	s.Update(common.SizeMsg{Width: 30, Height: 5})
	screentest.Press(t, s, "esc", "end")
	check("small")
}

func equalSnap(a, b snapshot) bool {
	return a.rows == b.rows && a.sel == b.sel && a.top == b.top && a.view == b.view && a.gen == b.gen && a.filter == b.filter &&
		a.query == b.query && slices.Equal(a.matches, b.matches) && slices.Equal(a.dues, b.dues) && a.selectedID == b.selectedID &&
		a.msg == b.msg && a.loading == b.loading && a.w == b.w && a.h == b.h
}

// TestHomeKeys: the keys send the app where they say, for the selected
// row; letters only filter.
func TestHomeKeys(t *testing.T) {
	st := sessiontest.New()
	st.Stored = []intake.Resident{{ID: "44444444aaaaaaaaaaaaaaaaaaaaaaaa", Pseudonym: "Marieke Jansen", Created: day0}}
	st.Records = []intake.Intake{{ID: "aaaaaaaa11111111111111111111111a", ResidentID: "", Status: intake.StatusDraft, Updated: day0}}
	ctx := screentest.Context(screentest.Unlocked(t, st, nil, clock, "nl", "anna", screentest.Pass), "nl", clock)
	s := New(ctx)
	screentest.Run(t, s, s.Init())
	one := func(keys ...string) any {
		t.Helper()
		msgs := screentest.Press(t, s, keys...)
		if len(msgs) != 1 {
			t.Fatalf("%v: %d messages %v", keys, len(msgs), msgs)
		}
		return msgs[0]
	}
	draft, resident := st.Records[0].ID, st.Stored[0].ID
	tests := []struct {
		keys []string
		want any
	}{
		{[]string{"enter"}, common.OpenIntakeMsg{ID: draft}},
		{[]string{"ctrl+f"}, common.FollowUpMsg{IntakeID: draft}},
		{[]string{"ctrl+n"}, common.NewIntakeMsg{}},
		{[]string{"ctrl+s"}, common.StatsMsg{}},
		{[]string{"f5"}, common.StatsMsg{}},
		{[]string{"down", "enter"}, common.NewIntakeMsg{ResidentID: resident}}, // no conversation yet: a new one for her
		{[]string{"ctrl+f"}, common.NewIntakeMsg{ResidentID: resident}},
		{[]string{"ctrl+a"}, common.AccessMsg{ResidentID: resident}},
	}
	for _, tt := range tests {
		if got := one(tt.keys...); got != tt.want {
			t.Errorf("%v: %#v, want %#v", tt.keys, got, tt.want)
		}
	}
	screentest.Press(t, s, "up")
	if msgs := screentest.Press(t, s, "ctrl+a"); len(msgs) != 0 {
		t.Errorf("ctrl+a on a conversation without a resident: %v", msgs)
	}
	for _, k := range []string{"m", "a", "r", "?", "q"} {
		if msgs := screentest.Press(t, s, k); len(msgs) != 0 {
			t.Errorf("%q gave %v", k, msgs)
		}
	}
	if string(s.filter) != "mar?q" {
		t.Errorf("letters did not go to the filter: %q", string(s.filter))
	}
}

// TestRowsOnEveryCoreAsOnOne: the rows and the agenda made by several
// goroutines are exactly those made by one (order, filter keys, days).
func TestRowsOnEveryCoreAsOnOne(t *testing.T) {
	var ov session.Overview
	for _, c := range demo.New(1, intake.DefaultCatalogue(), friday).Residents(300) {
		if c.Resident != nil {
			ov.Residents = append(ov.Residents, *c.Resident)
		}
		for _, in := range c.Intakes {
			ov.Intakes = append(ov.Intakes, in.Header())
		}
	}
	ov.Residents = append(ov.Residents, intake.Resident{ID: "zzzzzzzzzzzzzzzzzzzzzzzzzz", Pseudonym: "Nog Geen Gesprek", Created: friday})
	ctx := plainContext("nl")
	ctx.Now = fridayClock
	defer func(n int) { rowsPerWorker = n }(rowsPerWorker)
	rowsPerWorker = 1 << 30
	one := Build(ctx, ov)
	rowsPerWorker = 1
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	}
	if w := rowWorkers(len(ov.Intakes)); w < 2 {
		t.Fatalf("%d worker(s): the test makes no rows in parallel", w)
	}
	many := Build(ctx, ov)
	if len(one.Agenda) == 0 || len(one.Rows) != len(ov.Intakes)+1 {
		t.Fatalf("%d rows for %d intakes and one resident without, %d agenda items", len(one.Rows), len(ov.Intakes), len(one.Agenda))
	}
	if !reflect.DeepEqual(one, many) {
		for i := range min(len(one.Rows), len(many.Rows)) {
			if !reflect.DeepEqual(one.Rows[i], many.Rows[i]) {
				t.Fatalf("row %d: one goroutine %+v, several %+v", i, one.Rows[i], many.Rows[i])
			}
		}
		t.Fatalf("the lists differ (%d and %d rows, %d and %d agenda items)", len(one.Rows), len(many.Rows), len(one.Agenda), len(many.Agenda))
	}
}

// TestRowOrderWithTies: rows come drafts and open intakes first, then the
// rest, the latest contact first, and on the same moment by intake ID and
// then resident ID (a resident without an intake, whose intake ID is "",
// first) — also where IDs share their first 8 bytes, which the sort
// compares as a number before it reads the whole ID. The order is
// compared with a plain sort of the rows by that rule.
func TestRowOrderWithTies(t *testing.T) {
	var ov session.Overview
	at := friday.Add(-48 * time.Hour)
	ids := []string{"aaaaaaaa2", "aaaaaaaa10", "aaaaaaaa1", "aaaaaaab", "aaaaaaa", "b", "aaaaaaaa1x"}
	for i, id := range ids {
		r := intake.Resident{ID: "r" + id, Pseudonym: fmt.Sprintf("Bewoner %d", i), Created: at}
		ov.Residents = append(ov.Residents, r)
		for k, st := range []intake.Status{intake.StatusOpen, intake.StatusClosed, intake.StatusDraft} {
			in := intake.Header{ID: fmt.Sprintf("%s-%d", id, k), ResidentID: r.ID, Status: st, Created: at}
			if k == 2 {
				in.ID = id // a draft whose ID is the bare one
			}
			ov.Intakes = append(ov.Intakes, in)
		}
	}
	// Residents without an intake, on the same moment, with IDs alike.
	for _, id := range []string{"aaaaaaaa1", "aaaaaaaa0", "rz", "aaaaaaaa"} {
		ov.Residents = append(ov.Residents, intake.Resident{ID: id, Pseudonym: "Zonder " + id, Created: at})
	}
	// And one intake a day later, which comes first in its group.
	ov.Intakes = append(ov.Intakes, intake.Header{ID: "zzz", Status: intake.StatusClosed, Created: at.Add(24 * time.Hour)})
	ctx := plainContext("nl")
	ctx.Now = fridayClock
	got := BuildRows(ctx, ov)
	want := slices.Clone(got)
	group := func(r Row) int {
		if r.IntakeID != "" && (r.status == intake.StatusDraft || r.status == intake.StatusOpen) {
			return 0
		}
		return 1
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(want), func(i, j int) { want[i], want[j] = want[j], want[i] })
	sort.SliceStable(want, func(i, j int) bool {
		a, b := want[i], want[j]
		return cmp.Or(cmp.Compare(group(a), group(b)), b.date.Compare(a.date), cmp.Compare(a.IntakeID, b.IntakeID), cmp.Compare(a.ResidentID, b.ResidentID)) < 0
	})
	if len(got) != len(ov.Intakes)+4 {
		t.Fatalf("%d rows, want %d", len(got), len(ov.Intakes)+4)
	}
	for i := range got {
		if got[i].IntakeID != want[i].IntakeID || got[i].ResidentID != want[i].ResidentID {
			var g, w []string
			for k := range got {
				g, w = append(g, got[k].IntakeID+"/"+got[k].ResidentID), append(w, want[k].IntakeID+"/"+want[k].ResidentID)
			}
			t.Fatalf("row %d differs:\n got %v\nwant %v", i, g, w)
		}
	}
}

// TestRowsMadeWhenAsked: the screen's own load keeps the rows' order and
// makes a row when it is drawn or asked for; every row, the selected one
// and the screen are what making them all at once gives (Build), before
// the filter entries come and after.
func TestRowsMadeWhenAsked(t *testing.T) {
	ctx := plainContext("nl")
	ov := bigOverview(500)
	ov.Residents = append(ov.Residents, intake.Resident{ID: "zzzzzzzzzzzzzzzzzzzzzzzzzz", Pseudonym: "Nog Geen Gesprek", Created: day0})
	whole := Build(ctx, ov)
	s, cmd := listedFirst(ctx, ov)
	if s.set.len() != len(whole.Rows) || len(whole.Rows) != len(ov.Intakes)+1 {
		t.Fatalf("%d rows kept, %d made at once, for %d intakes and one resident without", s.set.len(), len(whole.Rows), len(ov.Intakes))
	}
	// Each row made later is its own intake's, with its resident's name
	// (from the overview, not from the code that makes rows), and every
	// intake and the resident without one are listed once.
	pseudonym := map[string]string{}
	for _, r := range ov.Residents {
		pseudonym[r.ID] = r.Pseudonym
	}
	last := map[string]time.Time{}
	for _, h := range ov.Intakes {
		last[h.ID] = h.LastContact()
	}
	seen := map[string]bool{}
	for _, r := range s.Rows() {
		key := "i" + r.IntakeID
		if r.IntakeID == "" {
			key = "r" + r.ResidentID
		} else if !r.date.Equal(last[r.IntakeID]) {
			t.Errorf("row of %s: last contact %v, its header %v", r.IntakeID, r.date, last[r.IntakeID])
		}
		if r.name != common.Inert(pseudonym[r.ResidentID]) || seen[key] {
			t.Errorf("row %s: name %q, resident's %q, seen before %v", key, r.name, pseudonym[r.ResidentID], seen[key])
		}
		seen[key] = true
	}
	if len(seen) != len(ov.Intakes)+1 {
		t.Errorf("%d rows listed once, want %d", len(seen), len(ov.Intakes)+1)
	}
	for i, r := range s.Rows() {
		want := whole.Rows[i]
		want.entry = entry{}
		if !reflect.DeepEqual(r, want) {
			t.Fatalf("row %d before the entries: %+v, made at once %+v", i, r, want)
		}
	}
	s.Update(cmd())
	if got := s.Rows(); !reflect.DeepEqual(got, whole.Rows) {
		t.Fatal("the rows with their entries differ from the rows made at once")
	}
	at := loaded(ctx, ov)
	for range 7 {
		s.Update(tea.KeyPressMsg{Code: tea.KeyDown})
		at.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	}
	got, ok := s.Current()
	if want := whole.Rows[7]; !ok || got.IntakeID != want.IntakeID || got.name != want.name || got.shortID != want.shortID {
		t.Fatalf("selected %+v, want %+v", got, want)
	}
	if s.View() != at.View() {
		t.Fatalf("the screen:\n%s\nmade at once:\n%s", s.View(), at.View())
	}
}

// TestFilterWaitsForTheEntries: the screen shows the list before the
// rows' filter entries are made (they come in a command of their own);
// a filter typed meanwhile says it is searching — never "nothing found" —
// and, once they come, matches exactly what a list loaded whole matches.
// Entries that come after a lock are dropped.
func TestFilterWaitsForTheEntries(t *testing.T) {
	ctx := plainContext("nl")
	ov := bigOverview(300)
	s, cmd := listedFirst(ctx, ov)
	if cmd == nil {
		t.Fatal("no command makes the filter entries")
	}
	if len(s.list.matches) != s.set.len() || s.set.len() == 0 {
		t.Fatalf("%d of %d rows on screen before the entries", len(s.list.matches), s.set.len())
	}
	word := strings.Fields(s.set.row(s.set.len() / 2).name)[0]
	s.Update(tea.PasteMsg{Content: word})
	v := s.View()
	if !strings.Contains(v, texts.Get("nl", tSearching)) || strings.Contains(v, texts.Get("nl", tNoMatches)) {
		t.Fatalf("filter %q typed before the entries came:\n%s", word, v)
	}
	msg := cmd()
	s.Update(msg)
	whole := loaded(ctx, ov)
	whole.Update(tea.PasteMsg{Content: word})
	if len(s.list.matches) == 0 || !slices.Equal(s.list.matches, whole.list.matches) || s.View() != whole.View() {
		t.Fatalf("filter %q: %d matches after the entries came, %d when loaded whole", word, len(s.list.matches), len(whole.list.matches))
	}
	s.Locked()
	s.Update(msg)
	if s.set != nil || s.list.entries != nil {
		t.Fatal("entries made before the lock were taken after it")
	}
}

// TestSelectionKeptWhenTheListComesAgain: the selected row stays selected
// when the rows' filter entries come, when the list is read again and
// when the view is switched there and back; typing still starts at the
// top. Enter then opens the conversation the user chose.
func TestSelectionKeptWhenTheListComesAgain(t *testing.T) {
	ctx := plainContext("nl")
	ov := bigOverview(300)
	s, cmd := listedFirst(ctx, ov)
	for range 5 {
		s.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	}
	chosen, ok := s.Current()
	if !ok || chosen.IntakeID == s.set.row(0).IntakeID {
		t.Fatalf("the selection did not move: %+v", chosen)
	}
	check := func(when string) {
		t.Helper()
		if got, ok := s.Current(); !ok || got.IntakeID != chosen.IntakeID {
			t.Fatalf("%s: selected %s (%s), was %s (%s)", when, got.IntakeID, got.name, chosen.IntakeID, chosen.name)
		}
	}
	s.Update(cmd())
	check("after the entries came")
	s.gen++
	s.Update(loadedMsg{gen: s.gen, lists: Build(ctx, ov)})
	check("after the list was read again")
	s.Update(tea.KeyPressMsg{Code: tea.KeyF3})
	s.Update(tea.KeyPressMsg{Code: tea.KeyF3})
	check("after F3 twice")
	s.Update(tea.PasteMsg{Content: "a"})
	if s.sel[viewList] != 0 {
		t.Fatalf("typing left the selection at %d, want the top", s.sel[viewList])
	}
}

// TestFailedReloadIsSaidWhileSearching: a reload that fails while a typed
// filter waits for the entries shows the error, not "searching" for good.
func TestFailedReloadIsSaidWhileSearching(t *testing.T) {
	ctx := plainContext("nl")
	s, _ := listedFirst(ctx, bigOverview(50))
	s.Update(tea.PasteMsg{Content: "jan"})
	s.Reload()
	s.Update(loadedMsg{gen: s.gen, err: store.ErrDamaged})
	v := s.View()
	said := strings.Fields(ctx.ErrorText(store.ErrDamaged))[:4] // its start, before the line wraps
	if strings.Contains(v, texts.Get("nl", tSearching)) || !strings.Contains(v, strings.Join(said, " ")) {
		t.Fatalf("after a failed reload:\n%s", v)
	}
}

// TestEntriesStopOnALock: the entries still being made stop when the
// screen locks (they would be new copies of names) or reloads.
func TestEntriesStopOnALock(t *testing.T) {
	ctx := plainContext("nl")
	for _, end := range []string{"lock", "reload"} {
		s := New(ctx)
		s.firstLoad, s.gen = false, 1
		l := build(ctx, bigOverview(3000), false)
		s.Update(loadedMsg{gen: 1, lists: l})
		if end == "lock" {
			s.Locked()
		} else {
			s.Reload()
		}
		if got := l.later.make(); got != nil {
			t.Errorf("after a %s the entries were made (%d)", end, len(got))
		}
	}
}
