// Command train learns newsgraph's relation model from annotated real
// articles and measures it by cross-validation.
//
//	go run ./tools/train [-corpus DIR]... [-out FILE] [-cv K] [-seed N] [-folds DIR]
//
// A corpus directory holds docs/NAME.txt and gold/NAME.json, annotated by
// ../shared/eval/ANNOTATION.md. For every document the extractor's
// candidates (extract.Extractor.Candidates) are labelled from the gold: a
// candidate is positive for a predicate when its subject's and object's
// names match a required gold relation's entities, ignored when they match
// only an optional one, negative otherwise. Each predicate gets an
// L2-regularised logistic regression over the candidates' features.
//
// With -cv K (default 5) the documents are split into K folds at random by
// document (the seed fixes the split); each fold is extracted with a model
// trained on the others and scored against its gold, and the table of
// micro-averaged precision, recall and F1 per relation is printed, with
// the precision of the facts per confidence band. -folds DIR writes each
// fold's model and document list there, for scripts/crossval to score with
// the shared scorer. The decision threshold of each predicate is the one
// that maximises F1 on the out-of-fold probabilities of the other folds
// (for a fold's score) or of all folds (for the model written to -out).
//
// The same corpus, flags and seed give a byte-identical model.
package main

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/gold"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// options are the training settings.
type options struct {
	l2          float64
	posWeight   float64
	minCount    int
	iters       int
	tagger      bool
	epochs      int
	seed        int64
	coverage    string
	errors      bool
	max         bool
	vagueIgnore bool
	oracle      bool
	prune       float64 // smallest relation weight kept
	tagPrune    float64 // smallest tagger weight kept, relative to the feature's largest
	frac        float64
	drop        []string // feature kinds left out
}

