// Package attack is an attacker of published statistics, for the attack
// suite (docs/STATISTICS.md, "Attack suite"): it reads exports as any reader
// can, turns every published number into what it tells about the true
// counts, and solves linear programmes for the narrowest interval of each
// true count that all exports together allow. The tests run it on small
// demo data in `make test`; scripts/stats-attack.sh runs it on demo vaults
// of 300, 3,000 and 30,000 residents, before and after issue 11.
package attack

import (
	"errors"
	"math"
)

// The solver is a dense bounded-variable primal simplex (phase 1 with
// artificial variables, then any number of objectives over the same
// feasible set, each starting from the last basis). The problems are
// small — a table over a year of months, a few hundred variables — so a
// dense tableau is simple and fast enough; no external LP tool is needed.

// Problem is a linear programme's feasible set: variables with bounds and
// rows lo ≤ Σ coef·x ≤ hi. All bounds are finite.
type Problem struct {
	Lo, Hi []float64
	Rows   []Row
}

// Row is one constraint lo ≤ Σ Coef[i]·x[Vars[i]] ≤ hi.
type Row struct {
	Vars   []int
	Coef   []float64
	Lo, Hi float64
}

// AddVar adds a variable with bounds and returns its index.
func (p *Problem) AddVar(lo, hi float64) int {
	p.Lo, p.Hi = append(p.Lo, lo), append(p.Hi, hi)
	return len(p.Lo) - 1
}

// AddRow adds lo ≤ Σ x[vars] ≤ hi (all coefficients 1, or coef).
func (p *Problem) AddRow(vars []int, coef []float64, lo, hi float64) {
	if coef == nil {
		coef = make([]float64, len(vars))
		for i := range coef {
			coef[i] = 1
		}
	}
	p.Rows = append(p.Rows, Row{Vars: vars, Coef: coef, Lo: lo, Hi: hi})
}

// ErrInfeasible: the constraints contradict each other (an export that
// is not what the method publishes, or a wrong model).
var ErrInfeasible = errors.New("attack: the constraints have no solution")

const (
	eps    = 1e-9
	feasTo = 1e-7
)

const (
	atLower = iota
	atUpper
	basic
)

// simplex is one component's tableau.
type simplex struct {
	m, cols int
	t       [][]float64 // m × cols: B⁻¹A
	x       []float64   // value of every variable
	lo, hi  []float64
	state   []int8
	basis   []int // variable basic in each row
	row     []int // row of a basic variable, -1 otherwise
	d       []float64
	art     int // first artificial variable
}

// Solver answers min and max of linear objectives over a Problem.
type Solver struct {
	p     *Problem
	comp  []int      // component of each variable
	sx    []*simplex // per component
	local [][]int    // per component: its variables' problem indexes
	index []int      // a variable's index within its component
}

// NewSolver presolves the problem (presolve), splits it into independent
// components and finds a feasible basis of each.
func NewSolver(p *Problem) (*Solver, error) {
	p, err := presolve(p)
	if err != nil {
		return nil, err
	}
	n := len(p.Lo)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, r := range p.Rows {
		for _, v := range r.Vars[1:] {
			parent[find(v)] = find(r.Vars[0])
		}
	}
	s := &Solver{p: p, comp: make([]int, n), index: make([]int, n)}
	ids := map[int]int{}
	for v := range n {
		root := find(v)
		c, ok := ids[root]
		if !ok {
			c = len(s.local)
			ids[root] = c
			s.local = append(s.local, nil)
		}
		s.comp[v] = c
		s.index[v] = len(s.local[c])
		s.local[c] = append(s.local[c], v)
	}
	rows := make([][]Row, len(s.local))
	for _, r := range p.Rows {
		if len(r.Vars) == 0 {
			if r.Lo > feasTo || r.Hi < -feasTo {
				return nil, ErrInfeasible
			}
			continue
		}
		c := s.comp[r.Vars[0]]
		rows[c] = append(rows[c], r)
	}
	s.sx = make([]*simplex, len(s.local))
	for c, vars := range s.local {
		sx, err := s.newSimplex(vars, rows[c])
		if err != nil {
			return nil, err
		}
		s.sx[c] = sx
	}
	return s, nil
}

