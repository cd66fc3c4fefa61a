//go:build !windows

package main

import (
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"
)

// vtScreen is a small terminal emulator for the end-to-end tests: it keeps
// the cells of the screen the app draws, so a test can read what a person
// would see. Bubble Tea's renderer only redraws the cells that changed (with
// cursor moves, erases, inserts and scrolls), so plain output with the
// escapes stripped would not read as the screen does. It handles what that
// renderer sends; colours and other attributes are ignored.
type vtScreen struct {
	mu         sync.Mutex
	p          *ansi.Parser
	cols, rows int
	main, alt  [][]rune // 0 is the right half of a wide character
	altOn      bool
	x, y       int
	wrapNext   bool // the last column was written: the next rune wraps
	autoWrap   bool
	insert     bool
	top, bot   int // scroll region, inclusive
	savedX     int
	savedY     int
	last       rune // for REP
}

func newVTScreen(cols, rows int) *vtScreen {
	s := &vtScreen{cols: cols, rows: rows, autoWrap: true, top: 0, bot: rows - 1}
	s.main, s.alt = s.blank(), s.blank()
	s.p = ansi.NewParser()
	s.p.SetHandler(ansi.Handler{
		Print:     s.print,
		Execute:   s.execute,
		HandleCsi: s.csi,
		HandleEsc: s.esc,
	})
	return s
}

func (s *vtScreen) blank() [][]rune {
	g := make([][]rune, s.rows)
	for i := range g {
		g[i] = blankLine(s.cols)
	}
	return g
}

func blankLine(n int) []rune {
	l := make([]rune, n)
	for i := range l {
		l[i] = ' '
	}
	return l
}

// Write feeds output of the app to the screen.
func (s *vtScreen) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.p.Parse(b)
	return len(b), nil
}

