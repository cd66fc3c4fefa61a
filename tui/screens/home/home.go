// Package home is the list of conversations and residents, with
// filter-as-you-type (typed letters narrow the list at once), and the
// agenda: what runs out this week (F3, and the first screen after
// unlocking when anything is due).
package home

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
)

// maxFilter caps the filter text.
const maxFilter = 64

// Row is one line of the list: an intake with its resident, or a resident
// without an intake yet. Everything the filter and the view need is worked
// out once when the list is loaded.
type Row struct {
	IntakeID   string // "" for a resident without an intake
	ResidentID string
	name       string // inert pseudonym
	status     intake.Status
	date       time.Time // the last contact (a resident without an intake: when they were added)
	location   string    // inert place name
	statusText string
	shortID    string
	entry      entry // what the filter sees
}

// dateText is the last contact's day and time, written when the row is
// drawn: a list of 100,000 rows shows a screenful.
func (r *Row) dateText() string { return lastContactText(r.date) }

// Lists is what the home screen shows, built at once from the overview:
// the rows of the list and of the agenda.
type Lists struct {
	Rows    []Row // every row made, with its filter entry (Load, Build); the screen's own load leaves it nil and keeps set
	Agenda  []DueRow
	agendaE []entry
	set     *rowSet     // the list's rows in their order, each made when it is asked for
	later   *rowEntries // the rows' filter entries, when they are made after the list is on screen
	// firstDues are the agenda's first items with their residents'
	// names, for keeping the first screen (session.HomeList).
	firstDues []session.HomeDue
}

// loadedMsg brings the whole list, read on day. When stamped (a
// supporter's list, read while the vault did not change), its first
// screen is kept for the next unlock, unless it is the one shown.
type loadedMsg struct {
	gen     int
	lists   Lists
	day     intake.Date
	stamp   [32]byte
	stamped bool
	err     error
}

// keptMsg brings the first screen kept at the last load
// (session.HomeList), shown while the whole list is read.
type keptMsg struct {
	gen   int
	kept  session.HomeList
	day   intake.Date // the day it is shown on
	lists Lists
}

// entriesMsg brings the rows' filter entries, made after the list is on
// screen (Lists.later).
type entriesMsg struct {
	gen     int
	entries []entry
}

// view is which list is on screen.
type view int

const (
	viewList   view = iota // every conversation and resident
	viewAgenda             // what runs out this week
)

// Screen is the home list.
type Screen struct {
	ctx  *common.Context
	gen  int     // load generation: a stale load is ignored
	set  *rowSet // the list's rows; a row is made when it is drawn
	dues []DueRow

	view       view
	firstLoad  bool     // the agenda opens first after this load when anything is due
	agencies   []string // folded agency names by bit, for the filter
	filter     []rune
	list, agen filtered
	sel        [2]int // per view: index into its matches
	top        [2]int // per view: first visible match
	selectedID [2]string

	loading bool
	// partial: the kept first screen is shown (keptMsg) and the whole
	// list is being read; totals are then the rows and agenda items in
	// all, kept the list shown, to compare the whole list's with.
	partial bool
	totals  [2]int
	kept    *session.HomeList
	toEnd   [2]bool     // per view: end was pressed on a kept first screen, done again when the whole list comes
	keeping tea.Cmd     // keeps the whole list's first screen, after its filter entries
	finding bool        // the rows' filter entries are still being made
	later   *rowEntries // what makes them, stopped on a lock or reload
	msg     string
	w, h    int
}

var (
	_ common.Screen = (*Screen)(nil)
	_ common.Locker = (*Screen)(nil)
)

// New makes the home screen; Init loads the list. After this first load
// the agenda is shown when anything is due.
func New(ctx *common.Context) *Screen { return &Screen{ctx: ctx, w: 80, h: 22, firstLoad: true} }

// Init loads the list.
func (s *Screen) Init() tea.Cmd { return s.Reload() }

// Reload reads the list again from the vault, in the background: first
// the first screen kept at the last load, when it is still the vault's
// (session.HomeList), then the whole list behind it.
func (s *Screen) Reload() tea.Cmd {
	s.gen++
	s.stopEntries()
	s.loading, s.partial, s.kept, s.keeping = true, false, nil, nil
	gen, ctx := s.gen, s.ctx
	return func() tea.Msg {
		day := today(ctx)
		hl, ok, err := ctx.S.HomeList(day)
		if err != nil {
			return loadedMsg{gen: gen, err: err}
		}
		if ok {
			return keptMsg{gen: gen, kept: hl, day: day, lists: keptLists(ctx, &hl, day)}
		}
		return loadWhole(ctx, gen)
	}
}

// loadWhole reads the whole list (its reading logged by HomeList).
func loadWhole(ctx *common.Context, gen int) loadedMsg {
	ov, err := ctx.S.OverviewAfterHomeList()
	if err != nil {
		return loadedMsg{gen: gen, err: err}
	}
	l := build(ctx, ov, false)
	// The day its agenda was made for (midnight may have passed since
	// day).
	return loadedMsg{gen: gen, lists: l, day: l.set.rb.day, stamp: ov.Stamp, stamped: ov.Stamped && ctx.S.IsSupporter()}
}

// keep keeps the first screen of the whole list of msg for the next
// unlock, unless the one shown was kept on the same day from the same
// vault and showed what the whole list shows (its rows and today's
// agenda: a list put back with an older digest, or kept by a program
// with other rules, is replaced). Keeping is a cache: when it fails (a
// full disk, a read-only vault) the next unlock reads the whole list, so
// KeepMsg is not shown.
func keep(ctx *common.Context, msg loadedMsg, shown *session.HomeList) tea.Cmd {
	return func() tea.Msg {
		if shown != nil && shown.Day == msg.day && shown.Stamp == hex.EncodeToString(msg.stamp[:]) && msg.lists.shows(shown) {
			return nil
		}
		kept, err := ctx.S.KeepHomeList(msg.lists.homeList(msg.day, msg.stamp))
		return KeepMsg{Kept: kept, Err: err}
	}
}

