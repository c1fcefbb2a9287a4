package upload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"zhengzhi"
	"zhengzhi/contract"
	"zhengzhi/warehouse"
)

// spareRows is how many empty rows below the prefilled ones carry the drop-down
// lists, date format and unlocked cells for the clerk's new rows.
const spareRows = 2000

// listLimit is the longest list Excel accepts written into a drop-down's
// formula; a longer one is read from the lists sheet.
const listLimit = 255

// Template writes the workbook a unit fills: an instructions sheet, one sheet
// per contract table the unit reports (Chinese headers in row 1, the
// contract's column names in hidden row 2, one row per record held for the
// unit from row 3), the lists sheet (units, the unit's enterprises, the
// enumerations) and a hidden sheet naming the template version and unit.
// The same warehouse gives the same bytes.
func Template(ctx context.Context, w *warehouse.Warehouse, reg *zhengzhi.Registry, unit string) ([]byte, error) {
	u, ok := reg.Unit(unit)
	if !ok {
		return nil, refuse("单位 %s 不在单位名录中", unit)
	}
	held, err := heldRows(ctx, w, reg, unit)
	if err != nil {
		return nil, err
	}
	f := excelize.NewFile()
	defer f.Close()
	b := &builder{f: f, reg: reg, unit: u}
	if err := b.build(held); err != nil {
		return nil, fmt.Errorf("template of %s: %w", unit, err)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("template of %s: %w", unit, err)
	}
	return out.Bytes(), nil
}

// heldRows are the rows the template is prefilled with, by table, each the
// sheet's columns as text (nil = empty): the unit's current statement when
// it has one — what the clerk filed last, set-aside rows too, so they can be
// fixed — or else the rows in force the warehouse holds about the unit from
// any bureau (its city's database, until now), so nothing is typed again.
func heldRows(ctx context.Context, w *warehouse.Warehouse, reg *zhengzhi.Registry, unit string) (map[string][][]*string, error) {
	out := map[string][][]*string{}
	_, rows, err := w.CurrentStatement(ctx, unit)
	switch {
	case err == nil:
		for _, r := range rows {
			t, ok := contract.Lookup(r.Table)
			if !ok || len(r.Values) != len(t.Columns) || isWithdrawn(r.Values) {
				continue
			}
			out[r.Table] = append(out[r.Table], r.Values[:len(sheetColumns(t))])
		}
		return out, nil
	case !errors.Is(err, warehouse.ErrNoStatement):
		return nil, err
	}
	for _, t := range TablesOf(reg, unit) {
		cols := sheetColumns(t)
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.Name
		}
		column, via := t.About()
		raw, err := w.RowsAbout(ctx, t.Name, names, warehouse.About{Column: column, Via: via}, unit)
		if err != nil {
			return nil, err
		}
		for _, r := range raw {
			row := make([]*string, len(cols))
			for i, v := range r {
				row[i] = heldText(cols[i].Kind, v)
			}
			out[t.Name] = append(out[t.Name], row)
		}
	}
	return out, nil
}

// isWithdrawn reports whether a statement row is withdrawn (deleted = 1).
func isWithdrawn(values []*string) bool {
	d := values[len(values)-1]
	return d != nil && *d == "1"
}

// heldText is a warehouse value as a clerk writes it.
func heldText(kind contract.Kind, v any) *string {
	s, ok := contract.RawString(v)
	if !ok {
		return nil
	}
	if kind == contract.Date || kind == contract.EventDate {
		if t, isTime := v.(time.Time); isTime {
			s = t.UTC().Format(time.DateOnly)
		} else if len(s) > 10 {
			s = s[:10]
		}
	}
	return &s
}

// builder writes one template.
type builder struct {
	f    *excelize.File
	reg  *zhengzhi.Registry
	unit zhengzhi.Unit
	// lists are the ranges of the lists sheet by name (units, enterprises, enum names).
	lists   map[string]string
	listCol int
	styles  struct{ header, name, text, date, number int }
}

func (b *builder) build(held map[string][][]*string) error {
	f := b.f
	if err := f.SetSheetName("Sheet1", instructionsSheet); err != nil {
		return err
	}
	if err := b.makeStyles(); err != nil {
		return err
	}
	tables := TablesOf(b.reg, b.unit.Code)
	for _, t := range tables {
		if _, err := f.NewSheet(t.Title); err != nil {
			return err
		}
	}
	for _, name := range []string{listsSheet, metaSheet} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	if err := b.writeLists(tables, held["enterprises"]); err != nil {
		return err
	}
	for _, t := range tables {
		if err := b.writeTable(t, held[t.Name]); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
	}
	if err := b.writeInstructions(tables); err != nil {
		return err
	}
	if err := b.writeMeta(); err != nil {
		return err
	}
	if err := f.SetSheetVisible(listsSheet, false); err != nil {
		return err
	}
	if err := f.SetSheetVisible(metaSheet, false, true); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return nil
}

