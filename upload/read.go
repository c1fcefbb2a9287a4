package upload

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits on what is read: a workbook larger than MaxFileSize, or one whose
// parts unpack to more than MaxUnpacked bytes (a zip bomb: a few kilobytes
// that unpack to gigabytes), is refused before anything is unpacked. The
// bound is the sum of the sizes the archive declares; a part that unpacks
// to more than it declared is cut there by archive/zip (ErrFormat), and
// the workbook refused as damaged.
const (
	MaxFileSize = 32 << 20
	MaxUnpacked = 512 << 20
)

// cell is one cell as stored: its text (a shared or inline string, a
// number's digits, a boolean's 0/1) and whether it is a number.
type cell struct {
	text   string
	number bool
	set    bool
}

// sheetRow is one row of a sheet: its number (1-based) and its cells by column (0-based).
type sheetRow struct {
	num   int
	cells []cell
}

// sheetData is one sheet as read.
type sheetData struct {
	name string
	rows []sheetRow
}

// workbook is a workbook as read: its sheets by name, in order.
type workbook struct {
	order  []string
	sheets map[string]*sheetData
}

// xlsx reads a workbook's sheets — the ones keep names, nil for all —
// refusing a file that is not a workbook, unpacks beyond MaxUnpacked, or
// holds a formula or a merged cell at or below firstDataRow of a sheet
// data rows are read from (kept).
func readWorkbook(data []byte, keep func(sheet string) bool) (*workbook, error) {
	if len(data) > MaxFileSize {
		return nil, refuse("文件大小 %d 字节，超过 %d MB 上限，整份拒收", len(data), MaxFileSize>>20)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, refuse("文件不是 Excel 工作簿（.xlsx），整份拒收")
	}
	r := zipReader{}
	var declared uint64
	for _, f := range zr.File {
		r[f.Name] = f
		declared += f.UncompressedSize64
	}
	if declared > MaxUnpacked {
		return nil, refuse("文件解压后达 %d MB，超过 %d MB 上限（疑为压缩炸弹），整份拒收", declared>>20, MaxUnpacked>>20)
	}
	if r["xl/workbook.xml"] == nil {
		return nil, refuse("文件不是 Excel 工作簿（.xlsx），整份拒收")
	}
	names, targets, err := r.sheetList()
	if err != nil {
		return nil, err
	}
	strs, err := r.sharedStrings()
	if err != nil {
		return nil, err
	}
	wb := &workbook{sheets: map[string]*sheetData{}}
	for i, name := range names {
		if keep != nil && !keep(name) {
			continue
		}
		s := &sheetData{name: name}
		if err := r.readSheet(targets[i], strs, s); err != nil {
			return nil, err
		}
		wb.order = append(wb.order, name)
		wb.sheets[name] = s
	}
	return wb, nil
}

// zipReader opens the parts of a workbook by name.
type zipReader map[string]*zip.File

func (r zipReader) open(name string) (io.ReadCloser, error) {
	f := r[name]
	if f == nil {
		return nil, refuse("工作簿缺少部件 %s，文件已损坏或不是 Excel 工作簿，整份拒收", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, refuse("工作簿部件 %s 无法解压，文件已损坏，整份拒收", name)
	}
	return rc, nil
}

// decode reads a whole XML part into v.
func (r zipReader) decode(name string, v any) error {
	rc, err := r.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return readErr(err, name)
	}
	return nil
}