// shows reports whether the kept list hl shows what l does on hl's day:
// the same first rows, counts and agenda items.
func (l *Lists) shows(hl *session.HomeList) bool {
	n := min(l.set.len(), session.HomeListRows)
	a := hl.AgendaOf(hl.Day)
	if hl.Rows != l.set.len() || len(hl.List) != n || a.Dues != len(l.Agenda) {
		return false
	}
	now := session.HomeList{List: l.firstRows(), Agendas: []session.HomeAgenda{{Dues: a.Dues, Agenda: l.firstDues}}}
	was := session.HomeList{List: hl.List, Agendas: []session.HomeAgenda{a}}
	x, err1 := json.Marshal(&now)
	y, err2 := json.Marshal(&was)
	defer clear(x)
	defer clear(y)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// homeList is the first screen of l to keep, read on day with stamp:
// its first rows, and its agenda with those of the days after, worked
// out from the headers as on those days.
func (l *Lists) homeList(day intake.Date, stamp [32]byte) session.HomeList {
	hl := session.HomeList{V: session.HomeListVersion, Day: day, Stamp: hex.EncodeToString(stamp[:]),
		Rows: l.set.len(), List: l.firstRows(),
		Agendas: []session.HomeAgenda{{Dues: len(l.Agenda), Agenda: l.firstDues}}}
	ov := l.set.rb.ov
	for d := 1; d < session.HomeListDays; d++ {
		items := agendaItems(ov, day.AddDays(d), len(l.Agenda))
		hl.Agendas = append(hl.Agendas, session.HomeAgenda{Dues: len(items), Agenda: firstDues(items, l.set.rb.name)})
	}
	return hl
}

// firstRows are what the list's first rows, as many as are kept, are
// made of.
func (l *Lists) firstRows() []session.HomeRow {
	rows := make([]session.HomeRow, min(l.set.len(), session.HomeListRows))
	for i := range rows {
		rows[i] = l.set.source(i)
	}
	return rows
}

// agendaItems are the agenda's items of every intake of ov on day,
// sorted (on every core: an office vault has thousands); about is about
// how many there are (another day's), to allocate once.
func agendaItems(ov *session.Overview, day intake.Date, about int) []intake.Due {
	workers := rowWorkers(len(ov.Intakes))
	parts := make([][]intake.Due, workers)
	inParallel(workers, len(ov.Intakes), func(w, lo, hi int) {
		parts[w] = make([]intake.Due, 0, about/workers+about/8+16)
		for i := lo; i < hi; i++ {
			parts[w] = append(parts[w], ov.Intakes[i].Agenda(day)...)
		}
	})
	items := slices.Concat(parts...)
	intake.SortAgenda(items)
	return items
}

// firstDues are the first of the sorted items, to keep, each with its
// resident's name (name: by their ID).
func firstDues(items []intake.Due, name func(residentID string) (string, bool)) []session.HomeDue {
	first := make([]session.HomeDue, min(len(items), session.HomeListRows))
	for i := range first {
		d := &first[i]
		d.Due = items[i]
		if d.Due.ResidentID != "" {
			d.Name, d.Named = name(d.Due.ResidentID)
		}
	}
	return first
}

// keptLists are the lists of a kept first screen on day: its rows made
// at once, and that day's agenda.
func keptLists(ctx *common.Context, hl *session.HomeList, day intake.Date) Lists {
	rb := newRowBuilder(ctx, nil, nil)
	made := make([]Row, len(hl.List))
	for i := range hl.List {
		rb.make(&made[i], &hl.List[i])
	}
	kept := hl.AgendaOf(day).Agenda
	items := make([]intake.Due, len(kept))
	names := map[string]session.HomeDue{}
	for i, d := range kept {
		items[i] = d.Due
		names[d.Due.ResidentID] = d
	}
	// No filter entries: a typed filter waits for the whole list.
	dues, _ := buildAgenda(ctx, items, func(residentID string) (string, bool) {
		d := names[residentID]
		return d.Name, d.Named
	})
	return Lists{Agenda: dues, set: &rowSet{rb: rb, made: made}}
}

// KeepMsg is what keeping the first screen answered (tests wait for it).
type KeepMsg struct {
	Kept bool
	Err  error
}

// Locked drops the lists and the filter (which may be part of a
// resident's name); Unlocked reads the list again and, like a first load,
// shows the agenda when anything is due.
func (s *Screen) Locked() {
	s.gen++
	s.stopEntries()
	s.set, s.dues = nil, nil
	s.partial, s.kept, s.keeping, s.totals, s.toEnd = false, nil, nil, [2]int{}, [2]bool{}
	s.list.reset(0, nil)
	s.agen.reset(0, nil)
	clear(s.filter)
	s.filter = nil
	s.sel, s.top, s.selectedID = [2]int{}, [2]int{}, [2]string{}
	s.loading, s.finding = false, false
	s.firstLoad = true
}

// stopEntries stops the rows' filter entries still being made: after a
// lock they would be new copies of residents' names, after a reload work
// for nothing.
func (s *Screen) stopEntries() {
	if s.later != nil {
		s.later.stop.Store(true)
		s.later = nil
	}
}

// Unlocked reads the list again.
func (s *Screen) Unlocked() tea.Cmd { return s.Reload() }

// Load reads what the user may see and makes the lists, every row with
// its filter entry (the screen's own load leaves the entries to
// Lists.later: it shows the list first).
func Load(ctx *common.Context) (Lists, error) {
	ov, err := ctx.S.Overview()
	if err != nil {
		return Lists{}, err
	}
	return build(ctx, ov, true), nil
}

// LoadRows reads what the user may see and joins it into rows (the line
// mode's list).
func LoadRows(ctx *common.Context) ([]Row, error) {
	l, err := Load(ctx)
	return l.Rows, err
}

// Build makes the list and the agenda of an overview: one pass over the
// intake headers, each header's agenda worked out once for both.
func Build(ctx *common.Context, ov session.Overview) Lists { return build(ctx, ov, true) }

func build(ctx *common.Context, ov session.Overview, entriesNow bool) Lists {
	byID := make(map[string]int, len(ov.Residents)) // resident ID -> index in ov.Residents
	for i, r := range ov.Residents {
		byID[r.ID] = i
	}
	set := buildRows(ctx, ov, byID)
	var items []intake.Due
	for _, a := range set.agendas {
		items = append(items, a...)
	}
	dues, entries := buildAgenda(ctx, items, set.rb.name) // sorts items
	l := Lists{Agenda: dues, agendaE: entries, set: set, firstDues: firstDues(items, set.rb.name)}
	if entriesNow {
		l.Rows = set.all()
	} else {
		l.later = &rowEntries{set: set}
	}
	return l
}

// BuildRows joins residents and intake headers into the rows of the list.
func BuildRows(ctx *common.Context, ov session.Overview) []Row { return Build(ctx, ov).Rows }

// folded caches the folded names of codes (agencies): a few
// dozen names, folded once instead of once a row.
type folded map[string]string

func (f folded) get(code string, name func() string) string {
	if s, ok := f[code]; ok {
		return s
	}
	s := common.SearchKey(name())
	f[code] = s
	return s
}

// buildRows puts residents and intake headers in the list's order:
// drafts and open intakes first, then the rest, the latest contact first,
// ties by the intake's and then the resident's ID. The order is worked
// out from small keys, on every core, together with each intake's agenda
// (intake.Header.Agenda); the rows themselves are made when they are
// asked for (rowSet): with 100,000 intakes, making every row before the
// first screen was a good part of the wait after unlocking, and a screen
// shows twenty.
func buildRows(ctx *common.Context, ov session.Overview, byID map[string]int) *rowSet {
	rb := newRowBuilder(ctx, &ov, byID)

	// The intakes' keys, residents and agendas, on every core; then the
	// residents without an intake.
	keys := make([]rowKey, len(ov.Intakes), len(ov.Intakes)+len(ov.Residents))
	resident := make([]int32, len(ov.Intakes)) // index in ov.Residents, or -1
	agendas := make([][]intake.Due, len(ov.Intakes))
	hasIntake := make([]bool, len(ov.Residents))
	workers := rowWorkers(len(ov.Intakes))
	has := make([][]int32, workers) // per worker: residents with an intake
	inParallel(workers, len(ov.Intakes), func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			h := &ov.Intakes[i]
			resident[i] = -1
			if k, ok := rb.byID[h.ResidentID]; ok && h.ResidentID != "" {
				resident[i] = int32(k)
				has[w] = append(has[w], int32(k))
			}
			keys[i] = rowKey{group: statusGroup(h.Status), date: h.LastContact().UnixNano(), intake: true, id: idPrefix(h.ID), src: int32(i)}
			agendas[i] = h.Agenda(rb.day)
		}
	})
	for _, js := range has {
		for _, j := range js {
			hasIntake[j] = true
		}
	}
	for j := range ov.Residents {
		if !hasIntake[j] {
			r := &ov.Residents[j]
			keys = append(keys, rowKey{group: 1, date: r.Created.UnixNano(), id: idPrefix(r.ID), src: int32(j)})
		}
	}
	slices.SortFunc(keys, func(a, b rowKey) int {
		if c := cmp.Or(cmp.Compare(a.group, b.group), cmp.Compare(b.date, a.date), cmpBool(a.intake, b.intake), cmp.Compare(a.id, b.id)); c != 0 {
			return c
		}
		return cmp.Compare(rb.tieID(a), rb.tieID(b))
	})
	return &rowSet{rb: rb, keys: keys, resident: resident, agendas: agendas}
}