// Range returns the smallest and largest value of Σ x[vars] over the
// feasible set.
func (s *Solver) Range(vars []int) (lo, hi float64, err error) {
	byComp := map[int][]int{}
	for _, v := range vars {
		if s.p.Lo[v] == s.p.Hi[v] { // fixed by the presolve
			lo, hi = lo+s.p.Lo[v], hi+s.p.Lo[v]
			continue
		}
		byComp[s.comp[v]] = append(byComp[s.comp[v]], s.index[v])
	}
	for c, local := range byComp {
		sx := s.sx[c]
		cost := make([]float64, sx.cols)
		for _, v := range local {
			cost[v]++
		}
		a, err := sx.optimise(cost)
		if err != nil {
			return 0, 0, err
		}
		for i := range cost {
			cost[i] = -cost[i]
		}
		b, err := sx.optimise(cost)
		if err != nil {
			return 0, 0, err
		}
		lo, hi = lo+a, hi-b
	}
	return lo, hi, nil
}

func (s *Solver) newSimplex(vars []int, rows []Row) (*simplex, error) {
	n, m := len(vars), len(rows)
	// Columns: structural 0..n-1, a slack per row n..n+m-1, then up to m
	// artificials.
	sx := &simplex{m: m, cols: n + 2*m, art: n + m}
	sx.lo = make([]float64, sx.cols)
	sx.hi = make([]float64, sx.cols)
	sx.x = make([]float64, sx.cols)
	sx.state = make([]int8, sx.cols)
	sx.row = make([]int, sx.cols)
	sx.basis = make([]int, m)
	sx.t = make([][]float64, m)
	for j, v := range vars {
		sx.lo[j], sx.hi[j] = s.p.Lo[v], s.p.Hi[v]
		if sx.lo[j] > sx.hi[j]+feasTo {
			return nil, ErrInfeasible
		}
		sx.x[j] = sx.lo[j]
	}
	for j := range sx.row {
		sx.row[j] = -1
	}
	for k, r := range rows {
		t := make([]float64, sx.cols)
		act := 0.0
		for i, v := range r.Vars {
			t[s.index[v]] += r.Coef[i]
			act += r.Coef[i] * sx.lo[s.index[v]]
		}
		slack, art := n+k, n+m+k
		sx.lo[slack], sx.hi[slack] = r.Lo, r.Hi
		sx.lo[art], sx.hi[art] = 0, math.Inf(1)
		// Row: Σ a·x − slack (+ σ·art) = 0.
		t[slack] = -1
		switch {
		case act >= r.Lo-feasTo && act <= r.Hi+feasTo:
			// The slack is basic with the row's activity.
			for j := range t {
				t[j] = -t[j]
			}
			sx.basis[k], sx.row[slack], sx.state[slack], sx.x[slack] = slack, k, basic, act
			sx.state[art], sx.hi[art] = atLower, 0
		default:
			bound := r.Lo
			sx.state[slack] = atLower
			if act > r.Hi {
				bound, sx.state[slack] = r.Hi, atUpper
			}
			sx.x[slack] = bound
			sigma := 1.0
			if bound-act < 0 {
				sigma = -1
			}
			t[art] = sigma
			for j := range t {
				t[j] /= sigma
			}
			sx.basis[k], sx.row[art], sx.state[art], sx.x[art] = art, k, basic, math.Abs(bound-act)
		}
		sx.t[k] = t
	}
	// Phase 1: minimise the sum of the artificials.
	cost := make([]float64, sx.cols)
	for k := range m {
		cost[n+m+k] = 1
	}
	v, err := sx.optimise(cost)
	if err != nil {
		return nil, err
	}
	if v > feasTo*float64(1+m) {
		return nil, ErrInfeasible
	}
	// The artificials are 0 from now on and leave the tableau: one still
	// basic (at 0) is pivoted out; a row where nothing else can enter is
	// a constraint the others imply, and goes too.
	keep := make([]bool, m)
	for k := range m {
		keep[k] = true
		if b := sx.basis[k]; b >= sx.art {
			enter := -1
			for j := range sx.art {
				if sx.state[j] != basic && math.Abs(sx.t[k][j]) > 1e-7 {
					enter = j
					break
				}
			}
			if enter < 0 {
				keep[k] = false
				continue
			}
			sx.state[b], sx.row[b] = atLower, -1
			sx.pivot(k, enter)
		}
	}
	var rowsKept [][]float64
	var basisKept []int
	for k := range m {
		if keep[k] {
			rowsKept = append(rowsKept, sx.t[k][:sx.art])
			basisKept = append(basisKept, sx.basis[k])
		}
	}
	sx.t, sx.basis, sx.m, sx.cols = rowsKept, basisKept, len(rowsKept), sx.art
	for k, b := range sx.basis {
		sx.row[b] = k
	}
	sx.lo, sx.hi, sx.x, sx.state, sx.row, sx.d = sx.lo[:sx.art], sx.hi[:sx.art], sx.x[:sx.art], sx.state[:sx.art], sx.row[:sx.art], sx.d[:sx.art]
	return sx, nil
}

