package docx

import (
	"fmt"
	"io"

	"zhengzhi/reports"
)

// InterviewNotice writes a 约谈通知 as a Word document: the same text as
// the PDF (reports/pdf) in the same 文件式 layout as the 通报's — the 版头
// with an empty 发文字号 slot, the title broken after the bureau, the
// addressee, the text, the signature laid out for the seal and the 版记 —
// for a staffer to fill in the 文号, the time and the place before signing.
func InterviewNotice(w io.Writer, n reports.InterviewNotice, fonts FontNames) error {
	d := officialDoc(n.Title, n.Meta.GeneratedAt, fonts)
	body := func(text string, indent float64) { d.Paragraph(bodyText(text, indent, fonts)) }
	head(d, n.Mark, fmt.Sprintf("　　〔%d〕　号", n.Meta.AsOf.Year()), titleLines(n.Title, n.Addressee), fonts)
	body(n.Addressee+"：", 0)
	for _, p := range n.Body() {
		body(p, 2)
	}
	signature(d, n.Issuer, n.Date, fonts)
	record(d, n.CC, n.Printer, n.PrintedOn+"印发", fonts)
	return d.Write(w)
}
