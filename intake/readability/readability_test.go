package readability

import (
	"math"
	"testing"
)

func TestSyllables(t *testing.T) {
	tests := []struct {
		word string
		want int
	}{
		{"u", 1}, {"de", 1}, {"gemeente", 3}, {"cliëntondersteuner", 6}, {"ideeën", 3},
		{"nieuw", 1}, {"mooi", 1}, {"eeuw", 1}, {"blijven", 2}, {"huis", 1},
		{"coördinatie", 5}, {"geïnteresseerd", 5}, {"Wmo", 1}, {"brrr", 1},
		{"persoonlijk", 3}, {"ingebrekestelling", 6}, {"uitzoekt", 2},
	}
	for _, tt := range tests {
		if got := Syllables(tt.word); got != tt.want {
			t.Errorf("Syllables(%q) = %d, want %d", tt.word, got, tt.want)
		}
	}
}

func TestMeasure(t *testing.T) {
	tests := []struct {
		name  string
		units []string
		want  Stats
	}{
		{"two sentences", []string{"Dit papier is voor u. Neem het mee."}, Stats{2, 8, 9}},
		{"a heading without a full stop is a sentence", []string{"Uw vraag", "Wat is er?"}, Stats{2, 5, 5}},
		{"dates, numbers and IDs are not words", []string{"Op 27-11-2026 om 14:30, nummer 7f3a9c1e."}, Stats{1, 3, 4}},
		{"a slash splits words", []string{"ja/nee"}, Stats{1, 2, 2}},
		{"a dash between words is no word", []string{"bellen — u"}, Stats{1, 2, 3}},
		{"a question mark in quotes ends it", []string{"Zij vroeg: “Wat nu?” Ik wist het niet."}, Stats{2, 8, 8}},
		{"empty", []string{"", "  — "}, Stats{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Measure(tt.units...); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestFleschDouma: the formula, on counts worked out by hand.
func TestFleschDouma(t *testing.T) {
	s := Stats{Sentences: 2, Words: 20, Syllables: 30}
	want := 206.84 - 0.93*10 - 77*1.5
	if got := s.FleschDouma(); math.Abs(got-want) > 1e-9 {
		t.Errorf("got %.3f, want %.3f", got, want)
	}
	if !s.Meets() != (want < MinFleschDouma) {
		t.Errorf("Meets = %v at %.1f", s.Meets(), want)
	}
	if (Stats{}).FleschDouma() != 0 || (Stats{}).WordsPerSentence() != 0 {
		t.Error("an empty text has figures")
	}
	long := Stats{Sentences: 1, Words: 13, Syllables: 13}
	if long.Meets() {
		t.Errorf("13 words in one sentence meets the goal (%.1f)", long.FleschDouma())
	}
}
