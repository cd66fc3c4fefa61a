package main

import (
	"errors"
	"io/fs"
	"syscall"

	"github.com/spreekuur/spreekuur/store/exportfile"
)

// say picks the sentence in the language of the messages (msgLang:
// --lang when given, else LC_ALL, LC_MESSAGES or LANG, Dutch when it
// starts with "nl", else English).
func say(nl, en string) string {
	if msgLang == "nl" {
		return nl
	}
	return en
}

// reason is why a file could not be read or written, in the language of
// the messages: the common reasons in words, others as the system says.
func reason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return say("het bestand bestaat niet", "no such file")
	case errors.Is(err, fs.ErrPermission):
		return say("u mag het niet openen", "permission denied")
	case errors.Is(err, syscall.EISDIR):
		return say("dat is een map", "is a directory")
	}
	return exportfile.Reason(err).Error()
}