// dropped reports a feature of a kind left out with -drop.
func (o options) dropped(f string) bool {
	kind, _, _ := strings.Cut(f, "=")
	for _, d := range o.drop {
		if kind == d {
			return true
		}
	}
	return false
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("train: ")
	var corpora listFlag
	flag.Var(&corpora, "corpus", "annotated corpus directory (docs/, gold/); repeatable (default ../shared/eval/real and testdata/real)")
	out := flag.String("out", "", "write the model trained on every document here (e.g. extract/data/relations.model)")
	cv := flag.Int("cv", 5, "folds of cross-validation by document; 0 for none")
	seed := flag.Int("seed", 1, "seed of the split into folds")
	folds := flag.String("folds", "", "write each fold's model and document list to this directory")
	var o options
	flag.Float64Var(&o.l2, "l2", 1, "L2 regularisation")
	flag.Float64Var(&o.posWeight, "pos", 1, "weight of positive examples")
	flag.IntVar(&o.minCount, "min", 2, "keep features seen in at least this many training candidates")
	flag.IntVar(&o.iters, "iters", 200, "L-BFGS iterations")
	baseline := flag.Bool("baseline", false, "score the hand-written rules alone on every document and stop")
	flag.BoolVar(&o.tagger, "tagger", true, "learn the name tagger too (else the rules alone find names)")
	flag.IntVar(&o.epochs, "epochs", 10, "tagger training epochs")
	flag.StringVar(&o.coverage, "coverage", "", "with -cv: report how many gold relations some candidate covers (v: list the others)")
	flag.BoolVar(&o.max, "max", true, "pool a candidate's instances by their maximum instead of the union of their features")
	flag.BoolVar(&o.vagueIgnore, "vague", false, "ignore, instead of learning as negative, candidates whose entities the gold names only loosely")
	flag.BoolVar(&o.oracle, "oracle", false, "experiment: take the names from the gold instead of the tagger (an upper bound, not a score)")
	flag.Float64Var(&o.frac, "frac", 1, "with -cv: train each fold on this fraction of its training documents (a learning curve)")
	flag.Float64Var(&o.prune, "prune", 0.01, "drop relation weights smaller than this")
	flag.Float64Var(&o.tagPrune, "tag-prune", 1, "drop tagger weights smaller than this percentage of the largest weight")
	drop := flag.String("drop", "", "comma-separated feature kinds to leave out (for ablations)")
	flag.BoolVar(&o.errors, "errors", false, "with -cv: sort the false facts into kinds")
	taggerOut := flag.String("tagger-out", "", "write the tagger trained on every document here (e.g. extract/data/tagger.model)")
	flag.Parse()
	o.seed = int64(*seed)
	if *drop != "" {
		o.drop = strings.Split(*drop, ",")
	}
	if len(corpora) == 0 {
		for _, d := range []string{"../shared/eval/real", "testdata/real"} {
			if _, err := os.Stat(filepath.Join(d, "gold")); err == nil {
				corpora = append(corpora, d)
			}
		}
	}
	var docs []*doc
	for _, dir := range corpora {
		ds, err := gold.Load(dir)
		if err != nil {
			log.Fatal(err)
		}
		for _, d := range ds {
			docs = append(docs, &doc{Doc: d})
		}
	}
	if len(docs) == 0 {
		log.Fatal("no annotated documents")
	}
	base, err := extract.New(nil, extract.WithRules())
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range docs {
		if err := d.load(base); err != nil {
			log.Fatal(err)
		}
	}
	log.Printf("%d documents from %s", len(docs), strings.Join(corpora, ", "))
	if os.Getenv("TRAIN_PROJECT") != "" {
		for _, d := range docs {
			if d.Gold.Doc != os.Getenv("TRAIN_PROJECT") {
				continue
			}
			for _, s := range project(d.Gold, d.toks) {
				var b strings.Builder
				for k, t := range s.toks {
					if s.tags[k] > 0 {
						fmt.Fprintf(&b, "%s/%s ", t.Text, extract.TagNames[s.tags[k]])
					} else if s.tags[k] < 0 {
						fmt.Fprintf(&b, "%s/IGN ", t.Text)
					} else {
						fmt.Fprintf(&b, "%s ", t.Text)
					}
				}
				fmt.Println(b.String())
			}
		}
		return
	}
	if *baseline {
		res := &cvResult{k: 1, tally: gold.NewTally(), byLang: map[string]*gold.Tally{}, docs: len(docs)}
		for _, d := range docs {
			r, err := base.Extract(d.text)
			if err != nil {
				log.Fatal(err)
			}
			t, _ := d.Gold.Score(r)
			res.tally.Add(t)
		}
		res.report(os.Stdout)
		return
	}
	all := make([]int, len(docs))
	for i := range all {
		all[i] = i
	}
	if os.Getenv("TRAIN_INSAMPLE") != "" {
		// How well the heads fit the documents they learned from.
		ft := fit(docs, all, o, nil)
		res := &cvResult{k: 1, gold: map[string]int{}, tally: gold.NewTally(), byLang: map[string]*gold.Tally{}, perFold: []map[string]int{{}}}
		x, _ := extract.New(nil, extract.WithModel(model(ft.heads, nil, 0.02, o.max)), extract.WithTagger(ft.tagger))
		for _, d := range docs {
			r, _ := x.Extract(d.text)
			_, outs := d.Gold.Score(r)
			for _, oc := range outs {
				res.preds = append(res.preds, prediction{head: string(oc.Relation.Predicate), prob: oc.Relation.Confidence, hit: oc.Hit})
			}
			for p, n := range d.Gold.Required() {
				res.perFold[0][p] += n
			}
		}
		os.Setenv("TRAIN_PR", "1")
		res.report(os.Stdout)
		return
	}
	thresholds := map[string]float64{}
	var calib map[string][]extract.CalibPoint
	if *cv > 1 {
		res := crossValidate(docs, *cv, *seed, o, *folds)
		res.report(os.Stdout)
		thresholds = res.thresholds(nil)
		calib = res.calibration(nil)
	} else {
		for _, p := range append([]string{"entity"}, gold.Core...) {
			thresholds[p] = 0.5
		}
	}
	var ft fitted
	if *out != "" || *taggerOut != "" {
		ft = fit(docs, all, o, nil)
		if *taggerOut != "" && ft.tagger != nil {
			comment := fmt.Sprintf("newsgraph name tagger, trained by tools/train on %d documents (%s)\nepochs=%d seed=%d tag-prune=%g\ncorpus sha256 %s",
				len(docs), strings.Join(corpora, ", "), o.epochs, *seed, o.tagPrune, corpusHash(docs))
			if err := writeFile(*taggerOut, func(w io.Writer) error { return extract.WriteTagger(w, comment, ft.tagWeights) }); err != nil {
				log.Fatal(err)
			}
			log.Printf("wrote %s", *taggerOut)
		}
	}
	if *out != "" {
		m := ft.heads
		for i := range m {
			m[i].Threshold = thresholds[m[i].Name]
			m[i].Calib = calib[m[i].Name]
		}
		comment := fmt.Sprintf("newsgraph relation model, trained by tools/train on %d documents (%s)\nl2=%g pos=%g min=%d iters=%d seed=%d cv=%d max=%v prune=%g\ncorpus sha256 %s",
			len(docs), strings.Join(corpora, ", "), o.l2, o.posWeight, o.minCount, o.iters, *seed, *cv, o.max, o.prune, corpusHash(docs))
		if err := writeFile(*out, func(w io.Writer) error { return extract.WriteModel(w, comment, o.max, m) }); err != nil {
			log.Fatal(err)
		}
		log.Printf("wrote %s", *out)
	}
}

// doc is an annotated document with its text, its tokens' tagger
// features (from the rules alone) and its labelled candidates (from the
// extractor of the fold at hand).
type doc struct {
	gold.Doc
	text  *extract.Document
	toks  [][]extract.TaggedToken
	cands []cand
}

// cand is a labelled candidate: its feature names and, per head, 1, 0 or
// -1 (ignored).
type cand struct {
	feats  []string
	builds bool
	entity bool // an entity candidate (head "entity")
	labels map[string]int
	gold   []string // entity candidates: the required gold entities it names
	pair   []string
	insts  [][]string
}

