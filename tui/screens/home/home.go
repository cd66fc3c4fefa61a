// Package home is the list of conversations and residents, with
// filter-as-you-type: typed letters narrow the list at once.
package home

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
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
	date       time.Time
	location   string // inert place name
	key        string // folded "name id location status", for filtering
	dateText   string
	statusText string
	shortID    string
}

type loadedMsg struct {
	gen  int
	rows []Row
	err  error
}

// Screen is the home list.
type Screen struct {
	ctx  *common.Context
	gen  int // load generation: a stale load is ignored
	rows []Row

	filter     []rune
	query      string // folded filter, as last applied
	matches    []int32
	sel        int // index into matches
	top        int // first visible match
	selectedID string

	loading bool
	msg     string
	w, h    int
}

var (
	_ common.Screen = (*Screen)(nil)
	_ common.Locker = (*Screen)(nil)
)

// New makes the home screen; Init loads the list.
func New(ctx *common.Context) *Screen { return &Screen{ctx: ctx, w: 80, h: 22} }

// Init loads the list.
func (s *Screen) Init() tea.Cmd { return s.Reload() }

// Reload reads the list again from the vault, in the background.
func (s *Screen) Reload() tea.Cmd {
	s.gen++
	s.loading = true
	gen, ctx := s.gen, s.ctx
	return func() tea.Msg {
		rows, err := LoadRows(ctx)
		return loadedMsg{gen: gen, rows: rows, err: err}
	}
}

// Locked drops the list and the filter (which may be part of a resident's
// name); Unlocked reads the list again.
func (s *Screen) Locked() {
	s.gen++
	s.rows, s.matches = nil, nil
	clear(s.filter)
	s.filter, s.query = nil, ""
	s.sel, s.top, s.selectedID = 0, 0, ""
	s.loading = false
}

// Unlocked reads the list again.
func (s *Screen) Unlocked() tea.Cmd { return s.Reload() }

// LoadRows reads what the user may see and joins it into rows: drafts and
// open intakes first, then the rest, newest first.
func LoadRows(ctx *common.Context) ([]Row, error) {
	ov, err := ctx.S.Overview()
	if err != nil {
		return nil, err
	}
	return BuildRows(ctx, ov), nil
}

// BuildRows joins residents and intake headers into rows.
func BuildRows(ctx *common.Context, ov session.Overview) []Row {
	t := func(id textID) string { return texts.Get(ctx.Lang, id) }
	byID := make(map[string]int, len(ov.Residents))
	for i, r := range ov.Residents {
		byID[r.ID] = i
	}
	status := map[intake.Status]string{intake.StatusDraft: t(tStatusDraft), intake.StatusOpen: t(tStatusOpen), intake.StatusClosed: t(tStatusClosed)}
	hasIntake := make([]bool, len(ov.Residents))
	rows := make([]Row, 0, len(ov.Intakes)+len(ov.Residents))
	for _, in := range ov.Intakes {
		name := t(tAnonymous)
		if i, ok := byID[in.ResidentID]; ok && in.ResidentID != "" {
			name = ov.Residents[i].Pseudonym
			hasIntake[i] = true
		}
		rows = append(rows, Row{
			IntakeID: in.ID, ResidentID: in.ResidentID, name: common.Inert(name),
			status: in.Status, date: in.Updated, location: common.Inert(ctx.LocationName(in.Location)),
			statusText: status[in.Status], shortID: common.ShortID(in.ID),
		})
	}
	for i, r := range ov.Residents {
		if !hasIntake[i] {
			rows = append(rows, Row{ResidentID: r.ID, name: common.Inert(r.Pseudonym), date: r.Created,
				statusText: t(tStatusNone), shortID: common.ShortID(r.ID)})
		}
	}
	layout := ctx.Text(common.TDateLayout)
	for i := range rows {
		r := &rows[i]
		if !r.date.IsZero() {
			r.dateText = r.date.Format(layout)
		}
		r.key = common.SearchKey(r.name + " " + r.shortID + " " + r.location + " " + r.statusText)
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		if c := cmp.Compare(rowGroup(a), rowGroup(b)); c != 0 {
			return c
		}
		return b.date.Compare(a.date)
	})
	return rows
}

