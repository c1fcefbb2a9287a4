// Package docx writes WordprocessingML documents (.docx) that Word, WPS and
// LibreOffice open and a staffer edits: paragraphs of runs in named fonts,
// tables, rules drawn as paragraph borders, page breaks, odd and even page
// footers with the page number as a field, on an A4 page with the margins
// and the character grid of an official document. It is a small writer of
// the project's own (no maintained Go library for the format is available
// here), using only archive/zip and encoding/xml; the same document gives
// the same bytes, its zip entries dated at a fixed time.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// Align is a paragraph's alignment.
type Align string

// The alignments of WordprocessingML (w:jc).
const (
	Left    Align = "left"
	Center  Align = "center"
	Right   Align = "right"
	Justify Align = "both"
)

// Run is a stretch of text in one look.
type Run struct {
	Text string
	// Font is the font's name as Word knows it ("仿宋_GB2312").
	Font string
	// Size is in points (16 = 3号).
	Size  float64
	Bold  bool
	Color string // RRGGBB; "" is automatic (black)
	// Field is a field code ("PAGE") set in place of Text.
	Field string
	// Spacing is added between the characters, mm (negative condenses).
	Spacing float64
}

// Paragraph is one paragraph.
type Paragraph struct {
	Runs  []Run
	Align Align
	// FirstLine indents the first line by this many characters.
	FirstLine float64
	// Left and Right indent the paragraph, mm; Hanging hangs its lines after the first, mm.
	Left, Right, Hanging float64
	// Line is the exact line pitch, mm; 0 follows the document grid.
	Line float64
	// Before and After are the space around the paragraph, mm.
	Before, After float64
	// Border draws a rule under the paragraph: thickness in mm, colour RRGGBB.
	Border      float64
	BorderColor string
	// TopBorder draws a rule above it.
	TopBorder float64
	// PageBreak starts the paragraph on a new page.
	PageBreak bool
	// KeepNext keeps the paragraph on the page of the next one.
	KeepNext bool
	// RightTab is a right-aligned tab stop, mm from the left margin.
	RightTab float64
	// OffGrid sets the paragraph's lines at their own pitch rather than on
	// the document's line grid (a table cell's small text).
	OffGrid bool
}

// Table is a bordered table: a header row repeated on every page, then rows.
type Table struct {
	Widths []float64 // mm
	Header []string
	Rows   [][]string
	Font   string
	Size   float64
	// HeaderFont is the header's font.
	HeaderFont string
	// Align are the columns' alignments; a column without one is centred.
	Align []Align
}

// Page is the page and its grid: A4, the margins in mm, the grid of
// Lines lines (0 = no grid).
type Page struct {
	Top, Bottom, Left, Right float64
	Lines                    int
	// Footer is the page number's face and size; the number is "— N —",
	// right on odd pages and left on even ones, one character in.
	FooterFont string
	FooterSize float64
	// FooterBelow is how far below the text block the number stands, mm.
	FooterBelow float64
}

// Document is a document being built.
type Document struct {
	page  Page
	body  bytes.Buffer
	title string
	date  time.Time
	// sectionType is how the section being written starts (w:type): "" on
	// a new page, "evenPage" after EvenPageSection.
	sectionType string
}

// New starts a document with a page setup, its title and its date (the
// document's properties; the date also stamps the zip entries).
func New(p Page, title string, date time.Time) *Document {
	return &Document{page: p, title: title, date: date}
}

// twips converts millimetres to twentieths of a point.
func twips(mm float64) int { return int(mm/25.4*1440 + 0.5) }

// esc escapes text for XML.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a buffer cannot fail
	return b.String()
}