func (d *doc) load(x *extract.Extractor) error {
	err := extract.Walk([]string{d.Path}, nil, func(doc *extract.Document) error {
		d.text = doc
		return nil
	}, func(err error) error { return err })
	if err != nil {
		return err
	}
	d.toks, err = x.TokenFeatures(d.text)
	return err
}

// label computes the document's candidates with x and labels them.
func (d *doc) label(x *extract.Extractor, o options) error {
	d.cands = d.cands[:0]
	cs, es, _, err := x.Candidates(d.text)
	if err != nil {
		return err
	}
	for _, e := range es {
		// Real when a name of it is a required gold entity's; neither
		// when it names only optional ones.
		hits := d.Gold.Match(gold.NormAll(append([]string{e.Entity.Name}, e.Entity.Aliases...)))
		l := 0
		var ids []string
		for _, g := range hits {
			if !g.Optional {
				l = 1
				ids = append(ids, g.ID)
			}
		}
		if l == 0 && len(hits) > 0 {
			l = -1
		}
		d.cands = append(d.cands, cand{feats: e.Features, entity: true, labels: map[string]int{"entity": l}, gold: ids})
	}
	for _, c := range cs {
		sn := gold.NormAll(append([]string{c.Subject.Name}, c.Subject.Aliases...))
		on := gold.NormAll(append([]string{c.Object.Name}, c.Object.Aliases...))
		lc := cand{feats: c.Features, builds: c.Builds, labels: map[string]int{}, pair: c.Pair, insts: c.Instances}
		// A pair whose subject or object the gold names only loosely
		// ("Change conference" for the "29th UN Climate Change
		// Conference") is neither right nor wrong: the text may well state
		// the relation, of the entity under its full name.
		vague := d.Gold.Loose(sn) || d.Gold.Loose(on)
		for _, p := range heads(c.Builds) {
			lc.labels[p] = d.Gold.Label(sn, on, p)
			if lc.labels[p] == 0 && vague && o.vagueIgnore {
				lc.labels[p] = -1
			}
		}
		d.cands = append(d.cands, lc)
	}
	return nil
}

func heads(builds bool) []string {
	if builds {
		return []string{"builds-on"}
	}
	return []string{"signed", "attended", "refused"}
}

// fitted is what training on some documents gives: the tagger's weights,
// the tagger, and the relation heads.
type fitted struct {
	tagWeights []extract.TagWeight
	tagger     *extract.Tagger
	heads      []extract.HeadSpec
}

// fit trains the tagger and then the relation heads on documents idx; it
// labels the candidates of the documents also with the new tagger.
func fit(docs []*doc, idx []int, o options, also []int) fitted {
	var f fitted
	if o.tagger {
		var sents []tagSentence
		for _, i := range idx {
			sents = append(sents, project(docs[i].Gold, docs[i].toks)...)
		}
		f.tagWeights = trainTagger(sents, o.epochs, o.seed, o.tagPrune)
		f.tagger = loadTagger(f.tagWeights)
	}
	if o.oracle {
		f.tagger = oracleTagger(docs)
	}
	x, err := extract.New(nil, extract.WithTagger(f.tagger), extract.WithModel(nil))
	if err != nil {
		log.Fatal(err)
	}
	for _, i := range append(append([]int(nil), idx...), also...) {
		if err := docs[i].label(x, o); err != nil {
			log.Fatal(err)
		}
	}
	f.heads = train(docs, idx, o)
	if os.Getenv("TRAIN_STATS") != "" {
		n := map[string]int{}
		for _, i := range idx {
			for _, c := range docs[i].cands {
				for p, l := range c.labels {
					if l != 1 || c.entity {
						continue
					}
					keep := closest(c.insts)
					d := "far"
					for k, in := range c.insts {
						if keep[k] {
							for _, f := range in {
								if f == "dist=0" || f == "bdist=0" {
									d = "same"
								} else if (f == "dist=-1" || f == "dist=+1" || f == "bdist=-1" || f == "bdist=+1") && d != "same" {
									d = "adjacent"
								}
							}
						}
					}
					n[p+" "+d]++
				}
			}
		}
		log.Printf("positive candidates by nearest instance: %v", n)
	}
	return f
}

func loadTagger(ws []extract.TagWeight) *extract.Tagger {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(extract.WriteTagger(pw, "", ws)) }()
	t, err := extract.LoadTagger(pr)
	if err != nil {
		log.Fatal(err)
	}
	return t
}

