package attack

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// bruteRange enumerates every integer point of a small problem and
// returns the range of Σ x[vars] over the feasible ones (ok false if none).
func bruteRange(p *Problem, vars []int) (lo, hi int, ok bool) {
	n := len(p.Lo)
	x := make([]int, n)
	for i := range x {
		x[i] = int(p.Lo[i])
	}
	lo, hi = math.MaxInt, math.MinInt
	for {
		feasible := true
		for _, r := range p.Rows {
			s := 0.0
			for i, v := range r.Vars {
				s += r.Coef[i] * float64(x[v])
			}
			if s < r.Lo-1e-9 || s > r.Hi+1e-9 {
				feasible = false
				break
			}
		}
		if feasible {
			ok = true
			s := 0
			for _, v := range vars {
				s += x[v]
			}
			lo, hi = min(lo, s), max(hi, s)
		}
		i := 0
		for i < n {
			x[i]++
			if float64(x[i]) <= p.Hi[i] {
				break
			}
			x[i] = int(p.Lo[i])
			i++
		}
		if i == n {
			return lo, hi, ok
		}
	}
}

// TestSolverAgainstBruteForce: on random small problems of the attack's
// shape (sums of counts boxed), the LP range contains every integer
// solution; for interval sums (totally unimodular, like months in
// quarters) it is exactly the integer range; infeasible problems are
// reported.
func TestSolverAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	exact, tried := 0, 0
	for trial := range 600 {
		n := 2 + rng.IntN(4)
		truth := make([]int, n)
		p := &Problem{}
		for i := range n {
			truth[i] = rng.IntN(6)
			w := rng.IntN(4)
			p.AddVar(float64(max(0, truth[i]-w+rng.IntN(w+1))), float64(truth[i]+rng.IntN(3)))
		}
		interval := trial%2 == 0
		for range 1 + rng.IntN(4) {
			var vars []int
			if interval { // consecutive variables: an interval matrix
				a := rng.IntN(n)
				b := a + rng.IntN(n-a)
				for v := a; v <= b; v++ {
					vars = append(vars, v)
				}
			} else {
				for v := range n {
					if rng.IntN(2) == 0 {
						vars = append(vars, v)
					}
				}
				if len(vars) == 0 {
					vars = []int{rng.IntN(n)}
				}
			}
			s := 0
			for _, v := range vars {
				s += truth[v]
			}
			w := rng.IntN(3)
			lo, hi := float64(s-w), float64(s+rng.IntN(3))
			if trial%7 == 0 { // now and then a row the truth breaks
				lo, hi = float64(s+1), float64(s+1+w)
			}
			p.AddRow(vars, nil, lo, hi)
		}
		target := []int{rng.IntN(n)}
		if rng.IntN(3) == 0 {
			target = append(target, (target[0]+1)%n)
		}
		blo, bhi, ok := bruteRange(p, target)
		s, err := NewSolver(p)
		if !ok {
			// No integer point; the LP may still have fractional ones.
			continue
		}
		if err != nil {
			t.Fatalf("trial %d: %v (brute force finds points)", trial, err)
		}
		lo, hi, err := s.Range(target)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		ilo, ihi := IntRange(lo, hi)
		if ilo > blo || ihi < bhi {
			t.Fatalf("trial %d: LP range [%g, %g] misses integer solutions [%d, %d]", trial, lo, hi, blo, bhi)
		}
		if interval {
			tried++
			if ilo == blo && ihi == bhi {
				exact++
			} else {
				t.Errorf("trial %d: interval rows, LP [%d, %d], integers [%d, %d]", trial, ilo, ihi, blo, bhi)
			}
		}
	}
	if tried < 100 || exact != tried {
		t.Fatalf("interval problems: %d of %d exact", exact, tried)
	}
}

func TestSolverInfeasible(t *testing.T) {
	p := &Problem{}
	a, b := p.AddVar(0, 5), p.AddVar(0, 5)
	p.AddRow([]int{a, b}, nil, 12, 20)
	if _, err := NewSolver(p); !errors.Is(err, ErrInfeasible) {
		t.Fatalf("x+y ≥ 12 with x, y ≤ 5: %v", err)
	}
}

// TestSolverDifferencing: the classic attack, as the solver sees it. Two
// exact totals that differ by one cell give that cell exactly; the same
// with totals known only to ±3 gives an interval of width 12.
func TestSolverDifferencing(t *testing.T) {
	for _, tt := range []struct {
		noise float64
		width int
	}{{0, 0}, {3, 12}} {
		p := &Problem{}
		var months []int
		for range 4 {
			months = append(months, p.AddVar(0, 1000))
		}
		truth := []float64{40, 35, 1, 50}
		p.AddRow(months[:3], nil, 76-tt.noise, 76+tt.noise) // Jan–Mar
		p.AddRow(months, nil, 126-tt.noise, 126+tt.noise)   // Jan–Apr
		_ = truth
		s, err := NewSolver(p)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi, err := s.Range(months[3:])
		if err != nil {
			t.Fatal(err)
		}
		if ilo, ihi := IntRange(lo, hi); ihi-ilo != tt.width {
			t.Errorf("noise ±%g: April in [%d, %d], want width %d", tt.noise, ilo, ihi, tt.width)
		}
	}
}
