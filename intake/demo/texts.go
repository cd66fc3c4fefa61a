package demo

import "github.com/spreekuur/spreekuur/intake"

// The texts below are made up for demonstration. They read like notes at
// an outreach consultation hour, in plain Dutch, but describe nobody.

// Suffix marks every demo pseudonym, so demo residents are never mistaken
// for real ones, also in a vault that holds both.
const Suffix = " (demo)"

var firstNames = []string{
	"Anouk", "Bram", "Cor", "Dewi", "Ekrem", "Femke", "Gerrit", "Hanna", "Ilse", "Jamal",
	"Karin", "Lotte", "Mehmet", "Nadia", "Olga", "Peter", "Rachid", "Sanne", "Tamara", "Ugo",
	"Vera", "Wim", "Yara", "Zeynep", "Marieke", "Kees", "Fatima", "Daan", "Noor", "Henk",
	"Esra", "Ruud", "Joke", "Samira", "Theo", "Ingrid", "Kofi", "Ria", "Bas", "Mirjam",
}

// surnameInitials are the first letters of made-up surnames.
var surnameInitials = []string{"A", "B", "D", "E", "G", "H", "J", "K", "L", "M", "O", "P", "R", "S", "T", "V", "W", "Y", "Z"}

var supporters = []string{"Anna", "Bart", "Yasmin", "Joost", "Lieke", "Omar"}

var kompanen = []string{"Ria", "Hakim", "Ellen", "Stefan"}

var networkRelations = []string{"zus", "broer", "buurman", "buurvrouw", "vriendin", "vriend", "dochter", "zoon", "moeder"}

// pattern is a cluster of life domains that often come together, with the
// words residents use for it.
type pattern struct {
	name      string
	weight    int
	domains   []intake.DomainCode // the first matters most
	qtypes    []intake.QuestionTypeCode
	groups    []intake.TargetGroupCode // target groups that fit
	locations []intake.LocationCode    // where such questions often come up
	ownWords  []string
	clarified []string
}