// train fits every head on the documents idx.
func train(docs []*doc, idx []int, o options) []extract.HeadSpec {
	count := map[string]int{}
	for _, i := range idx {
		for _, c := range docs[i].cands {
			for _, f := range c.feats {
				count[f]++
			}
		}
	}
	var names []string
	for f, n := range count {
		if n >= o.minCount && !o.dropped(f) {
			names = append(names, f)
		}
	}
	sort.Strings(names)
	index := make(map[string]int32, len(names))
	for i, f := range names {
		index[f] = int32(i)
	}
	var out []extract.HeadSpec
	for _, p := range append([]string{"entity"}, gold.Core...) {
		var data []example
		for _, i := range idx {
			for _, c := range docs[i].cands {
				l, ok := c.labels[p]
				if !ok || l < 0 {
					continue
				}
				if o.max && !c.entity {
					// Every mention pair of a negative candidate is a
					// negative; of a positive one, only the pairs that
					// likely state the relation are positives: those in one
					// sentence, else those a sentence apart, else all.
					keep := closest(c.insts)
					for k, in := range c.insts {
						if l == 1 && !keep[k] {
							continue
						}
						var x []int32
						for _, f := range append(append([]string(nil), c.pair...), in...) {
							if j, ok := index[f]; ok {
								x = append(x, j)
							}
						}
						data = append(data, example{x: x, y: float64(l)})
					}
					continue
				}
				var x []int32
				for _, f := range c.feats {
					if j, ok := index[f]; ok {
						x = append(x, j)
					}
				}
				data = append(data, example{x: x, y: float64(l)})
			}
		}
		w := logreg(data, len(names), o.l2, o.posWeight, o.iters)
		if os.Getenv("TRAIN_DEBUG") != "" {
			pos := 0
			for _, e := range data {
				if e.y > 0 {
					pos++
				}
			}
			log.Printf("head %s: %d examples, %d positive, %d features", p, len(data), pos, len(names))
		}
		h := extract.HeadSpec{Name: p, Bias: w[len(names)], Threshold: 0.5}
		for j, f := range names {
			if math.Abs(w[j]) >= o.prune {
				h.Weights = append(h.Weights, extract.Weight{Feature: f, Value: w[j]})
			}
		}
		out = append(out, h)
	}
	return out
}

