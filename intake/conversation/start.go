package conversation

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
)

// Step 1: where we are, who is there, how the resident found us, and
// consent to keep notes. Without consent only coded fields are kept.
func startStep() *Step {
	in := func(a At) *intake.Intake { return &a.D.Intake }
	res := func(a At) *intake.Resident { return &a.D.Resident }

	location := choiceField("start.location", intake.T("Plaats", "Place"),
		intake.T("Waar is het spreekuur?", "Where is the consultation hour?"),
		locationOptions, func(a At) *intake.LocationCode { return &in(a).Location })
	supporter := textField("start.supporter", KindText, intake.T("Cliëntondersteuner", "Client supporter"),
		intake.T("Naam of initialen van de cliëntondersteuner.", "Name or initials of the client supporter."),
		intake.MaxName, func(a At) *string { return &in(a).Presence.Supporter })
	supporter.Path = path("presence.supporter")

	kompaan := yesNoField("start.kompaan", intake.T("Kompaan erbij", "Kompaan present"),
		intake.T("Was er een ervaringsdeskundige (kompaan) bij het gesprek?", "Did an experience expert (kompaan) join the conversation?"),
		func(a At) *bool { return &in(a).Presence.Kompaan })
	kompaan.Set = func(a At, v Value) error {
		in(a).Presence.Kompaan = v.Yes
		if !v.Yes {
			in(a).Presence.KompaanName = ""
		}
		return nil
	}
	kompaan.Confirm = func(a At, v Value) *Confirmation {
		if v.Yes {
			return nil
		}
		if q := kompaanLeaves(a); q != nil {
			return q
		}
		if name := in(a).Presence.KompaanName; name != "" {
			return &Confirmation{
				Question: intake.T("Wie de kompaan was, wordt gewist. Weet u het zeker?", "Who the kompaan was will be erased. Are you sure?"),
				Removes:  []intake.Text{quoted(intake.T("Kompaan", "Kompaan"), name)},
			}
		}
		return nil
	}
	kompaanName := choiceField("start.kompaan_name", intake.T("Welke kompaan", "Which kompaan"),
		intake.T("Kies de kompaan uit de gebruikers van deze laptop. Alleen die kompaan kan dit gesprek later openen.",
			"Choose the kompaan from the users of this laptop. Only that kompaan can open this conversation later."),
		kompaanOptions, func(a At) *string { return &in(a).Presence.KompaanName })
	kompaanName.Shown = func(a At) bool { return in(a).Presence.Kompaan }
	kompaanName.Path = path("presence.kompaan_name")
	kompaanName.Confirm = func(a At, v Value) *Confirmation {
		if strings.EqualFold(v.Text, in(a).Presence.KompaanName) {
			return nil
		}
		return kompaanLeaves(a)
	}

	network := yesNoField("start.network", intake.T("Iemand uit netwerk", "Someone from network"),
		intake.T("Was er iemand uit de eigen kring van de bewoner bij, zoals familie of een buur?",
			"Did someone from the resident's own circle join, such as family or a neighbour?"),
		func(a At) *bool { return &in(a).Presence.Network })
	network.Set = func(a At, v Value) error {
		in(a).Presence.Network = v.Yes
		if !v.Yes {
			in(a).Presence.NetworkRelation = ""
		}
		return nil
	}
	network.Confirm = func(a At, v Value) *Confirmation {
		if v.Yes || in(a).Presence.NetworkRelation == "" {
			return nil
		}
		return &Confirmation{
			Question: intake.T("Wat u schreef over wie er uit het netwerk bij was, wordt gewist. Weet u het zeker?",
				"What you wrote about who from the network was there will be erased. Are you sure?"),
			Removes: []intake.Text{quoted(intake.T("Wie dat is", "Who that is"), in(a).Presence.NetworkRelation)},
		}
	}
	relation := textField("start.network_relation", KindText, intake.T("Wie is dat?", "Who is that?"),
		intake.T("Bijvoorbeeld: zus, buurman, vriendin.", "For example: sister, neighbour, friend."),
		intake.MaxName, func(a At) *string { return &in(a).Presence.NetworkRelation })
	relation.Personal = true
	relation.Shown = func(a At) bool { return in(a).Presence.Network }
	relation.Path = path("presence.network_relation")

	route := choiceField("start.route", intake.T("Hoe bij ons gekomen", "How they found us"),
		intake.T("Hoe kwam de bewoner bij het spreekuur?", "How did the resident find the consultation hour?"),
		routeOptions, func(a At) *intake.RouteCode { return &in(a).Route })

	consent := &Field{Key: "start.consent", Kind: KindYesNo, Label: intake.T("Toestemming", "Consent"),
		Help: intake.T("Vindt u het goed dat wij opschrijven wat we bespreken? Zonder toestemming tellen we alleen dat er een gesprek was.",
			"Do you agree that we write down what we discuss? Without consent we only count that there was a conversation."),
		HelpFor: earlierConsent,
		Path:    path("consent"),
		Get:     func(a At) Value { return Value{Yes: in(a).Consent.Given} },
		Set: func(a At, v Value) error {
			if v.Yes == in(a).Consent.Given {
				return nil
			}
			now := a.C.now()
			if v.Yes {
				in(a).Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
				if e := a.D.Earlier; e != nil && e.Given {
					// A known resident: the purposes of last time are
					// offered again, to be read out and changed.
					for _, sc := range e.Scopes {
						if sc != intake.ScopeNotes && !in(a).Consent.Has(sc) {
							in(a).Consent.Scopes = append(in(a).Consent.Scopes, sc)
						}
					}
				}
				if a.D.Resident.ID != "" {
					in(a).ResidentID = a.D.Resident.ID
				}
				a.D.DropResident = ""
				return nil
			}
			drop := in(a).ResidentID
			if drop == "" {
				drop = a.D.Resident.ID
			}
			in(a).WithdrawConsent(now)
			a.D.Resident = intake.Resident{}
			a.D.ResidentChanged = false
			a.D.DropResident = drop
			return nil
		},
		Confirm: func(a At, v Value) *Confirmation {
			if v.Yes || !in(a).Consent.Given {
				return nil
			}
			removes := PersonalContent(a.D)
			if len(removes) == 0 {
				return nil // nothing written yet: nothing to lose
			}
			return &Confirmation{
				Question: intake.T("Alles wat we over u schreven wordt gewist. Alleen wordt nog geteld dat er een gesprek was. Weet u het zeker?",
					"Everything we wrote about you will be erased. We only still count that there was a conversation. Are you sure?"),
				Removes: removes,
			}
		},
	}
	scope := func(sc intake.ConsentScope, key string, label, help intake.Text) *Field {
		f := &Field{Key: key, Kind: KindYesNo, Label: label, Help: help, Path: path("consent.scopes"),
			Shown: func(a At) bool { return in(a).Consent.Given },
			Get:   func(a At) Value { return Value{Yes: in(a).Consent.Has(sc)} },
			Set: func(a At, v Value) error {
				var out []intake.ConsentScope
				for _, x := range in(a).Consent.Scopes {
					if x != sc {
						out = append(out, x)
					}
				}
				if v.Yes {
					out = append(out, sc)
				}
				in(a).Consent.Scopes = out
				if sc == intake.ScopeFollowUp && !v.Yes && res(a).Contact != "" {
					res(a).Contact = ""
					a.D.ResidentChanged = true
				}
				return nil
			},
		}
		return f
	}
	followUp := scope(intake.ScopeFollowUp, "start.scope_follow_up", intake.T("Later contact", "Contact later"),
		intake.T("Mogen wij later contact met u opnemen?", "May we contact you again later?"))
	followUp.Confirm = func(a At, v Value) *Confirmation {
		if v.Yes || res(a).Contact == "" {
			return nil
		}
		return &Confirmation{
			Question: intake.T("Het telefoonnummer of e-mailadres wordt gewist. Weet u het zeker?",
				"The phone number or e-mail address will be erased. Are you sure?"),
			Removes: []intake.Text{quoted(intake.T("Contact", "Contact"), res(a).Contact)},
		}
	}
	handover := scope(intake.ScopeHandover, "start.scope_handover", intake.T("Naar ons kantoor", "To our office"),
		intake.T("Mogen de aantekeningen versleuteld naar ons kantoor?", "May the notes go to our office, encrypted?"))
	referral := scope(intake.ScopeReferral, "start.scope_referral", intake.T("Delen bij verwijzing", "Share on referral"),
		intake.T("Mogen we het nodige delen met de instantie waar u heen gaat?", "May we share what is needed with the agency you go to?"))

	pseudonym := textField("start.pseudonym", KindText, intake.T("Naam of initialen", "Name or initials"),
		intake.T("Zoals de bewoner genoemd wil worden. Een schuilnaam mag ook.", "As the resident wants to be called. A made-up name is fine."),
		intake.MaxName, func(a At) *string { return &res(a).Pseudonym })
	residentField(pseudonym, "pseudonym")
	contact := textField("start.contact", KindText, intake.T("Telefoon of e-mail", "Phone or e-mail"),
		intake.T("Alleen als de bewoner wil dat we contact opnemen.", "Only if the resident wants us to get in touch."),
		intake.MaxContact, func(a At) *string { return &res(a).Contact })
	residentField(contact, "contact")
	contact.Shown = func(a At) bool { return in(a).Consent.Has(intake.ScopeFollowUp) }

	birth := &Field{Key: "start.birth_year", Kind: KindYear, Label: intake.T("Geboortejaar", "Year of birth"),
		Help:  intake.T("Vier cijfers, bijvoorbeeld 1975. Alleen voor de leeftijdsgroep in de cijfers.", "Four digits, for example 1975. Only for the age group in the figures."),
		Limit: 4,
		Get: func(a At) Value {
			if res(a).BirthYear == 0 {
				return Value{}
			}
			return Value{Text: strconv.Itoa(res(a).BirthYear)}
		},
		Set: func(a At, v Value) error {
			y, err := ReadYear(v.Text, a.C.Today())
			if err != nil {
				return err
			}
			res(a).BirthYear = y
			return nil
		},
	}
	residentField(birth, "birth_year")
	groups := multiField("start.target_groups", intake.T("Doelgroepen", "Target groups"),
		intake.T("Alleen wat de bewoner zelf wil noemen.", "Only what the resident wants to mention."),
		targetGroupOptions, func(a At) *[]intake.TargetGroupCode { return &res(a).TargetGroups })
	residentField(groups, "target_groups")

	return &Step{
		ID:    intake.StepStart,
		Title: intake.StepStart.Text(),
		Intro: intake.T("Waar zijn we, wie zijn er, en hoe kwam de bewoner bij ons? Vraag ook of we mogen opschrijven wat we bespreken.",
			"Where are we, who is here, and how did the resident find us? Also ask if we may write down what we discuss."),
		Fields: []*Field{location, supporter, kompaan, kompaanName, network, relation, route,
			consent, followUp, handover, referral, pseudonym, contact, birth, groups},
	}
}