// rowSet is the list's rows in their order, not yet made: a row is made
// from its key when it is drawn, selected or asked for. The rows of a
// kept first screen are made at once (made) and have no keys.
type rowSet struct {
	rb       *rowBuilder
	keys     []rowKey       // the rows' sources, in the rows' order
	resident []int32        // per intake of the overview: its resident's index, or -1
	agendas  [][]intake.Due // per intake of the overview: its agenda
	made     []Row          // a kept first screen's rows
}

// len is the number of rows (none for a nil set).
func (rs *rowSet) len() int {
	switch {
	case rs == nil:
		return 0
	case rs.made != nil:
		return len(rs.made)
	}
	return len(rs.keys)
}

// source is what row i is made of (not for a kept first screen's).
func (rs *rowSet) source(i int) session.HomeRow {
	ov := rs.rb.ov
	k := rs.keys[i]
	if !k.intake {
		res := &ov.Residents[k.src]
		return session.HomeRow{ResidentID: res.ID, Name: res.Pseudonym, Named: true, Date: res.Created}
	}
	h := &ov.Intakes[k.src]
	src := session.IntakeRow(h)
	if j := rs.resident[k.src]; j >= 0 {
		src.Name, src.Named = ov.Residents[j].Pseudonym, true
	}
	return src
}

// row makes row i, without its filter entry.
func (rs *rowSet) row(i int) Row {
	var r Row
	rs.make(&r, i)
	return r
}

// make makes row i in r, without its filter entry.
func (rs *rowSet) make(r *Row, i int) {
	if rs.made != nil {
		*r = rs.made[i]
		return
	}
	src := rs.source(i)
	rs.rb.make(r, &src)
}

// id names row i so it is found again after a reload: "i" and its
// intake's ID, or "r" and its resident's.
func (rs *rowSet) id(i int) string {
	if rs.made != nil {
		if r := &rs.made[i]; r.IntakeID != "" {
			return "i" + r.IntakeID
		}
		return "r" + rs.made[i].ResidentID
	}
	k := rs.keys[i]
	if k.intake {
		return "i" + rs.rb.ov.Intakes[k.src].ID
	}
	return "r" + rs.rb.ov.Residents[k.src].ID
}