var patterns = []pattern{
	{
		name: "geld", weight: 22,
		domains:   []intake.DomainCode{"money", "income", "papers"},
		qtypes:    []intake.QuestionTypeCode{intake.QuestionOwnLife, intake.QuestionAccess},
		groups:    []intake.TargetGroupCode{"low_literacy", "parent", "chronic_illness"},
		locations: []intake.LocationCode{"food_bank", "community_centre", "library"},
		ownWords: []string{
			"Ik krijg steeds brieven over geld en ik snap ze niet. Ik durf ze niet meer open te maken.",
			"Ik kom elke maand geld tekort. Eind van de maand is er niets meer voor eten.",
			"Er kwam een deurwaarder aan de deur. Ik weet niet wat ik nu moet doen.",
			"Mijn toeslag is gestopt en nu moet ik geld terugbetalen.",
		},
		clarified: []string{
			"Mijn vraag is: wie helpt mij om mijn schulden op een rij te zetten?",
			"Mijn vraag is: hoe houd ik mijn post bij, zodat ik geen boetes meer krijg?",
			"Mijn vraag is: krijg ik alle toeslagen waar ik recht op heb?",
		},
	},
	{
		name: "wonen", weight: 14,
		domains:   []intake.DomainCode{"housing", "network", "money"},
		qtypes:    []intake.QuestionTypeCode{intake.QuestionAccess, intake.QuestionOwnLife},
		groups:    []intake.TargetGroupCode{"homeless", "young_adult"},
		locations: []intake.LocationCode{"shelter", "community_centre"},
		ownWords: []string{
			"Ik slaap nu bij een vriend op de bank, maar dat kan niet lang meer.",
			"Mijn huisbaas wil dat ik eruit ga. Ik heb nergens anders om heen te gaan.",
			"Ik zit al drie maanden in de opvang en ik wil weer een eigen plek.",
		},
		clarified: []string{
			"Mijn vraag is: waar kan ik wonen, en wie helpt mij met inschrijven?",
			"Mijn vraag is: hoe voorkom ik dat ik uit mijn huis moet?",
		},
	},
	{
		name: "psyche", weight: 12,
		domains:   []intake.DomainCode{"mental_health", "addiction", "self_care"},
		qtypes:    []intake.QuestionTypeCode{intake.QuestionOwnLife, intake.QuestionInUse},
		groups:    []intake.TargetGroupCode{"mental_vulnerability", "homeless"},
		locations: []intake.LocationCode{"shelter", "health_centre", "community_centre"},
		ownWords: []string{
			"Ik slaap slecht en ik drink te veel. Ik wil dat het stopt.",
			"Sinds ik alleen ben gaat het niet goed met me. Ik kom de deur bijna niet meer uit.",
			"Ik heb al een behandelaar, maar ik zie haar bijna nooit en ik word er niet beter van.",
		},
		clarified: []string{
			"Mijn vraag is: ik wil hulp voor hoe ik me voel, maar ik weet niet waar ik moet beginnen.",
			"Mijn vraag is: hoe krijg ik een behandeling die bij mij past?",
		},
	},
	{
		name: "gezin", weight: 10,
		domains:   []intake.DomainCode{"parenting", "school", "home_relations"},
		qtypes:    []intake.QuestionTypeCode{intake.QuestionAccess, intake.QuestionInUse},
		groups:    []intake.TargetGroupCode{"parent", "carer"},
		locations: []intake.LocationCode{"library", "community_centre", "home_visit"},
		ownWords: []string{
			"Mijn zoon gaat niet meer naar school en ik krijg brieven van leerplicht.",
			"Thuis is er veel ruzie en de kinderen merken het.",
			"Mijn dochter krijgt jeugdhulp, maar het helpt niet en niemand luistert naar mij.",
		},
		clarified: []string{
			"Mijn vraag is: wie helpt mij zodat mijn zoon weer naar school gaat?",
			"Mijn vraag is: hoe krijgen we thuis weer rust, voor de kinderen?",
		},
	},
	{
		name: "gezondheid", weight: 12,
		domains:   []intake.DomainCode{"physical_health", "self_care", "daytime"},
		qtypes:    []intake.QuestionTypeCode{intake.QuestionAccess, intake.QuestionInUse},
		groups:    []intake.TargetGroupCode{"older_person", "chronic_illness", "physical_disability", "sensory"},
		locations: []intake.LocationCode{"health_centre", "library", "home_visit", "phone"},
		ownWords: []string{
			"Ik kan de trap niet meer op en het huishouden lukt niet meer.",
			"Mijn zorgverzekering is gestopt en ik heb wel medicijnen nodig.",
			"Sinds mijn man er niet meer is, zit ik de hele dag alleen thuis.",
		},
		clarified: []string{
			"Mijn vraag is: hoe krijg ik hulp in huis, zodat ik thuis kan blijven wonen?",
			"Mijn vraag is: hoe regel ik weer een zorgverzekering?",
			"Mijn vraag is: waar kan ik overdag naartoe, zodat ik niet alleen ben?",
		},
	},
	{
		name: "werk", weight: 8,
		domains:   []intake.DomainCode{"work", "income", "participation"},
		qtypes:    []intake.QuestionTypeCode{intake.QuestionOwnLife, intake.QuestionInUse},
		groups:    []intake.TargetGroupCode{"young_adult", "newcomer", "intellectual_disability"},
		locations: []intake.LocationCode{"library", "office", "community_centre"},
		ownWords: []string{
			"Ik wil graag werken, maar met mijn gezondheid lukt het niet.",
			"De gemeente zegt dat ik moet werken, maar ik spreek nog niet goed Nederlands.",
			"Ik ben gestopt met school en ik weet niet wat ik nu moet doen.",
		},
		clarified: []string{
			"Mijn vraag is: welk werk past bij mij, en wie helpt mij het te vinden?",
			"Mijn vraag is: kan ik eerst Nederlands leren voordat ik moet werken?",
		},
	},
	{
		name: "papieren", weight: 12,
		domains:   []intake.DomainCode{"papers", "income", "participation"},
		qtypes:    []intake.QuestionTypeCode{intake.QuestionAccess, intake.QuestionOwnLife},
		groups:    []intake.TargetGroupCode{"newcomer", "low_literacy", "older_person"},
		locations: []intake.LocationCode{"library", "community_centre", "food_bank"},
		ownWords: []string{
			"Ik heb geen DigiD en ik moet iets invullen voor de gemeente.",
			"Ik snap de brieven van de Belastingdienst niet.",
			"Mijn ID-kaart is verlopen en nu kan ik niets regelen.",
		},
		clarified: []string{
			"Mijn vraag is: wie helpt mij met een DigiD en het formulier?",
			"Mijn vraag is: wat staat er in deze brieven, en wat moet ik doen?",
		},
	},
	{
		name: "veiligheid", weight: 4,
		domains:   []intake.DomainCode{"safety", "home_relations", "housing"},
		qtypes:    []intake.QuestionTypeCode{intake.QuestionOwnLife},
		groups:    []intake.TargetGroupCode{"parent", "mental_vulnerability"},
		locations: []intake.LocationCode{"health_centre", "library", "phone"},
		ownWords: []string{
			"Ik voel me thuis niet veilig.",
			"Mijn ex blijft langskomen en ik ben bang.",
		},
		clarified: []string{
			"Mijn vraag is: waar kan ik veilig zijn, met mijn kinderen?",
			"Mijn vraag is: wie helpt mij, zonder dat hij het merkt?",
		},
	},
	{
		name: "justitie", weight: 6,
		domains:   []intake.DomainCode{"justice", "money", "work"},
		qtypes:    []intake.QuestionTypeCode{intake.QuestionOwnLife, intake.QuestionAccess},
		groups:    []intake.TargetGroupCode{"young_adult", "homeless"},
		locations: []intake.LocationCode{"shelter", "office", "community_centre"},
		ownWords: []string{
			"Ik heb een boete van het CJIB en die wordt steeds hoger.",
			"Ik kom net uit de gevangenis en ik heb niets geregeld.",
		},
		clarified: []string{
			"Mijn vraag is: kan ik de boete in delen betalen?",
			"Mijn vraag is: hoe regel ik een uitkering en een plek om te slapen na mijn straf?",
		},
	},
}

