package statistics

import (
	"fmt"
	"testing"
)

// oneWay builds a one-dimensional table grid: parts, then the total.
func oneWay(vals []int, fixedTotal bool) *grid {
	total := 0
	parts := make([]int, len(vals))
	all := make([]int, len(vals)+1)
	for i, v := range vals {
		all[i], parts[i] = v, i
		total += v
	}
	all[len(vals)] = total
	g := newGrid(all)
	g.fixed[len(vals)] = fixedTotal
	g.addEq(len(vals), parts)
	return g
}

// twoWay builds an R×C table with row totals, column totals and a grand total.
func twoWay(body [][]int) *grid {
	R, C := len(body), len(body[0])
	vals := make([]int, R*C+R+C+1)
	grand := R*C + R + C
	for i := range R {
		for j := range C {
			v := body[i][j]
			vals[i*C+j] = v
			vals[R*C+i] += v
			vals[R*C+R+j] += v
			vals[grand] += v
		}
	}
	g := newGrid(vals)
	var rowTots, colTots []int
	for i := range R {
		var p []int
		for j := range C {
			p = append(p, i*C+j)
		}
		g.addEq(R*C+i, p)
		rowTots = append(rowTots, R*C+i)
	}
	for j := range C {
		var p []int
		for i := range R {
			p = append(p, i*C+j)
		}
		g.addEq(R*C+R+j, p)
		colTots = append(colTots, R*C+R+j)
	}
	g.addEq(grand, rowTots)
	g.addEq(grand, colTots)
	return g
}

func states(g *grid) string {
	s := ""
	for _, st := range g.state {
		s += string(".px"[st])
	}
	return s
}

// checkNoSubtraction asserts the simplest attack fails: no equation has
// exactly one hidden member, so no hidden value is a published total minus
// published cells (rows, columns and margins alike).
func checkNoSubtraction(t *testing.T, g *grid) {
	t.Helper()
	for e, eq := range g.eqs {
		hidden := 0
		for _, c := range append([]int{eq.total}, eq.parts...) {
			if g.suppressed(c) {
				hidden++
			}
		}
		if hidden == 1 {
			t.Errorf("equation %d has exactly one hidden cell: it can be worked out by subtraction (%s)", e, states(g))
		}
	}
}

// feasibleWithin enumerates, by brute force, every assignment of the hidden cells
// consistent with what an observer knows (published cells, the equations,
// "<t" = 1..t-1, "x" ≥ t and at most the smallest shown count of the
// equation it was chosen in; values up to limit) and returns, per hidden
// cell, the set of values it can take. It is independent of propagate.
// It gives up (nil) when more than budget assignments would have to be
// tried (budget 0: no limit).
func feasibleWithin(g *grid, t, limit, budget int) map[int]map[int]bool {
	var hidden []int
	lo := map[int]int{}
	hi := map[int]int{}
	for i := range g.val {
		switch g.state[i] {
		case statePrimary:
			hidden = append(hidden, i)
			lo[i], hi[i] = 1, t-1
		case stateSecondary:
			hidden = append(hidden, i)
			lo[i], hi[i] = t, limit
			if g.floor[i] > 0 {
				lo[i] = g.floor[i]
			}
			if e := g.trigger[i]; e >= 0 {
				eq := g.eqs[e]
				for _, p := range append([]int{eq.total}, eq.parts...) {
					if p != i && !g.suppressed(p) && g.val[p] > 0 && g.val[p] < hi[i] {
						hi[i] = g.val[p]
					}
				}
			}
		}
	}
	if budget > 0 {
		space := 1
		for _, h := range hidden {
			if space *= max(hi[h]-lo[h]+1, 1); space > budget {
				return nil
			}
		}
	}
	out := map[int]map[int]bool{}
	for _, h := range hidden {
		out[h] = map[int]bool{}
	}
	cur := append([]int(nil), g.val...)
	assigned := make([]bool, len(g.val))
	for i := range g.val {
		assigned[i] = !g.suppressed(i)
	}
	ok := func() bool { // every fully assigned equation holds
		for _, eq := range g.eqs {
			if !assigned[eq.total] {
				continue
			}
			sum, done := 0, true
			for _, p := range eq.parts {
				if !assigned[p] {
					done = false
					break
				}
				sum += cur[p]
			}
			if done && sum != cur[eq.total] {
				return false
			}
		}
		return true
	}
	var walk func(k int)
	walk = func(k int) {
		if k == len(hidden) {
			for _, h := range hidden {
				out[h][cur[h]] = true
			}
			return
		}
		h := hidden[k]
		assigned[h] = true
		for v := lo[h]; v <= hi[h]; v++ {
			cur[h] = v
			if ok() {
				walk(k + 1)
			}
		}
		assigned[h] = false
		cur[h] = g.val[h]
	}
	walk(0)
	return out
}

func checkNotPinned(t *testing.T, g *grid, th, limit int) {
	t.Helper()
	checkNotPinnedWithin(t, g, th, limit, 0)
}

func checkNotPinnedWithin(t *testing.T, g *grid, th, limit, budget int) {
	t.Helper()
	for cell, vals := range feasibleWithin(g, th, limit, budget) {
		if !vals[g.val[cell]] {
			t.Fatalf("cell %d: its true value %d is not feasible: the observer model is wrong (%s)", cell, g.val[cell], states(g))
		}
		if len(vals) < 2 {
			t.Errorf("cell %d (value %d) can be worked out exactly from the published figures (%s)", cell, g.val[cell], states(g))
		}
	}
}

