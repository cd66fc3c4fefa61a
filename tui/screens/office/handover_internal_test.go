package office

import (
	"fmt"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/store/bundle"
	"github.com/spreekuur/spreekuur/tui/common"
)

// TestHandoverTooLargeWritesNothing: when the plan says the selection is
// more than one bundle holds, the screen shows that sentence and Enter
// starts no handover (it would fail the same way, and log it again).
func TestHandoverTooLargeWritesNothing(t *testing.T) {
	ctx := common.NewContext(nil, common.NewTheme(false, false, true), "nl", time.Now)
	s := NewHandover(ctx, "")
	s.Update(planned{gen: s.gen, err: fmt.Errorf("plan: %w", bundle.ErrTooLarge)})
	if s.planErr == "" || !s.tooLarge {
		t.Fatalf("plan refused: sentence %q, too large %v", s.planErr, s.tooLarge)
	}
	if cmd := s.write(); cmd != nil || s.state == hWriting {
		t.Fatalf("Enter after a refused plan started a handover (state %v)", s.state)
	}
	// A plan that fits again makes the handover possible again.
	s.Update(planned{gen: s.gen})
	if s.tooLarge || s.planErr != "" {
		t.Fatalf("a plan that fits: sentence %q, too large %v", s.planErr, s.tooLarge)
	}
}
