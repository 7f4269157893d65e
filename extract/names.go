package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameForms adds to each reported entity the shorter forms of its names
// that the text uses for it too: a person's name without the role words
// and forms of address before it ("Bundeskanzler Olaf Scholz" is also
// "Olaf Scholz"), without a possessive ending ("Milei’s"), a name without
// an unclosed parenthesis ("Austrian Railways (OBB" is "Austrian Railways"
// and "OBB"), and an agreement's, event's or initiative's phrase up to its
// head noun ("Trauergottesdienst im Berliner Dom" is also the
// "Trauergottesdienst"). Every form is part of a name the text wrote.
func (x *run) nameForms(e *entity) {
	names := append([]string{e.Name}, e.Aliases...)
	for _, n := range names {
		for _, f := range x.forms(e.Type, n) {
			e.addAlias(f)
		}
	}
}

// nameFormsAll adds the shorter forms of their names to all entities.
func (x *run) nameFormsAll() {
	for _, e := range x.ents {
		if len(e.Mentions) > 0 {
			x.nameForms(e)
		}
	}
}

// forms returns the shorter forms of one name of an entity of type t.
func (x *run) forms(t Type, name string) []string {
	var out []string
	if s, ok := stripPossessive(name); ok {
		out = append(out, s)
		name = s
	}
	if i := strings.LastIndexByte(name, '('); i > 0 && !strings.Contains(name[i:], ")") {
		out = append(out, strings.TrimSpace(name[:i]))
		if inner := strings.TrimSpace(name[i+1:]); inner != "" {
			out = append(out, inner)
		}
		name = strings.TrimSpace(name[:i])
	}
	words := strings.Fields(name)
	switch t {
	case Person:
		// Drop role words, forms of address, state adjectives and
		// lower-case words before the name.
		// "Austrian Railways CEO Andreas Matte": what follows the last
		// role word is the name.
		k := 0
		for i := len(words) - 2; i >= 0; i-- {
			if x.roleOf(words[i]) {
				k = i + 1
				break
			}
		}
		for k < len(words)-1 {
			w := words[k]
			lw := strings.ToLower(w)
			if x.roleOf(w) || x.lx.titles[lw] || x.adjectiveOfState(lw) || x.lx.portfolio[lw] || startsLower(w) {
				k++
				continue
			}
			break
		}
		// Role words after the name: "Klaus Schwab Founder".
		j := len(words)
		for j > k+1 && (x.roleOf(words[j-1]) || startsLower(words[j-1])) {
			j--
		}
		if k > 0 || j < len(words) {
			out = append(out, strings.Join(words[k:j], " "))
			words = words[:j]
		}
		// The surname of a name of two or more capitalised words.
		if n := len(words) - k; n >= 2 && !startsLower(words[len(words)-2]) && !startsLower(words[len(words)-1]) {
			out = append(out, words[len(words)-1])
		}
	case Organization, Place, Country:
		// Two names joined: "University of Nottingham and NUH".
		for k := 1; k < len(words)-1; k++ {
			if w := strings.ToLower(words[k]); w == "and" || w == "und" || w == "&" {
				out = append(out, strings.Join(words[:k], " "), strings.Join(words[k+1:], " "))
				break
			}
		}
	case Agreement, Event, Initiative:
		// The phrase up to its head noun, and the head word.
		for k := 0; k < len(words); k++ {
			if h, _, _ := x.headOf(strings.Trim(words[k], "„“\"'’")); h != "" {
				if k+1 < len(words) {
					out = append(out, strings.Join(words[:k+1], " "))
				}
				if k > 0 {
					out = append(out, words[k])
				}
				break
			}
		}
	}
	return out
}

func startsLower(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}

// mergeSameNames makes one entity of entities of one type and the same
// name: the headline's "Städtepartnerschaft" and the body's "eine
// Städtepartnerschaft" are one partnership, and the evidence for a
// relation should not be split between two. Run before any relation.
func (x *run) mergeSameNames() {
	first := map[string]*entity{}
	into := map[*entity]*entity{}
	kept := x.ents[:0]
	for _, e := range x.ents {
		k := string(e.Type) + "/" + x.fold(e.Name)
		if f := first[k]; f != nil && len(e.Mentions) > 0 {
			into[e] = f
			f.Mentions = append(f.Mentions, e.Mentions...)
			for _, a := range e.Aliases {
				f.addAlias(a)
			}
			f.keep = f.keep || e.keep
			f.srcs |= e.srcs
			f.lexed = f.lexed || e.lexed
			if e.lastSeen > f.lastSeen {
				f.lastSeen = e.lastSeen
			}
			if f.Date == "" {
				f.Date = e.Date
			}
			continue
		}
		if len(e.Mentions) > 0 {
			first[k] = e
		}
		e.idx = len(kept)
		kept = append(kept, e)
	}
	if len(into) == 0 {
		return
	}
	x.ents = kept
	for k, e := range x.byKey {
		if f := into[e]; f != nil {
			x.byKey[k] = f
		}
	}
	for k, e := range x.people {
		if f := into[e]; f != nil {
			x.people[k] = f
		}
	}
	for k, e := range x.surnames {
		if f := into[e]; f != nil {
			x.surnames[k] = f
		}
	}
	for k, e := range x.aliases {
		if f := into[e]; f != nil {
			x.aliases[k] = f
		}
	}
	for _, ms := range x.mentions {
		for _, m := range ms {
			if f := into[m.ent]; f != nil {
				m.ent = f
			}
			if f := into[m.base]; f != nil {
				m.base = f
			}
			for i, r := range m.refs {
				if f := into[r]; f != nil {
					m.refs[i] = f
				}
			}
		}
	}
}