// all makes every row with its filter entry, on every core.
func (rs *rowSet) all() []Row {
	rows := make([]Row, rs.len())
	inParallel(rowWorkers(len(rows)), len(rows), func(_, lo, hi int) {
		p := rs.rb.part()
		for i := lo; i < hi; i++ {
			rs.make(&rows[i], i)
			rows[i].entry = p.entry(&rows[i], rs.keys[i], rs.agendas)
		}
	})
	return rows
}

// rowEntries makes the filter entries of a set's rows after the list is
// on screen, on every core.
type rowEntries struct {
	set  *rowSet
	stop atomic.Bool // set by the screen: make gives up
}

// make returns the entries of the set's rows, in their order; nil when
// stopped. Each row is made for its entry and dropped.
func (l *rowEntries) make() []entry {
	rs := l.set
	out := make([]entry, rs.len())
	inParallel(rowWorkers(len(out)), len(out), func(_, lo, hi int) {
		p := rs.rb.part()
		var r Row
		for i := lo; i < hi; i++ {
			if i%1024 == 0 && l.stop.Load() {
				return
			}
			rs.make(&r, i)
			out[i] = p.entry(&r, rs.keys[i], rs.agendas)
		}
	})
	if l.stop.Load() {
		return nil
	}
	return out
}

// rowKey is what a row is put in order by: drafts and open intakes
// (group 0) first, the latest contact first, then a resident without an
// intake (intake false: its ID is "") before an intake, then by ID: its
// first 8 bytes (id), and only when those tie the whole (tieID). src is
// the row's intake in the overview, or its resident.
type rowKey struct {
	group  int8
	intake bool
	date   int64
	id     uint64
	src    int32
}

// tieID is the ID a key's row is ordered by: its intake's, or its
// resident's.
func (rb *rowBuilder) tieID(k rowKey) string {
	if k.intake {
		return rb.ov.Intakes[k.src].ID
	}
	return rb.ov.Residents[k.src].ID
}

// idPrefix is s's first 8 bytes as a number that orders as they do.
func idPrefix(s string) uint64 {
	var b [8]byte
	copy(b[:], s)
	return binary.BigEndian.Uint64(b[:])
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

// inParallel runs do over [0, n) split into workers ranges, one goroutine
// each, and gives a panic in any of them to the caller's goroutine, where
// the app catches it.
func inParallel(workers, n int, do func(w, lo, hi int)) {
	failed := make([]any, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { failed[w] = recover() }()
			do(w, lo, hi)
		}()
	}
	wg.Wait()
	for _, r := range failed {
		if r != nil {
			panic(r)
		}
	}
}

// rowWorkers is how many goroutines make the rows of n intakes: one per
// core, each with at least rowsPerWorker rows (fewer are not worth it).
func rowWorkers(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n/rowsPerWorker))
}

var rowsPerWorker = 2000 // a variable for the tests

// rowBuilder holds what every intake's row is made from; it is only read
// while the rows are made.
type rowBuilder struct {
	ctx       *common.Context
	ov        *session.Overview
	day       intake.Date
	byID      map[string]int // resident ID -> index in ov.Residents
	status    map[intake.Status]string
	anonymous string
	none      string // the stage of a resident without an intake
	noneKey   string // none, folded for the filter
	bits      map[intake.AgencyCode]int
}

// rowPart is one goroutine's share of making rows: its own caches and
// buffers.
type rowPart struct {
	*rowBuilder
	places     map[placeStage]string // a place's name and a stage, folded
	agencies   folded
	key, dates []byte  // an entry's, made here and copied out once
	days       []int32 // an entry's, likewise
	dayBlock   []int32 // where the entries' days are kept, many to a block
}

// placeStage is what a row's place and stage are folded for once.
type placeStage struct {
	place  intake.LocationCode
	status intake.Status
}

// newRowBuilder makes rows for ctx from ov (nil: rows are made from a
// kept first screen only).
func newRowBuilder(ctx *common.Context, ov *session.Overview, byID map[string]int) *rowBuilder {
	t := func(id textID) string { return texts.Get(ctx.Lang, id) }
	rb := &rowBuilder{ctx: ctx, ov: ov, day: today(ctx), byID: byID,
		status:    map[intake.Status]string{intake.StatusDraft: t(tStatusDraft), intake.StatusOpen: t(tStatusOpen), intake.StatusClosed: t(tStatusClosed)},
		anonymous: t(tAnonymous), none: t(tStatusNone), noneKey: common.SearchKey(t(tStatusNone))}
	rb.bits, _ = agencyBits(ctx)
	return rb
}

// name is a resident's pseudonym by their ID.
func (rb *rowBuilder) name(residentID string) (string, bool) {
	i, ok := rb.byID[residentID]
	if !ok {
		return "", false
	}
	return rb.ov.Residents[i].Pseudonym, true
}

func (rb *rowBuilder) part() *rowPart {
	return &rowPart{rowBuilder: rb, places: map[placeStage]string{}, agencies: folded{}}
}

// keepDays copies days into the part's block: one allocation for many
// rows' days, not one a row. Full (cap len(days)): an append copies.
func (p *rowPart) keepDays(days []int32) []int32 {
	n := len(days)
	if n > cap(p.dayBlock)-len(p.dayBlock) {
		p.dayBlock = make([]int32, 0, max(n, 4096))
	}
	at := len(p.dayBlock)
	p.dayBlock = append(p.dayBlock, days...)
	return p.dayBlock[at : at+n : at+n]
}

// make makes in r the row of src, without its filter entry: an intake's,
// or a resident's without an intake.
func (rb *rowBuilder) make(r *Row, src *session.HomeRow) {
	if src.IntakeID == "" {
		*r = Row{ResidentID: src.ResidentID, name: common.Inert(src.Name), date: src.Date,
			statusText: rb.none, shortID: common.ShortID(src.ResidentID)}
		return
	}
	name := rb.anonymous
	if src.Named {
		name = src.Name
	}
	*r = Row{
		IntakeID: src.IntakeID, ResidentID: src.ResidentID, name: common.Inert(name),
		status: src.Status, date: src.Date, location: common.Inert(rb.ctx.LocationName(src.Location)),
		statusText: rb.status[src.Status], shortID: common.ShortID(src.IntakeID),
	}
}

