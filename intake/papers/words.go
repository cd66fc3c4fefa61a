package papers

import "github.com/spreekuur/spreekuur/intake"

// Plain words for the coded values of the model, for the readable access
// export.

func letterKindText(k intake.LetterKind) intake.Text {
	switch k {
	case intake.LetterWmoReport:
		return intake.T("melding bij de gemeente (Wmo)", "report to the municipality (Wmo)")
	case intake.LetterApplication:
		return intake.T("aanvraag", "application")
	case intake.LetterDecision:
		return intake.T("besluit", "decision")
	case intake.LetterDemand:
		return intake.T("rekening of aanmaning", "bill or reminder")
	case intake.LetterOther:
		return intake.T("andere post", "other mail")
	}
	return intake.T(string(k), string(k))
}

func contactKindText(k intake.ContactKind) intake.Text {
	switch k {
	case intake.ContactInPerson:
		return intake.T("gesprek", "in person")
	case intake.ContactPhone:
		return intake.T("telefoon", "phone")
	case intake.ContactHomeVisit:
		return intake.T("huisbezoek", "home visit")
	case intake.ContactMessage:
		return intake.T("bericht", "message")
	case intake.ContactTogether:
		return intake.T("samen naar een instantie", "went to an agency together")
	}
	return intake.T(string(k), string(k))
}

func partyWords(p intake.Party) intake.Text {
	switch p {
	case intake.PartyResident:
		return intake.T("u", "you")
	case intake.PartySupporter:
		return intake.T("de cliëntondersteuner", "the client supporter")
	case intake.PartyKompaan:
		return intake.T("de kompaan", "the kompaan")
	case intake.PartyNetwork:
		return intake.T("iemand uit uw omgeving", "someone close to you")
	case intake.PartyAgency:
		return intake.T("een instantie", "an agency")
	}
	return intake.T("nog niet afgesproken wie", "who: not agreed yet")
}

func roleWords(r intake.Role) intake.Text {
	switch r {
	case intake.RoleSupporter:
		return intake.T("cliëntondersteuner", "client supporter")
	case intake.RoleKompaan:
		return intake.T("kompaan", "kompaan")
	}
	return intake.T(string(r), string(r))
}
