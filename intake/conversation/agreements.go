package conversation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
)

// Step 5: the clarified question, shown large so the resident can read and
// confirm it.
func clarifiedStep() *Step {
	q := textField("clarified.question", KindLongText, intake.T("Mijn vraag is", "My question is"),
		intake.T("Schrijf de vraag samen op, in de woorden van de bewoner.", "Write the question down together, in the resident's words."),
		intake.MaxText, func(a At) *string { return &a.D.Intake.ClarifiedQuestion })
	q.Personal = true
	q.Path = path("clarified_question")
	return &Step{
		ID:    intake.StepClarified,
		Title: intake.StepClarified.Text(),
		Intro: intake.T("Schrijf de vraag samen op, in de woorden van de bewoner. Lees hem daarna samen. Klopt hij?",
			"Write the question down together, in the resident's words. Then read it together. Is it right?"),
		Fields:   []*Field{q},
		Resident: true,
	}
}

// Step 6: agreements (who does what by when), referrals, the next
// appointment, and every deadline from the letters.
func agreementsStep() *Step {
	return &Step{
		ID:    intake.StepAgreements,
		Title: intake.StepAgreements.Text(),
		Intro: intake.T("Wie doet wat, en wanneer? Spreek ook af of u de bewoner doorverwijst, en wanneer u elkaar weer ziet.",
			"Who does what, and when? Also agree on any referral, and when you meet again."),
		Fields: []*Field{agreementsField(), referralsField(), appointmentWhen(), appointmentWhere(), appointmentNote(), deadlinesField()},
	}
}

// listOf builds the list plumbing for a slice in the intake: count, add (up
// to intake.MaxItems), remove with a confirmation that names the item.
func listOf[T any](key string, label, item intake.Text, p func(At) *[]T, title func(At, int, T) intake.Text, content func(T) string, fresh func(At) T, fields ...*Field) *Field {
	return &Field{Key: key, Kind: KindList, Label: label, Personal: true,
		List: &List{
			Item:  item,
			Count: func(a At) int { return len(*p(a)) },
			Title: func(a At, i int) intake.Text { return title(a, i, (*p(a))[i]) },
			Add: func(a At) (int, error) {
				if len(*p(a)) >= intake.MaxItems {
					return 0, inputErr(tooMany())
				}
				*p(a) = append(*p(a), fresh(a))
				return len(*p(a)) - 1, nil
			},
			Remove: func(a At, i int) error {
				if i >= 0 && i < len(*p(a)) {
					*p(a) = slices.Delete(*p(a), i, i+1)
				}
				return nil
			},
			RemoveConfirm: func(a At, i int) Confirmation {
				t := title(a, i, (*p(a))[i])
				return Confirmation{
					Question: intake.T(t.NL+" wordt gewist. Weet u het zeker?", t.EN+" will be erased. Are you sure?"),
					Removes:  itemContent(content((*p(a))[i])),
				}
			},
			Fields: fields,
		},
	}
}

// item returns element a.Last() of the slice, or a throwaway zero value
// when the index is out of range (reading never adds).
func item[T any](a At, s []T) *T {
	i := a.Last()
	if i < 0 || i >= len(s) {
		var zero T
		return &zero
	}
	return &s[i]
}

func itemPath(list string, sub string) func(At) string {
	return func(a At) string { return fmt.Sprintf("%s[%d].%s", list, a.Last(), sub) }
}

// PartyOptions are who can do something in an agreement.
func PartyOptions(At) []Option {
	return []Option{
		{string(intake.PartyResident), intake.T("De bewoner", "The resident")},
		{string(intake.PartySupporter), intake.T("De cliëntondersteuner", "The client supporter")},
		{string(intake.PartyKompaan), intake.T("De kompaan", "The kompaan")},
		{string(intake.PartyNetwork), intake.T("Iemand uit het netwerk", "Someone from the network")},
		{string(intake.PartyAgency), intake.T("Een instantie", "An agency")},
	}
}

