package excel

import "zhengzhi"

// fields builds a table's columns together with how each row fills them, so
// that a rate column names its numerator and denominator columns by the
// indexes their own definitions returned, never by a counted position.
type fields[R any] struct {
	columns []column
	values  []func(R) any
	// marks are the columns another sheet shows by reference, by the title
	// they have there.
	marks map[string]int
}

// mark names column col for another sheet to refer to, by the title it
// shows there, and returns col.
func (fs *fields[R]) mark(title string, col int) int {
	if fs.marks == nil {
		fs.marks = map[string]int{}
	}
	fs.marks[title] = col
	return col
}

// first adds the leading label column.
func (fs *fields[R]) first(title string, value func(R) any) int {
	return fs.add(column{Title: title, Kind: textCell, Total: totalNone}, value)
}

func (fs *fields[R]) add(c column, value func(R) any) int {
	fs.columns = append(fs.columns, c)
	fs.values = append(fs.values, value)
	return len(fs.columns) - 1
}

// count adds a whole-number column summed in the totals row.
func (fs *fields[R]) count(group, title string, value func(R) int64) int {
	return fs.add(column{Group: group, Title: title, Kind: countCell}, func(r R) any { return value(r) })
}

// rate adds a percentage column computed by formula from two count columns.
func (fs *fields[R]) rate(group, title string, num, den int) int {
	return fs.add(column{Group: group, Title: title, Kind: rateCell, Num: num, Den: den}, func(R) any { return nil })
}

// text adds a centred text column with the given totals rule.
func (fs *fields[R]) text(group, title string, total totalRule, value func(R) string) int {
	return fs.add(column{Group: group, Title: title, Kind: centerCell, Total: total}, func(r R) any { return value(r) })
}

// score adds a points column averaged in the totals row.
func (fs *fields[R]) score(group, title string, value func(R) any) int {
	return fs.add(column{Group: group, Title: title, Kind: scoreCell, Total: totalAverage}, value)
}

// rows evaluates every column for every row.
func (fs *fields[R]) rows(rs []R) [][]any {
	out := make([][]any, len(rs))
	for i, r := range rs {
		out[i] = make([]any, len(fs.values))
		for c, v := range fs.values {
			out[i][c] = v(r)
		}
	}
	return out
}

// date adds a date column, left empty in the totals row.
func (fs *fields[R]) date(group, title string, value func(R) zhengzhi.Date) int {
	return fs.add(column{Group: group, Title: title, Kind: dateCell, Total: totalNone}, func(r R) any { return value(r) })
}
