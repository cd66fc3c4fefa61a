// Package session is what the app does on an open vault, without any
// screen: unlocking, listing what the user may see, editing a conversation
// (every change saved at once), consent withdrawal, deleting a resident,
// the kompaan access rule and the notes rule, resolving short IDs, and the
// one list of errors a person can cause with their plain sentences. The
// terminal app, the line-by-line mode and the command line all go through
// it (docs/ARCHITECTURE.md), so a rule is written once.
//
// The rules, as the app applies them:
//
//   - Kompaan access: a kompaan sees and opens only the conversations they
//     took part in — named as the kompaan who was present (chosen from the
//     vault's users, so the name is exact), or the author of a note — and
//     can start new ones. Supporters see everything.
//   - Notes are shared with everyone who may open the conversation
//     (supporters, and the kompaan who took part). They never appear on the
//     resident's screen or papers. Each note names its author and role, and
//     only its author can change or remove it.
//   - Without consent to keep notes, only coded fields of an intake are
//     stored: an anonymous contact that can still be counted. Withdrawing
//     consent erases every personal field at once (after a confirmation that
//     names what goes) and deletes the resident record, unless another of
//     their conversations still holds consent.
package session
