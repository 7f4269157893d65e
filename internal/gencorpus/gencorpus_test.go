package gencorpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestDeterministicPrefix(t *testing.T) {
	g, err := New(7)
	if err != nil {
		t.Fatal(err)
	}
	var small, large bytes.Buffer
	if err := g.Write(&small, 20); err != nil {
		t.Fatal(err)
	}
	if err := g.Write(&large, 50); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(large.Bytes(), small.Bytes()) {
		t.Error("the first 20 of 50 articles differ from 20 articles")
	}
	g2, _ := New(8)
	if g2.Article(0).Text == g.Article(0).Text {
		t.Error("another seed gives the same article")
	}
	langs := map[string]int{}
	sc := bufio.NewScanner(&large)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		if a.ID == "" || a.Title == "" || a.Text == "" {
			t.Errorf("incomplete article %+v", a)
		}
		if _, err := time.Parse(time.RFC3339, a.Published); err != nil {
			t.Error(err)
		}
		langs[a.Lang]++
	}
	if langs["de"] == 0 || langs["en"] == 0 || len(langs) != 2 {
		t.Errorf("languages %v, want de and en", langs)
	}
}
