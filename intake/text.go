package intake

import (
	"encoding/json"
	"errors"
	"strings"
)

// Languages the app speaks. Dutch is the default; English is the second language.
const (
	LangNL = "nl"
	LangEN = "en"
)

// NormLang maps any language tag to LangNL or LangEN ("en-GB" → "en";
// anything that is not English → "nl").
func NormLang(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if l == LangEN || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return LangEN
	}
	return LangNL
}

// Text is one text in Dutch and English.
//
// In JSON it is {"nl": "...", "en": "..."}. When decoding, a plain string
// is accepted too and used for both languages: local override files written
// by a municipality may give a proper name once.
type Text struct {
	NL string `json:"nl"`
	EN string `json:"en"`
}

// T builds a Text.
func T(nl, en string) Text { return Text{NL: nl, EN: en} }

// In returns the text in lang ("nl" or "en"), falling back to the other
// language when that one is empty.
func (t Text) In(lang string) string {
	if NormLang(lang) == LangEN {
		if t.EN != "" {
			return t.EN
		}
		return t.NL
	}
	if t.NL != "" {
		return t.NL
	}
	return t.EN
}

// IsZero reports whether both languages are empty.
func (t Text) IsZero() bool { return t.NL == "" && t.EN == "" }

// Complete reports whether both languages have a text that is not blank.
func (t Text) Complete() bool {
	return strings.TrimSpace(t.NL) != "" && strings.TrimSpace(t.EN) != ""
}

// UnmarshalJSON accepts {"nl": ..., "en": ...} or a plain string.
func (t *Text) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Text{NL: s, EN: s}
		return nil
	}
	if string(b) == "null" {
		return nil
	}
	type plain Text
	var p plain
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) || strings.HasPrefix(err.Error(), "json: unknown field ") {
			return err
		}
		return errors.New("a text must be a string or {\"nl\": \"...\", \"en\": \"...\"}")
	}
	*t = Text(p)
	return nil
}

// Join returns t with sep and s added in both languages; t itself when s
// is empty.
func (t Text) Join(sep, s string) Text {
	if s == "" {
		return t
	}
	return Text{NL: t.NL + sep + s, EN: t.EN + sep + s}
}
