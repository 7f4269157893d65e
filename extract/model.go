package extract

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Model is a set of linear classifiers over sparse, named features, one
// head per decision ("signed", "attended", "refused", "builds-on"). A head
// scores a candidate as the logistic function of its bias plus the weights
// of the candidate's features. The features are named "kind=value"
// (features.md in the data folder explains every kind); a model file holds
// them by name and the extractor looks them up by a 64-bit hash of the name.
//
// The embedded model (data/relations.model) is trained by tools/train from
// the real annotated corpora; [LoadModel] reads another one.
type Model struct {
	heads map[string]*Head
	// Max pools a candidate's instances: its probability is that of its
	// likeliest pair of mentions, with the pair's own features. Without
	// it, a candidate's features are the union of its instances'.
	Max bool
}

// Head is one binary classifier of a [Model].
type Head struct {
	// Name is the decision the head makes: a predicate.
	Name string
	// Bias is the weight every candidate gets.
	Bias float64
	// Threshold is the probability from which the head says yes.
	Threshold float64
	// Calib maps the head's probability to the precision its facts had
	// in cross-validation (isotonic regression): the confidence a fact is
	// reported with. Without it the probability is the confidence.
	Calib []CalibPoint
	w     hashTable[float64]
	load  map[uint64]*float64 // while loading
}

// CalibPoint is a point of a head's calibration: facts with probability
// Prob were right with frequency Conf.
type CalibPoint struct{ Prob, Conf float64 }

// Confidence returns the calibrated confidence of probability p:
// interpolated between the calibration's points, flat beyond them.
func (h *Head) Confidence(p float64) float64 {
	c := h.Calib
	if len(c) == 0 {
		return p
	}
	if p <= c[0].Prob {
		return c[0].Conf
	}
	for i := 1; i < len(c); i++ {
		if p <= c[i].Prob {
			a, b := c[i-1], c[i]
			return a.Conf + (b.Conf-a.Conf)*(p-a.Prob)/(b.Prob-a.Prob)
		}
	}
	return c[len(c)-1].Conf
}

// Head returns the model's head of the given name, or nil.
func (m *Model) Head(name string) *Head {
	if m == nil {
		return nil
	}
	return m.heads[name]
}