// entry makes the filter entry of row r, made from k's source: an
// intake's holds its name, short ID, place, stage, the agencies it names
// and its days (last contact, next appointment, what is due, from
// agendas); a resident's without an intake its name, short ID, stage and
// the day they were added.
func (p *rowPart) entry(r *Row, k rowKey, agendas [][]intake.Due) entry {
	key := common.AppendSearchKey(p.key[:0], r.name)
	key = append(key, ' ')
	key = common.AppendSearchKey(key, r.shortID)
	if !k.intake {
		d := intake.DateOf(r.date)
		key = append(append(key, "  "...), p.noneKey...)
		p.key, p.dates, p.days = key, appendDateKey(p.dates[:0], d), append(p.days[:0], dayNumber(d))
		return entry{key: string(key), dates: string(p.dates), days: p.keepDays(p.days)}
	}
	ctx, cat := p.ctx, p.ctx.Cat()
	h := &p.ov.Intakes[k.src]
	key = append(key, ' ')
	ps := placeStage{h.Location, h.Status}
	place, ok := p.places[ps]
	if !ok {
		place = common.SearchKey(r.location + " " + r.statusText)
		p.places[ps] = place
	}
	key = append(key, place...)
	var bitset uint64
	var named []intake.AgencyCode // beyond the catalogue's first 64: by name, once each
	for c := range h.AllAgencies() {
		if b, ok := p.bits[c]; ok {
			bitset |= 1 << b
			continue
		}
		if slices.Contains(named, c) {
			continue
		}
		named = append(named, c)
		key = append(key, ' ')
		key = append(key, p.agencies.get(string(c), func() string { return ctx.T(cat.AgencyName(c)) })...)
	}
	p.key = key
	// The days of the row: last contact, next appointment, what is due.
	p.dates, p.days = p.dates[:0], p.days[:0]
	p.addDay(intake.DateOf(r.date))
	if at := h.NextAppointment.At; !at.IsZero() {
		p.addDay(intake.DateOf(at))
	}
	for _, d := range agendas[k.src] {
		p.addDay(d.Date)
	}
	return entry{key: string(key), dates: string(p.dates), days: p.keepDays(p.days), agencies: bitset}
}

// addDay adds day d to the entry being made, once.
func (p *rowPart) addDay(d intake.Date) {
	if n := dayNumber(d); n != 0 && !slices.Contains(p.days, n) {
		p.days = append(p.days, n)
		p.dates = appendDateKey(p.dates, d)
	}
}

// statusGroup puts drafts and open intakes at the top.
func statusGroup(s intake.Status) int8 {
	if s == intake.StatusDraft || s == intake.StatusOpen {
		return 0
	}
	return 1
}

// Title is the screen's name.
func (s *Screen) Title() string {
	if s.view == viewAgenda {
		return texts.Get(s.ctx.Lang, tAgendaTitle)
	}
	return texts.Get(s.ctx.Lang, tTitle)
}

// Typing: letters go to the filter.
func (s *Screen) Typing() bool { return true }

// Keys are the home keys.
func (s *Screen) Keys() []key.Binding {
	t := func(id textID) string { return texts.Get(s.ctx.Lang, id) }
	if s.view == viewAgenda {
		d, ok := s.CurrentDue()
		letter := common.Binding([]string{"f6"}, "F6", t(tLetter))
		letter.SetEnabled(ok && d.Late())
		return []key.Binding{
			common.Binding([]string{"enter"}, "enter", t(tOpenAt)),
			common.Binding([]string{"f3"}, "F3", t(tToList)),
			letter,
			common.Binding([]string{"ctrl+n"}, "ctrl+n", t(tNew)),
			common.Binding([]string{"ctrl+s", "f5"}, "ctrl+s", t(tStats)),
			common.Binding([]string{"up", "down", "ctrl+p"}, "↑↓", t(tMove)),
			common.Binding([]string{"pgup", "pgdown", "home", "end"}, "pgup pgdn", t(tPage)),
			common.Binding([]string{"esc", "ctrl+u"}, "esc", t(tClearFilter)),
			// The office's keys work from the first screen too (a whole
			// handover: the agenda's rows are not residents).
			common.Binding([]string{"ctrl+k", "f8"}, "ctrl+k", t(tHandover)),
			common.Binding([]string{"f7"}, "F7", t(tImport)),
			common.Binding([]string{"f9"}, "F9", t(tSettings)),
			common.Binding([]string{"f4"}, "F4", t(tToErase)),
		}
	}
	r, ok := s.Current()
	again := common.Binding([]string{"ctrl+r"}, "ctrl+r", t(tNewSame))
	again.SetEnabled(ok && r.ResidentID != "" && !s.ctx.IsKompaan())
	return []key.Binding{
		common.Binding([]string{"enter"}, "enter", t(tOpen)),
		common.Binding([]string{"ctrl+n"}, "ctrl+n", t(tNew)),
		common.Binding([]string{"f3"}, "F3", t(tToAgenda)),
		common.Binding([]string{"ctrl+f"}, "ctrl+f", t(tFollowUp)),
		again,
		common.Binding([]string{"ctrl+s", "f5"}, "ctrl+s", t(tStats)),
		common.Binding([]string{"ctrl+a"}, "ctrl+a", t(tAccess)),
		common.Binding([]string{"up", "down", "ctrl+p"}, "↑↓", t(tMove)),
		common.Binding([]string{"pgup", "pgdown", "home", "end"}, "pgup pgdn", t(tPage)),
		common.Binding([]string{"esc", "ctrl+u"}, "esc", t(tClearFilter)),
		common.Binding([]string{"ctrl+k", "f8"}, "ctrl+k", t(tHandover)),
		common.Binding([]string{"f7"}, "F7", t(tImport)),
		common.Binding([]string{"f9"}, "F9", t(tSettings)),
		common.Binding([]string{"f4"}, "F4", t(tToErase)),
		common.Binding([]string{"ctrl+x"}, "ctrl+x", t(tErase)),
	}
}