func (b *builder) makeStyles() error {
	var err error
	unlocked := &excelize.Protection{Locked: false}
	border := []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}
	if b.styles.header, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Border: border,
		Protection: &excelize.Protection{Locked: true}}); err != nil {
		return err
	}
	if b.styles.name, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "808080", Size: 8},
		Protection: &excelize.Protection{Locked: true}}); err != nil {
		return err
	}
	if b.styles.text, err = b.f.NewStyle(&excelize.Style{NumFmt: 49, Protection: unlocked}); err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	if b.styles.date, err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Protection: unlocked}); err != nil {
		return err
	}
	b.styles.number, err = b.f.NewStyle(&excelize.Style{NumFmt: 1, Protection: unlocked})
	return err
}

// writeLists fills the lists sheet, one list per column with its title in
// row 1: the registry's units, the unit's enterprises (id, then name), and
// every enumeration longer than a drop-down's formula holds.
func (b *builder) writeLists(tables []*contract.Table, enterprises [][]*string) error {
	b.lists = map[string]string{}
	var codes, names []string
	for _, level := range []zhengzhi.Level{zhengzhi.LevelProvince, zhengzhi.LevelCity, zhengzhi.LevelCounty} {
		for _, u := range b.reg.Units(level) {
			if !u.Abolished {
				codes, names = append(codes, u.Code), append(names, u.Name)
			}
		}
	}
	if err := b.addList("units", "单位代码", codes); err != nil {
		return err
	}
	if err := b.addList("", "单位名称", names); err != nil {
		return err
	}
	var ids, enames []string
	nameAt := contract.Tables()[0].Index("name")
	for _, r := range enterprises {
		if r[0] != nil {
			ids = append(ids, *r[0])
			enames = append(enames, deref(r[nameAt]))
		}
	}
	if err := b.addList("enterprises", "企业编号", ids); err != nil {
		return err
	}
	if err := b.addList("", "企业名称", enames); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, t := range tables {
		for _, c := range sheetColumns(t) {
			if c.Kind != contract.Enum || seen[c.Enum.Name] {
				continue
			}
			seen[c.Enum.Name] = true
			if err := b.addList(c.Enum.Name, c.Title+"（取值）", enumLabels(c.Enum)); err != nil {
				return err
			}
		}
	}
	return nil
}

// addList writes one column of the lists sheet; a named list is remembered
// as an absolute range for the drop-downs.
func (b *builder) addList(name, title string, values []string) error {
	b.listCol++
	col, _ := excelize.ColumnNumberToName(b.listCol)
	if err := b.f.SetCellStr(listsSheet, col+"1", title); err != nil {
		return err
	}
	for i, v := range values {
		if err := b.f.SetCellStr(listsSheet, col+strconv.Itoa(i+2), v); err != nil {
			return err
		}
	}
	if name != "" {
		last := max(len(values)+1, 2)
		b.lists[name] = fmt.Sprintf("'%s'!$%s$2:$%s$%d", listsSheet, col, col, last)
	}
	return nil
}

// writeTable writes a table's sheet.
func (b *builder) writeTable(t *contract.Table, rows [][]*string) error {
	f, sheet := b.f, t.Title
	cols := sheetColumns(t)
	last := firstDataRow + len(rows) + spareRows - 1
	for i, c := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		title := c.Title
		if !c.Nullable {
			title += "*"
		}
		if err := f.SetCellStr(sheet, col+"1", title); err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, col+"2", c.Name); err != nil {
			return err
		}
		style := b.styles.text
		switch c.Kind {
		case contract.Date, contract.EventDate:
			style = b.styles.date
		case contract.Int, contract.Flag:
			style = b.styles.number
		}
		if err := f.SetColStyle(sheet, col, style); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, col, col, width(c)); err != nil {
			return err
		}
		if err := b.validation(sheet, col, last, c); err != nil {
			return err
		}
	}
	end, _ := excelize.ColumnNumberToName(len(cols))
	if err := f.SetCellStyle(sheet, "A1", end+"1", b.styles.header); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A2", end+"2", b.styles.name); err != nil {
		return err
	}
	if err := f.SetRowVisible(sheet, 2, false); err != nil {
		return err
	}
	for r, row := range rows {
		for i, v := range row {
			if v == nil || *v == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(i+1, firstDataRow+r)
			if err := b.setCell(sheet, cell, cols[i], *v); err != nil {
				return err
			}
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		InsertRows: true, DeleteRows: true, FormatColumns: true, AutoFilter: true, Sort: true})
}

// setCell writes a prefilled value: a date as a date, a number as a number,
// an enumeration's value by its Chinese label, anything that does not read
// as its kind as the text it is (the checks will name it).
func (b *builder) setCell(sheet, cell string, c contract.Column, v string) error {
	switch c.Kind {
	case contract.Date, contract.EventDate:
		if d, err := zhengzhi.ParseDate(v); err == nil {
			return b.f.SetCellFloat(sheet, cell, float64(serial(d)), 0, 64)
		}
	case contract.Int, contract.Flag:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return b.f.SetCellInt(sheet, cell, n)
		}
	case contract.Enum:
		return b.f.SetCellStr(sheet, cell, c.Enum.Label(v))
	}
	return b.f.SetCellStr(sheet, cell, v)
}

