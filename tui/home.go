package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
)

// maxFilter caps the filter text.
const maxFilter = 64

// homeRow is one line of the home list: an intake with its resident, or a
// resident without an intake yet. Everything the filter and the view need
// is computed once when the list is loaded.
type homeRow struct {
	intakeID   string // "" for a resident without an intake
	residentID string
	name       string // inert pseudonym
	status     intake.Status
	date       time.Time
	location   string // inert place name
	key        string // folded "name location status", for filtering
	dateText   string
	statusText string
}

type homeLoadedMsg struct {
	gen  int
	rows []homeRow
	err  error
}

// homeScreen lists recent and open intakes and residents, with
// filter-as-you-type: typed letters narrow the list at once.
type homeScreen struct {
	e    *env
	gen  int // load generation: a stale load is ignored
	rows []homeRow

	filter     []rune
	query      string // folded filter, as last applied
	matches    []int32
	sel        int // index into matches
	top        int // first visible match
	selectedID string

	loading bool
	msg     string
	height  int // rows visible at the last view
}

func newHome(e *env) *homeScreen { return &homeScreen{e: e} }

func (s *homeScreen) init() tea.Cmd { return s.reload() }

// reload reads the list again from the vault (in the background).
func (s *homeScreen) reload() tea.Cmd {
	s.gen++
	s.loading = true
	gen, e := s.gen, s.e
	return func() tea.Msg {
		rows, err := loadHomeRows(e)
		return homeLoadedMsg{gen: gen, rows: rows, err: err}
	}
}

// locked drops the list and the filter (which may be part of a
// resident's name); unlocked reads the list again.
func (s *homeScreen) locked() {
	s.gen++
	s.rows, s.matches = nil, nil
	clear(s.filter)
	s.filter, s.query = nil, ""
	s.sel, s.top, s.selectedID = 0, 0, ""
	s.loading = false
}

func (s *homeScreen) unlocked() tea.Cmd { return s.reload() }

// loadHomeRows joins residents and intakes into rows: drafts and open
// intakes first, then the rest, newest first.
func loadHomeRows(e *env) ([]homeRow, error) {
	residents, err := e.vault.Residents()
	if err != nil {
		return nil, err
	}
	intakes, err := e.vault.IntakeHeaders()
	if err != nil {
		return nil, err
	}
	if e.isKompaan() {
		return kompaanHomeRows(e, intakes)
	}
	return buildHomeRows(residents, intakes, e), nil
}

func buildHomeRows(residents []intake.Resident, intakes []intake.Header, e *env) []homeRow {
	tx := e.tx
	byID := make(map[string]int, len(residents))
	for i, r := range residents {
		byID[r.ID] = i
	}
	hasIntake := make([]bool, len(residents))
	rows := make([]homeRow, 0, len(intakes)+len(residents))
	for _, in := range intakes {
		name := tx.get(tAnonymous)
		if i, ok := byID[in.ResidentID]; ok && in.ResidentID != "" {
			name = residents[i].Pseudonym
			hasIntake[i] = true
		}
		rows = append(rows, homeRow{
			intakeID: in.ID, residentID: in.ResidentID, name: inert(name),
			status: in.Status, date: in.Updated, location: inert(e.locationName(in.Location)),
			statusText: tx.status(in.Status),
		})
	}
	for i, r := range residents {
		if !hasIntake[i] {
			rows = append(rows, homeRow{residentID: r.ID, name: inert(r.Pseudonym), date: r.Created,
				statusText: tx.get(tStatusNone)})
		}
	}
	for i := range rows {
		r := &rows[i]
		r.dateText = formatDate(tx, r.date)
		r.key = searchKey(r.name + " " + r.location + " " + r.statusText)
	}
	slices.SortStableFunc(rows, func(a, b homeRow) int {
		if c := cmp.Compare(rowGroup(a), rowGroup(b)); c != 0 {
			return c
		}
		return b.date.Compare(a.date)
	})
	return rows
}

// rowGroup puts drafts and open intakes at the top.
func rowGroup(r homeRow) int {
	if r.intakeID != "" && (r.status == intake.StatusDraft || r.status == intake.StatusOpen) {
		return 0
	}
	return 1
}

func formatDate(tx texts, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(tx.get(tDateLayout))
}

func (s *homeScreen) title() string { return s.e.tx.get(tHomeTitle) }
func (s *homeScreen) typing() bool  { return true } // letters go to the filter

func (s *homeScreen) help() []helpItem {
	tx := s.e.tx
	return []helpItem{
		{"enter", tx.get(tHelpOpen)}, {"ctrl+n", tx.get(tHelpNew)},
		{"ctrl+f", tx.get(tHelpFollowUp)}, {"ctrl+s", tx.get(tHelpStats)}, {"↑↓", tx.get(tHelpChoose)},
	}
}

func (s *homeScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case homeLoadedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.loading = false
		s.msg = ""
		if msg.err != nil {
			s.rows = nil
			s.msg = errorText(s.e.tx, msg.err)
		} else {
			s.rows = msg.rows
		}
		s.query = "\x00" // force a full filter
		s.applyFilter()
		s.restoreSelection()
		return nil
	case tea.PasteMsg:
		s.addText(msg.Content)
		return nil
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *homeScreen) key(k tea.KeyPressMsg) tea.Cmd {
	page := max(1, s.height-1)
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
		if r, ok := s.current(); ok {
			if r.intakeID != "" {
				return send(openIntakeMsg{ID: r.intakeID})
			}
			return send(newIntakeMsg{ResidentID: r.residentID})
		}
	case "ctrl+n":
		return send(newIntakeMsg{})
	case "ctrl+s", "f5":
		d := newDashboard(s.e)
		return send(showScreenMsg{s: d, cmd: d.init()})
	case "ctrl+f":
		if r, ok := s.current(); ok {
			if r.intakeID != "" {
				return send(followUpMsg{IntakeID: r.intakeID})
			}
			return send(newIntakeMsg{ResidentID: r.residentID})
		}
	default:
		if k.Text != "" && k.Mod&^tea.ModShift == 0 { // plain or shifted text
			s.addText(k.Text)
		}
	}
	return nil
}