// corpusHash identifies the training corpus: the hash of every gold file's
// document name, gold and text.
func corpusHash(docs []*doc) string {
	h := sha256.New()
	for _, d := range docs {
		fmt.Fprintf(h, "%s\n%s\n", d.Gold.Doc, d.text.Text)
		for _, r := range d.Gold.Relations {
			fmt.Fprintf(h, "%s %s %s %v\n", r.S, r.P, r.O, r.Optional)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:16]
}

// foldOf assigns documents to k folds at random, fixed by the seed: the
// documents sorted by a hash of seed and name, dealt out in turn.
func foldOf(docs []*doc, k, seed int) []int {
	type kv struct {
		i int
		h uint64
	}
	var order []kv
	for i, d := range docs {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%d/%s/%s", seed, filepath.Base(d.Set), d.Gold.Doc)))
		order = append(order, kv{i, binary.BigEndian.Uint64(sum[:8])})
	}
	sort.Slice(order, func(a, b int) bool { return order[a].h < order[b].h })
	out := make([]int, len(docs))
	for n, e := range order {
		out[e.i] = n % k
	}
	return out
}

// prediction is one out-of-fold fact: its head, probability and outcome.
type prediction struct {
	head string
	prob float64
	hit  int
	fold int
	id   string // entity predictions: the gold entity it finds
}

// headLookup is a head's weights by feature name.
type headLookup struct {
	bias float64
	w    map[string]float64
}

func headWeights(hs []extract.HeadSpec, name string) headLookup {
	for _, h := range hs {
		if h.Name == name {
			l := headLookup{bias: h.Bias, w: map[string]float64{}}
			for _, x := range h.Weights {
				l.w[x.Feature] = x.Value
			}
			return l
		}
	}
	return headLookup{w: map[string]float64{}}
}

func (h headLookup) prob(feats []string) float64 {
	z := h.bias
	for _, f := range feats {
		z += h.w[f]
	}
	return 1 / (1 + math.Exp(-z))
}

// cvResult holds what cross-validation found.
type cvResult struct {
	k         int
	preds     []prediction
	gold      map[string]int   // required relations per predicate
	perFold   []map[string]int // required relations per fold and predicate
	tally     *gold.Tally
	byLang    map[string]*gold.Tally
	final     []prediction // the facts of the scored run, with their confidence
	docs      int
	coverage  map[[2]string]int
	tagCounts spanCounts
	errors    errorKinds
}

// spanCounts compares the tagger's names with the gold's, by exact span
// and type.
type spanCounts struct{ tp, fp, fn int }

func (c *spanCounts) add(gold, got []int) {
	g, p := spanSet(gold), spanSet(got)
	for s := range p {
		ign := false
		for k := s[0]; k < s[1]; k++ {
			ign = ign || gold[k] == ignore
		}
		if g[s] {
			c.tp++
		} else if !ign {
			c.fp++
		}
	}
	for s := range g {
		if !p[s] {
			c.fn++
		}
	}
}

func spanSet(tags []int) map[[3]int]bool {
	out := map[[3]int]bool{}
	for i := 0; i < len(tags); i++ {
		if tags[i] <= 0 {
			continue
		}
		j := i + 1
		for j < len(tags) && tags[j] == tags[i]+1 && tags[i]%2 == 1 {
			j++
		}
		out[[3]int{i, j, (tags[i] + 1) / 2}] = true
		i = j - 1
	}
	return out
}

func crossValidate(docs []*doc, k, seed int, o options, foldsDir string) *cvResult {
	fold := foldOf(docs, k, seed)
	res := &cvResult{k: k, gold: map[string]int{}, tally: gold.NewTally(), byLang: map[string]*gold.Tally{}, docs: len(docs), coverage: map[[2]string]int{}, errors: errorKinds{}}
	models := make([][]extract.HeadSpec, k)
	taggers := make([]*extract.Tagger, k)
	for f := 0; f < k; f++ {
		var tr, te []int
		for i := range docs {
			if fold[i] == f {
				te = append(te, i)
			} else {
				tr = append(tr, i)
			}
		}
		if o.frac > 0 && o.frac < 1 {
			tr = tr[:int(float64(len(tr))*o.frac)] // learning curve: fewer training documents
		}
		ft := fit(docs, tr, o, nil)
		models[f], taggers[f] = ft.heads, ft.tagger
		if o.oracle {
			ft.tagger = nil // no file to write
		}
		if ft.tagger != nil && os.Getenv("TRAIN_FIT") != "" && f == 0 {
			var c spanCounts
			for _, i := range tr {
				for _, s := range project(docs[i].Gold, docs[i].toks) {
					c.add(s.tags, ft.tagger.Tag(s.toks))
				}
			}
			p, rc, f1 := gold.PRF{TP: c.tp, FP: c.fp, FN: c.fn}.Scores()
			log.Printf("tagger on its training documents: P %.2f R %.2f F1 %.2f", p, rc, f1)
		}
		if ft.tagger != nil {
			for _, i := range te {
				for _, s := range project(docs[i].Gold, docs[i].toks) {
					got := ft.tagger.Tag(s.toks)
					res.tagCounts.add(s.tags, got)
					if os.Getenv("TRAIN_TAGS") != "" && f == 0 {
						showTags(s, got)
					}
				}
			}
		}
		if foldsDir != "" && ft.tagger != nil {
			if err := os.MkdirAll(foldsDir, 0o755); err != nil {
				log.Fatal(err)
			}
			w, err := os.Create(filepath.Join(foldsDir, fmt.Sprintf("fold%d.tagger", f)))
			if err != nil {
				log.Fatal(err)
			}
			if err := extract.WriteTagger(w, fmt.Sprintf("fold %d of %d, seed %d", f, k, seed), ft.tagWeights); err != nil {
				log.Fatal(err)
			}
			w.Close()
		}
		// First pass: every candidate the model gives some probability,
		// to choose thresholds on.
		m := model(models[f], nil, 0.02, o.max)
		x, err := extract.New(nil, extract.WithModel(m), extract.WithTagger(ft.tagger))
		if err != nil {
			log.Fatal(err)
		}
		if o.coverage != "" {
			var test []*doc
			for _, i := range te {
				test = append(test, docs[i])
			}
			coverage(test, x, res.coverage, o.coverage == "v")
		}
		res.perFold = append(res.perFold, map[string]int{})
		ent := headWeights(models[f], "entity")
		if os.Getenv("TRAIN_MISSED") != "" && f == 0 {
			hw := headWeights(models[f], os.Getenv("TRAIN_MISSED"))
			for _, i := range te {
				cs, _, _, _ := x.Candidates(docs[i].text)
				for _, c := range cs {
					sn := gold.NormAll(append([]string{c.Subject.Name}, c.Subject.Aliases...))
					on := gold.NormAll(append([]string{c.Object.Name}, c.Object.Aliases...))
					l := docs[i].Gold.Label(sn, on, os.Getenv("TRAIN_MISSED"))
					if l != 1 || c.Builds {
						continue
					}
					p := hw.prob(c.Features)
					best := ""
					if o.max {
						p = 0
						for _, in := range c.Instances {
							if q := hw.prob(append(append([]string(nil), c.Pair...), in...)); q > p {
								p = q
								best = strings.Join(in, " ")
							}
						}
					}
					fmt.Printf("MISSED? %.2f %s | %s | %s\n", p, docs[i].Gold.Doc, c.Subject.Name, c.Object.Name)
					if os.Getenv("TRAIN_MISSED_FEATS") != "" {
						fmt.Printf("   %s\n", best)
					}
				}
			}
		}
		for _, i := range te {
			// The entity head's probabilities of the test document's
			// entities, with what they name.
			_, es, _, err := x.Candidates(docs[i].text)
			if err != nil {
				log.Fatal(err)
			}
			for _, e := range es {
				hits := docs[i].Gold.Match(gold.NormAll(append([]string{e.Entity.Name}, e.Entity.Aliases...)))
				hit, id := -1, ""
				for _, g := range hits {
					if !g.Optional {
						hit, id = 1, g.ID
					}
				}
				if hit < 0 && len(hits) > 0 {
					hit = 0
				}
				res.preds = append(res.preds, prediction{head: "entity", prob: ent.prob(e.Features), hit: hit, fold: f, id: fmt.Sprintf("%d/%s", i, id)})
			}
			res.perFold[f]["entity"] += docs[i].Gold.RequiredEntities()
			r, err := x.Extract(docs[i].text)
			if err != nil {
				log.Fatal(err)
			}
			_, outs := docs[i].Gold.Score(r)
			for _, oc := range outs {
				res.preds = append(res.preds, prediction{head: string(oc.Relation.Predicate), prob: oc.Relation.Confidence, hit: oc.Hit, fold: f})
			}
		}
		for _, i := range te {
			for p, n := range docs[i].Gold.Required() {
				res.gold[p] += n
				res.perFold[f][p] += n
			}
		}
	}
	// Second pass: each fold with thresholds chosen on the other folds.
	for f := 0; f < k; f++ {
		th := res.thresholds(&f)
		cal := res.calibration(&f)
		for i := range models[f] {
			models[f][i].Calib = cal[models[f][i].Name]
		}
		m := model(models[f], th, 0, o.max)
		x, err := extract.New(nil, extract.WithModel(m), extract.WithTagger(taggers[f]))
		if err != nil {
			log.Fatal(err)
		}
		var list []string
		for i := range docs {
			if fold[i] != f {
				continue
			}
			list = append(list, docs[i].Path)
			r, err := x.Extract(docs[i].text)
			if err != nil {
				log.Fatal(err)
			}
			t, outs := docs[i].Gold.Score(r)
			res.tally.Add(t)
			if o.errors {
				res.errors.add(docs[i].Gold, r)
			}
			lang := docs[i].Gold.Lang
			if res.byLang[lang] == nil {
				res.byLang[lang] = gold.NewTally()
			}
			res.byLang[lang].Add(t)
			for _, oc := range outs {
				res.final = append(res.final, prediction{head: string(oc.Relation.Predicate), prob: oc.Relation.Confidence, hit: oc.Hit, fold: f})
			}
		}
		if foldsDir != "" {
			if err := os.MkdirAll(foldsDir, 0o755); err != nil {
				log.Fatal(err)
			}
			for i := range models[f] {
				models[f][i].Threshold = th[models[f][i].Name]
			}
			name := filepath.Join(foldsDir, fmt.Sprintf("fold%d.model", f))
			w, err := os.Create(name)
			if err != nil {
				log.Fatal(err)
			}
			if err := extract.WriteModel(w, fmt.Sprintf("fold %d of %d, seed %d", f, k, seed), o.max, models[f]); err != nil {
				log.Fatal(err)
			}
			w.Close()
			if err := os.WriteFile(filepath.Join(foldsDir, fmt.Sprintf("fold%d.docs", f)), []byte(strings.Join(list, "\n")+"\n"), 0o644); err != nil {
				log.Fatal(err)
			}
		}
	}
	return res
}

// model makes a Model of head specs, with the given thresholds (or floor
// for every head when th is nil).
func model(hs []extract.HeadSpec, th map[string]float64, floor float64, max bool) *extract.Model {
	hs = append([]extract.HeadSpec(nil), hs...)
	for i := range hs {
		if th != nil {
			hs[i].Threshold = th[hs[i].Name]
		} else {
			hs[i].Threshold = floor
		}
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(extract.WriteModel(pw, "", max, hs)) }()
	m, err := extract.LoadModel(pr)
	if err != nil {
		log.Fatal(err)
	}
	return m
}

// calibration fits, per relation head, an isotonic regression of being
// right on the probability over the out-of-fold predictions (leaving out
// fold *skip when skip is not nil): the map from a fact's probability to
// the precision such facts had.
func (r *cvResult) calibration(skip *int) map[string][]extract.CalibPoint {
	out := map[string][]extract.CalibPoint{}
	for _, p := range gold.Core {
		var ps []prediction
		for _, x := range r.preds {
			if x.head == p && x.hit != 0 && (skip == nil || x.fold != *skip) {
				ps = append(ps, x)
			}
		}
		out[p] = isotonic(ps)
	}
	return out
}

// isotonic is pool-adjacent-violators on predictions sorted by
// probability: blocks of non-decreasing precision, each a point at its
// mean probability.
func isotonic(ps []prediction) []extract.CalibPoint {
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].prob < ps[b].prob })
	type block struct{ sumP, sumY, n float64 }
	var bs []block
	for _, x := range ps {
		y := 0.0
		if x.hit == 1 {
			y = 1
		}
		bs = append(bs, block{x.prob, y, 1})
		for len(bs) > 1 {
			a, b := bs[len(bs)-2], bs[len(bs)-1]
			if a.sumY/a.n < b.sumY/b.n {
				break
			}
			bs = append(bs[:len(bs)-2], block{a.sumP + b.sumP, a.sumY + b.sumY, a.n + b.n})
		}
	}
	var out []extract.CalibPoint
	for _, b := range bs {
		p := math.Round(b.sumP/b.n*1e4) / 1e4
		c := math.Round(b.sumY/b.n*1e4) / 1e4
		if len(out) > 0 && p <= out[len(out)-1].Prob {
			out[len(out)-1].Conf = c
			continue
		}
		out = append(out, extract.CalibPoint{Prob: p, Conf: c})
	}
	return out
}

