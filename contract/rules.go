package contract

import "zhengzhi"

// rule is a check across columns of one row; it runs after every column was
// read and looks only at columns that were read without a reject.
type rule func(v *validation)

// value is the typed value of a column that passed its own checks, or nil.
func (v *validation) value(name string) (int, any) {
	i := v.t.index[name]
	if v.bad&(1<<i) != 0 {
		return i, nil
	}
	return i, v.row[i]
}

// notBefore rejects a date that lies before an earlier step's date, e.g.
// rectified_on before found_on.
func notBefore(later, earlier string) rule {
	return func(v *validation) {
		li, l := v.value(later)
		ei, e := v.value(earlier)
		ld, ok1 := l.(zhengzhi.Date)
		ed, ok2 := e.(zhengzhi.Date)
		if ok1 && ok2 && ld < ed {
			v.add(li, Reject, "%s 早于%s %s", ld, v.t.Columns[ei].Label(), ed)
		}
	}
}

// requiredForStatus rejects a row whose status says a step was done but
// whose date of that step is empty.
func requiredForStatus(status, date string, statuses ...string) rule {
	return func(v *validation) {
		si, s := v.value(status)
		di, d := v.value(date)
		st, ok := s.(string)
		if !ok || d != nil || v.bad&(1<<di) != 0 {
			return
		}
		for _, want := range statuses {
			if st == want {
				c := &v.t.Columns[si]
				v.add(di, Reject, "为空，但%s为 %s（%s），必须填写", c.Label(), st, c.Enum.Label(st))
				return
			}
		}
	}
}

// notAbove rejects a count larger than the count it is part of.
func notAbove(part, whole string) rule {
	return func(v *validation) {
		pi, p := v.value(part)
		wi, w := v.value(whole)
		pn, ok1 := p.(int64)
		wn, ok2 := w.(int64)
		if ok1 && ok2 && pn > wn {
			v.add(pi, Reject, "%d 大于%s %d", pn, v.t.Columns[wi].Label(), wn)
		}
	}
}