// Update handles the load, typing and keys.
func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
		s.scroll()
	case keptMsg:
		if msg.gen != s.gen {
			return nil
		}
		return s.showKept(msg)
	case loadedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.loading, s.partial = false, false
		s.keeping = nil
		if msg.stamped && msg.err == nil {
			s.keeping = keep(s.ctx, msg, s.kept)
		}
		s.kept = nil
		s.msg = ""
		if msg.err != nil {
			s.set, s.dues = nil, nil
			s.msg = s.ctx.ErrorText(msg.err)
		} else {
			s.set, s.dues = msg.lists.set, msg.lists.Agenda
		}
		// Without its entries yet, each row matches an empty filter: the
		// list is shown; a typed filter waits for them (View).
		var entries []entry
		if msg.lists.Rows != nil {
			entries = make([]entry, len(msg.lists.Rows))
			for i := range msg.lists.Rows {
				entries[i] = msg.lists.Rows[i].entry
			}
		}
		var cmd tea.Cmd
		later := msg.lists.later
		s.finding = later != nil && msg.err == nil
		if s.finding {
			s.later = later
			gen := s.gen
			cmd = func() tea.Msg { return entriesMsg{gen: gen, entries: later.make()} }
		}
		s.list.reset(s.set.len(), entries)
		s.agen.reset(len(s.dues), msg.lists.agendaE)
		if s.firstLoad && msg.err == nil {
			s.firstLoad = false
			if len(s.dues) > 0 {
				s.view = viewAgenda
			}
		}
		s.refilter()
		for v, end := range s.toEnd { // end, pressed before the whole list came
			if end && msg.err == nil {
				at := s.view
				s.view = view(v)
				s.move(len(s.cur().matches))
				s.view = at
			}
		}
		s.toEnd = [2]bool{}
		s.scroll()
		if cmd == nil { // no entries to wait for
			cmd, s.keeping = s.keeping, nil
		}
		return cmd
	case entriesMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.finding, s.later = false, nil
		s.list.reset(s.set.len(), msg.entries)
		s.refilter()
		s.scroll()
		// The first screen is kept once the filter works: that comes first.
		kept := s.keeping
		s.keeping = nil
		return kept
	case tea.PasteMsg:
		s.addText(msg.Content)
		s.scroll()
	case tea.KeyPressMsg:
		cmd := s.key(msg)
		s.scroll()
		return cmd
	}
	return nil
}

// showKept shows a kept first screen and reads the whole list behind
// it: its rows are the first of the list, so moving, opening and the
// count work at once; a typed filter waits for the whole list.
func (s *Screen) showKept(msg keptMsg) tea.Cmd {
	s.loading, s.msg = false, ""
	s.partial, s.finding = true, true
	s.kept = &msg.kept
	day := msg.day
	s.totals = [2]int{msg.kept.Rows, msg.kept.AgendaOf(day).Dues}
	s.set, s.dues = msg.lists.set, msg.lists.Agenda
	// No filter entries for either view: a typed filter waits for the
	// whole list (waiting), and until it comes no row is found, so no key
	// acts on a row the screen does not show.
	s.list.reset(s.set.len(), nil)
	s.agen.reset(len(s.dues), nil)
	if s.firstLoad {
		s.firstLoad = false
		if s.totals[viewAgenda] > 0 {
			s.view = viewAgenda
		}
	}
	s.refilter()
	s.scroll()
	gen, ctx := s.gen, s.ctx
	return func() tea.Msg { return loadWhole(ctx, gen) }
}

// waiting reports whether a typed filter waits for what it searches: the
// rows' filter entries, or the whole list behind a kept first screen.
func (s *Screen) waiting() bool {
	return len(s.filter) > 0 && (s.partial || (s.finding && s.view == viewList))
}

func (s *Screen) listH() int { return max(1, s.h-3) }

// cur is the filter state of the list on screen.
func (s *Screen) cur() *filtered {
	if s.view == viewAgenda {
		return &s.agen
	}
	return &s.list
}

func (s *Screen) key(k tea.KeyPressMsg) tea.Cmd {
	page := max(1, s.listH()-1)
	n := len(s.cur().matches)
	switch k.String() {
	case "up", "ctrl+p":
		s.move(-1)
	case "down":
		s.move(1)
	case "pgup":
		s.move(-page)
	case "pgdown":
		s.move(page)
	case "home":
		s.move(-n)
	case "end":
		s.move(n)
		s.toEnd[s.view] = s.partial
	case "esc", "ctrl+u":
		s.filter = s.filter[:0]
		s.applyFilter()
	case "backspace":
		if len(s.filter) > 0 {
			s.filter = s.filter[:len(s.filter)-1]
			s.applyFilter()
		}
	case "f3":
		s.view = 1 - s.view
		s.refilter()
	default:
		if s.view == viewAgenda {
			return s.agendaKey(k)
		}
		return s.listKey(k)
	}
	return nil
}

