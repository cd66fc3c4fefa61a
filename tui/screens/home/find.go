package home

import (
	"strconv"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/tui/common"
)

// Finding a row. Every row holds a folded key (name, short ID, place,
// stage, agencies, what is due, its dates) and the days it is about, made
// once when the list is loaded; a keystroke only compares strings and
// numbers, it never reads the vault.
//
// A typed word matches when the key holds it. Three kinds of word mean
// more:
//   - a date, "27-11" or "27-11-2026" (or "1-12", a day without its
//     zero): a day of the row — its last contact, its next appointment,
//     a date on its agenda; the key writes each day as "|27-11-2026" and
//     "|27-11-2026" unpadded ("|1-12-2026"), so a typed date matches from
//     the start of a day, never inside another;
//   - "vandaag" ("today"): a day of the row is today;
//   - "deze week" ("this week"): a day of the row is in this week,
//     Monday to Sunday.
//
// An agency's name finds the conversations that name it: involved, sent a
// letter, in an agreement or a referral (a closed conversation: involved
// only, as a list keeps none of a closed one's letters, agreements and
// referrals, intake.Header.Listed: nothing of it is due).

// entry is what the filter sees of a row. The days and the agencies are
// apart from the text, so a word searches the (short) text, the agencies
// as bits (a word is looked for in the few dozen agency names once, not
// in every row), and the days only when it is a date.
type entry struct {
	key      string  // folded text: name, number, place, stage
	dates    string  // the days written out (dateKey)
	days     []int32 // the days (dayNumber)
	agencies uint64  // the agencies the row names, by their bit (agencyBits)
}

// agencyBits gives each agency of the catalogue a bit (the first 64; a
// catalogue with more writes the others' names into the key) and their
// folded names, by bit.
func agencyBits(ctx *common.Context) (map[intake.AgencyCode]int, []string) {
	bits := map[intake.AgencyCode]int{}
	var names []string
	for _, a := range ctx.Cat().Agencies {
		if len(names) == 64 {
			break
		}
		bits[a.Code] = len(names)
		names = append(names, common.SearchKey(ctx.T(a.Name)))
	}
	return bits, names
}

// dayNumber counts days since 1 January 1970 (a Date, no time zone).
func dayNumber(d intake.Date) int32 {
	if d.IsZero() {
		return 0
	}
	return int32(d.Time().Unix() / 86400)
}

// dateKey is how a day is written in a key: padded and unpadded, each
// after a "|" so a typed date matches from the start of a day:
// " |01-12-2026 |1-12-2026" (one form when both are the same).
func dateKey(d intake.Date) string { return string(appendDateKey(nil, d)) }

// appendDateKey appends dateKey(d) to b.
func appendDateKey(b []byte, d intake.Date) []byte {
	if d.IsZero() {
		return b
	}
	two := func(n int) { b = append(b, byte('0'+n/10), byte('0'+n%10)) }
	b = append(b, " |"...)
	two(d.Day)
	b = append(b, '-')
	two(int(d.Month))
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(d.Year), 10)
	if d.Day < 10 || d.Month < 10 {
		b = append(b, " |"...)
		b = strconv.AppendInt(b, int64(d.Day), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(d.Month), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(d.Year), 10)
	}
	return b
}

// query is a typed filter, read: its text words and the days it asks for.
type query struct {
	raw      string   // folded filter
	words    []string // words the key must hold (dates, as "|27-11", the dates)
	agencies []uint64 // per word, the agencies whose name holds it
	from, to int32    // the days asked for ("vandaag", "deze week"); 0 for none
}

// Words that ask for days, in both languages (the filter is folded).
var (
	todayWords = map[string]bool{"vandaag": true, "today": true}
	thisWords  = map[string]bool{"deze": true, "this": true}
)