// thresholds chooses each head's threshold: the probability that
// maximises F1 over the out-of-fold predictions, leaving out fold *skip
// when skip is not nil.
func (r *cvResult) thresholds(skip *int) map[string]float64 {
	out := map[string]float64{}
	for _, p := range append([]string{"entity"}, gold.Core...) {
		var ps []prediction
		total := 0
		for f, g := range r.perFold {
			if skip == nil || f != *skip {
				total += g[p]
			}
		}
		for _, x := range r.preds {
			if x.head == p && (skip == nil || x.fold != *skip) {
				ps = append(ps, x)
			}
		}
		sort.SliceStable(ps, func(a, b int) bool { return ps[a].prob > ps[b].prob })
		best, bestF := 0.5, -1.0
		tp, fp := 0, 0
		found := map[string]bool{}
		for i, x := range ps {
			switch {
			case x.hit == 1 && x.id != "" && found[x.id]:
				// an entity found before
			case x.hit == 1:
				tp++
				found[x.id] = x.id != ""
			case x.hit == -1:
				fp++
			}
			if i+1 < len(ps) && ps[i+1].prob == x.prob {
				continue
			}
			if total == 0 || tp == 0 {
				continue
			}
			pr := float64(tp) / float64(tp+fp)
			rc := float64(tp) / float64(total)
			if f := 2 * pr * rc / (pr + rc); f > bestF {
				bestF, best = f, x.prob
			}
		}
		out[p] = math.Max(best, 0.05)
	}
	return out
}