func (s *Screen) listKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "enter":
		if r, ok := s.Current(); ok {
			if r.IntakeID != "" {
				return common.Send(common.OpenIntakeMsg{ID: r.IntakeID})
			}
			return common.Send(common.NewIntakeMsg{ResidentID: r.ResidentID})
		}
	case "ctrl+n":
		return common.Send(common.NewIntakeMsg{})
	case "ctrl+r": // a new conversation with this resident (a kompaan always starts afresh)
		if r, ok := s.Current(); ok && r.ResidentID != "" && !s.ctx.IsKompaan() {
			return common.Send(common.NewIntakeMsg{ResidentID: r.ResidentID})
		}
	case "ctrl+s", "f5":
		return common.Send(common.StatsMsg{})
	case "f4":
		return common.Send(common.RetentionMsg{})
	case "ctrl+x":
		if r, ok := s.Current(); ok && r.ResidentID != "" {
			return common.Send(common.EraseMsg{ResidentID: r.ResidentID})
		}
	case "ctrl+a":
		if r, ok := s.Current(); ok && r.ResidentID != "" {
			return common.Send(common.AccessMsg{ResidentID: r.ResidentID})
		}
	case "ctrl+k", "f8":
		r, _ := s.Current()
		return common.Send(common.HandoverMsg{ResidentID: r.ResidentID})
	case "f7":
		return common.Send(common.ImportMsg{})
	case "f9":
		return common.Send(common.SettingsMsg{})
	case "ctrl+f":
		if r, ok := s.Current(); ok {
			if r.IntakeID != "" {
				return common.Send(common.FollowUpMsg{IntakeID: r.IntakeID})
			}
			return common.Send(common.NewIntakeMsg{ResidentID: r.ResidentID})
		}
	default:
		s.typed(k)
	}
	return nil
}

func (s *Screen) agendaKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "enter":
		if d, ok := s.CurrentDue(); ok {
			return common.Send(common.OpenIntakeMsg{ID: d.IntakeID, Step: d.Step})
		}
	case "f6":
		if d, ok := s.CurrentDue(); ok && d.Late() {
			return common.Send(d.PapersMsg())
		}
	case "ctrl+n":
		return common.Send(common.NewIntakeMsg{})
	case "ctrl+s", "f5":
		return common.Send(common.StatsMsg{})
	case "ctrl+k", "f8":
		return common.Send(common.HandoverMsg{})
	case "f7":
		return common.Send(common.ImportMsg{})
	case "f9":
		return common.Send(common.SettingsMsg{})
	case "f4":
		return common.Send(common.RetentionMsg{})
	default:
		s.typed(k)
	}
	return nil
}

// typed adds plain or shifted text to the filter.
func (s *Screen) typed(k tea.KeyPressMsg) {
	if k.Text != "" && k.Mod&^tea.ModShift == 0 {
		s.addText(k.Text)
	}
}

func (s *Screen) addText(t string) {
	t = common.Inert(t)
	for _, r := range t {
		if len(s.filter) >= maxFilter {
			break
		}
		s.filter = append(s.filter, r)
	}
	s.applyFilter()
}

// Current is the selected row of the list.
func (s *Screen) Current() (Row, bool) {
	i := s.sel[viewList]
	if s.view != viewList || i < 0 || i >= len(s.list.matches) || s.waiting() {
		return Row{}, false
	}
	return s.set.row(int(s.list.matches[i])), true
}

// CurrentDue is the selected row of the agenda.
func (s *Screen) CurrentDue() (DueRow, bool) {
	i := s.sel[viewAgenda]
	if s.view != viewAgenda || i < 0 || i >= len(s.agen.matches) || s.waiting() {
		return DueRow{}, false
	}
	return s.dues[s.agen.matches[i]], true
}

// selID names the selected row of the view on screen, to find it again
// after a reload.
func (s *Screen) selID() string {
	if r, ok := s.Current(); ok {
		if r.IntakeID != "" {
			return "i" + r.IntakeID
		}
		return "r" + r.ResidentID
	}
	if d, ok := s.CurrentDue(); ok {
		return d.IntakeID + "/" + string(d.Kind) + "/" + d.dateText + "/" + d.what
	}
	return ""
}

func (s *Screen) rowID(v view, i int32) string {
	if v == viewAgenda {
		d := s.dues[i]
		return d.IntakeID + "/" + string(d.Kind) + "/" + d.dateText + "/" + d.what
	}
	return s.set.id(int(i))
}

func (s *Screen) move(d int) {
	s.toEnd[s.view] = false
	m := s.cur().matches
	if len(m) == 0 {
		return
	}
	s.sel[s.view] = max(0, min(len(m)-1, s.sel[s.view]+d))
	s.selectedID[s.view] = s.selID()
}

// scroll keeps the selection in view (here, so View changes nothing).
func (s *Screen) scroll() {
	h, v := s.listH(), s.view
	if s.sel[v] < s.top[v] {
		s.top[v] = s.sel[v]
	}
	if s.sel[v] >= s.top[v]+h {
		s.top[v] = s.sel[v] - h + 1
	}
	s.top[v] = max(0, s.top[v])
}

// applyFilter narrows the list on screen: rows hold a precomputed key
// and days, and when the query only grew, only the previous matches are
// looked at.
func (s *Screen) applyFilter() {
	if s.agencies == nil {
		_, s.agencies = agencyBits(s.ctx)
	}
	q := newQuery(string(s.filter), today(s.ctx), s.agencies)
	if s.cur().apply(q) {
		s.sel[s.view], s.top[s.view] = 0, 0
		s.selectedID[s.view] = s.selID()
	}
}

// restoreSelection finds the row that was selected before a reload.
func (s *Screen) restoreSelection() bool {
	id := s.selectedID[s.view]
	if id == "" {
		return false
	}
	for i, m := range s.cur().matches {
		if s.rowID(s.view, m) == id {
			s.sel[s.view] = i
			return true
		}
	}
	return false
}

// refilter applies the filter to the list on screen after its rows or
// entries changed (a reload, the entries coming, the other view) and
// keeps the row that was selected where it is still found: applyFilter
// alone moves the selection to the top, as it should when the user types.
func (s *Screen) refilter() {
	keep := s.selectedID[s.view]
	s.applyFilter()
	s.selectedID[s.view] = keep
	if !s.restoreSelection() {
		s.selectedID[s.view] = s.selID()
	}
}