// letterText is a letter a resident may bring for one domain.
type letterText struct {
	kind  intake.LetterKind
	from  intake.AgencyCode
	about string
}

// agreementText is a typical agreement in one domain.
type agreementText struct {
	who    intake.Party
	agency intake.AgencyCode
	what   string
}

// domainText are the clarification texts for one domain.
type domainText struct {
	happening []string
	tried     []string
	wouldHelp []string
	letters   []letterText
	agree     []agreementText
}

var domainTexts = map[intake.DomainCode]domainText{
	"money": {
		happening: []string{"Er liggen veel rekeningen die nog niet betaald zijn. Een deel is al bij een incassobureau.", "Na de huur en de energie blijft er bijna niets over voor eten."},
		tried:     []string{"Zelf gebeld met het incassobureau, maar de bewoner begreep niet wat ze zeiden.", "Een tijdje bij familie geleend."},
		wouldHelp: []string{"Iemand die samen de post doorneemt en een overzicht maakt.", "Een aanmelding bij de schuldhulp van de gemeente."},
		letters: []letterText{
			{intake.LetterDemand, "belastingdienst", "Aanmaning: bedrag betalen vóór de datum in de brief"},
			{intake.LetterDemand, "", "Brief van een incassobureau over een oude energierekening"},
		},
		agree: []agreementText{
			{intake.PartyResident, "", "Neemt alle brieven over geld mee naar het volgende gesprek"},
			{intake.PartySupporter, "", "Belt samen met de bewoner de schuldhulp voor een afspraak"},
			{intake.PartyAgency, "schuldhulp", "Schuldhulp maakt een overzicht van alle schulden"},
		},
	},
	"income": {
		happening: []string{"De bijstand is stopgezet omdat een formulier niet op tijd terug was.", "De bewoner krijgt geen huurtoeslag en geen zorgtoeslag."},
		tried:     []string{"Naar het loket geweest, maar daar moest het via de computer.", "Niets: de bewoner wist niet dat het kon."},
		wouldHelp: []string{"Samen de aanvraag voor toeslagen invullen.", "Bezwaar maken tegen het besluit, met hulp."},
		letters: []letterText{
			{intake.LetterDecision, "sociale_zaken", "Besluit: de bijstand stopt"},
			{intake.LetterDecision, "uwv", "Besluit over de hoogte van de uitkering"},
			{intake.LetterApplication, "svb", "Aanvraag AOW-aanvulling verstuurd"},
		},
		agree: []agreementText{
			{intake.PartySupporter, "", "Vult samen met de bewoner de aanvraag voor huurtoeslag in"},
			{intake.PartySupporter, "", "Schrijft samen met de bewoner een bezwaar"},
			{intake.PartyResident, "", "Zoekt de loonstroken van de laatste drie maanden op"},
		},
	},
	"work": {
		happening: []string{"De bewoner moet van de gemeente een traject volgen, maar kan door rugklachten niet lang staan.", "Geen werk sinds het uitzendbureau stopte."},
		tried:     []string{"Gesolliciteerd bij een supermarkt, zonder antwoord.", "Een gesprek gehad met de klantmanager."},
		wouldHelp: []string{"Een traject dat past bij de gezondheid.", "Eerst een taalcursus, dan werk zoeken."},
		agree: []agreementText{
			{intake.PartyAgency, "leerwerkloket", "Leerwerkloket nodigt de bewoner uit voor een gesprek"},
			{intake.PartySupporter, "", "Gaat mee naar het gesprek met de klantmanager"},
		},
	},
	"daytime": {
		happening: []string{"De dagen zijn lang en leeg. De bewoner kijkt vooral tv.", "Sinds het stoppen met werk is er geen ritme meer."},
		tried:     []string{"Eén keer naar het buurthuis geweest."},
		wouldHelp: []string{"Vrijwilligerswerk dicht bij huis.", "Dagbesteding een paar ochtenden per week."},
		agree: []agreementText{
			{intake.PartyKompaan, "", "Gaat samen met de bewoner kijken bij het buurthuis"},
			{intake.PartyAgency, "welzijn", "Welzijnswerk belt over vrijwilligerswerk"},
		},
	},
	"housing": {
		happening: []string{"Er is een huurachterstand van drie maanden. De woningcorporatie dreigt met ontruiming.", "De bewoner slaapt wisselend bij vrienden en in de nachtopvang."},
		tried:     []string{"Ingeschreven als woningzoekende, maar de wachttijd is jaren.", "Met de woningcorporatie gebeld over een regeling."},
		wouldHelp: []string{"Een betalingsregeling voor de huur.", "Een plek in de opvang en daarna begeleid wonen."},
		letters: []letterText{
			{intake.LetterDemand, "woningcorporatie", "Huurachterstand: laatste brief voor ontruiming"},
			{intake.LetterOther, "woningcorporatie", "Uitnodiging voor een gesprek over de huur"},
		},
		agree: []agreementText{
			{intake.PartySupporter, "", "Belt de woningcorporatie over een betalingsregeling"},
			{intake.PartyAgency, "opvang", "Opvang houdt een bed vrij tot het volgende gesprek"},
			{intake.PartyResident, "", "Verlengt de inschrijving als woningzoekende"},
		},
	},
	"home_relations": {
		happening: []string{"Er is vaak ruzie met de partner, vooral over geld.", "De bewoner zorgt alleen voor een zieke moeder en is moe."},
		tried:     []string{"Met een vriendin over gepraat."},
		wouldHelp: []string{"Een gesprek met het wijkteam, samen met de partner.", "Iemand die de zorg af en toe overneemt."},
		agree: []agreementText{
			{intake.PartyAgency, "wijkteam", "Wijkteam komt langs voor een gesprek thuis"},
			{intake.PartyNetwork, "", "Zus past één middag per week op moeder"},
		},
	},
	"parenting": {
		happening: []string{"De oudste zoon is vaak boos en luistert niet meer.", "Er loopt jeugdhulp, maar de hulpverlener wisselt steeds."},
		tried:     []string{"Met de juf gepraat.", "Een gesprek gehad bij het CJG."},
		wouldHelp: []string{"Vaste hulp bij het opvoeden.", "Een gesprek met de jeugdhulp, waarbij iemand meegaat."},
		letters: []letterText{
			{intake.LetterApplication, "wijkteam", "Aanvraag jeugdhulp ingediend"},
		},
		agree: []agreementText{
			{intake.PartySupporter, "", "Gaat mee naar het gesprek met de jeugdhulp"},
			{intake.PartyAgency, "cjg", "CJG belt voor een afspraak"},
		},
	},
	"school": {
		happening: []string{"De zoon gaat al weken niet naar school.", "De school wil extra hulp, maar de ouder snapt niet wat er moet gebeuren."},
		tried:     []string{"Gebeld met de mentor."},
		wouldHelp: []string{"Een gesprek op school waar iemand meegaat.", "Uitleg over wat leerplicht wil."},
		letters: []letterText{
			{intake.LetterOther, "leerplicht", "Uitnodiging voor een gesprek met de leerplichtambtenaar"},
		},
		agree: []agreementText{
			{intake.PartySupporter, "", "Gaat mee naar het gesprek op school"},
			{intake.PartyResident, "", "Belt de mentor voor een afspraak"},
		},
	},
	"mental_health": {
		happening: []string{"De bewoner slaapt slecht en piekert veel.", "Er is een behandeling bij de GGZ, maar de afspraken gaan vaak niet door."},
		tried:     []string{"Naar de huisarts geweest, die verwees door.", "Zelf een wachtlijst gevonden, maar die is lang."},
		wouldHelp: []string{"Een gesprek met de praktijkondersteuner bij de huisarts.", "Iemand die helpt de behandeling bij te houden."},
		agree: []agreementText{
			{intake.PartyResident, "", "Maakt een afspraak bij de huisarts"},
			{intake.PartyKompaan, "", "Belt volgende week even hoe het gaat"},
		},
	},
	"physical_health": {
		happening: []string{"De bewoner heeft veel pijn in de knieën en kan slecht lopen.", "De zorgverzekering is gestopt door een betalingsachterstand."},
		tried:     []string{"Een traplift gevraagd, maar nog niets gehoord."},
		wouldHelp: []string{"Een melding bij het Wmo-loket voor hulp in huis.", "Een nieuwe zorgverzekering met een betalingsregeling."},
		letters: []letterText{
			{intake.LetterWmoReport, "wmo_loket", "Melding gedaan voor hulp bij het huishouden"},
			{intake.LetterDecision, "wmo_loket", "Besluit over een traplift"},
			{intake.LetterDemand, "zorgverzekeraar", "Achterstand in de premie"},
		},
		agree: []agreementText{
			{intake.PartySupporter, "", "Doet samen met de bewoner een melding bij het Wmo-loket"},
			{intake.PartyAgency, "wmo_loket", "Wmo-loket plant een keukentafelgesprek"},
		},
	},
	"addiction": {
		happening: []string{"De bewoner drinkt elke dag, vooral 's avonds.", "Er is veel geld naar gokken gegaan."},
		tried:     []string{"Een paar weken gestopt, maar weer begonnen."},
		wouldHelp: []string{"Een eerste gesprek bij de verslavingszorg, met iemand erbij."},
		agree: []agreementText{
			{intake.PartyKompaan, "", "Gaat mee naar het eerste gesprek bij de verslavingszorg"},
			{intake.PartyAgency, "verslavingszorg", "Verslavingszorg belt voor een intake"},
		},
	},
	"self_care": {
		happening: []string{"Het huis is rommelig en de afwas blijft staan.", "De bewoner eet vaak niet."},
		tried:     []string{"Buurvrouw helpt af en toe met boodschappen."},
		wouldHelp: []string{"Hulp bij het huishouden.", "Samen een weekplanning maken."},
		agree: []agreementText{
			{intake.PartySupporter, "", "Maakt samen met de bewoner een weekplanning"},
		},
	},
	"network": {
		happening: []string{"De bewoner heeft weinig mensen om op terug te vallen.", "Het contact met de familie is verbroken."},
		tried:     []string{"Naar een koffieochtend geweest."},
		wouldHelp: []string{"Een maatje.", "Weer contact met de zus."},
		agree: []agreementText{
			{intake.PartyAgency, "welzijn", "Welzijnswerk zoekt een maatje"},
		},
	},
	"participation": {
		happening: []string{"De bewoner wil meedoen, maar weet niet waar te beginnen.", "Lezen en schrijven gaat moeilijk."},
		tried:     []string{"Een taalcafé in de bibliotheek bezocht."},
		wouldHelp: []string{"Een cursus lezen en schrijven.", "Vrijwilligerswerk met Nederlands praten."},
		agree: []agreementText{
			{intake.PartyAgency, "bibliotheek", "Bibliotheek meldt de bewoner aan voor het taalcafé"},
		},
	},
	"justice": {
		happening: []string{"Er staan boetes open bij het CJIB, die steeds hoger worden.", "Er loopt een toezicht bij de reclassering."},
		tried:     []string{"Een deel van een boete betaald."},
		wouldHelp: []string{"Een betalingsregeling bij het CJIB.", "Gratis advies bij het Juridisch Loket."},
		letters: []letterText{
			{intake.LetterDemand, "cjib", "Boete met verhoging"},
		},
		agree: []agreementText{
			{intake.PartySupporter, "", "Vraagt samen met de bewoner een betalingsregeling aan bij het CJIB"},
			{intake.PartyAgency, "juridisch_loket", "Juridisch Loket geeft advies over de boetes"},
		},
	},
	"papers": {
		happening: []string{"De bewoner heeft geen DigiD en kan daardoor niets online regelen.", "Er ligt een stapel ongeopende post."},
		tried:     []string{"Een neef hielp eerst, maar die woont nu ver weg."},
		wouldHelp: []string{"Samen een DigiD aanvragen.", "Elke maand samen de post doornemen."},
		letters: []letterText{
			{intake.LetterOther, "burgerzaken", "Brief: de ID-kaart is verlopen"},
			{intake.LetterOther, "belastingdienst", "Brief over de aangifte inkomstenbelasting"},
		},
		agree: []agreementText{
			{intake.PartySupporter, "", "Vraagt samen met de bewoner een DigiD aan in de bibliotheek"},
			{intake.PartyResident, "", "Maakt een afspraak bij burgerzaken voor een nieuwe ID-kaart"},
		},
	},
	"safety": {
		happening: []string{"De ex-partner komt onaangekondigd langs en dreigt.", "Er is thuis geweld geweest."},
		tried:     []string{"Eén keer de politie gebeld."},
		wouldHelp: []string{"Advies van Veilig Thuis.", "Een veilige plek om te slapen."},
		agree: []agreementText{
			{intake.PartySupporter, "", "Belt samen met de bewoner Veilig Thuis"},
			{intake.PartyAgency, "veilig_thuis", "Veilig Thuis maakt een veiligheidsplan"},
		},
	},
}