// rowGroup puts drafts and open intakes at the top.
func rowGroup(r Row) int {
	if r.IntakeID != "" && (r.status == intake.StatusDraft || r.status == intake.StatusOpen) {
		return 0
	}
	return 1
}

// Title is the screen's name.
func (s *Screen) Title() string { return texts.Get(s.ctx.Lang, tTitle) }

// Typing: letters go to the filter.
func (s *Screen) Typing() bool { return true }

// Keys are the home keys.
func (s *Screen) Keys() []key.Binding {
	t := func(id textID) string { return texts.Get(s.ctx.Lang, id) }
	return []key.Binding{
		common.Binding([]string{"enter"}, "enter", t(tOpen)),
		common.Binding([]string{"ctrl+n"}, "ctrl+n", t(tNew)),
		common.Binding([]string{"ctrl+f"}, "ctrl+f", t(tFollowUp)),
		common.Binding([]string{"ctrl+s", "f5"}, "ctrl+s", t(tStats)),
		common.Binding([]string{"ctrl+a"}, "ctrl+a", t(tAccess)),
		common.Binding([]string{"up", "down", "ctrl+p"}, "↑↓", t(tMove)),
		common.Binding([]string{"pgup", "pgdown", "home", "end"}, "pgup pgdn", t(tPage)),
		common.Binding([]string{"esc", "ctrl+u"}, "esc", t(tClearFilter)),
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
	case loadedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.loading = false
		s.msg = ""
		if msg.err != nil {
			s.rows = nil
			s.msg = s.ctx.ErrorText(msg.err)
		} else {
			s.rows = msg.rows
		}
		s.query = "\x00" // force a full filter
		s.applyFilter()
		s.restoreSelection()
		s.scroll()
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

func (s *Screen) listH() int { return max(1, s.h-3) }

func (s *Screen) key(k tea.KeyPressMsg) tea.Cmd {
	page := max(1, s.listH()-1)
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
		s.move(-len(s.matches))
	case "end":
		s.move(len(s.matches))
	case "esc", "ctrl+u":
		s.filter = s.filter[:0]
		s.applyFilter()
	case "backspace":
		if len(s.filter) > 0 {
			s.filter = s.filter[:len(s.filter)-1]
			s.applyFilter()
		}
	case "enter":
		if r, ok := s.Current(); ok {
			if r.IntakeID != "" {
				return common.Send(common.OpenIntakeMsg{ID: r.IntakeID})
			}
			return common.Send(common.NewIntakeMsg{ResidentID: r.ResidentID})
		}
	case "ctrl+n":
		return common.Send(common.NewIntakeMsg{})
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
	case "ctrl+f":
		if r, ok := s.Current(); ok {
			if r.IntakeID != "" {
				return common.Send(common.FollowUpMsg{IntakeID: r.IntakeID})
			}
			return common.Send(common.NewIntakeMsg{ResidentID: r.ResidentID})
		}
	default:
		if k.Text != "" && k.Mod&^tea.ModShift == 0 { // plain or shifted text
			s.addText(k.Text)
		}
	}
	return nil
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

// Current is the selected row.
func (s *Screen) Current() (Row, bool) {
	if s.sel < 0 || s.sel >= len(s.matches) {
		return Row{}, false
	}
	return s.rows[s.matches[s.sel]], true
}

func (s *Screen) move(d int) {
	if len(s.matches) == 0 {
		return
	}
	s.sel = max(0, min(len(s.matches)-1, s.sel+d))
	s.selectedID = rowID(s.rows[s.matches[s.sel]])
}

// scroll keeps the selection in view (here, so View changes nothing).
func (s *Screen) scroll() {
	h := s.listH()
	if s.sel < s.top {
		s.top = s.sel
	}
	if s.sel >= s.top+h {
		s.top = s.sel - h + 1
	}
	s.top = max(0, s.top)
}

func rowID(r Row) string {
	if r.IntakeID != "" {
		return "i" + r.IntakeID
	}
	return "r" + r.ResidentID
}

// applyFilter narrows the list. Rows hold a precomputed folded key; when
// the query only grew, only the previous matches are scanned.
func (s *Screen) applyFilter() {
	q := common.SearchKey(string(s.filter))
	if q == s.query {
		return
	}
	words := strings.Fields(q)
	narrowing := s.query != "\x00" && strings.HasPrefix(q, s.query) && s.matches != nil
	prev := s.matches
	s.query = q
	if !narrowing {
		if cap(prev) < len(s.rows) {
			s.matches = make([]int32, 0, len(s.rows))
		} else {
			s.matches = prev[:0]
		}
		for i := range s.rows {
			if matchAll(s.rows[i].key, words) {
				s.matches = append(s.matches, int32(i))
			}
		}
	} else {
		out := prev[:0] // in place: the kept matches never overtake the scan
		for _, i := range prev {
			if matchAll(s.rows[i].key, words) {
				out = append(out, i)
			}
		}
		s.matches = out
	}
	s.sel, s.top = 0, 0
	if r, ok := s.Current(); ok {
		s.selectedID = rowID(r)
	}
}

func matchAll(key string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(key, w) {
			return false
		}
	}
	return true
}

// restoreSelection finds the row that was selected before a reload.
func (s *Screen) restoreSelection() {
	if s.selectedID == "" {
		return
	}
	for i, m := range s.matches {
		if rowID(s.rows[m]) == s.selectedID {
			s.sel = i
			return
		}
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
	if !s.loading {
		count = fmt.Sprintf(t(tCountOf), formatCount(lang, len(s.matches)), formatCount(lang, len(s.rows)))
	}
	left := " " + th.Label.Render(label) + th.Text.Render(field)
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(count) - 1
	b.WriteString(left + strings.Repeat(" ", max(1, gap)) + th.Muted.Render(count) + "\n")
	switch {
	case s.loading:
		b.WriteString("\n  " + th.Notice.Render(s.ctx.Text(common.TLoading)) + "\n")
		return b.String()
	case s.msg != "":
		b.WriteString("\n" + common.Wrap(th.Error, s.msg, w-4, "  ") + "\n")
		return b.String()
	case len(s.rows) == 0:
		if s.ctx.IsKompaan() {
			b.WriteString("\n" + common.Wrap(th.Text, t(tKompaanRule), w-4, "  ") + "\n")
		}
		b.WriteString("\n" + common.Wrap(th.Text, t(tEmpty), w-4, "  ") + "\n")
		return b.String()
	case len(s.matches) == 0:
		b.WriteString("\n" + common.Wrap(th.Muted, t(tNoMatches), w-4, "  ") + "\n")
		return b.String()
	}
	cols := layout(w)
	b.WriteString("\n" + th.Muted.Render(cols.line(t(tColName), t(tColID), t(tColStatus), t(tColDate), t(tColPlace))) + "\n")
	end := min(len(s.matches), s.top+s.listH())
	for i := s.top; i < end; i++ {
		r := &s.rows[s.matches[i]]
		line := cols.line(r.name, r.shortID, r.statusText, r.dateText, r.location)
		if i == s.sel {
			b.WriteString(th.Selected.Render(">" + line[1:]))
		} else {
			b.WriteString(th.Text.Render(line))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

type columns struct{ name, id, status, date, place int }

func layout(w int) columns {
	c := columns{name: max(12, min(30, w/3)), id: 8, status: 12, date: 10}
	c.place = max(0, w-2-c.name-c.id-c.status-c.date-4)
	return c
}

// line lays out one row in fixed-width cells, cut with an ellipsis.
func (c columns) line(name, id, status, date, place string) string {
	var b strings.Builder
	b.WriteString("  ")
	common.Cell(&b, name, c.name)
	b.WriteByte(' ')
	common.Cell(&b, id, c.id)
	b.WriteByte(' ')
	common.Cell(&b, status, c.status)
	b.WriteByte(' ')
	common.Cell(&b, date, c.date)
	b.WriteByte(' ')
	common.Cell(&b, place, c.place)
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

// Matches reports whether the row matches a typed filter (every word, in
// any order, in the name, number, place or stage; case and accents aside).
func (r Row) Matches(filter string) bool {
	return matchAll(r.key, strings.Fields(common.SearchKey(filter)))
}

// Line is the row in words, for the line mode: name, number, stage, date.
func (r Row) Line() string {
	return r.name + ", " + r.shortID + ", " + r.statusText + ", " + r.dateText
}

// Rows are the loaded rows (for tests and benchmarks).
func (s *Screen) Rows() []Row { return s.rows }
