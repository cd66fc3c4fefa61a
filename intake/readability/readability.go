// Package readability measures how easy a Dutch text is to read: the
// Flesch–Douma reading ease (Douma 1960, the Dutch adaptation of Flesch)
// and the mean sentence length in words. The resident-facing texts aim at
// B1: Flesch–Douma 65 or more and at most 12 words a sentence on average
// (docs/READABILITY.md).
//
// Counting follows the usual conventions, with a heuristic for syllables:
//   - a sentence ends at . ! or ? followed by a space or the end; a unit
//     (a heading, a list item, a paragraph) that has no such end is one
//     sentence;
//   - a word is a run of letters, digits, apostrophes and hyphens that
//     holds a letter and no digit: dates, numbers, IDs and article numbers
//     are not words (they are read as figures, not syllables);
//   - a syllable is a run of vowels (a e i o u y, with their accents); a
//     vowel with a diaeresis (ë ï ö ü) starts a new one, as in "cliënt"
//     or "ideeën". Dutch spelling writes a syllable's vowel sound as one
//     run ("eeuw", "ooi", "ui"), so this is right for almost every word;
//     loan words like "museum" are counted one short.
package readability

import (
	"strings"
	"unicode"
)

// Goals for resident-facing Dutch text (B1).
const (
	MinFleschDouma      = 65.0
	MaxWordsPerSentence = 12.0
)

// Stats are the counts of a text and the two figures made from them.
type Stats struct {
	Sentences int
	Words     int
	Syllables int
}

// Add sums two counts.
func (s Stats) Add(o Stats) Stats {
	return Stats{s.Sentences + o.Sentences, s.Words + o.Words, s.Syllables + o.Syllables}
}

// WordsPerSentence is the mean sentence length in words.
func (s Stats) WordsPerSentence() float64 {
	if s.Sentences == 0 {
		return 0
	}
	return float64(s.Words) / float64(s.Sentences)
}

// FleschDouma is 206.84 − 0.93 × words per sentence − 77 × syllables per
// word (higher is easier; 60–70 is plain, 70–80 fairly easy).
func (s Stats) FleschDouma() float64 {
	if s.Words == 0 || s.Sentences == 0 {
		return 0
	}
	return 206.84 - 0.93*s.WordsPerSentence() - 77*float64(s.Syllables)/float64(s.Words)
}

// Meets reports whether the text reaches both B1 goals.
func (s Stats) Meets() bool {
	return s.FleschDouma() >= MinFleschDouma && s.WordsPerSentence() <= MaxWordsPerSentence
}

// Measure counts the units of a text: each unit is a heading, a list item
// or a paragraph, and a unit always ends a sentence.
func Measure(units ...string) Stats {
	var out Stats
	for _, u := range units {
		out = out.Add(measureUnit(u))
	}
	return out
}

func measureUnit(u string) Stats {
	var s Stats
	open := false // words since the last sentence end
	for _, tok := range strings.Fields(u) {
		for _, w := range words(tok) {
			s.Words++
			s.Syllables += Syllables(w)
			open = true
		}
		if endsSentence(tok) && open {
			s.Sentences++
			open = false
		}
	}
	if open {
		s.Sentences++
	}
	return s
}

// endsSentence: a token ending in . ! or ?, perhaps followed by a closing
// quote or bracket.
func endsSentence(tok string) bool {
	tok = strings.TrimRight(tok, "\"'”’»)]")
	return strings.HasSuffix(tok, ".") || strings.HasSuffix(tok, "!") || strings.HasSuffix(tok, "?")
}

// words splits a whitespace-separated token into the words it holds
// ("mensen/instanties" is two), leaving out figures.
func words(tok string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(tok, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '-'
	}) {
		w = strings.Trim(w, "-'’")
		if w == "" || strings.IndexFunc(w, unicode.IsDigit) >= 0 || strings.IndexFunc(w, unicode.IsLetter) < 0 {
			continue
		}
		out = append(out, w)
	}
	return out
}

// Syllables counts the syllables of a Dutch word: its runs of vowels, a
// vowel with a diaeresis starting a new run; at least one.
func Syllables(w string) int {
	n, in := 0, false
	for _, r := range strings.ToLower(w) {
		switch {
		case strings.ContainsRune("ëïöüÿ", r):
			n++
			in = true
		case strings.ContainsRune("aeiouyáéíóúàèìòùâêîôû", r):
			if !in {
				n++
			}
			in = true
		default:
			in = false
		}
	}
	return max(1, n)
}