// text is the screen as lines, trailing blanks cut.
func (s *vtScreen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	for _, l := range s.grid() {
		var line strings.Builder
		for _, r := range l {
			if r != 0 {
				line.WriteRune(r)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

func (s *vtScreen) grid() [][]rune {
	if s.altOn {
		return s.alt
	}
	return s.main
}

func (s *vtScreen) clampCursor() {
	s.x = max(0, min(s.cols-1, s.x))
	s.y = max(0, min(s.rows-1, s.y))
	s.wrapNext = false
}

func (s *vtScreen) print(r rune) {
	w := ansi.StringWidth(string(r))
	if w == 0 {
		return // a combining mark: kept with the cell before, not drawn here
	}
	if s.wrapNext || s.x+w > s.cols {
		if s.autoWrap {
			s.x = 0
			s.lineFeed()
		} else {
			s.x = s.cols - w
		}
		s.wrapNext = false
	}
	g := s.grid()
	line := g[s.y]
	if s.insert {
		copy(line[s.x+w:], line[s.x:])
	}
	line[s.x] = r
	if w == 2 && s.x+1 < s.cols {
		line[s.x+1] = 0
	}
	s.last = r
	s.x += w
	if s.x >= s.cols {
		s.x = s.cols - 1
		s.wrapNext = true
	}
}

func (s *vtScreen) lineFeed() {
	if s.y == s.bot {
		s.scrollUp(1)
		return
	}
	if s.y < s.rows-1 {
		s.y++
	}
}

// scrollUp moves the lines of the scroll region up by n, blank ones below.
func (s *vtScreen) scrollUp(n int) {
	g := s.grid()
	for range min(n, s.bot-s.top+1) {
		copy(g[s.top:s.bot], g[s.top+1:s.bot+1])
		g[s.bot] = blankLine(s.cols)
	}
}

func (s *vtScreen) scrollDown(n int) {
	g := s.grid()
	for range min(n, s.bot-s.top+1) {
		copy(g[s.top+1:s.bot+1], g[s.top:s.bot])
		g[s.top] = blankLine(s.cols)
	}
}

func (s *vtScreen) execute(b byte) {
	switch b {
	case '\r':
		s.x, s.wrapNext = 0, false
	case '\n', '\v', '\f':
		s.wrapNext = false
		s.lineFeed()
	case '\b':
		if s.x > 0 {
			s.x--
		}
		s.wrapNext = false
	case '\t':
		s.x = min(s.cols-1, (s.x/8+1)*8)
		s.wrapNext = false
	}
}

func (s *vtScreen) esc(cmd ansi.Cmd) {
	if cmd.Intermediate() != 0 {
		return // charset designations and the like
	}
	switch cmd.Final() {
	case 'M': // reverse index
		s.wrapNext = false
		if s.y == s.top {
			s.scrollDown(1)
		} else if s.y > 0 {
			s.y--
		}
	case 'D':
		s.wrapNext = false
		s.lineFeed()
	case 'E':
		s.x, s.wrapNext = 0, false
		s.lineFeed()
	case '7':
		s.savedX, s.savedY = s.x, s.y
	case '8':
		s.x, s.y = s.savedX, s.savedY
		s.clampCursor()
	case 'c':
		*s = *newVTScreen(s.cols, s.rows)
	}
}

// erase blanks cells [from, to) of line y.
func (s *vtScreen) erase(y, from, to int) {
	l := s.grid()[y]
	for i := max(0, from); i < min(to, s.cols); i++ {
		l[i] = ' '
	}
}

func (s *vtScreen) csi(cmd ansi.Cmd, params ansi.Params) {
	n := func(i, def int) int {
		v, _, _ := params.Param(i, def)
		if v == 0 && def > 0 {
			return def
		}
		return v
	}
	if cmd.Intermediate() != 0 {
		return // cursor style and other requests
	}
	switch cmd.Prefix() {
	case '?':
		switch cmd.Final() {
		case 'h', 'l':
			on := cmd.Final() == 'h'
			for i := range params {
				s.decMode(n(i, 0), on)
			}
		}
		return
	case 0:
	default:
		return // replies and queries with a prefix
	}
	switch cmd.Final() {
	case 'A':
		s.y -= n(0, 1)
		s.clampCursor()
	case 'B', 'e':
		s.y += n(0, 1)
		s.clampCursor()
	case 'C', 'a':
		s.x += n(0, 1)
		s.clampCursor()
	case 'D':
		s.x -= n(0, 1)
		s.clampCursor()
	case 'E':
		s.y, s.x = s.y+n(0, 1), 0
		s.clampCursor()
	case 'F':
		s.y, s.x = s.y-n(0, 1), 0
		s.clampCursor()
	case 'G', '`':
		s.x = n(0, 1) - 1
		s.clampCursor()
	case 'd':
		s.y = n(0, 1) - 1
		s.clampCursor()
	case 'H', 'f':
		s.y, s.x = n(0, 1)-1, n(1, 1)-1
		s.clampCursor()
	case 'I':
		for range n(0, 1) {
			s.x = min(s.cols-1, (s.x/8+1)*8)
		}
		s.wrapNext = false
	case 'Z':
		for range n(0, 1) {
			s.x = max(0, (s.x-1)/8*8)
		}
		s.wrapNext = false
	case 'J':
		switch n(0, 0) {
		case 0:
			s.erase(s.y, s.x, s.cols)
			for y := s.y + 1; y < s.rows; y++ {
				s.erase(y, 0, s.cols)
			}
		case 1:
			s.erase(s.y, 0, s.x+1)
			for y := range s.y {
				s.erase(y, 0, s.cols)
			}
		case 2:
			for y := range s.rows {
				s.erase(y, 0, s.cols)
			}
		}
	case 'K':
		switch n(0, 0) {
		case 0:
			s.erase(s.y, s.x, s.cols)
		case 1:
			s.erase(s.y, 0, s.x+1)
		case 2:
			s.erase(s.y, 0, s.cols)
		}
	case 'X':
		s.erase(s.y, s.x, s.x+n(0, 1))
	case '@':
		l := s.grid()[s.y]
		k := min(n(0, 1), s.cols-s.x)
		copy(l[s.x+k:], l[s.x:])
		s.erase(s.y, s.x, s.x+k)
	case 'P':
		l := s.grid()[s.y]
		k := min(n(0, 1), s.cols-s.x)
		copy(l[s.x:], l[s.x+k:])
		s.erase(s.y, s.cols-k, s.cols)
	case 'L', 'M':
		if s.y < s.top || s.y > s.bot {
			return
		}
		top := s.top
		s.top = s.y
		if cmd.Final() == 'L' {
			s.scrollDown(n(0, 1))
		} else {
			s.scrollUp(n(0, 1))
		}
		s.top = top
		s.x, s.wrapNext = 0, false
	case 'S':
		s.scrollUp(n(0, 1))
	case 'T':
		s.scrollDown(n(0, 1))
	case 'b':
		if s.last != 0 {
			for range n(0, 1) {
				s.print(s.last)
			}
		}
	case 'r':
		top, bot := n(0, 1)-1, n(1, s.rows)-1
		if top < bot && bot < s.rows {
			s.top, s.bot = top, bot
		} else {
			s.top, s.bot = 0, s.rows-1
		}
		s.x, s.y, s.wrapNext = 0, 0, false
	case 'h', 'l':
		for i := range params {
			if n(i, 0) == 4 {
				s.insert = cmd.Final() == 'h'
			}
		}
	case 's':
		s.savedX, s.savedY = s.x, s.y
	case 'u':
		s.x, s.y = s.savedX, s.savedY
		s.clampCursor()
	}
}

func (s *vtScreen) decMode(mode int, on bool) {
	switch mode {
	case 7:
		s.autoWrap = on
	case 47, 1047, 1049:
		if on == s.altOn {
			return
		}
		if on {
			s.savedX, s.savedY = s.x, s.y
			s.alt = s.blank()
		} else {
			s.x, s.y = s.savedX, s.savedY
		}
		s.altOn = on
		s.clampCursor()
	}
}
