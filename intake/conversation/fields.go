package conversation

import (
	"slices"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
)

// Builders for the common kinds of field. Each takes a function that finds
// the value in the draft (a pointer into it), so a step file says what a
// field is and where it lives, and nothing about how it is typed.

var msgUnknownChoice = intake.T("Deze keuze kennen we niet. Kies uit de lijst.", "We do not know this choice. Choose from the list.")

// textField is one line (KindText) or several (KindLongText) of text.
func textField(key string, kind Kind, label, help intake.Text, limit int, p func(At) *string) *Field {
	return &Field{Key: key, Kind: kind, Label: label, Help: help, Limit: limit,
		Get: func(a At) Value { return Value{Text: *p(a)} },
		Set: func(a At, v Value) error {
			s, err := ReadText(strings.ReplaceAll(v.Text, "\r\n", "\n"), limit, kind == KindLongText)
			*p(a) = s
			return err
		},
	}
}

// dateField is a day typed as dd-mm-jjjj.
func dateField(key string, label, help intake.Text, p func(At) *intake.Date) *Field {
	return &Field{Key: key, Kind: KindDate, Label: label, Help: help, Limit: len(DateLayout) + 2,
		Get: func(a At) Value { return Value{Text: FormatDate(*p(a))} },
		Set: func(a At, v Value) error {
			d, err := ReadDate(v.Text)
			if err != nil {
				return err
			}
			*p(a) = d
			return nil
		},
	}
}

// choiceField is one code out of the options; "" is "not chosen" when the
// options offer it.
func choiceField[T ~string](key string, label, help intake.Text, options func(At) []Option, p func(At) *T) *Field {
	opts := func(a At) []Option { return keepUnknown(options(a), string(*p(a))) }
	return &Field{Key: key, Kind: KindChoice, Label: label, Help: help, Options: opts,
		Get: func(a At) Value { return Value{Text: string(*p(a))} },
		Set: func(a At, v Value) error {
			if !hasOption(opts(a), v.Text) {
				return inputErr(msgUnknownChoice)
			}
			*p(a) = T(v.Text)
			return nil
		},
	}
}

// multiField is any number of codes out of the options, kept in the
// options' order.
func multiField[T ~string](key string, label, help intake.Text, options func(At) []Option, p func(At) *[]T) *Field {
	opts := func(a At) []Option {
		o := options(a)
		for _, c := range *p(a) {
			o = keepUnknown(o, string(c))
		}
		return o
	}
	return &Field{Key: key, Kind: KindMulti, Label: label, Help: help, Options: opts,
		Get: func(a At) Value {
			out := make([]string, len(*p(a)))
			for i, c := range *p(a) {
				out[i] = string(c)
			}
			return Value{Codes: out}
		},
		Set: func(a At, v Value) error {
			o := opts(a)
			var out []T
			for _, opt := range o { // options' order, no duplicates
				if slices.Contains(v.Codes, opt.Code) {
					out = append(out, T(opt.Code))
				}
			}
			for _, c := range v.Codes {
				if !hasOption(o, c) {
					return inputErr(msgUnknownChoice)
				}
			}
			*p(a) = out
			return nil
		},
	}
}

// yesNoField is a yes/no question.
func yesNoField(key string, label, help intake.Text, p func(At) *bool) *Field {
	return &Field{Key: key, Kind: KindYesNo, Label: label, Help: help,
		Get: func(a At) Value { return Value{Yes: *p(a)} },
		Set: func(a At, v Value) error { *p(a) = v.Yes; return nil },
	}
}

func hasOption(opts []Option, code string) bool {
	for _, o := range opts {
		if o.Code == code {
			return true
		}
	}
	return false
}

// OptionLabel returns the label of code among opts, or code itself.
func OptionLabel(opts []Option, code string, lang string) string {
	for _, o := range opts {
		if o.Code == code {
			return o.Label.In(lang)
		}
	}
	return code
}

// withNone puts a "not chosen" option first.
func withNone(opts []Option) []Option { return append([]Option{{Code: "", Label: notChosen}}, opts...) }

// Options from the catalogue.

func locationOptions(a At) []Option {
	var out []Option
	for _, l := range a.C.Cat.Locations {
		out = append(out, Option{string(l.Code), l.Name})
	}
	return withNone(out)
}

func routeOptions(a At) []Option {
	var out []Option
	for _, r := range a.C.Cat.Routes {
		out = append(out, Option{string(r.Code), r.Name})
	}
	return withNone(out)
}

func targetGroupOptions(a At) []Option {
	var out []Option
	for _, g := range a.C.Cat.TargetGroups {
		out = append(out, Option{string(g.Code), g.Name})
	}
	return out
}

func agencyOptions(a At) []Option {
	var out []Option
	for _, g := range a.C.Cat.Agencies {
		out = append(out, Option{string(g.Code), g.Name})
	}
	return out
}

func domainOptions(a At) []Option {
	var out []Option
	for _, d := range a.C.Cat.Domains {
		out = append(out, Option{string(d.Code), d.Name})
	}
	return withNone(out)
}

// keepUnknown adds the current code when the options lack it (an intake
// imported from a laptop with its own codes), so showing a field never
// changes what it holds.
func keepUnknown(opts []Option, cur string) []Option {
	if cur == "" || hasOption(opts, cur) {
		return opts
	}
	return append(opts, Option{cur, intake.T(cur, cur)})
}
