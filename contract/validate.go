package contract

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zhengzhi"
)

// minDate is the earliest date the contract accepts: older ones are typing
// errors (0026 for 2026), and MySQL cannot store years before 1000.
var minDate = zhengzhi.NewDate(1900, 1, 1)

// Validate checks one raw source row — the driver's values in the table's
// column order — against the contract and the scope. A row with any reject
// problem comes back without Row; warnings leave Row in place.
func (t *Table) Validate(raw []any, s *Scope) Result {
	// One spare slot: a loader may add a value of its own to the row (ingest
	// adds the source row's fingerprint) without copying it.
	v := validation{t: t, s: s, raw: raw, row: make([]any, len(t.Columns), len(t.Columns)+1)}
	for i := range t.Columns {
		v.row[i] = v.column(i)
	}
	if id, ok := v.row[0].(string); ok {
		v.res.ID = id
	} else {
		v.res.ID, _ = RawString(raw[0])
	}
	if ts, ok := v.row[len(v.row)-2].(time.Time); ok {
		v.res.UpdatedAt = ts
	}
	if d, ok := v.row[len(v.row)-1].(int64); ok {
		v.res.Deleted = d == 1
	} else if d, ok := parseInt(raw[len(raw)-1]); ok {
		v.res.Deleted = d == 1
	}
	for _, r := range t.rules {
		r(&v)
	}
	v.ceded()
	if !v.rejected {
		v.res.Row = v.row
	}
	return v.res
}

// validation is the state of checking one row.
type validation struct {
	t        *Table
	s        *Scope
	raw      []any
	row      []any
	res      Result
	bad      uint64 // columns that already have a reject problem
	rejected bool
}

func (v *validation) add(i int, sev Severity, format string, args ...any) {
	value, _ := RawString(v.raw[i])
	v.res.Problems = append(v.res.Problems, Problem{
		Column:   v.t.Columns[i].Name,
		Value:    value,
		Severity: sev,
		Reason:   v.t.Columns[i].Label() + " " + fmt.Sprintf(format, args...),
	})
	if sev == Reject {
		v.bad |= 1 << i
		v.rejected = true
	}
}

// column reads and checks the i-th value and returns it typed, or nil.
func (v *validation) column(i int) any {
	c := &v.t.Columns[i]
	raw := v.raw[i]
	s, present := RawString(raw)
	if c.Kind == Text || c.Kind == Enum || c.Kind == UnitCode || c.Kind == CountyCode || c.Kind == USCC {
		present = present && strings.TrimSpace(s) != ""
	}
	if !present {
		if !c.Nullable {
			v.add(i, Reject, "为空，必须填写")
		}
		return nil
	}
	if fault := c.textFault(s); fault != "" {
		v.add(i, Reject, "%s", fault)
		return nil
	}
	switch c.Kind {
	case Text:
		if c.Enterprise && (v.s.Enterprise == nil || !v.s.Enterprise(s)) {
			v.add(i, Reject, "%s 在本局企业表中不存在", s)
			return nil
		}
		return asText(raw, s)
	case UnitCode, CountyCode:
		return v.unit(i, c, s)
	case USCC:
		ok, checkOK := zhengzhi.ValidUSCC(s)
		switch {
		case len(s) != 18:
			v.add(i, Reject, "%s长度为 %d 位，应为 18 位", quote(s), utf8.RuneCountInString(s))
			return nil
		case !ok:
			v.add(i, Reject, "%s含非法字符（只允许数字和除 I、O、S、V、Z 外的大写字母）", quote(s))
			return nil
		case !checkOK:
			want, _ := zhengzhi.USCCCheckDigit(s[:17])
			v.add(i, Warning, "%s 校验位不符（按前 17 位应为 %c），请核实", s, want)
		}
		return asText(raw, s)
	case Enum:
		if !c.Enum.Has(s) {
			allowed := make([]string, len(c.Enum.Values))
			for k, e := range c.Enum.Values {
				allowed[k] = e + "（" + c.Enum.Label(e) + "）"
			}
			v.add(i, Reject, "%s不是规定的取值，应为：%s", quote(s), strings.Join(allowed, "、"))
			return nil
		}
		return asText(raw, s)
	case Date, EventDate:
		d, ok := parseDate(raw)
		if ok && d < minDate {
			v.add(i, Reject, "%s 早于 %s，不是有效日期", d, minDate)
			return nil
		}
		if !ok {
			v.add(i, Reject, "%s无法识别为日期，应为 年-月-日（如 %s）", quote(s), DateExample)
			return nil
		}
		if c.Kind == EventDate && !v.s.Today.IsZero() && d > v.s.Today {
			v.add(i, Reject, "%s 晚于本次采集日期 %s", d, v.s.Today)
			return nil
		}
		return d
	case Timestamp:
		zone := v.s.Zone
		if zone == nil {
			zone = time.UTC
		}
		ts, ok := ParseTimestampIn(raw, zone)
		if !ok {
			v.add(i, Reject, "%s无法识别为时间", quote(s))
			return nil
		}
		if d := zhengzhi.DateOf(ts); d < minDate {
			v.add(i, Reject, "%s 早于 %s，不是有效时间", d, minDate)
			return nil
		}
		if now := v.s.Now; !now.IsZero() && ts.After(now.Add(FutureTolerance)) {
			v.res.UpdatedAt = ts
			v.add(i, Reject, "%s 晚于本次采集时间 %s（允许的时钟误差为 %d 分钟），请更正",
				ts.In(zone).Format(timeShown), now.In(zone).Format(timeShown), int(FutureTolerance/time.Minute))
			return nil
		}
		return ts
	case Flag:
		n, ok := parseInt(raw)
		if !ok || (n != 0 && n != 1) {
			v.add(i, Reject, "%s 应为 0 或 1", s)
			return nil
		}
		return n
	case Int:
		n, ok := parseInt(raw)
		if !ok {
			v.add(i, Reject, "%s不是整数", quote(s))
			return nil
		}
		if n < c.Min {
			v.add(i, Reject, "%d 小于 %d", n, c.Min)
			return nil
		}
		if n > math.MaxInt32 {
			v.add(i, Reject, "%d 超出取值范围", n)
			return nil
		}
		return n
	}
	return nil
}

