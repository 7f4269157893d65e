package main

import (
	"log"
	"math"
	"os"
)

// example is one training candidate for one head: the indexes of its
// features and its label (1 or 0).
type example struct {
	x []int32
	y float64
}

// logreg fits an L2-regularised logistic regression by L-BFGS: it
// minimises sum(log loss) + l2/2 |w|^2 over weights w (the bias, last, not
// regularised). Positives weigh posWeight. It is deterministic: the same
// examples in the same order give the same weights.
func logreg(data []example, nfeat int, l2, posWeight float64, iters int) []float64 {
	n := nfeat + 1 // bias last
	w := make([]float64, n)
	f := func(w, g []float64) float64 {
		for i := range g {
			g[i] = 0
		}
		loss := 0.0
		for _, e := range data {
			z := w[nfeat]
			for _, j := range e.x {
				z += w[j]
			}
			p := 1 / (1 + math.Exp(-z))
			c := 1.0
			if e.y > 0 {
				c = posWeight
				loss += c * softplus(-z)
			} else {
				loss += softplus(z)
			}
			d := c * (p - e.y)
			for _, j := range e.x {
				g[j] += d
			}
			g[nfeat] += d
		}
		for j := 0; j < nfeat; j++ {
			loss += l2 / 2 * w[j] * w[j]
			g[j] += l2 * w[j]
		}
		return loss
	}
	lbfgs(f, w, iters)
	return w
}

// softplus is log(1+e^z), stable for large |z|.
func softplus(z float64) float64 {
	if z > 30 {
		return z
	}
	if z < -30 {
		return math.Exp(z)
	}
	return math.Log1p(math.Exp(z))
}

// lbfgs minimises f from x (changed in place) with limited-memory BFGS
// (memory 10) and a backtracking line search, for at most iters steps.
func lbfgs(f func(x, g []float64) float64, x []float64, iters int) {
	const m = 10
	n := len(x)
	g := make([]float64, n)
	fx := f(x, g)
	var ss, ys [][]float64
	var rho []float64
	d := make([]float64, n)
	xn := make([]float64, n)
	gn := make([]float64, n)
	alpha := make([]float64, m)
	for it := 0; it < iters; it++ {
		// Two-loop recursion: d = -H g.
		copy(d, g)
		for k := len(ss) - 1; k >= 0; k-- {
			alpha[k] = rho[k] * dot(ss[k], d)
			axpy(-alpha[k], ys[k], d)
		}
		if k := len(ss) - 1; k >= 0 {
			scale(dot(ss[k], ys[k])/dot(ys[k], ys[k]), d)
		} else {
			scale(1/math.Max(1, norm2(g)), d)
		}
		for k := 0; k < len(ss); k++ {
			b := rho[k] * dot(ys[k], d)
			axpy(alpha[k]-b, ss[k], d)
		}
		scale(-1, d)
		gd := dot(g, d)
		if gd >= 0 { // not a descent direction: restart
			ss, ys, rho = nil, nil, nil
			copy(d, g)
			scale(-1/math.Max(1, norm2(g)), d)
			gd = dot(g, d)
		}
		step := 1.0
		var fn float64
		ok := false
		for ls := 0; ls < 40; ls++ {
			for i := range x {
				xn[i] = x[i] + step*d[i]
			}
			fn = f(xn, gn)
			if fn <= fx+1e-4*step*gd {
				ok = true
				break
			}
			step /= 2
		}
		if !ok {
			if os.Getenv("TRAIN_DEBUG") != "" {
				log.Printf("lbfgs: line search failed after %d steps, f=%g", it+1, fx)
			}
			return
		}
		s := make([]float64, n)
		y := make([]float64, n)
		for i := range x {
			s[i] = xn[i] - x[i]
			y[i] = gn[i] - g[i]
		}
		sy := dot(s, y)
		copy(x, xn)
		copy(g, gn)
		done := fx-fn < 1e-7*math.Max(1, math.Abs(fx))
		fx = fn
		if sy > 1e-12 {
			if len(ss) == m {
				ss, ys, rho = ss[1:], ys[1:], rho[1:]
			}
			ss = append(ss, s)
			ys = append(ys, y)
			rho = append(rho, 1/sy)
		}
		if done {
			if os.Getenv("TRAIN_DEBUG") != "" {
				log.Printf("lbfgs: converged after %d steps, f=%g", it+1, fx)
			}
			return
		}
	}
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func axpy(a float64, x, y []float64) {
	for i := range x {
		y[i] += a * x[i]
	}
}

func scale(a float64, x []float64) {
	for i := range x {
		x[i] *= a
	}
}

func norm2(x []float64) float64 { return math.Sqrt(dot(x, x)) }