// sheetList reads the sheets' names and their parts, in workbook order.
func (r zipReader) sheetList() ([]string, []string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := r.decode("xl/workbook.xml", &wb); err != nil {
		return nil, nil, err
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := r.decode("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, nil, err
	}
	target := map[string]string{}
	for _, rel := range rels.Rels {
		t := rel.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[rel.ID] = t
	}
	var names, parts []string
	for _, s := range wb.Sheets {
		names, parts = append(names, s.Name), append(parts, target[s.RID])
	}
	return names, parts, nil
}

// sharedStrings reads the shared string table: each item's text runs joined
// (phonetic runs left out).
func (r zipReader) sharedStrings() ([]string, error) {
	if r["xl/sharedStrings.xml"] == nil {
		return nil, nil
	}
	rc, err := r.open("xl/sharedStrings.xml")
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var out []string
	var b strings.Builder
	inText, phonetic := false, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, readErr(err, "xl/sharedStrings.xml")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				b.Reset()
			case "t":
				inText = phonetic == 0
			case "rPh":
				phonetic++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				out = append(out, b.String())
			case "t":
				inText = false
			case "rPh":
				phonetic--
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
}

// readErr is a part that cannot be read or unpacks beyond what it declared:
// a damaged file.
func readErr(err error, part string) error {
	return refuse("工作簿部件 %s 无法读取，文件已损坏，整份拒收", part)
}

// readSheet streams one sheet's cells, refusing formulas and merged cells in
// its data rows.
func (r zipReader) readSheet(part string, strs []string, s *sheetData) error {
	rc, err := r.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var (
		row              *sheetRow
		col              int
		typ              string
		cur              cell
		inV, inT, inCell bool
		text             []byte
		nextRow          = 1
		nextCol          int
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return readErr(err, part)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				num := nextRow
				if v := attr(t, "r"); v != "" {
					if num, err = strconv.Atoi(v); err != nil {
						return refuse("工作表“%s”的行号 %q 无法识别，文件已损坏，整份拒收", s.name, v)
					}
				}
				nextRow, nextCol = num+1, 0
				s.rows = append(s.rows, sheetRow{num: num})
				row = &s.rows[len(s.rows)-1]
			case "c":
				col = nextCol
				if ref := attr(t, "r"); ref != "" {
					c, _, err := excelize.CellNameToCoordinates(ref)
					if err != nil {
						return refuse("工作表“%s”的单元格 %q 无法识别，文件已损坏，整份拒收", s.name, ref)
					}
					col = c - 1
				}
				nextCol = col + 1
				typ, cur, inCell = attr(t, "t"), cell{}, true
			case "f":
				if inCell && row != nil && row.num >= firstDataRow {
					ref, _ := excelize.CoordinatesToCellName(col+1, row.num)
					return refuse("工作表“%s”单元格 %s 含公式；请复制后“选择性粘贴—数值”，不要使用公式，整份拒收", s.name, ref)
				}
			case "v":
				inV, text = true, text[:0]
			case "t":
				if inCell && typ == "inlineStr" {
					inT, text = true, text[:0]
				}
			case "mergeCell":
				if err := checkMerge(s.name, attr(t, "ref")); err != nil {
					return err
				}
			}
		case xml.CharData:
			if inV || inT {
				text = append(text, t...)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
				cur.text, cur.set = string(text), true
				switch typ {
				case "s":
					i, err := strconv.Atoi(cur.text)
					if err != nil || i < 0 || i >= len(strs) {
						return refuse("工作表“%s”引用了不存在的共享字符串，文件已损坏，整份拒收", s.name)
					}
					cur.text = strs[i]
				case "", "n":
					cur.number = true
				}
			case "t":
				if inT {
					inT = false
					cur.text, cur.set = cur.text+string(text), true
					text = text[:0]
				}
			case "c":
				inCell = false
				if row != nil && cur.set {
					for len(row.cells) <= col {
						row.cells = append(row.cells, cell{})
					}
					row.cells[col] = cur
				}
			}
		}
	}
}

// checkMerge refuses a merged range that reaches the data rows.
func checkMerge(sheet, ref string) error {
	_, to, _ := strings.Cut(ref, ":")
	if to == "" {
		to = ref
	}
	_, last, err := excelize.CellNameToCoordinates(to)
	if err != nil || last >= firstDataRow {
		return refuse("工作表“%s”的数据区有合并单元格（%s）；请取消合并、每格填一个值，整份拒收", sheet, ref)
	}
	return nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