// View draws the filter, the count and the visible rows.
func (s *Screen) View() string {
	th, lang, w := s.ctx.Theme, s.ctx.Lang, s.w
	t := func(id textID) string { return texts.Get(lang, id) }
	var b strings.Builder
	label := t(tFilter) + " "
	field := string(s.filter) + "▏"
	count := ""
	total := s.set.len()
	if s.view == viewAgenda {
		total = len(s.dues)
	}
	matches := len(s.cur().matches)
	if s.partial {
		// The kept first screen's rows are the first of all: the filter
		// is empty (else searching), so every row matches.
		total = s.totals[s.view]
		matches = total
	}
	searching := s.waiting()
	if !s.loading && !searching {
		count = fmt.Sprintf(t(tCountOf), formatCount(lang, matches), formatCount(lang, total))
	}
	left := " " + th.Label.Render(label) + th.Text.Render(field)
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(count) - 1
	b.WriteString(left + strings.Repeat(" ", max(1, gap)) + th.Muted.Render(count) + "\n")
	switch {
	case s.loading:
		b.WriteString("\n  " + th.Notice.Render(s.ctx.Text(common.TLoading)) + "\n")
		return b.String()
	case searching:
		b.WriteString("\n" + common.Wrap(th.Notice, t(tSearching), w-4, "  ") + "\n")
		return b.String()
	case s.msg != "":
		b.WriteString("\n" + common.Wrap(th.Error, s.msg, w-4, "  ") + "\n")
		return b.String()
	case s.view == viewAgenda && len(s.dues) == 0:
		b.WriteString("\n" + common.Wrap(th.Text, t(tAgendaEmpty), w-4, "  ") + "\n")
		return b.String()
	case s.view == viewList && s.set.len() == 0:
		if s.ctx.IsKompaan() {
			b.WriteString("\n" + common.Wrap(th.Text, t(tKompaanRule), w-4, "  ") + "\n")
		}
		b.WriteString("\n" + common.Wrap(th.Text, t(tEmpty), w-4, "  ") + "\n")
		return b.String()
	case len(s.cur().matches) == 0:
		b.WriteString("\n" + common.Wrap(th.Muted, t(tNoMatches), w-4, "  ") + "\n")
		return b.String()
	}
	v := s.view
	m := s.cur().matches
	end := min(len(m), s.top[v]+s.listH())
	if v == viewAgenda {
		cols := agendaLayout(w)
		b.WriteString("\n" + th.Muted.Render(cells(cols, t(tColDay), t(tColWhen), t(tColName), t(tColID), t(tColWhat))) + "\n")
		for i := s.top[v]; i < end; i++ {
			d := &s.dues[m[i]]
			line := cells(cols, d.dateText, d.leftText, d.name, d.shortID, d.what)
			s.writeRow(&b, line, i == s.sel[v], d.left < 0)
		}
		return b.String()
	}
	cols := layout(w)
	b.WriteString("\n" + th.Muted.Render(cells(cols, t(tColName), t(tColID), t(tColStatus), t(tColDate), t(tColPlace))) + "\n")
	for i := s.top[v]; i < end; i++ {
		r := s.set.row(int(m[i]))
		s.writeRow(&b, cells(cols, r.name, r.shortID, r.statusText, r.dateText(), r.location), i == s.sel[v], false)
	}
	return b.String()
}

func (s *Screen) writeRow(b *strings.Builder, line string, selected, overdue bool) {
	th := s.ctx.Theme
	switch {
	case selected:
		b.WriteString(th.Selected.Render(">" + line[1:]))
	case overdue:
		b.WriteString(th.Error.Render(line))
	default:
		b.WriteString(th.Text.Render(line))
	}
	b.WriteByte('\n')
}

// columns are the widths of the list's cells: name, number, stage, last
// contact, place.
func layout(w int) []int {
	c := []int{max(12, min(30, w/3-3)), 8, 12, 14, 0}
	c[4] = max(0, w-2-c[0]-c[1]-c[2]-c[3]-4)
	return c
}

// agendaLayout: day, when, name, number, what.
func agendaLayout(w int) []int {
	c := []int{8, 16, max(10, min(24, w/4-6)), 8, 0}
	c[4] = max(0, w-2-c[0]-c[1]-c[2]-c[3]-4)
	return c
}

// cells lays out one row in fixed-width cells, cut with an ellipsis.
func cells(widths []int, values ...string) string {
	var b strings.Builder
	b.WriteString("  ")
	for i, v := range values {
		if i > 0 {
			b.WriteByte(' ')
		}
		common.Cell(&b, v, widths[i])
	}
	return b.String()
}

// formatCount writes n with a thousands separator for the language.
func formatCount(lang string, n int) string {
	s := fmt.Sprint(n)
	sep := texts.Get(lang, tThousands)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Matches reports whether the row, built in ctx, matches a typed filter
// at ctx's clock (every word, in any order, in the name, number, place,
// stage, agencies or days; "vandaag" and "deze week" ask for a day; case
// and accents aside).
func (r Row) Matches(ctx *common.Context, filter string) bool {
	_, names := agencyBits(ctx)
	return newQuery(filter, today(ctx), names).match(&r.entry)
}

// Line is the row in words, for the line mode: name, number, stage, last
// contact.
func (r Row) Line() string {
	return r.name + ", " + r.shortID + ", " + r.statusText + ", " + r.dateText()
}

// Rows are the loaded rows of the list, each made now, with its filter
// entry once those are made (for tests and benchmarks).
func (s *Screen) Rows() []Row {
	rows := make([]Row, s.set.len())
	for i := range rows {
		rows[i] = s.set.row(i)
		if i < len(s.list.entries) {
			rows[i].entry = s.list.entries[i]
		}
	}
	return rows
}

// Matches is how many rows of the list on screen the filter finds (none
// while a typed filter waits for the rows' filter entries).
func (s *Screen) Matches() int {
	switch {
	case s.waiting():
		return 0
	case s.partial:
		return s.totals[s.view]
	}
	return len(s.cur().matches)
}

// Agenda is the loaded agenda (for tests and benchmarks).
func (s *Screen) Agenda() []DueRow { return s.dues }

// ShowsAgenda reports whether the agenda is on screen.
func (s *Screen) ShowsAgenda() bool { return s.view == viewAgenda }
