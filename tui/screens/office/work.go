// Package office is the handover between a laptop and the office (or a
// colleague): "Naar kantoor" writes a signed, encrypted bundle; the import
// screen checks one, says who sent it and what it holds, and reads it in.
// Both go through the session (session.Handover, session.OpenBundle,
// session.Import), the same path as `spreekuur export bundle` and
// `spreekuur import`.
package office

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

// progressSteps is how often at most a long job reports its progress: a
// bar needs no more, and the screen is not flooded with messages.
const progressSteps = 20

// progressMsg is a job's progress; next waits for its next message.
type progressMsg struct {
	gen, done, total int
	next             tea.Cmd
}

// background runs job away from the screen. job reports its progress
// through report and returns the message that ends it; the screen gets
// progressMsg (at most progressSteps+1 of them, fewer when it is busy)
// and then that message.
func background(gen int, job func(report func(done, total int)) tea.Msg) tea.Cmd {
	ch := make(chan tea.Msg, 1)
	wait := func() tea.Msg { return <-ch }
	go func() {
		last := -1
		report := func(done, total int) {
			step := 0
			if total > 0 {
				step = done * progressSteps / total
			}
			if step == last {
				return
			}
			last = step
			select {
			case ch <- progressMsg{gen: gen, done: done, total: total, next: wait}:
			default: // the screen has not taken the last one yet: skip this one
			}
		}
		ch <- job(report)
	}()
	return wait
}

// conversations is "1 gesprek" or "142 gesprekken".
func conversations(ctx *common.Context, n int) string {
	return counted(ctx, n, tConversation, tConversations)
}

// residents is "1 bewoner" or "120 bewoners".
func residents(ctx *common.Context, n int) string { return counted(ctx, n, tResident, tResidents) }

func counted(ctx *common.Context, n int, one, many textID) string {
	id := many
	if n == 1 {
		id = one
	}
	return fmt.Sprintf(texts.Get(ctx.Lang, id), components.Count(ctx.Lang, n))
}