// validation adds a column's drop-down or date check to its data range.
func (b *builder) validation(sheet, col string, last int, c contract.Column) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s%d:%s%d", col, firstDataRow, col, last)
	switch {
	case c.Kind == contract.Enum:
		if labels := enumLabels(c.Enum); len(strings.Join(labels, ",")) <= listLimit {
			if err := dv.SetDropList(labels); err != nil {
				return err
			}
		} else {
			dv.SetSqrefDropList(b.lists[c.Enum.Name])
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, c.Title, "请从下拉列表中选择")
	case c.Kind == contract.UnitCode || c.Kind == contract.CountyCode:
		dv.SetSqrefDropList(b.lists["units"])
		dv.SetError(excelize.DataValidationErrorStyleWarning, c.Title, "不在单位名录中，请核实")
	case c.Enterprise:
		dv.SetSqrefDropList(b.lists["enterprises"])
		dv.SetError(excelize.DataValidationErrorStyleInformation, c.Title, "不是已知企业编号；如为本表新增企业，请确认已在企业表中填写同一编号")
	case c.Kind == contract.Date || c.Kind == contract.EventDate:
		if err := dv.SetRange(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
			time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
			excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, c.Title, "请填写日期，如 "+contract.DateExample)
	case c.Kind == contract.Flag:
		if err := dv.SetDropList([]string{"0", "1"}); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, c.Title, "请填 1（是）或 0（否）")
	default:
		return nil
	}
	return b.f.AddDataValidation(sheet, dv)
}

// width is a column's width in characters.
func width(c contract.Column) float64 {
	switch {
	case c.MaxLen > 255:
		return 40
	case c.MaxLen > contract.IDLen:
		return 28
	case c.Kind == contract.USCC || c.Enterprise || c.Identifier:
		return 22
	}
	return max(12, float64(len([]rune(c.Title)))*2+2)
}

func (b *builder) writeInstructions(tables []*contract.Table) error {
	lines := []string{
		b.unit.Name + "（" + b.unit.Code + "）数据填报工作簿",
		"",
		"1. 每个工作表对应一张数据报送标准表，第 1 行为中文列名（带 * 的必须填写），第 2 行已隐藏，请勿改动。",
		"2. 表中已预填本单位目前在库的记录：修改有变化的内容、在下方空行新增记录即可，无需重新录入。",
		"3. 删除某一行即表示撤回该条记录。本次上传是本单位全部记录的完整报送：未出现在工作簿中的记录将被撤回。",
		"4. 新增记录的“记录编号”可以留空，系统将自动编号；其他表要引用新增企业时，请为该企业自行填写编号。",
		"5. 日期请按 " + contract.DateExample + " 的格式填写；是/否 类列填 1 或 0；带下拉箭头的列请从列表中选择。",
		"6. 请填写数值，不要使用公式，不要合并单元格；请勿修改工作表名称。",
		"7. 上传后系统先显示预览（新增、修改、撤回、退回的记录及原因），确认后方才生效；撤回超过五分之一的记录须再次确认。",
		"8. 被退回的记录将以工作表名称和行号列出，请修改后重新上传。",
		"",
		"本工作簿包含的表：",
	}
	for _, t := range tables {
		lines = append(lines, "  "+t.Title+"（"+t.Name+"）")
	}
	lines = append(lines, "", "模板版本："+TemplateVersion)
	wrap, err := b.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	for i, l := range lines {
		if err := b.f.SetCellStr(instructionsSheet, "A"+strconv.Itoa(i+1), l); err != nil {
			return err
		}
	}
	if err := b.f.SetColWidth(instructionsSheet, "A", "A", 90); err != nil {
		return err
	}
	if err := b.f.SetColStyle(instructionsSheet, "A", wrap); err != nil {
		return err
	}
	return b.f.ProtectSheet(instructionsSheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true})
}

func (b *builder) writeMeta() error {
	for i, kv := range [][2]string{{"模板版本", TemplateVersion}, {"单位代码", b.unit.Code}, {"单位名称", b.unit.Name}} {
		row := strconv.Itoa(i + 1)
		if err := b.f.SetCellStr(metaSheet, "A"+row, kv[0]); err != nil {
			return err
		}
		if err := b.f.SetCellStr(metaSheet, "B"+row, kv[1]); err != nil {
			return err
		}
	}
	return b.f.ProtectSheet(metaSheet, &excelize.SheetProtectionOptions{})
}

// excelEpoch is day 0 of Excel's 1900 date system (serial 1 is 1900-01-01,
// counting the 1900-02-29 that never was, so day 0 is 1899-12-30 from March 1900 on).
var excelEpoch = zhengzhi.NewDate(1899, 12, 30)

// serial is a date as an Excel serial number.
func serial(d zhengzhi.Date) int { return d.DaysSince(excelEpoch) }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