// textFault is what makes a value as read unfit for any column, or "": a
// length over the column's limit, a NUL character or bytes that are not
// UTF-8 (which PostgreSQL and MySQL cannot store, and which a clerk cannot
// see), and white space around an identifier (which engines compare
// differently: MariaDB's PAD SPACE collations take 'H-1 ' for 'H-1').
func (c *Column) textFault(s string) string {
	limit := c.MaxLen
	if limit == 0 {
		limit = valueLen
	}
	if len(s) > limit { // bytes: a cheap bound before counting characters
		if n := utf8.RuneCountInString(s); n > limit {
			return fmt.Sprintf("长度 %d 字，超过 %d 字上限", n, limit)
		}
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "含 NUL 空字符（\\x00），无法入库"
	}
	if !utf8.ValidString(s) {
		return "含不符合 UTF-8 编码的字节，无法识别"
	}
	if c.Identifier && strings.TrimSpace(s) != s {
		return fmt.Sprintf("%s首尾含空格或空白字符；编号须逐字一致，请去掉", quote(s))
	}
	return ""
}

// RejectDuplicate sets a checked row aside because its id is used by copies
// rows of its table (the contract's ids are unique in a bureau's database):
// every copy is set aside, since none can be told to be the right one.
func (t *Table) RejectDuplicate(r *Result, copies int) {
	r.Row = nil
	r.Problems = append(r.Problems, Problem{Column: t.Columns[0].Name, Value: r.ID, Severity: Reject,
		Reason: fmt.Sprintf("%s %s编号重复：本表有 %d 条记录使用此编号，均不予入库；请保留一条或改用不同编号", t.Columns[0].Label(), quote(zhengzhi.Clip(r.ID, IDLen, "…")), copies)})
}

// unit checks a unit code: its shape, the registry, its level, and that the
// bureau may speak of it.
func (v *validation) unit(i int, c *Column, code string) any {
	reg := v.s.Registry
	if !isSixDigits(code) {
		v.add(i, Reject, "%s不是6位行政区划代码", quote(code))
		return nil
	}
	u, ok := reg.Unit(code)
	if !ok {
		v.add(i, Reject, "%s 不在单位名录中", code)
		return nil
	}
	if c.Kind == CountyCode && u.Level != zhengzhi.LevelCounty {
		v.add(i, Reject, "%s不是县级单位", unitName(u))
		return nil
	}
	if v.s.Bureau != reg.Province.Code && code != v.s.Bureau {
		if city, _ := reg.CityOf(code); city != v.s.Bureau {
			where, bureau := "本单位", v.s.Bureau
			if b, ok := reg.Unit(v.s.Bureau); ok {
				if b.Level == zhengzhi.LevelCity {
					where = "本市"
				}
				bureau = unitName(b)
			}
			v.add(i, Reject, "%s不属于%s %s", unitName(u), where, bureau)
			return nil
		}
	}
	if u.Abolished {
		v.add(i, Warning, "%s在单位名录中已撤销，请核实", unitName(u))
	}
	return asText(v.raw[i], code)
}

// asText is a checked text value for the typed row: the driver's own value
// when it is already a string, which saves boxing it anew for every column
// of a million rows.
func asText(raw any, s string) any {
	if _, ok := raw.(string); ok {
		return raw
	}
	return s
}

func isSixDigits(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < 6; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// timeShown is how a reason writes a point in time: on the bureau's wall clock, to the second.
const timeShown = "2006-01-02 15:04:05"

// DateExample is the date reasons and the 填报 template show as an example
// of how a date is written.
const DateExample = "2026-03-15"

// quote sets a value a reason quotes in Chinese quotation marks, “严重”, with
// what a clerk cannot see — a tab, a NUL, bytes that are not UTF-8 —
// escaped as Go writes it (\t).
func quote(s string) string {
	q := strconv.Quote(s)
	return "“" + q[1:len(q)-1] + "”"
}

// unitName names a unit of the registry as reasons do: 东川市（990100）.
func unitName(u zhengzhi.Unit) string { return u.Name + "（" + u.Code + "）" }