// optimise minimises cost·x from the current basis and returns the
// minimum. The basis stays for the next call.
func (sx *simplex) optimise(cost []float64) (float64, error) {
	d := sx.d
	if d == nil {
		d = make([]float64, sx.cols)
		sx.d = d
	}
	copy(d, cost)
	for k, b := range sx.basis {
		if c := cost[b]; c != 0 {
			for j, a := range sx.t[k] {
				if a != 0 {
					d[j] -= c * a
				}
			}
		}
	}
	degenerate := 0
	for iter := 0; ; iter++ {
		if iter > 50*(sx.cols+sx.m)+1000 {
			return 0, errors.New("attack: the simplex does not converge")
		}
		bland := degenerate > 30
		enter, best := -1, 0.0
		for j := range sx.cols {
			var gain float64
			switch sx.state[j] {
			case atLower:
				if d[j] < -eps && sx.hi[j] > sx.lo[j] {
					gain = -d[j]
				}
			case atUpper:
				if d[j] > eps && sx.hi[j] > sx.lo[j] {
					gain = d[j]
				}
			}
			if gain > 0 && (enter < 0 || (!bland && gain > best)) {
				enter, best = j, gain
				if bland {
					break
				}
			}
		}
		if enter < 0 {
			break
		}
		dir := 1.0
		if sx.state[enter] == atUpper {
			dir = -1
		}
		// Ratio test: how far the entering variable can move.
		step := sx.hi[enter] - sx.lo[enter]
		leave, leaveAt, pivot := -1, 0.0, 0.0
		for k := range sx.m {
			a := sx.t[k][enter] * dir
			if math.Abs(a) < eps {
				continue
			}
			b := sx.basis[k]
			var lim, at float64
			if a > 0 { // the basic variable decreases
				lim, at = (sx.x[b]-sx.lo[b])/a, sx.lo[b]
			} else {
				if math.IsInf(sx.hi[b], 1) {
					continue
				}
				lim, at = (sx.hi[b]-sx.x[b])/(-a), sx.hi[b]
			}
			lim = max(lim, 0)
			if lim < step-eps || (lim < step+eps && leave >= 0 && math.Abs(a) > math.Abs(pivot)) {
				step, leave, leaveAt, pivot = lim, k, at, a
			}
		}
		if math.IsInf(step, 1) {
			return 0, errors.New("attack: the objective is unbounded")
		}
		if step < eps {
			degenerate++
		} else {
			degenerate = 0
		}
		// Move.
		sx.x[enter] += dir * step
		for k := range sx.m {
			if a := sx.t[k][enter]; a != 0 {
				sx.x[sx.basis[k]] -= a * dir * step
			}
		}
		if leave < 0 { // the entering variable went to its other bound
			if dir > 0 {
				sx.state[enter], sx.x[enter] = atUpper, sx.hi[enter]
			} else {
				sx.state[enter], sx.x[enter] = atLower, sx.lo[enter]
			}
			continue
		}
		out := sx.basis[leave]
		sx.x[out] = leaveAt
		if leaveAt == sx.lo[out] {
			sx.state[out] = atLower
		} else {
			sx.state[out] = atUpper
		}
		sx.row[out] = -1
		sx.pivot(leave, enter)
	}
	v := 0.0
	for j, c := range cost {
		v += c * sx.x[j]
	}
	return v, nil
}

