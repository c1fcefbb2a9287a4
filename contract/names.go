package contract

import "strings"

// ValueTitle is a stored value as a clerk reads it: an enumeration's value
// by its Chinese label (防爆电气, not explosion_proof); any other value, and
// a value the enumeration does not know, as it is.
func (Names) ValueTitle(table, column, value string) string {
	if t, ok := Lookup(table); ok {
		if i := t.Index(column); i >= 0 && t.Columns[i].Kind == Enum {
			return t.Columns[i].Enum.Label(value)
		}
	}
	return value
}

// Plain rewrites a reason stored for a row of a table for a clerk: each of
// the table's columns named as "统一社会信用代码(uscc)" is named by its
// Chinese name alone, and each enumeration value the reason quotes with its
// label ("explosion_proof（防爆电气）") by the label.
func (Names) Plain(table, reason string) string {
	t, ok := Lookup(table)
	if !ok {
		return reason
	}
	var pairs []string
	for _, c := range t.Columns {
		pairs = append(pairs, c.Label(), c.Title)
		if c.Kind == Enum {
			for _, v := range c.Enum.Values {
				pairs = append(pairs, v+"（"+c.Enum.Label(v)+"）", c.Enum.Label(v))
			}
		}
	}
	return strings.NewReplacer(pairs...).Replace(reason)
}