// earlierConsent says what the resident allowed last time, for a new
// conversation with a known resident: the supporter asks again, and may
// read back what was given then.
func earlierConsent(a At) []intake.Text {
	e := a.D.Earlier
	if e == nil || a.D.Intake.Consent.Given {
		return nil
	}
	if !e.Given {
		return []intake.Text{intake.T("Vorige keer: geen toestemming. Vraag het opnieuw.", "Last time: no consent. Ask again.")}
	}
	var nl, en []string
	for _, sc := range intake.ConsentScopes() {
		if e.Has(sc) {
			nl, en = append(nl, strings.ToLower(sc.Text().NL)), append(en, strings.ToLower(sc.Text().EN))
		}
	}
	return []intake.Text{intake.T("Vorige keer mocht het voor: "+strings.Join(nl, ", ")+". Vraag het opnieuw: toestemming geldt per gesprek.",
		"Last time it was allowed for: "+strings.Join(en, ", ")+". Ask again: consent is given per conversation.")}
}

// residentField marks a field of the resident record: personal, and a
// change makes the resident to be written.
func residentField(f *Field, p string) {
	f.Personal = true
	f.Path = path(p)
	set := f.Set
	f.Set = func(a At, v Value) error {
		err := set(a, v)
		a.D.ResidentChanged = true
		return err
	}
}

