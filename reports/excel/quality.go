package excel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"zhengzhi"
	"zhengzhi/reports"
)

// DataQuality writes a bureau's data-quality report (数据质量问题清单): what
// its latest pull did per table (数据接收情况) and every row set aside or
// loaded with a warning, with the column, the value, the reason and the raw
// row, so the clerk can find and fix it at the source (问题清单).
func DataQuality(w io.Writer, q *reports.DataQuality) error {
	title := q.Bureau.Name + "数据质量问题清单"
	b, err := newBook(q.Meta, reportTitle(q.Meta, title), "")
	if err != nil {
		return err
	}
	lines := []string{
		fmt.Sprintf("报送单位：%s（%s）　　制表日期：%s", q.Bureau.Name, q.Bureau.Code, tabulated(q.Meta).Chinese()),
		pullLine(q.Pull),
	}
	counts := &fields[reports.TableCounts]{}
	counts.first("数据表", func(t reports.TableCounts) any { return t.Title })
	counts.text("", "表名", totalNone, func(t reports.TableCounts) string { return t.Table })
	read := counts.count("", "读取行数", func(t reports.TableCounts) int64 { return t.Read })
	g := "其中"
	counts.count(g, "新增入库", func(t reports.TableCounts) int64 { return t.Loaded })
	counts.count(g, "更新", func(t reports.TableCounts) int64 { return t.Updated })
	counts.count(g, "撤回（删除）", func(t reports.TableCounts) int64 { return t.Deleted })
	rejected := counts.count(g, "不予入库", func(t reports.TableCounts) int64 { return t.Rejected })
	counts.rate(g, "不予入库比例", rejected, read)
	counts.count(g, "带警告入库", func(t reports.TableCounts) int64 { return t.Warnings })

	issues := &fields[reports.DataIssue]{}
	issues.first("数据表", func(d reports.DataIssue) any { return d.TableTitle })
	issues.text("", "记录编号", totalNone, func(d reports.DataIssue) string { return d.RowID })
	issues.text("", "类别", totalNone, func(d reports.DataIssue) string { return severityLabel(d.Severity) })
	issues.add(column{Title: "字段", Kind: textCell, Total: totalNone}, func(d reports.DataIssue) any {
		if d.ColumnTitle != "" && d.ColumnTitle != d.Column {
			return d.ColumnTitle + "（" + d.Column + "）"
		}
		return d.Column
	})
	issues.add(column{Title: "字段值", Kind: textCell, Total: totalNone}, func(d reports.DataIssue) any {
		return labelled(d.Enums, d.Column, zhengzhi.Clip(d.Value, valueChars, "…"))
	})
	issues.add(column{Title: "问题说明", Kind: textCell, Total: totalNone}, func(d reports.DataIssue) any { return zhengzhi.Clip(d.Reason, reasonChars, "…") })
	issues.add(column{Title: "原始数据", Kind: textCell, Total: totalNone}, func(d reports.DataIssue) any {
		return zhengzhi.Clip(rawValues(d.Raw, d.Enums), rawChars, "…")
	})

	for _, t := range []*table{
		{Sheet: "数据接收情况", Title: reportTitle(q.Meta, title+"（数据接收情况）"), Lines: lines,
			Columns: counts.columns, Rows: counts.rows(q.Tables), TotalLabel: "合计"},
		{Sheet: "问题清单", Title: reportTitle(q.Meta, title+"（问题清单）"), Lines: lines,
			Columns: issues.columns, Rows: issues.rows(q.Issues)},
	} {
		if err := b.writeTable(t); err != nil {
			return fmt.Errorf("数据质量问题清单 %s: %w", q.Bureau.Name, err)
		}
	}
	return b.write(w)
}

// pullLine states the pull the report rests on.
func pullLine(p reports.QualityPull) string {
	if p.ID == 0 {
		return "最近一次数据拉取：无（尚未拉取过该单位的数据）"
	}
	finished := "尚未结束"
	if !p.FinishedAt.IsZero() {
		finished = p.FinishedAt.Format("2006-01-02 15:04") + "结束"
	}
	line := fmt.Sprintf("最近一次数据拉取：第%d次，%s，结果：%s", p.ID, finished, reports.PullOutcome(p.Outcome))
	if p.Error != "" {
		line += "（" + p.Error + "）"
	}
	return line
}

func severityLabel(severity string) string {
	switch severity {
	case reports.SeverityReject:
		return "不予入库"
	case reports.SeverityWarning:
		return "警告"
	}
	return severity
}

// The most characters the issue list shows of a value (the column's, or one
// of the raw row's), of a reason and of a whole raw row: one long value must
// not make a row taller than a page (Excel refuses rows over 409 points) or a
// cell longer than Excel holds. The warehouse keeps the full text.
const (
	valueChars  = 200
	reasonChars = 500
	rawChars    = 1000
)

// labelled is an enum column's value with its Chinese label, 电子商务（ecommerce）;
// any other value as it is.
func labelled(enums map[string]zhengzhi.Enum, column, value string) string {
	if e, ok := enums[column]; ok && e.Has(value) {
		return e.Label(value) + "（" + value + "）"
	}
	return value
}

// rawValues prints a row's raw values, stored as a JSON object, as
// "column=value；…" in the stored order, which a clerk reads more easily than
// JSON, each value clipped and enum values labelled. Text that is not a JSON
// object is shown as it is.
func rawValues(raw string, enums map[string]zhengzhi.Enum) string {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return raw
	}
	var parts []string
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return raw
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return raw
		}
		var text string
		switch {
		case bytes.Equal(value, []byte("null")):
			text = "（空）"
		case json.Unmarshal(value, &text) != nil:
			text = string(value)
		}
		column := fmt.Sprint(key)
		parts = append(parts, column+"="+labelled(enums, column, zhengzhi.Clip(text, valueChars, "…")))
	}
	return strings.Join(parts, "；")
}