func (r *cvResult) report(w io.Writer) {
	fmt.Fprintf(w, "cross-validation: %d folds by document, %d documents\n", r.k, r.docs)
	fmt.Fprintf(w, "%-10s %5s %5s %5s  %5s %5s %5s\n", "relation", "tp", "fp", "fn", "P", "R", "F1")
	for _, p := range gold.Core {
		c := *r.tally.Rel[p]
		pp, rr, ff := c.Scores()
		fmt.Fprintf(w, "%-10s %5d %5d %5d  %5.2f %5.2f %5.2f\n", p, c.TP, c.FP, c.FN, pp, rr, ff)
	}
	c := r.tally.Relations()
	pp, rr, ff := c.Scores()
	fmt.Fprintf(w, "%-10s %5d %5d %5d  %5.2f %5.2f %5.2f\n", "all", c.TP, c.FP, c.FN, pp, rr, ff)
	e := r.tally.Entities()
	ep, er, ef := e.Scores()
	fmt.Fprintf(w, "%-10s %5d %5d %5d  %5.2f %5.2f %5.2f\n", "entities", e.TP, e.FP, e.FN, ep, er, ef)
	langs := make([]string, 0, len(r.byLang))
	for l := range r.byLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		c := r.byLang[l].Relations()
		pp, rr, ff := c.Scores()
		fmt.Fprintf(w, "relations %-3s %5d %5d %5d  %5.2f %5.2f %5.2f\n", l, c.TP, c.FP, c.FN, pp, rr, ff)
	}
	fmt.Fprintf(w, "precision of the facts by confidence band:\n")
	bands := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01}
	for i := 0; i+1 < len(bands); i++ {
		tp, fp := 0, 0
		for _, x := range r.final {
			if x.prob >= bands[i] && x.prob < bands[i+1] {
				switch x.hit {
				case 1:
					tp++
				case -1:
					fp++
				}
			}
		}
		if tp+fp == 0 {
			continue
		}
		fmt.Fprintf(w, "  [%.1f, %.1f)  %4d facts  precision %.2f\n", bands[i], math.Min(bands[i+1], 1), tp+fp, float64(tp)/float64(tp+fp))
	}
	if len(r.errors) > 0 {
		r.errors.report(w)
	}
	if c := r.tagCounts; c.tp+c.fp+c.fn > 0 {
		p, rc, f := gold.PRF{TP: c.tp, FP: c.fp, FN: c.fn}.Scores()
		fmt.Fprintf(w, "tagger against the gold's names in the text (exact span and type): P %.2f R %.2f F1 %.2f\n", p, rc, f)
	}
	if len(r.coverage) > 0 {
		var keys [][2]string
		for k := range r.coverage {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
		})
		fmt.Fprintln(w, "candidate coverage of the required relations:")
		for _, k := range keys {
			fmt.Fprintf(w, "  %-10s %-28s %d\n", k[0], k[1], r.coverage[k])
		}
	}
	if os.Getenv("TRAIN_PR") != "" {
		fmt.Fprintln(w, "out-of-fold precision and recall by threshold:")
		for _, p := range append([]string{"entity"}, gold.Core...) {
			total := 0
			for _, g := range r.perFold {
				total += g[p]
			}
			fmt.Fprintf(w, "  %-9s", p)
			for _, t := range []float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
				tp, fp := 0, 0
				found := map[string]bool{}
				for _, x := range r.preds {
					if x.head != p || x.prob < t {
						continue
					}
					switch {
					case x.hit == 1 && x.id != "" && found[x.id]:
					case x.hit == 1:
						tp++
						found[x.id] = x.id != ""
					case x.hit == -1:
						fp++
					}
				}
				pr, rc, _ := gold.PRF{TP: tp, FP: fp, FN: total - tp}.Scores()
				fmt.Fprintf(w, " %.1f:%.2f/%.2f", t, pr, rc)
			}
			fmt.Fprintln(w)
		}
	}
	th := r.thresholds(nil)
	fmt.Fprintf(w, "thresholds on all folds:")
	for _, p := range append([]string{"entity"}, gold.Core...) {
		fmt.Fprintf(w, " %s %.2f", p, th[p])
	}
	fmt.Fprintln(w)
}

