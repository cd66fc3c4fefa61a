package export

import (
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
)

// Receipt saves the resident's receipt of an erasure (session.Receipt): the
// number, the day and what went, never what was erased; as PDF or text.
// The file name holds the short number only.
func Receipt(ctx *common.Context, back common.Screen, er session.Erasure) *Screen {
	s := newScreen(ctx, back, tReceiptTitle, tReceiptIntro, nil, []option{{"pdf", tFmtPDF, ""}, {"txt", tFmtText, ""}})
	short, file := common.ShortID(er.Tombstone.Resident), s.t(tReceiptFile)
	s.name = func(_, format string) string { return "spreekuur-" + short + "-" + file + "." + format }
	sess := ctx.S
	s.produce = func(_, format string) ([]byte, error) {
		doc, err := sess.Receipt(er)
		if err != nil {
			return nil, err
		}
		if format == "txt" {
			return []byte(doc.Text()), nil
		}
		return doc.PDF()
	}
	s.build()
	return s
}