var supporterNotes = []string{
	"Brieven samen doorgenomen. De oudste brief is van twee maanden geleden.",
	"Bewoner kwam op tijd en had alle papieren bij zich.",
	"We hebben samen gebeld. De afspraak staat.",
	"Bewoner wil eerst zelf proberen. Volgende keer kijken hoe het ging.",
	"Uitgelegd wat een bezwaar is en hoe lang je daarvoor hebt.",
	"Let op: bewoner leest liever niet hardop. Brieven voorlezen.",
}

var kompaanNotes = []string{
	"Bewoner was eerst gespannen. Na de koffie ging het praten beter.",
	"Ik heb verteld hoe het bij mij ging met de schuldhulp. Dat gaf moed.",
	"Bewoner wil graag dat ik meega naar de afspraak.",
	"Rustig gesprek. Bewoner had zelf al veel op papier gezet.",
}

var contactNotes = []string{
	"Gebeld: de afspraak bij de instantie staat.",
	"Samen naar het loket geweest. Het formulier is ingeleverd.",
	"Bewoner belde zelf: er is een brief gekomen.",
	"Huisbezoek: het gaat iets beter, de post ligt op een stapel.",
	"Bericht gestuurd als herinnering aan de afspraak.",
}

var appointmentNotes = []string{
	"Neem de brieven mee.",
	"Samen bellen met de instantie.",
	"Kijken hoe de eerste week ging.",
}

// refusalReasons are why an agency said no to a referral.
var refusalReasons = []string{
	"Wachtlijst is gesloten.",
	"Woont buiten het werkgebied.",
	"Past niet bij wat zij doen.",
	"Eerst een verwijzing van de huisarts nodig.",
}

var referralReasons = []string{
	"Samen gebeld en een eerste afspraak gemaakt.",
	"Bewoner wil dit zelf regelen; nummer meegegeven.",
	"Hier hoort deze vraag thuis.",
}
