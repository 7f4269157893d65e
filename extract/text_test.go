package extract

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"two sentences", "Der Vertrag gilt. Er endet 2030.", []string{"Der Vertrag gilt.", "Er endet 2030."}},
		{"ordinal date", "Am 14. Februar 2026 trafen sie sich. Danach reisten sie ab.", []string{"Am 14. Februar 2026 trafen sie sich.", "Danach reisten sie ab."}},
		{"century", "Im 21. Jahrhundert zählt Tempo.", []string{"Im 21. Jahrhundert zählt Tempo."}},
		{"year ends sentence", "Das geschah Ende 2025. Dann kam 2026.", []string{"Das geschah Ende 2025.", "Dann kam 2026."}},
		{"initial", "Minister Narendra K. Patil kam. Er sprach.", []string{"Minister Narendra K. Patil kam.", "Er sprach."}},
		{"abbreviations", "Partner wie z.B. Dr. Maier und Prof. Roth kamen. Gut.", []string{"Partner wie z.B. Dr. Maier und Prof. Roth kamen.", "Gut."}},
		{"english abbreviations", "The U.S. and Mr. Smith agreed. Then they left.", []string{"The U.S. and Mr. Smith agreed.", "Then they left."}},
		{"quotes", "„Das ist gut.“ Sie nickte. \"Fine!\" He left.", []string{"„Das ist gut.“", "Sie nickte.", "\"Fine!\"", "He left."}},
		{"lines are sentences", "Headline without dot\nBody sentence one. Two.", []string{"Headline without dot", "Body sentence one.", "Two."}},
		{"lower-case after dot", "Er sagte etc. und ging.", []string{"Er sagte etc. und ging."}},
		{"question", "Was nun? Niemand weiß es.", []string{"Was nun?", "Niemand weiß es."}},
		{"empty", "  \n\n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tt.in) {
				got = append(got, s.Text)
				if tt.in[s.Start:s.End] != s.Text {
					t.Errorf("offsets %d-%d give %q, want %q", s.Start, s.End, tt.in[s.Start:s.End], s.Text)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"die deutsch-kanadische KI-Allianz", []string{"die", "deutsch-kanadische", "KI-Allianz"}},
		{"EU‑KI‑Verordnung (non-breaking)", []string{"EU‑KI‑Verordnung", "(", "non-breaking", ")"}},
		{"Canada's minister", []string{"Canada's", "minister"}},
		{"the U.S. plan", []string{"the", "U.S.", "plan"}},
		{"OZG 2.0 und 5G-Netze, 1,5 Mio.", []string{"OZG", "2.0", "und", "5G-Netze", ",", "1,5", "Mio", "."}},
		{"„Bund-ID“", []string{"„", "Bund-ID", "“"}},
		{"Ende.", []string{"Ende", "."}},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range Tokenize(tt.in, 0) {
			got = append(got, tok.Text)
			if tt.in[tok.Start:tok.End] != tok.Text {
				t.Errorf("%q: token %q has offsets %d-%d", tt.in, tok.Text, tok.Start, tok.End)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokenize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestFindDates(t *testing.T) {
	ref := time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want []string
	}{
		{"am 18. Februar berieten sie", []string{"2026-02-18"}},
		{"der Pakt vom 14. Februar 2026", []string{"2026-02-14"}},
		{"im Januar unterzeichnet", []string{"2026-01"}},
		{"im Dezember unterzeichnet", []string{"2025-12"}},
		{"im Dezember 2025 geschlossen", []string{"2025-12"}},
		{"17.02.2026 - 02:51:11", []string{"2026-02-17"}},
		{"on March 3, 2024 they met", []string{"2024-03-03"}},
		{"signed on 5 May 2023", []string{"2023-05-05"}},
		{"published 2025-11-30", []string{"2025-11-30"}},
		{"gestern unterzeichnet", []string{"2026-02-19"}},
		{"yesterday they signed", []string{"2026-02-19"}},
		{"last year", []string{"2025"}},
		{"am Montag", []string{"2026-02-16"}},
		{"Mai ist ein Wort, aber im Mai 2024 war es ein Monat", []string{"2024-05"}},
		{"seit 2017 in Kraft", []string{"2017"}},
		{"kein Datum hier", nil},
		{"31.02.2026 gibt es nicht", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range FindDates(tt.in, ref) {
			got = append(got, d.Value)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FindDates(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := FindDates("gestern", time.Time{}); len(got) != 0 {
		t.Errorf("relative date without reference resolved to %v", got)
	}
}

func TestFoldAndSlug(t *testing.T) {
	tests := []struct{ in, fold, slug string }{
		{"Münchner Sicherheits-Konferenz", "munchner sicherheits konferenz", "munchner-sicherheits-konferenz"},
		{"François-Philippe Champagne", "francois philippe champagne", "francois-philippe-champagne"},
		{"Straße", "strasse", "strasse"},
		{"<script>alert(1)</script>", "script alert 1 script", "script-alert-1-script"},
		{"OZG 2.0", "ozg 2.0", "ozg-2-0"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.fold {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.fold)
		}
		if got := Slug(tt.in); got != tt.slug {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.slug)
		}
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"Der Vertrag gilt. Er endet 2030.", "A. B. C.", "„x.“ y", "\n\n.", "14. Februar. 2. x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		prev := 0
		for _, sent := range Sentences(s) {
			if sent.Start < prev || sent.End > len(s) || sent.Start >= sent.End {
				t.Fatalf("bad sentence span %d-%d (prev end %d) in %q", sent.Start, sent.End, prev, s)
			}
			if !utf8.ValidString(s[sent.Start:sent.End]) || strings.TrimSpace(sent.Text) != sent.Text {
				t.Fatalf("sentence %q not trimmed or not on rune boundaries", sent.Text)
			}
			for _, tok := range sent.Tokens {
				if tok.Start < sent.Start || tok.End > sent.End || s[tok.Start:tok.End] != tok.Text {
					t.Fatalf("token %q outside its sentence", tok.Text)
				}
			}
			prev = sent.End
		}
	})
}