// Paragraph adds a paragraph.
func (d *Document) Paragraph(p Paragraph) {
	b := &d.body
	b.WriteString("<w:p><w:pPr>")
	if p.KeepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.PageBreak {
		b.WriteString(`<w:pageBreakBefore/>`)
	}
	if p.Border > 0 || p.TopBorder > 0 {
		color := p.BorderColor
		if color == "" {
			color = "000000"
		}
		b.WriteString("<w:pBdr>")
		if p.TopBorder > 0 {
			fmt.Fprintf(b, `<w:top w:val="single" w:sz="%d" w:space="1" w:color="%s"/>`, eighths(p.TopBorder), color)
		}
		if p.Border > 0 {
			fmt.Fprintf(b, `<w:bottom w:val="single" w:sz="%d" w:space="1" w:color="%s"/>`, eighths(p.Border), color)
		}
		b.WriteString("</w:pBdr>")
	}
	if p.RightTab > 0 {
		fmt.Fprintf(b, `<w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs>`, twips(p.RightTab))
	}
	if p.OffGrid {
		b.WriteString(`<w:snapToGrid w:val="0"/>`)
	}
	spacing := fmt.Sprintf(` w:before="%d" w:after="%d"`, twips(p.Before), twips(p.After))
	if p.Line > 0 {
		// Rounded down, so that a page's lines fit its block.
		spacing += fmt.Sprintf(` w:line="%d" w:lineRule="exact"`, int(p.Line/25.4*1440))
	}
	fmt.Fprintf(b, `<w:spacing%s/>`, spacing)
	ind := ""
	if p.Left > 0 {
		ind += fmt.Sprintf(` w:left="%d"`, twips(p.Left))
	}
	if p.Right > 0 {
		ind += fmt.Sprintf(` w:right="%d"`, twips(p.Right))
	}
	if p.Hanging > 0 {
		ind += fmt.Sprintf(` w:hanging="%d"`, twips(p.Hanging))
	}
	if p.FirstLine > 0 {
		// In millimetres of the first run's characters: Word and LibreOffice
		// read w:firstLineChars differently without a character grid.
		em := 16 * 25.4 / 72
		if len(p.Runs) > 0 && p.Runs[0].Size > 0 {
			em = p.Runs[0].Size*25.4/72 + p.Runs[0].Spacing
		}
		ind += fmt.Sprintf(` w:firstLine="%d"`, twips(p.FirstLine*em))
	}
	if ind != "" {
		fmt.Fprintf(b, `<w:ind%s/>`, ind)
	}
	align := p.Align
	if align == "" {
		align = Justify
	}
	fmt.Fprintf(b, `<w:jc w:val="%s"/>`, align)
	b.WriteString("</w:pPr>")
	for _, r := range p.Runs {
		d.run(r)
	}
	b.WriteString("</w:p>")
}

// eighths converts a rule's thickness in mm to eighths of a point (w:sz).
func eighths(mm float64) int { return max(2, int(mm/25.4*72*8+0.5)) }

// runProps are a run's properties.
func (d *Document) runProps(r Run) string {
	var b strings.Builder
	b.WriteString("<w:rPr>")
	if r.Font != "" {
		f := esc(r.Font)
		fmt.Fprintf(&b, `<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s"/>`, f, f, f, f)
	}
	if r.Bold {
		b.WriteString("<w:b/>")
	}
	if r.Color != "" {
		fmt.Fprintf(&b, `<w:color w:val="%s"/>`, r.Color)
	}
	if r.Spacing != 0 {
		fmt.Fprintf(&b, `<w:spacing w:val="%d"/>`, int(math.Round(r.Spacing/25.4*1440)))
	}
	if r.Size > 0 {
		fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, int(r.Size*2+0.5), int(r.Size*2+0.5))
	}
	b.WriteString("</w:rPr>")
	return b.String()
}

// run writes a run: its text, tabs as w:tab, or a field.
func (d *Document) run(r Run) {
	b := &d.body
	props := d.runProps(r)
	if r.Field != "" {
		fmt.Fprintf(b, `<w:r>%s<w:fldChar w:fldCharType="begin"/></w:r>`, props)
		fmt.Fprintf(b, `<w:r>%s<w:instrText xml:space="preserve"> %s </w:instrText></w:r>`, props, esc(r.Field))
		fmt.Fprintf(b, `<w:r>%s<w:fldChar w:fldCharType="separate"/></w:r>`, props)
		fmt.Fprintf(b, `<w:r>%s<w:t>1</w:t></w:r>`, props)
		fmt.Fprintf(b, `<w:r>%s<w:fldChar w:fldCharType="end"/></w:r>`, props)
		return
	}
	for i, part := range strings.Split(r.Text, "\t") {
		if i > 0 {
			fmt.Fprintf(b, `<w:r>%s<w:tab/></w:r>`, props)
		}
		if part != "" {
			fmt.Fprintf(b, `<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>`, props, esc(part))
		}
	}
}

// cellPad is the space above and below a table cell's text, mm.
const cellPad = 1.2

// Table adds a table.
func (d *Document) Table(t Table) {
	b := &d.body
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="5A5A5A"/>`, side)
	}
	// The cells' text off the line grid, with 1.2 mm above and below it, as in the PDF.
	fmt.Fprintf(b, `</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="%d" w:type="dxa"/><w:bottom w:w="%d" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`,
		twips(cellPad), twips(cellPad))
	for _, w := range t.Widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, twips(w))
	}
	b.WriteString("</w:tblGrid>")
	row := func(cells []string, header bool) {
		b.WriteString("<w:tr>")
		if header {
			b.WriteString(`<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
		} else {
			b.WriteString(`<w:trPr><w:cantSplit/></w:trPr>`)
		}
		for i, c := range cells {
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:vAlign w:val="center"/>`, twips(t.Widths[i]))
			if header {
				b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="E6E6E6"/>`)
			}
			b.WriteString("</w:tcPr>")
			font := t.Font
			if header && t.HeaderFont != "" {
				font = t.HeaderFont
			}
			align := Center
			if !header && i < len(t.Align) && t.Align[i] != "" {
				align = t.Align[i]
			}
			d.Paragraph(Paragraph{Align: align, Line: t.Size * 0.3528 * 1.3, OffGrid: true, Runs: []Run{{Text: c, Font: font, Size: t.Size}}})
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	row(t.Header, true)
	for _, r := range t.Rows {
		row(r, false)
	}
	b.WriteString("</w:tbl>")
}