func (s *homeScreen) addText(t string) {
	t = inert(t)
	for _, r := range t {
		if len(s.filter) >= maxFilter {
			break
		}
		s.filter = append(s.filter, r)
	}
	s.applyFilter()
}

func (s *homeScreen) current() (homeRow, bool) {
	if s.sel < 0 || s.sel >= len(s.matches) {
		return homeRow{}, false
	}
	return s.rows[s.matches[s.sel]], true
}

func (s *homeScreen) move(d int) {
	if len(s.matches) == 0 {
		return
	}
	s.sel = max(0, min(len(s.matches)-1, s.sel+d))
	s.selectedID = rowID(s.rows[s.matches[s.sel]])
}

func rowID(r homeRow) string {
	if r.intakeID != "" {
		return "i" + r.intakeID
	}
	return "r" + r.residentID
}

// applyFilter narrows the list. Rows hold a precomputed folded key; when the
// query only grew, only the previous matches are scanned.
func (s *homeScreen) applyFilter() {
	q := searchKey(string(s.filter))
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
	if r, ok := s.current(); ok {
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
func (s *homeScreen) restoreSelection() {
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

func (s *homeScreen) view(w, h int) string {
	tx, th := s.e.tx, s.e.th
	var b strings.Builder
	// Line 1: the filter and the count.
	label := tx.get(tFilterLabel) + " "
	field := string(s.filter) + "▏"
	count := ""
	if !s.loading {
		count = fmt.Sprintf(tx.get(tCountOf), formatCount(tx, len(s.matches)), formatCount(tx, len(s.rows)))
	}
	left := " " + th.Label.Render(label) + th.Text.Render(field)
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(count) - 1
	b.WriteString(left + strings.Repeat(" ", max(1, gap)) + th.Muted.Render(count) + "\n")

	listH := h - 3
	s.height = listH
	switch {
	case s.loading:
		b.WriteString("\n  " + th.Notice.Render(tx.get(tLoading)) + "\n")
		return b.String()
	case s.msg != "":
		b.WriteString("\n  " + th.Error.Render(s.msg) + "\n")
		return b.String()
	case len(s.rows) == 0:
		if s.e.isKompaan() {
			b.WriteString("\n" + wrapIndent(th.Text, tx.get(tKompaanRule), w-4, "  ") + "\n")
		}
		b.WriteString("\n" + wrapIndent(th.Text, tx.get(tHomeEmpty), w-4, "  ") + "\n")
		return b.String()
	case len(s.matches) == 0:
		b.WriteString("\n  " + th.Muted.Render(tx.get(tNoMatches)) + "\n")
		return b.String()
	}
	// Column layout for the width.
	nameW := max(12, min(30, w/3))
	statusW := 18
	dateW := 11
	locW := max(0, w-2-nameW-statusW-dateW-3)
	b.WriteString("\n" + th.Muted.Render(columns(w, nameW, statusW, dateW, locW,
		tx.get(tColName), tx.get(tColStatus), tx.get(tColDate), tx.get(tColPlace))) + "\n")

	// Keep the selection visible, render only the visible window.
	if s.sel < s.top {
		s.top = s.sel
	}
	if s.sel >= s.top+listH {
		s.top = s.sel - listH + 1
	}
	end := min(len(s.matches), s.top+listH)
	for i := s.top; i < end; i++ {
		r := &s.rows[s.matches[i]]
		line := columns(w, nameW, statusW, dateW, locW,
			r.name, r.statusText, r.dateText, r.location)
		if i == s.sel {
			b.WriteString(th.Selected.Render(">" + line[1:]))
		} else {
			b.WriteString(th.Text.Render(line))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// columns lays out one row in fixed-width cells, cut with an ellipsis.
func columns(w, nameW, statusW, dateW, locW int, name, status, date, loc string) string {
	var b strings.Builder
	b.Grow(w)
	b.WriteString("  ")
	cell(&b, name, nameW)
	b.WriteByte(' ')
	cell(&b, status, statusW)
	b.WriteByte(' ')
	cell(&b, date, dateW)
	b.WriteByte(' ')
	cell(&b, loc, locW)
	return b.String()
}

func cell(b *strings.Builder, s string, w int) {
	if w <= 0 {
		return
	}
	n := utf8.RuneCountInString(s)
	if isPlain(s) && n <= w {
		b.WriteString(s)
		b.WriteString(strings.Repeat(" ", w-n))
		return
	}
	t := ansi.Truncate(s, w, "…")
	b.WriteString(t)
	b.WriteString(strings.Repeat(" ", max(0, w-ansi.StringWidth(t))))
}

// formatCount writes n with a thousands separator for the language.
func formatCount(tx texts, n int) string {
	s := fmt.Sprint(n)
	sep := tx.get(tThousands)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// wrapIndent wraps plain text to width and indents every line.
func wrapIndent(st interface{ Render(...string) string }, s string, width int, indent string) string {
	lines := strings.Split(ansi.Wrap(s, max(10, width), ""), "\n")
	for i, l := range lines {
		lines[i] = indent + st.Render(l)
	}
	return strings.Join(lines, "\n")
}