// kompaanOptions are the vault's kompanen, plus the name the intake holds
// when it is not one of them (so showing the field changes nothing).
func kompaanOptions(a At) []Option {
	var out []Option
	for _, u := range a.C.Users {
		if u.Role == intake.RoleKompaan {
			out = append(out, Option{u.Name, intake.T(u.Name, u.Name)})
		}
	}
	return withNone(out)
}

// kompaanLeaves warns when a change takes away the recorded kompaan's
// access: they can no longer open the conversation.
func kompaanLeaves(a At) *Confirmation {
	name := a.D.Intake.Presence.KompaanName
	if !a.D.Intake.Presence.Kompaan || name == "" {
		return nil
	}
	if a.C.Role == intake.RoleKompaan && strings.EqualFold(name, a.C.User) && !tookPartByNote(a.D, a.C.User) {
		return &Confirmation{Question: intake.T(
			"U staat dan niet meer bij dit gesprek. Daarna kunt u het niet meer openen. Weet u het zeker?",
			"You are then no longer part of this conversation. After that you cannot open it again. Are you sure?")}
	}
	if isKompaanUser(a.C, name) && !tookPartByNote(a.D, name) {
		return &Confirmation{Question: intake.T(
			fmt.Sprintf("Kompaan %s kan dit gesprek daarna niet meer openen. Weet u het zeker?", name),
			fmt.Sprintf("Kompaan %s can then no longer open this conversation. Are you sure?", name))}
	}
	return nil
}