const (
	nsW   = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	xmlPI = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// footer is one page-number footer: "— N —" one character in from the
// right (odd pages) or the left (even pages).
func (d *Document) footer(align Align) string {
	p := d.page
	r := Run{Font: p.FooterFont, Size: p.FooterSize}
	props := d.runProps(r)
	var b strings.Builder
	b.WriteString(xmlPI + `<w:ftr ` + nsW + `>`)
	ind := fmt.Sprintf(`<w:ind w:left="%d" w:right="%d"/>`, twips(p.FooterSize*0.3528), twips(p.FooterSize*0.3528))
	fmt.Fprintf(&b, `<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>%s<w:jc w:val="%s"/></w:pPr>`, ind, align)
	fmt.Fprintf(&b, `<w:r>%s<w:t xml:space="preserve">— </w:t></w:r>`, props)
	fmt.Fprintf(&b, `<w:r>%s<w:fldChar w:fldCharType="begin"/></w:r><w:r>%s<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`, props, props)
	fmt.Fprintf(&b, `<w:r>%s<w:fldChar w:fldCharType="separate"/></w:r><w:r>%s<w:t>1</w:t></w:r><w:r>%s<w:fldChar w:fldCharType="end"/></w:r>`, props, props, props)
	fmt.Fprintf(&b, `<w:r>%s<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`, props)
	return b.String()
}

// EvenPageSection ends the document's text so far: what follows starts on
// the next even page, as GB/T 9704 sets the 版记 on the last page, an even
// one (a blank page before it may be left, §7.5). The page setup, footers
// and numbering run on.
func (d *Document) EvenPageSection() {
	d.body.WriteString(`<w:p><w:pPr>` + d.sectPr(d.sectionType) + `</w:pPr></w:p>`)
	d.sectionType = "evenPage"
}

// sectPr is a section's page setup: how it starts (w:type; "" on the next
// page), A4, margins, the footers, the grid.
func (d *Document) sectPr(start string) string {
	p := d.page
	var b strings.Builder
	b.WriteString(`<w:sectPr><w:footerReference w:type="default" r:id="rIdFtrOdd"/><w:footerReference w:type="even" r:id="rIdFtrEven"/>`)
	if start != "" {
		fmt.Fprintf(&b, `<w:type w:val="%s"/>`, start)
	}
	// The footer's distance from the page's foot puts the number FooterBelow under the block.
	footer := p.Bottom - p.FooterBelow - p.FooterSize*0.3528
	fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d"/>`, twips(210), twips(297))
	fmt.Fprintf(&b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`,
		twips(p.Top), twips(p.Right), twips(p.Bottom), twips(p.Left), twips(max(0, footer)))
	if p.Lines > 0 {
		// The line grid; the 28 characters a line come from the runs' spacing
		// (LibreOffice and Word disagree on a character grid's charSpace).
		fmt.Fprintf(&b, `<w:docGrid w:type="lines" w:linePitch="%d"/>`, int((297-p.Top-p.Bottom)/float64(p.Lines)/25.4*1440))
	}
	b.WriteString(`</w:sectPr>`)
	return b.String()
}

// Write writes the document as a .docx: the same document, the same bytes.
func (d *Document) Write(w io.Writer) error {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	stamp := d.date.UTC()
	if stamp.Year() < 1980 {
		stamp = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	odd, even := d.footer(Right), d.footer(Left)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", xmlPI + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
			`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
			`</Types>`},
		{"_rels/.rels", xmlPI + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`</Relationships>`},
		{"docProps/core.xml", xmlPI + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
			`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>` + esc(d.title) + `</dc:title><dc:creator>zhengzhi</dc:creator>` +
			`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp.Format(time.RFC3339) + `</dcterms:created>` +
			`</cp:coreProperties>`},
		{"word/_rels/document.xml.rels", xmlPI + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
			`<Relationship Id="rIdFtrOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
			`<Relationship Id="rIdFtrEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>` +
			`</Relationships>`},
		{"word/settings.xml", xmlPI + `<w:settings ` + nsW + `><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/>` +
			`<w:characterSpacingControl w:val="compressPunctuation"/></w:settings>`},
		{"word/footer1.xml", odd},
		{"word/footer2.xml", even},
		{"word/document.xml", xmlPI + `<w:document ` + nsW + `><w:body>` + d.body.String() + d.sectPr(d.sectionType) + `</w:body></w:document>`},
	}
	for _, f := range files {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return fmt.Errorf("生成 Word 文档: %w", err)
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return fmt.Errorf("生成 Word 文档: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("生成 Word 文档: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