func agreementsField() *Field {
	ag := func(a At) *intake.Agreement { return item(a, a.D.Intake.Agreements) }
	what := textField("agreements.what", KindText, intake.T("Wat", "What"),
		intake.T("Wat gaat er gebeuren, in een zin.", "What will happen, in one sentence."),
		intake.MaxLine, func(a At) *string { return &ag(a).What })
	what.Path = itemPath("agreements", "what")
	who := choiceField("agreements.who", intake.T("Wie doet het", "Who does it"), intake.Text{},
		PartyOptions, func(a At) *intake.Party { return &ag(a).Who })
	who.Path = itemPath("agreements", "who")
	agency := choiceField("agreements.agency", intake.T("Welke instantie", "Which agency"), intake.Text{},
		func(a At) []Option { return withNone(agencyOptions(a)) }, func(a At) *intake.AgencyCode { return &ag(a).Agency })
	agency.Shown = func(a At) bool { return ag(a).Who == intake.PartyAgency }
	agency.Path = itemPath("agreements", "agency")
	whoSet := who.Set
	who.Set = func(a At, v Value) error {
		err := whoSet(a, v)
		if err == nil && ag(a).Who != intake.PartyAgency {
			ag(a).Agency = ""
		}
		return err
	}
	by := dateField("agreements.by", intake.T("Vóór", "By"), intake.T("Wanneer moet het klaar zijn?", "When must it be done?"),
		func(a At) *intake.Date { return &ag(a).By })
	by.Path = itemPath("agreements", "by")
	done, doneOn := agreementDone("agreements")
	return listOf("agreements", intake.T("Afspraken", "Agreements"), intake.T("afspraak", "agreement"),
		func(a At) *[]intake.Agreement { return &a.D.Intake.Agreements },
		AgreementTitle,
		func(x intake.Agreement) string { return x.What },
		func(At) intake.Agreement { return intake.Agreement{Who: intake.PartyResident} },
		what, who, agency, by, done, doneOn)
}

// AgreementTitle names agreement i: "Afspraak 2: UWV bellen (klaar)".
func AgreementTitle(_ At, i int, x intake.Agreement) intake.Text {
	t := intake.T(fmt.Sprintf("Afspraak %d", i+1), fmt.Sprintf("Agreement %d", i+1)).Join(": ", x.What)
	switch {
	case x.Done:
		return intake.T(t.NL+" (klaar)", t.EN+" (done)")
	case !x.By.IsZero():
		return intake.T(t.NL+" (vóór "+FormatDate(x.By)+")", t.EN+" (by "+FormatDate(x.By)+")")
	}
	return t
}

func agreementAt(a At) *intake.Agreement { return item(a, a.D.Intake.Agreements) }

// agreementDone is the tick of an agreement and the day it was ticked
// off, which the tick fills in with today and clears when it is taken
// away. The agreements step and the follow-up both show them (prefix
// keeps their keys apart).
func agreementDone(prefix string) (done, on *Field) {
	done = yesNoField(prefix+".done", intake.T("Gedaan", "Done"),
		intake.T("Is het gedaan? Dan komt de datum van vandaag erbij.", "Is it done? Then today's date is added."),
		func(a At) *bool { return &agreementAt(a).Done })
	done.Path = itemPath("agreements", "done")
	done.Set = func(a At, v Value) error {
		ag := agreementAt(a)
		ag.Done = v.Yes
		switch {
		case !v.Yes:
			ag.DoneOn = intake.Date{}
		case ag.DoneOn.IsZero():
			ag.DoneOn = a.C.Today()
		}
		return nil
	}
	on = dateField(prefix+".done_on", intake.T("Gedaan op", "Done on"), intake.T("Op welke dag was het klaar?", "On which day was it done?"),
		func(a At) *intake.Date { return &agreementAt(a).DoneOn })
	on.Shown = func(a At) bool { return agreementAt(a).Done }
	on.Path = itemPath("agreements", "done_on")
	return done, on
}

// followUpAgreements are the agreements of the conversation as the
// follow-up shows them, to tick off or move to another day: not added or
// removed here (that is the agreements step's).
func followUpAgreements() *Field {
	by := dateField("followup.agreement.by", intake.T("Vóór", "By"),
		intake.T("Een andere dag? Typ de nieuwe datum.", "Another day? Type the new date."),
		func(a At) *intake.Date { return &agreementAt(a).By })
	by.Path = itemPath("agreements", "by")
	done, on := agreementDone("followup.agreement")
	f := listOf("followup.agreements", intake.T("Afspraken", "Agreements"), intake.T("afspraak", "agreement"),
		func(a At) *[]intake.Agreement { return &a.D.Intake.Agreements },
		AgreementTitle,
		func(x intake.Agreement) string { return x.What },
		func(At) intake.Agreement { return intake.Agreement{} },
		done, on, by)
	f.List.Add, f.List.Remove, f.List.RemoveConfirm = nil, nil, nil
	return f
}

// OpenAgreements lists the agreements not done yet, the earliest due
// first, as lines: "UWV bellen — u, vóór 4-12-2026 (nog 7 dagen)".
func OpenAgreements(a At) []intake.Text {
	var out []intake.Text
	for _, x := range a.D.Intake.Agreements {
		if x.Done {
			continue
		}
		who := OptionLabel(PartyOptions(a), string(x.Who), "nl")
		whoEN := OptionLabel(PartyOptions(a), string(x.Who), "en")
		if x.Who == intake.PartyAgency && x.Agency != "" {
			n := a.C.Cat.AgencyName(x.Agency)
			who, whoEN = n.NL, n.EN
		}
		nl, en := x.What+" — "+strings.ToLower(who), x.What+" — "+strings.ToLower(whoEN)
		if !x.By.IsZero() {
			left := a.C.Today().DaysUntil(x.By)
			nl += ", vóór " + FormatDate(x.By) + " (" + daysLeft(left).NL + ")"
			en += ", by " + FormatDate(x.By) + " (" + daysLeft(left).EN + ")"
		}
		out = append(out, intake.T(nl, en))
	}
	if len(out) == 0 {
		return []intake.Text{intake.T("Geen open afspraken.", "No open agreements.")}
	}
	return out
}

