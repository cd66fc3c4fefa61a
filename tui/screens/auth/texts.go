package auth

import "github.com/spreekuur/spreekuur/tui/common"

type textID int

const (
	tUser textID = iota
	tPass
	tPassAgain
	tUnlockTitle
	tUnlockIntro
	tLockedNotice
	tUnlocking
	tWaitSeconds
	tForgotten
	tFirstRunTitle
	tFirstRunIntro
	tFirstRunExplain
	tStrengthTip
	tStrengthWeak
	tStrengthFair
	tStrengthStrong
	tCreating
	tRecoveryTitle
	tRecoveryExplain
	tRecoveryTypeBack
	tRecoveryCode
	tNoName
	tOpenKey
	tNextKey
	tConfirmKey
	tRecoveryQuit
)

var texts = common.Texts[textID]{
	NL: map[textID]string{
		tUser:             "Naam",
		tPass:             "Wachtwoordzin",
		tPassAgain:        "Nog een keer",
		tUnlockTitle:      "openen",
		tUnlockIntro:      "Vul uw naam en wachtwoordzin in. Bent u de enige gebruiker? Dan mag de naam leeg blijven.",
		tLockedNotice:     "Spreekuur is op slot gegaan. Vul uw wachtwoordzin in om verder te gaan.",
		tUnlocking:        "Even geduld, spreekuur gaat open…",
		tWaitSeconds:      "Wacht even voordat u het opnieuw probeert: nog %d sec.",
		tForgotten:        "Wachtwoordzin vergeten? Pak het papier met de herstelcode. Typ in een terminal: spreekuur passwd --recovery. Daarna kiest u een nieuwe wachtwoordzin.",
		tFirstRunTitle:    "eerste keer",
		tFirstRunIntro:    "Welkom bij spreekuur.",
		tFirstRunExplain:  "Er is nog geen kluis op deze laptop. We maken hem nu. Kies uw naam en een wachtwoordzin. Een wachtwoordzin is een paar woorden achter elkaar.",
		tStrengthTip:      "Tip: neem 4 of meer gewone woorden, bijvoorbeeld: fiets regen koffie lamp.",
		tStrengthWeak:     "Sterkte: zwak. Maak hem langer: minstens 12 tekens.",
		tStrengthFair:     "Sterkte: redelijk. Nog een woord erbij maakt hem sterk.",
		tStrengthStrong:   "Sterkte: sterk.",
		tCreating:         "Even geduld, de kluis wordt gemaakt…",
		tRecoveryTitle:    "Uw herstelcode",
		tRecoveryExplain:  "Schrijf deze code nu op papier en bewaar het papier op een veilige plek. U ziet de code maar één keer. Met de code opent u de kluis als u uw wachtwoordzin kwijt bent.",
		tRecoveryTypeBack: "Typ de code over van uw papier. Pas dan is de kluis klaar. Stopt u nu, dan wordt er geen kluis bewaard.",
		tRecoveryCode:     "Herstelcode",
		tNoName:           "Vul uw naam in.",
		tOpenKey:          "openen",
		tNextKey:          "volgende",
		tConfirmKey:       "klaar",
		tRecoveryQuit:     "De kluis is nog niet klaar: de herstelcode is niet overgetypt. Stoppen betekent: er wordt geen kluis bewaard.",
	},
	EN: map[textID]string{
		tUser:             "Name",
		tPass:             "Passphrase",
		tPassAgain:        "Once more",
		tUnlockTitle:      "open",
		tUnlockIntro:      "Fill in your name and passphrase. Are you the only user? Then the name may stay empty.",
		tLockedNotice:     "spreekuur has locked itself. Fill in your passphrase to carry on.",
		tUnlocking:        "One moment, spreekuur is opening…",
		tWaitSeconds:      "Wait a moment before you try again: %d sec. left.",
		tForgotten:        "Forgot your passphrase? Take the paper with the recovery code. Type in a terminal: spreekuur passwd --recovery. Then choose a new passphrase.",
		tFirstRunTitle:    "first time",
		tFirstRunIntro:    "Welcome to spreekuur.",
		tFirstRunExplain:  "There is no vault on this laptop yet. We make it now. Choose your name and a passphrase. A passphrase is a few words in a row.",
		tStrengthTip:      "Tip: take 4 or more ordinary words, for example: bicycle rain coffee lamp.",
		tStrengthWeak:     "Strength: weak. Make it longer: at least 12 characters.",
		tStrengthFair:     "Strength: fair. One more word makes it strong.",
		tStrengthStrong:   "Strength: strong.",
		tCreating:         "One moment, the vault is being made…",
		tRecoveryTitle:    "Your recovery code",
		tRecoveryExplain:  "Write this code on paper now and keep the paper in a safe place. You see the code only once. With the code you open the vault if you lose your passphrase.",
		tRecoveryTypeBack: "Type the code from your paper. Only then is the vault ready. If you stop now, no vault is kept.",
		tRecoveryCode:     "Recovery code",
		tNoName:           "Fill in your name.",
		tOpenKey:          "open",
		tNextKey:          "next",
		tConfirmKey:       "done",
		tRecoveryQuit:     "The vault is not ready yet: the recovery code has not been typed back. Stopping means: no vault is kept.",
	},
}