// Heads returns the names of the model's heads, sorted.
func (m *Model) Heads() []string {
	var out []string
	for k := range m.heads {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Features returns the number of features with a weight in the head.
func (h *Head) Features() int { return h.w.n }

// Prob returns the probability the head gives to a candidate with the
// given feature hashes.
func (h *Head) Prob(feats []uint64) float64 {
	return sigmoid(h.Bias + h.dot(feats))
}

func (h *Head) dot(feats []uint64) float64 {
	s := 0.0
	for _, f := range feats {
		if v := h.w.get(f); v != nil {
			s += *v
		}
	}
	return s
}

func sigmoid(z float64) float64 {
	if z < -30 {
		return 0
	}
	if z > 30 {
		return 1
	}
	return 1 / (1 + math.Exp(-z))
}

// Weight is one feature's weight in a head, for writing a model.
type Weight struct {
	Feature string
	Value   float64
}

// WriteModel writes a model file: a comment, then per head a line "head
// NAME bias B threshold T" followed by its weights, one "NAME\tFEATURE\tW"
// a line, sorted by feature. The output is byte-identical for identical
// input.
func WriteModel(w io.Writer, comment string, max bool, heads []HeadSpec) error {
	bw := bufio.NewWriter(w)
	for _, line := range strings.Split(strings.TrimSpace(comment), "\n") {
		fmt.Fprintf(bw, "# %s\n", line)
	}
	if max {
		fmt.Fprintf(bw, "pool\tmax\n")
	}
	for _, h := range heads {
		fmt.Fprintf(bw, "head\t%s\tbias\t%s\tthreshold\t%s\n", h.Name, ftoa(h.Bias), ftoa(h.Threshold))
		for _, c := range h.Calib {
			fmt.Fprintf(bw, "calib\t%s\t%s\t%s\n", h.Name, ftoa(c.Prob), ftoa(c.Conf))
		}
		ws := append([]Weight(nil), h.Weights...)
		sort.Slice(ws, func(i, j int) bool { return ws[i].Feature < ws[j].Feature })
		for _, x := range ws {
			if strings.ContainsAny(x.Feature, "\t\n") {
				return fmt.Errorf("model: feature %q holds a tab or newline", x.Feature)
			}
			fmt.Fprintf(bw, "%s\t%s\t%s\n", h.Name, x.Feature, ftoa(x.Value))
		}
	}
	return bw.Flush()
}

// HeadSpec is a head as [WriteModel] writes it.
type HeadSpec struct {
	Name      string
	Bias      float64
	Threshold float64
	Calib     []CalibPoint
	Weights   []Weight
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', 6, 64) }

// LoadModel reads a model file as [WriteModel] writes it, plain or
// gzip-compressed.
func LoadModel(r io.Reader) (*Model, error) {
	r, err := gunzipped(r)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	m := &Model{heads: map[string]*Head{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || t[0] == '#' {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) == 2 && f[0] == "pool" {
			switch f[1] {
			case "max":
				m.Max = true
			case "union":
			default:
				return nil, fmt.Errorf("model line %d: pool %q: want max or union", line, f[1])
			}
			continue
		}
		if f[0] == "head" {
			if len(f) != 6 || f[2] != "bias" || f[4] != "threshold" {
				return nil, fmt.Errorf("model line %d: want head NAME bias B threshold T", line)
			}
			b, err1 := strconv.ParseFloat(f[3], 64)
			th, err2 := strconv.ParseFloat(f[5], 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("model line %d: bad number", line)
			}
			m.heads[f[1]] = &Head{Name: f[1], Bias: b, Threshold: th, load: map[uint64]*float64{}}
			continue
		}
		if f[0] == "calib" {
			if len(f) != 4 || m.heads[f[1]] == nil {
				return nil, fmt.Errorf("model line %d: want calib HEAD PROB CONF after its head", line)
			}
			p, err1 := strconv.ParseFloat(f[2], 64)
			c, err2 := strconv.ParseFloat(f[3], 64)
			h := m.heads[f[1]]
			if err1 != nil || err2 != nil || len(h.Calib) > 0 && p <= h.Calib[len(h.Calib)-1].Prob {
				return nil, fmt.Errorf("model line %d: bad calibration point", line)
			}
			h.Calib = append(h.Calib, CalibPoint{p, c})
			continue
		}
		if len(f) != 3 {
			return nil, fmt.Errorf("model line %d: want HEAD FEATURE WEIGHT", line)
		}
		h := m.heads[f[0]]
		if h == nil {
			return nil, fmt.Errorf("model line %d: weight before its head %q", line, f[0])
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("model line %d: %v", line, err)
		}
		k := FeatureHash(f[1])
		if h.load[k] == nil {
			h.load[k] = new(float64)
		}
		*h.load[k] += v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	for _, h := range m.heads {
		h.w, h.load = newHashTable(h.load), nil
	}
	return m, nil
}

// gunzipped returns r decompressed when it starts like a gzip stream, and
// r itself otherwise.
func gunzipped(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}

var defaultModel = sync.OnceValues(func() (*Model, error) {
	b, err := modelFS.ReadFile("data/relations.model.gz")
	if err != nil {
		return nil, nil // no model yet: the rules decide
	}
	return LoadModel(bytes.NewReader(b))
})

// DefaultModel returns the embedded relation model, or nil when the
// package has none.
func DefaultModel() (*Model, error) { return defaultModel() }

// featBuf collects the hashes of features, and their names when asked.
type featBuf struct {
	keep  bool
	hs    []uint64
	names []string
}

func (f *featBuf) reset() {
	f.hs = f.hs[:0]
	f.names = f.names[:0]
}

func (f *featBuf) add(kind, val string) {
	f.hs = append(f.hs, featHash(kind, val))
	if f.keep {
		f.names = append(f.names, kind+"="+val)
	}
}

// addp adds the feature kind=parts (the parts joined with nothing), hashing
// the parts one after the other: no string is built unless names are kept.
func (f *featBuf) addp(kind string, parts ...string) {
	h := uint64(fnvOffset)
	for i := 0; i < len(kind); i++ {
		h = (h ^ uint64(kind[i])) * fnvPrime
	}
	h = (h ^ '=') * fnvPrime
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h = (h ^ uint64(p[i])) * fnvPrime
		}
	}
	f.hs = append(f.hs, h)
	if f.keep {
		f.names = append(f.names, kind+"="+strings.Join(parts, ""))
	}
}

func (f *featBuf) take() []uint64 { return append([]uint64(nil), f.hs...) }

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func featHash(kind, val string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(kind); i++ {
		h = (h ^ uint64(kind[i])) * fnvPrime
	}
	h = (h ^ '=') * fnvPrime
	for i := 0; i < len(val); i++ {
		h = (h ^ uint64(val[i])) * fnvPrime
	}
	return h
}

// featureHashBytes is FeatureHash of a byte slice.
func featureHashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// FeatureHash returns the hash the extractor looks a feature up by: FNV-1a
// (64 bit) of its name "kind=value".
func FeatureHash(name string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(name); i++ {
		h = (h ^ uint64(name[i])) * fnvPrime
	}
	return h
}