// daysLeft says how many days are left, or that the day has passed.
func daysLeft(n int) intake.Text {
	switch {
	case n < -1:
		return intake.T(fmt.Sprintf("%d dagen te laat", -n), fmt.Sprintf("%d days late", -n))
	case n == -1:
		return intake.T("1 dag te laat", "1 day late")
	case n == 0:
		return intake.T("vandaag", "today")
	case n == 1:
		return intake.T("nog 1 dag", "1 day left")
	}
	return intake.T(fmt.Sprintf("nog %d dagen", n), fmt.Sprintf("%d days left", n))
}

func referralsField() *Field {
	rf := func(a At) *intake.Referral { return item(a, a.D.Intake.Referrals) }
	agency := choiceField("referrals.agency", intake.T("Naar", "To"), intake.T("Naar welke instantie?", "To which agency?"),
		func(a At) []Option { return withNone(agencyOptions(a)) }, func(a At) *intake.AgencyCode { return &rf(a).Agency })
	agency.Path = itemPath("referrals", "agency")
	org := choiceField("referrals.organisation", intake.T("Organisatie", "Organisation"),
		intake.T("Een organisatie uit de sociale kaart van de gemeente.", "An organisation from the municipality's social map."),
		func(a At) []Option {
			var out []Option
			for _, o := range a.C.Cat.Organisations {
				out = append(out, Option{string(o.Code), o.Name})
			}
			return withNone(out)
		}, func(a At) *intake.OrganisationCode { return &rf(a).Organisation })
	org.Shown = func(a At) bool { return len(a.C.Cat.Organisations) > 0 || rf(a).Organisation != "" }
	org.Path = itemPath("referrals", "organisation")
	domain := choiceField("referrals.domain", intake.T("Leefgebied", "Life domain"), intake.Text{},
		domainOptions, func(a At) *intake.DomainCode { return &rf(a).Domain })
	domain.Path = itemPath("referrals", "domain")
	reason := textField("referrals.reason", KindText, intake.T("Waarom", "Why"),
		intake.T("Waarvoor gaat de bewoner daarheen?", "What does the resident go there for?"),
		intake.MaxLine, func(a At) *string { return &rf(a).Reason })
	reason.Path = itemPath("referrals", "reason")
	warm := yesNoField("referrals.warm", intake.T("Samen eerste contact", "First contact together"),
		intake.T("Maakt u het eerste contact samen met de bewoner?", "Do you make the first contact together with the resident?"),
		func(a At) *bool { return &rf(a).Warm })
	on := dateField("referrals.on", intake.T("Datum", "Date"), intake.T("Wanneer is de bewoner verwezen?", "When was the resident referred?"),
		func(a At) *intake.Date { return &rf(a).On })
	on.Path = itemPath("referrals", "on")
	state := choiceField("referrals.state", intake.T("Uitkomst", "Outcome"),
		intake.T(fmt.Sprintf("Wat gebeurde er? Staat hij na %d dagen nog op verstuurd, dan vraagt de agenda ernaar.", intake.ReferralWaitDays),
			fmt.Sprintf("What happened? Still sent after %d days, then the agenda asks about it.", intake.ReferralWaitDays)),
		ReferralStateOptions, func(a At) *intake.ReferralState { return &rf(a).State })
	state.Path = itemPath("referrals", "state")
	state.Get = func(a At) Value { return Value{Text: string(rf(a).State.Outcome())} } // "" is an old referral: sent
	stateSet := state.Set
	state.Set = func(a At, v Value) error {
		was := rf(a).State.Outcome()
		if err := stateSet(a, v); err != nil {
			return err
		}
		r := rf(a)
		if r.State.Outcome() != was {
			r.StateOn = a.C.Today()
		}
		if r.State != intake.ReferralRefused {
			r.Why = ""
		}
		return nil
	}
	state.Confirm = func(a At, v Value) *Confirmation {
		r := rf(a)
		if r.Why == "" || intake.ReferralState(v.Text) == intake.ReferralRefused {
			return nil
		}
		return &Confirmation{
			Question: intake.T("De reden van de weigering wordt gewist. Weet u het zeker?", "The reason for the refusal will be erased. Are you sure?"),
			Removes:  itemContent(r.Why),
		}
	}
	stateOn := dateField("referrals.state_on", intake.T("Sinds", "Since"), intake.T("Sinds wanneer is dit de uitkomst?", "Since when is this the outcome?"),
		func(a At) *intake.Date { return &rf(a).StateOn })
	stateOn.Path = itemPath("referrals", "state_on")
	why := textField("referrals.why", KindText, intake.T("Waarom geweigerd", "Why refused"),
		intake.T("Wat zei de instantie? Bijvoorbeeld: wachtlijst.", "What did the agency say? For example: waiting list."),
		intake.MaxLine, func(a At) *string { return &rf(a).Why })
	why.Shown = func(a At) bool { return rf(a).State == intake.ReferralRefused }
	why.Path = itemPath("referrals", "why")
	return listOf("referrals", intake.T("Doorverwijzingen", "Referrals"), intake.T("doorverwijzing", "referral"),
		func(a At) *[]intake.Referral { return &a.D.Intake.Referrals },
		ReferralTitle,
		func(x intake.Referral) string { return x.Reason },
		func(a At) intake.Referral {
			return intake.Referral{On: a.C.Today(), State: intake.ReferralSent, StateOn: a.C.Today()}
		},
		agency, org, domain, reason, warm, on, state, stateOn, why)
}