// newQuery reads filter at today; names are the folded agency names by
// bit (agencyBits).
func newQuery(filter string, today intake.Date, names []string) query {
	q := query{raw: common.SearchKey(filter)}
	fields := strings.Fields(q.raw)
	for i := 0; i < len(fields); i++ {
		w := fields[i]
		switch {
		case todayWords[w]:
			q.from, q.to = dayNumber(today), dayNumber(today)
		case thisWords[w] && i+1 < len(fields) && strings.HasPrefix("week", fields[i+1]):
			// "deze w…": this week, Monday to Sunday.
			mon := today.AddDays(-((int(today.Weekday()) + 6) % 7))
			q.from, q.to = dayNumber(mon), dayNumber(mon.AddDays(6))
			i++
		case isDate(w):
			q.words = append(q.words, "|"+w)
		default:
			q.words = append(q.words, w)
		}
	}
	q.agencies = make([]uint64, len(q.words))
	for i, w := range q.words {
		for bit, n := range names {
			if w[0] != '|' && strings.Contains(n, w) {
				q.agencies[i] |= 1 << bit
			}
		}
	}
	return q
}

// isDate: digits, a dash, and then digits and dashes ("27-", "27-11",
// "27-11-2026").
func isDate(w string) bool {
	d := strings.IndexByte(w, '-')
	if d < 1 || d > 2 {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// match reports whether e matches q.
func (q query) match(e *entry) bool {
	for i, w := range q.words {
		switch {
		case w[0] == '|':
			if !strings.Contains(e.dates, w) {
				return false
			}
		case e.agencies&q.agencies[i] != 0:
		case !strings.Contains(e.key, w):
			return false
		}
	}
	if q.from == 0 {
		return true
	}
	for _, d := range e.days {
		if d >= q.from && d <= q.to {
			return true
		}
	}
	return false
}

// narrows reports whether every row q matches is among the rows prev
// matched, so only those need a look: the same days asked, and each word
// of prev the start of the same word of q.
func (q query) narrows(prev query) bool {
	if q.from != prev.from || q.to != prev.to || len(q.words) < len(prev.words) {
		return false
	}
	for i, w := range prev.words {
		if !strings.HasPrefix(q.words[i], w) {
			return false
		}
	}
	return true
}

// filtered is one list's entries and what the filter leaves of them.
type filtered struct {
	n       int     // the list's rows
	entries []entry // their filter entries; nil until they are made, and then only an empty filter matches (every row)
	matches []int32 // indexes into entries
	last    query
	applied bool // last is valid: matches hold its result
}

// apply narrows or recomputes the matches for q. It reports whether
// anything was done.
func (f *filtered) apply(q query) bool {
	if f.applied && q.raw == f.last.raw && q.from == f.last.from {
		return false
	}
	switch {
	case f.entries == nil:
		// No entries to look at yet (a list of 100,000 is shown before
		// they are made, without keeping 100,000 empty ones).
		f.matches = f.matches[:0]
		if len(q.words) == 0 && q.from == 0 {
			if cap(f.matches) < f.n {
				f.matches = make([]int32, 0, f.n)
			}
			for i := range f.n {
				f.matches = append(f.matches, int32(i))
			}
		}
	case f.applied && f.matches != nil && q.narrows(f.last):
		out := f.matches[:0] // in place: the kept matches never overtake the scan
		for _, i := range f.matches {
			if q.match(&f.entries[i]) {
				out = append(out, i)
			}
		}
		f.matches = out
	default:
		if cap(f.matches) < len(f.entries) {
			f.matches = make([]int32, 0, len(f.entries))
		}
		f.matches = f.matches[:0]
		for i := range f.entries {
			if q.match(&f.entries[i]) {
				f.matches = append(f.matches, int32(i))
			}
		}
	}
	f.last, f.applied = q, true
	return true
}

// reset sets the list's n rows and their entries (nil: not made yet) and
// forgets the matches: the next apply looks at every entry.
func (f *filtered) reset(n int, entries []entry) {
	f.n, f.entries, f.matches, f.applied = n, entries, nil, false
}

// today is the day of the app's clock.
func today(ctx *common.Context) intake.Date { return intake.DateOf(ctx.Now()) }

// lastContactText is the time of the last contact, the year in two
// digits so the column leaves room for the place: "27-11-26 14:30".
func lastContactText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02-01-06 15:04")
}