// coverage counts, by predicate, the required gold relations some
// candidate covers, and why the others are missed.
func coverage(docs []*doc, x *extract.Extractor, n map[[2]string]int, verbose bool) {
	for _, d := range docs {
		cs, _, res, _ := x.Candidates(d.text)
		found := map[string]bool{}
		for _, e := range res.Entities {
			for _, g := range d.Gold.Match(gold.NormAll(append([]string{e.Name}, e.Aliases...))) {
				found[g.ID] = true
			}
		}
		// entities known to the candidates (kept or not)
		known := map[string]bool{}
		covered := map[[3]string]bool{}
		for _, c := range cs {
			ss := d.Gold.Match(gold.NormAll(append([]string{c.Subject.Name}, c.Subject.Aliases...)))
			os := d.Gold.Match(gold.NormAll(append([]string{c.Object.Name}, c.Object.Aliases...)))
			for _, g := range ss {
				known[g.ID] = true
			}
			for _, g := range os {
				known[g.ID] = true
			}
			for _, a := range ss {
				for _, b := range os {
					covered[[3]string{a.ID, b.ID, ""}] = true
				}
			}
		}
		for _, r := range d.Gold.Relations {
			if r.Optional {
				continue
			}
			why := "covered"
			switch {
			case covered[[3]string{r.S, r.O, ""}]:
			case !known[r.S] && !known[r.O]:
				why = "neither in candidates"
			case !known[r.S]:
				why = "subject not in candidates"
			case !known[r.O]:
				why = "object not in candidates"
			default:
				why = "both known, never paired"
			}
			n[[2]string{r.P, why}]++
			if why != "covered" && verbose {
				fmt.Printf("%s %s: %s %s %s: %s\n", filepath.Base(d.Set), d.Gold.Doc, r.S, r.P, r.O, why)
			}
		}
	}
}

// showTags prints a sentence's gold and predicted names that differ.
func showTags(s tagSentence, got []int) {
	g, p := spanSet(s.tags), spanSet(got)
	text := func(sp [3]int) string {
		var w []string
		for k := sp[0]; k < sp[1]; k++ {
			w = append(w, s.toks[k].Text)
		}
		return strings.Join(w, " ") + "/" + string(extract.Types[sp[2]-1])
	}
	for sp := range g {
		if !p[sp] {
			fmt.Printf("TAG FN %s\n", text(sp))
		}
	}
	for sp := range p {
		if !g[sp] {
			fmt.Printf("TAG FP %s\n", text(sp))
		}
	}
}

// oracleTagger tags every document's names as the gold lists them.
func oracleTagger(docs []*doc) *extract.Tagger {
	byText := map[string][][]int{}
	for _, d := range docs {
		var tags [][]int
		for _, s := range project(d.Gold, d.toks) {
			t := make([]int, len(s.tags))
			for k, v := range s.tags {
				if v > 0 {
					t[k] = v
				}
			}
			tags = append(tags, t)
		}
		byText[d.text.Text] = tags
	}
	return extract.FixedTagger(nil, func(doc *extract.Document, si int) []int {
		if ts := byText[doc.Text]; si < len(ts) {
			return ts[si]
		}
		return nil
	})
}

// closest marks the instances nearest in sentences: those at distance 0
// if any, else 1, else all.
func closest(insts [][]string) []bool {
	dist := make([]int, len(insts))
	best := 99
	for k, in := range insts {
		dist[k] = 99
		for _, f := range in {
			if v, ok := strings.CutPrefix(f, "dist="); ok || strings.HasPrefix(f, "bdist=") {
				if !ok {
					v = strings.TrimPrefix(f, "bdist=")
				}
				switch v {
				case "0":
					dist[k] = 0
				case "-1", "+1":
					dist[k] = 1
				default:
					dist[k] = 2
				}
			}
		}
		if dist[k] < best {
			best = dist[k]
		}
	}
	out := make([]bool, len(insts))
	for k := range insts {
		out[k] = dist[k] == best || best >= 2
	}
	return out
}

// writeFile writes a model file through write, gzip-compressed when the
// name ends in .gz (with no name or time in the header, so that the same
// model gives the same bytes).
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	var w io.Writer = f
	var zw *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		zw, _ = gzip.NewWriterLevel(f, gzip.BestCompression)
		w = zw
	}
	if err := write(w); err != nil {
		f.Close()
		return err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