func TestProtectOneWay(t *testing.T) {
	tests := []struct {
		name  string
		vals  []int
		fixed bool
		want  string // states of the parts, then the total
		ok    bool
	}{
		{"nothing small", []int{12, 30, 0, 15}, true, ".....", true},
		{"one small: the next smallest is hidden too", []int{3, 40, 0, 15}, true, "p..x.", true},
		{"two small protect each other", []int{3, 4, 40, 15}, true, "pp...", true},
		{"two ones would both be 1: hide one more", []int{1, 1, 40, 15}, true, "pp.x.", true},
		{"zeros are never hidden", []int{0, 5, 0, 22}, true, ".p.x.", true},
		{"small next to 10: 1+10=11 pins; a third cell", []int{1, 10, 50, 60}, true, "pxx..", true},
		{"unprotectable with a fixed total", []int{1, 10}, true, "px.", false},
		{"not fixed: total hidden instead", []int{1, 10}, false, "pxx", true},
		{"total itself small", []int{2, 3}, true, "ppp", true},
		{"all zero", []int{0, 0, 0}, true, "....", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := oneWay(tt.vals, tt.fixed)
			ok := g.protect(10)
			if got := states(g); got != tt.want || ok != tt.ok {
				t.Fatalf("states %s ok %v, want %s ok %v", got, ok, tt.want, tt.ok)
			}
			if ok {
				checkNoSubtraction(t, g)
				checkNotPinned(t, g, 10, 200)
			}
		})
	}
}

// TestProtectTwoWay covers the derivable-from-totals case in two
// dimensions: rows, columns and the margins.
func TestProtectTwoWay(t *testing.T) {
	tests := []struct {
		name string
		body [][]int
	}{
		{"one small cell", [][]int{{3, 20, 15}, {25, 30, 12}, {11, 14, 40}}},
		{"small cell alone in its row", [][]int{{4, 0, 0}, {25, 30, 12}, {11, 14, 40}}},
		{"whole small row", [][]int{{2, 3, 1}, {25, 30, 12}, {11, 14, 40}}},
		{"small cells in a rectangle", [][]int{{2, 3, 20}, {1, 4, 30}, {15, 22, 40}}},
		{"a column of zeros and smalls", [][]int{{0, 12, 15}, {2, 30, 12}, {0, 14, 40}}},
		{"diagonal smalls", [][]int{{1, 20, 30}, {20, 1, 30}, {30, 20, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := twoWay(tt.body)
			if !g.protect(10) {
				t.Fatalf("no pattern found: %s", states(g))
			}
			for i, v := range g.val {
				if v >= 1 && v < 10 && !g.suppressed(i) {
					t.Errorf("cell %d = %d is shown", i, v)
				}
				if v == 0 && g.suppressed(i) {
					t.Errorf("zero cell %d is hidden", i)
				}
			}
			checkNoSubtraction(t, g)
			checkNotPinned(t, g, 10, 120)
		})
	}
}

// TestPropagateSound: the bounds always contain the true value.
func TestPropagateSound(t *testing.T) {
	g := twoWay([][]int{{2, 3, 20}, {1, 4, 30}, {15, 22, 40}})
	g.protect(10)
	g.propagate(10)
	for i, v := range g.val {
		if v < g.lb[i] || v > g.ub[i] {
			t.Errorf("cell %d = %d outside [%d, %d]", i, v, g.lb[i], g.ub[i])
		}
	}
}

// FuzzProtect: on any small table the pattern is safe or the table is
// withheld; primary cells are always hidden; bounds are sound; and the
// brute-force observer can pin no hidden cell.
func FuzzProtect(f *testing.F) {
	f.Add([]byte{3, 40, 0, 15}, uint8(10), false)
	f.Add([]byte{1, 10, 50, 60}, uint8(10), false)
	f.Add([]byte{2, 3, 20, 1, 4, 30, 15, 22, 40}, uint8(10), true)
	f.Add([]byte{1, 1, 1, 1}, uint8(5), true)
	f.Fuzz(func(t *testing.T, data []byte, th uint8, square bool) {
		thr := 5 + int(th)%6
		if len(data) == 0 || len(data) > 9 {
			return
		}
		vals := make([]int, len(data))
		for i, b := range data {
			vals[i] = int(b) % 25
		}
		var g *grid
		if square && len(vals) >= 4 {
			c := 2
			if len(vals) >= 9 {
				c = 3
			}
			body := make([][]int, 0, c)
			for i := 0; i+c <= len(vals) && len(body) < c; i += c {
				body = append(body, vals[i:i+c])
			}
			g = twoWay(body)
		} else {
			g = oneWay(vals, true)
		}
		ok := g.protect(thr)
		for i, v := range g.val {
			if v >= 1 && v < thr && !g.suppressed(i) {
				t.Fatalf("small cell %d = %d shown", i, v)
			}
		}
		g.propagate(thr)
		for i, v := range g.val {
			if v < g.lb[i] || v > g.ub[i] {
				t.Fatalf("bounds unsound: cell %d = %d outside [%d, %d]", i, v, g.lb[i], g.ub[i])
			}
		}
		if !ok {
			return
		}
		checkNoSubtraction(t, g)
		checkNotPinnedWithin(t, g, thr, 250, 200_000)
	})
}

func ExampleCell_Text() {
	fmt.Println(Cell{N: 12}.Text(10), Cell{Hidden: Small}.Text(10), Cell{Hidden: Secondary}.Text(10))
	// Output: 12 <10 x
}
