// Package form draws the conversation's fields (intake/conversation) in
// the terminal: one step's fields as rows of label and value, the values as
// huh fields (charm.land/huh/v2) bound to the editor through huh's
// Accessor, so every change is saved at once (session.Editor).
//
// Why a form of our own around huh's fields, not a huh.Form: huh hides
// only whole groups, and its stacked layout does not scroll; a step needs
// field-level show rules (the kompaan's name only when a kompaan was
// there), lists of sub-records (letters, agreements), a question before a
// change that erases something, refusals said next to the field, and a
// label column that fits 80×24. The life-domain scan is a grid of its own
// (scan.go): seventeen domains on one screen, which no huh field shows.
package form
