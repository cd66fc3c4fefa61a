package main

// say picks the sentence in the language of the messages (msgLang:
// --lang when given, else LC_ALL, LC_MESSAGES or LANG, Dutch when it
// starts with "nl", else English).
func say(nl, en string) string {
	if msgLang == "nl" {
		return nl
	}
	return en
}
