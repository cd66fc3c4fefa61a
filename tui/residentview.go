package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/spreekuur/spreekuur/intake"
)

// renderResident draws the resident view: calm, large and high-contrast,
// with only the clarified question and the agreements in plain words. The
// supporter's notes are never part of it. Screens without an intake show a
// short welcome instead, which also hides the list of other residents.
func renderResident(e *env, cur screen, w, h int) string {
	tx, th := e.tx, e.th
	textW := max(20, min(60, w-8))
	var blocks []string
	rc, ok := cur.(residentContent)
	var clarified string
	var agreements []string
	if ok {
		clarified, agreements, ok = rc.residentView()
	}
	para := func(st lipgloss.Style, s string) string {
		lines := strings.Split(lipgloss.Wrap(s, textW, ""), "\n")
		for i, l := range lines {
			lines[i] = st.Render(l)
		}
		return strings.Join(lines, "\n")
	}
	if !ok {
		blocks = append(blocks, para(th.ResTitle, tx.get(tResWelcomeTitle)), para(th.Resident, tx.get(tResWelcome)))
	} else {
		blocks = append(blocks, para(th.ResTitle, tx.get(tResQuestion)))
		if strings.TrimSpace(clarified) == "" {
			blocks = append(blocks, para(th.Resident, tx.get(tResNoQuestion)))
		} else {
			blocks = append(blocks, para(th.Resident.Bold(true), inert(clarified)))
		}
		if len(agreements) > 0 {
			blocks = append(blocks, para(th.ResTitle, tx.get(tResAgreements)))
			for _, a := range agreements {
				blocks = append(blocks, para(th.Resident, a))
			}
		}
	}
	// Wide spacing between blocks reads calmer; less when it does not fit.
	body := strings.Join(blocks, "\n\n\n")
	if lipgloss.Height(body) > h {
		body = strings.Join(blocks, "\n")
	}
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, body)
}

// agreementLine is one agreement in plain words: who, what, and by when.
func agreementLine(e *env, a intake.Agreement) string {
	who := e.tx.party(a.Who)
	if a.Who == intake.PartyAgency && a.Agency != "" {
		who = e.agencyName(a.Agency)
	}
	line := who + ": " + inert(a.What)
	if !a.By.IsZero() {
		line += " (" + fmt.Sprintf(e.tx.get(tByDate), a.By.Time().Format(e.tx.get(tDateLayout))) + ")"
	}
	return "• " + line
}
