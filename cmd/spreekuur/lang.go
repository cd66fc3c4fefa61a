package main

import (
	"flag"
	"os"
	"strings"
)

// The language of the command line's messages (DESIGN §5): --lang when it
// was given, else the environment (LC_ALL, LC_MESSAGES, LANG: Dutch when
// the first one set starts with "nl"), else English. The terminal app
// keeps its own default (Dutch) and follows --lang only.

// explicitLang is --lang as given on the command line ("" if not).
var explicitLang string

// noteLang records an explicit --lang from parsed flags.
func noteLang(fs *flag.FlagSet) {
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "lang" && (f.Value.String() == "nl" || f.Value.String() == "en") {
			explicitLang = f.Value.String()
		}
	})
}

// cliLang is the language of messages: "nl" or "en".
func cliLang() string {
	if explicitLang != "" {
		return explicitLang
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "nl") {
				return "nl"
			}
			return "en"
		}
	}
	return "en"
}

// say picks the sentence in the language of the messages.
func say(nl, en string) string {
	if cliLang() == "nl" {
		return nl
	}
	return en
}