// pivot makes variable enter basic in row r.
func (sx *simplex) pivot(r, enter int) {
	pr := sx.t[r]
	inv := 1 / pr[enter]
	for j, a := range pr {
		if a != 0 {
			pr[j] = a * inv
		}
	}
	pr[enter] = 1
	for k := range sx.m {
		if k == r {
			continue
		}
		if f := sx.t[k][enter]; f != 0 {
			tk := sx.t[k]
			for j, a := range pr {
				if a != 0 {
					tk[j] -= f * a
				}
			}
			tk[enter] = 0
		}
	}
	if f := sx.d[enter]; f != 0 {
		for j, a := range pr {
			if a != 0 {
				sx.d[j] -= f * a
			}
		}
		sx.d[enter] = 0
	}
	sx.basis[r], sx.row[enter], sx.state[enter] = enter, r, basic
}

// presolve returns an equivalent problem that is easier to solve: the
// bounds a row with a single variable sets become that variable's; a
// variable whose bounds meet is a constant, taken out of its rows; and so
// on until nothing changes. (Published exact counts fix many variables.)
// Variables keep their indexes; a fixed one is in no row.
func presolve(in *Problem) (*Problem, error) {
	p := &Problem{Lo: append([]float64(nil), in.Lo...), Hi: append([]float64(nil), in.Hi...)}
	rows := make([]Row, len(in.Rows))
	for i, r := range in.Rows {
		rows[i] = Row{Vars: append([]int(nil), r.Vars...), Coef: append([]float64(nil), r.Coef...), Lo: r.Lo, Hi: r.Hi}
	}
	for changed := true; changed; {
		changed = false
		kept := rows[:0]
		for _, r := range rows {
			// Take out fixed variables.
			vars, coef := r.Vars[:0], r.Coef[:0]
			for i, v := range r.Vars {
				if p.Hi[v]-p.Lo[v] <= feasTo {
					r.Lo -= r.Coef[i] * p.Lo[v]
					r.Hi -= r.Coef[i] * p.Lo[v]
					continue
				}
				vars, coef = append(vars, v), append(coef, r.Coef[i])
			}
			r.Vars, r.Coef = vars, coef
			switch len(r.Vars) {
			case 0:
				if r.Lo > feasTo || r.Hi < -feasTo {
					return nil, ErrInfeasible
				}
				changed = true
				continue
			case 1:
				v, c := r.Vars[0], r.Coef[0]
				lo, hi := r.Lo/c, r.Hi/c
				if c < 0 {
					lo, hi = hi, lo
				}
				if lo > p.Lo[v] {
					p.Lo[v] = lo
				}
				if hi < p.Hi[v] {
					p.Hi[v] = hi
				}
				if p.Lo[v] > p.Hi[v]+feasTo {
					return nil, ErrInfeasible
				}
				if p.Hi[v] < p.Lo[v] {
					p.Hi[v] = p.Lo[v]
				}
				changed = true
				continue
			}
			kept = append(kept, r)
		}
		rows = kept
	}
	p.Rows = rows
	return p, nil
}

// IntRange is the integer interval within [lo, hi] (true counts are whole).
func IntRange(lo, hi float64) (int, int) {
	return int(math.Ceil(lo - 1e-6)), int(math.Floor(hi + 1e-6))
}