func isKompaanUser(c *Context, name string) bool {
	for _, u := range c.Users {
		if u.Role == intake.RoleKompaan && strings.EqualFold(u.Name, name) {
			return true
		}
	}
	return false
}

// tookPartByNote: the user wrote a note, so they keep access anyway.
func tookPartByNote(d *Draft, user string) bool {
	for _, n := range d.Intake.Notes {
		if strings.EqualFold(strings.TrimSpace(n.Author), strings.TrimSpace(user)) {
			return true
		}
	}
	return false
}

func path(p string) func(At) string { return func(At) string { return p } }

// quoted is "label: “value”" in both languages.
func quoted(label intake.Text, value string) intake.Text {
	return intake.T(label.NL+": “"+value+"”", label.EN+": “"+value+"”")
}

// count is "3 brieven" / "3 letters".
func count(n int, nlOne, nlMore, enOne, enMore string) intake.Text {
	if n == 1 {
		return intake.T("1 "+nlOne, "1 "+enOne)
	}
	return intake.T(fmt.Sprintf("%d %s", n, nlMore), fmt.Sprintf("%d %s", n, enMore))
}

// PersonalContent lists what withdrawing consent erases: every personal
// thing written, in plain words. Empty when nothing personal is written.
func PersonalContent(d *Draft) []intake.Text {
	in, r := &d.Intake, &d.Resident
	var out []intake.Text
	if r.Pseudonym != "" {
		out = append(out, quoted(intake.T("Naam", "Name"), r.Pseudonym))
	}
	if r.BirthYear != 0 {
		out = append(out, quoted(intake.T("Geboortejaar", "Year of birth"), strconv.Itoa(r.BirthYear)))
	}
	if r.Contact != "" {
		out = append(out, intake.T("Telefoon of e-mail", "Phone or e-mail"))
	}
	if len(r.TargetGroups) > 0 {
		out = append(out, intake.T("Doelgroepen", "Target groups"))
	}
	if in.Presence.NetworkRelation != "" {
		out = append(out, intake.T("Wie er uit het netwerk bij was", "Who from the network was there"))
	}
	if in.OwnWords != "" {
		out = append(out, intake.T("De vraag in eigen woorden", "The question in own words"))
	}
	if n := len(in.Clarifications); n > 0 {
		out = append(out, count(n, "leefgebied met uitleg", "leefgebieden met uitleg", "life domain with notes", "life domains with notes"))
	}
	letters := 0
	for _, cl := range in.Clarifications {
		letters += len(cl.Letters)
	}
	if letters > 0 {
		out = append(out, count(letters, "brief met termijnen", "brieven met termijnen", "letter with deadlines", "letters with deadlines"))
	}
	if in.ClarifiedQuestion != "" {
		out = append(out, intake.T("De vraag: “Mijn vraag is …”", "The question: “My question is …”"))
	}
	if n := len(in.Agreements); n > 0 {
		out = append(out, count(n, "afspraak", "afspraken", "agreement", "agreements"))
	}
	if n := len(in.Referrals); n > 0 {
		out = append(out, count(n, "doorverwijzing", "doorverwijzingen", "referral", "referrals"))
	}
	if !in.NextAppointment.IsZero() {
		out = append(out, intake.T("De volgende afspraak", "The next appointment"))
	}
	if n := len(in.Notes); n > 0 {
		out = append(out, count(n, "notitie", "notities", "note", "notes"))
	}
	notes := 0
	for _, ct := range in.Contacts {
		if ct.Note != "" {
			notes++
		}
	}
	if notes > 0 {
		out = append(out, count(notes, "verslag van een vervolgcontact", "verslagen van vervolgcontacten", "note of a follow-up contact", "notes of follow-up contacts"))
	}
	return out
}