// ReferralTitle names referral i: "Doorverwijzing 1: GGZ (geweigerd)".
func ReferralTitle(a At, i int, x intake.Referral) intake.Text {
	t := intake.T(fmt.Sprintf("Doorverwijzing %d", i+1), fmt.Sprintf("Referral %d", i+1))
	var n intake.Text
	if x.Agency != "" {
		n = a.C.Cat.AgencyName(x.Agency)
	} else if o, ok := a.C.Cat.Organisation(x.Organisation); ok && x.Organisation != "" {
		n = o.Name
	}
	if !n.IsZero() {
		t = intake.T(t.NL+": "+n.NL, t.EN+": "+n.EN)
	}
	st := x.State.Text()
	return intake.T(t.NL+" ("+strings.ToLower(st.NL)+")", t.EN+" ("+strings.ToLower(st.EN)+")")
}

// ReferralStateOptions are the outcomes of a referral, in the order a
// referral goes through them.
func ReferralStateOptions(At) []Option {
	var out []Option
	for _, s := range intake.ReferralStates() {
		out = append(out, Option{string(s), s.Text()})
	}
	return out
}

func appointmentWhen() *Field {
	appt := func(a At) *intake.Appointment { return &a.D.Intake.NextAppointment }
	f := &Field{Key: "appointment.at", Kind: KindDateTime, Label: intake.T("Volgende afspraak", "Next appointment"),
		Help:     intake.T("Dag en tijd, zo: 4-12-2026 10:00.", "Day and time, like this: 4-12-2026 10:00."),
		Limit:    len(DateLayout) + 8,
		Personal: true,
		Path:     path("next_appointment.at"),
		Get:      func(a At) Value { return Value{Text: FormatDateTime(appt(a).At)} },
		Set: func(a At, v Value) error {
			t, err := ReadDateTime(v.Text, a.C.now().Location())
			if err != nil {
				return err
			}
			appt(a).At = t
			return nil
		},
	}
	return f
}

func appointmentWhere() *Field {
	f := choiceField("appointment.where", intake.T("Waar", "Where"), intake.Text{}, locationOptions,
		func(a At) *intake.LocationCode { return &a.D.Intake.NextAppointment.Where })
	f.Personal = true
	f.Path = path("next_appointment.where")
	return f
}

func appointmentNote() *Field {
	f := textField("appointment.note", KindText, intake.T("Meenemen of weten", "To bring or know"),
		intake.T("Bijvoorbeeld: de brief van de gemeente meenemen.", "For example: bring the letter from the municipality."),
		intake.MaxLine, func(a At) *string { return &a.D.Intake.NextAppointment.Note })
	f.Personal = true
	f.Path = path("next_appointment.note")
	return f
}

// deadlinesField lists every deadline from the letters, earliest first.
func deadlinesField() *Field {
	return &Field{Key: "agreements.deadlines", Kind: KindInfo, Label: intake.T("Termijnen uit brieven", "Deadlines from letters"),
		Info: func(a At) []intake.Text {
			ds := a.D.Intake.Deadlines()
			late := a.D.Intake.LateDecisions(a.C.Today())
			if len(ds) == 0 && len(late) == 0 {
				return []intake.Text{intake.T("Geen termijnen.", "No deadlines.")}
			}
			out := make([]intake.Text, 0, len(ds)+len(late))
			for _, d := range ds {
				out = append(out, DeadlineLine(d, a.C.Today()))
			}
			for _, ld := range late {
				out = append(out, LateLine(ld, a.C.Today()))
			}
			return out
		},
	}
}
