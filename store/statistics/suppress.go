package statistics

import (
	"math"
	"slices"
)

// cellState says how a count is published.
type cellState uint8

const (
	stateShown     cellState = iota // the number is published
	statePrimary                    // 1..threshold-1: published as "<10"
	stateSecondary                  // hidden so a primary cell cannot be worked out: "x"
)

// unbounded is "no upper bound known" in the bounds reasoning.
const unbounded = math.MaxInt32

// equation says: the cell total equals the sum of the cells parts. Every
// published table total, row total and column total is one equation.
type equation struct {
	total int
	parts []int
}

// grid is one table as the suppression algorithm sees it: all its counts
// (body cells and totals alike) and the equations that tie them together.
type grid struct {
	val     []int
	state   []cellState
	fixed   []bool // published elsewhere (the overall total): never a secondary cell
	eqs     []equation
	trigger []int // for a secondary cell, the equation it was chosen in; else -1
	floor   []int // if > 0: what an observer knows a hidden cell is at least
	lb, ub  []int // what an observer can know of each cell (after propagate)
}

func newGrid(vals []int) *grid {
	n := len(vals)
	g := &grid{
		val:     vals,
		state:   make([]cellState, n),
		fixed:   make([]bool, n),
		trigger: make([]int, n),
		floor:   make([]int, n),
		lb:      make([]int, n),
		ub:      make([]int, n),
	}
	for i := range g.trigger {
		g.trigger[i] = -1
	}
	return g
}

func (g *grid) addEq(total int, parts []int) {
	g.eqs = append(g.eqs, equation{total: total, parts: parts})
}

func (g *grid) suppressed(i int) bool { return g.state[i] != stateShown }

// protect applies primary and secondary suppression with threshold t. It
// returns false when no pattern protects every small cell without hiding a
// fixed cell; the caller then withholds the whole table.
//
// Primary: every count from 1 to t-1. Secondary: while the published
// figures pin down the value of any hidden cell, hide the smallest visible
// non-zero count of an equation that contains it (see hideOne).
func (g *grid) protect(t int) bool {
	for i, v := range g.val {
		if v >= 1 && v < t {
			g.state[i] = statePrimary
		}
	}
	return g.secondary(t)
}

// secondary adds secondary suppression to the cells already hidden.
func (g *grid) secondary(t int) bool {
	for range len(g.val) + 1 {
		if !g.anyPinned(t) {
			return true
		}
		if !g.hideOne() {
			return false
		}
	}
	return !g.anyPinned(t)
}

// hideOne hides one more cell to break a pin. Among the equations that
// contain a pinned cell it takes the one with the fewest hidden cells (an
// equation with a single hidden cell is plain subtraction; fix those
// first) and hides its smallest visible non-zero count that is not fixed:
// a body cell before a total.
func (g *grid) hideOne() bool {
	order := make([]int, 0, len(g.eqs))
	for e, eq := range g.eqs {
		if g.pinnedIn(eq) {
			order = append(order, e)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return g.hiddenIn(g.eqs[a]) - g.hiddenIn(g.eqs[b]) })
	for _, e := range order {
		if g.hideIn(e) {
			return true
		}
	}
	return false
}

func (g *grid) pinnedIn(eq equation) bool {
	if g.suppressed(eq.total) && g.lb[eq.total] >= g.ub[eq.total] {
		return true
	}
	for _, p := range eq.parts {
		if g.suppressed(p) && g.lb[p] >= g.ub[p] {
			return true
		}
	}
	return false
}

func (g *grid) hiddenIn(eq equation) int {
	n := 0
	if g.suppressed(eq.total) {
		n++
	}
	for _, p := range eq.parts {
		if g.suppressed(p) {
			n++
		}
	}
	return n
}

// hideIn hides the smallest visible, non-zero, non-fixed part of equation
// e, or its total if no part qualifies.
func (g *grid) hideIn(e int) bool {
	eq := g.eqs[e]
	best := -1
	for _, p := range eq.parts {
		if !g.suppressed(p) && !g.fixed[p] && g.val[p] > 0 && (best < 0 || g.val[p] < g.val[best]) {
			best = p
		}
	}
	if best < 0 && !g.suppressed(eq.total) && !g.fixed[eq.total] && g.val[eq.total] > 0 {
		best = eq.total
	}
	if best < 0 {
		return false
	}
	g.state[best] = stateSecondary
	g.trigger[best] = e
	return true
}

// anyPinned propagates bounds and reports whether an observer can work out
// the exact value of any hidden cell.
func (g *grid) anyPinned(t int) bool {
	g.propagate(t)
	for i := range g.val {
		if g.suppressed(i) && g.lb[i] >= g.ub[i] {
			return true
		}
	}
	return false
}

// propagate computes, for every cell, the bounds an observer can derive
// from the published table: shown cells are exact; a "<t" cell is 1..t-1;
// an "x" cell is at least t (every count below t is primary) and at most
// the smallest count still shown in the equation it was chosen in (an
// observer may know the algorithm). The equations then narrow the bounds
// until nothing changes. The bounds are sound (the true value always lies
// within them); for one-dimensional tables they are also tight.
func (g *grid) propagate(t int) {
	for i, v := range g.val {
		switch g.state[i] {
		case stateShown:
			g.lb[i], g.ub[i] = v, v
		case statePrimary:
			g.lb[i], g.ub[i] = 1, t-1
		case stateSecondary:
			g.lb[i], g.ub[i] = t, unbounded
			if g.floor[i] > 0 {
				g.lb[i] = g.floor[i]
			}
			if e := g.trigger[i]; e >= 0 {
				eq := g.eqs[e]
				for _, p := range append([]int{eq.total}, eq.parts...) {
					if p != i && !g.suppressed(p) && g.val[p] > 0 && g.val[p] < g.ub[i] {
						g.ub[i] = g.val[p]
					}
				}
			}
		}
	}
	for range 4*len(g.val) + 8 {
		changed := false
		for _, eq := range g.eqs {
			sumLB, sumUB := 0, 0
			for _, p := range eq.parts {
				sumLB += g.lb[p]
				sumUB = addSat(sumUB, g.ub[p])
			}
			tot := eq.total
			if sumLB > g.lb[tot] {
				g.lb[tot], changed = sumLB, true
			}
			if sumUB < g.ub[tot] {
				g.ub[tot], changed = sumUB, true
			}
			for _, p := range eq.parts {
				// p = total - (the others); the others lie in
				// [sumLB-lb_p, sumUB-ub_p] with p's bounds as summed above.
				lbp, ubp := g.lb[p], g.ub[p]
				if sumUB < unbounded {
					if lo := g.lb[tot] - (sumUB - ubp); lo > lbp {
						g.lb[p], changed = lo, true
					}
				}
				if g.ub[tot] < unbounded {
					if hi := g.ub[tot] - (sumLB - lbp); hi < ubp {
						g.ub[p], changed = hi, true
					}
				}
			}
		}
		if !changed {
			return
		}
	}
}

func addSat(a, b int) int {
	if a >= unbounded || b >= unbounded || a+b >= unbounded {
		return unbounded
	}
	return a + b
}
