package zhengzhi

import (
	"fmt"
	"strings"
)

// The path and the margin in words, for scorecards and reports (提升路径).

// Text is the path in words: "距合格（60分）还差9.33分；最少需完成1项工作：
// 再排查1家企业（+10分）", or why there is none: "本年度已被一票否决，等次不能提升".
func (n NextGrade) Text() string {
	switch n.Blocked {
	case BlockedVetoed:
		return "本年度已被一票否决，等次不能提升"
	case BlockedTop:
		return "已是最高等次，无需提升"
	case BlockedUnreachable:
		if !n.MinKnown {
			return fmt.Sprintf("即使所有可提升项目全部做满，也不能达到%s", n.Grade)
		}
		s := fmt.Sprintf("即使所有可提升项目全部做满，总分最高%s分", n.Total.Text())
		if n.Short > 0 {
			s += fmt.Sprintf("，距%s仍差%s分", n.goal(), n.Short.Text())
		}
		if n.Gate != "" {
			s += "，且" + n.Gate
		}
		return s
	}
	var b strings.Builder
	if n.Gap > 0 {
		fmt.Fprintf(&b, "距%s还差%s分", n.goal(), n.Gap.Text())
	} else {
		fmt.Fprintf(&b, "总分已够%s，但受关键指标限制", n.goal())
	}
	fmt.Fprintf(&b, "；最少需完成%d项工作：", n.Actions)
	for k, st := range n.Steps {
		if k > 0 {
			b.WriteString("，")
		}
		fmt.Fprintf(&b, "%s（+%s分）", st.Text, st.Gain.Text())
	}
	return b.String()
}

// goal names the grade aimed at with what it takes: "合格（60分）",
// "A（前4名，需82.5分）".
func (n NextGrade) goal() string {
	if n.Top > 0 {
		return fmt.Sprintf("%s（前%d名，需%s分）", n.Grade, n.Top, n.Min.Text())
	}
	return fmt.Sprintf("%s（%s分）", n.Grade, n.Min.Text())
}

// Text is the margin in words: "高出良好分数线（75分）4.5分；最易失分的是
// “隐患整改率”，少整改3处隐患即降为合格" — the item by its title, never its internal id.
func (m Margin) Text() string {
	var b strings.Builder
	if m.Top > 0 {
		fmt.Fprintf(&b, "高出%s所需总分（前%d名，%s分）%s分", m.Grade, m.Top, m.Floor.Text(), m.Points.Text())
	} else {
		fmt.Fprintf(&b, "高出%s分数线（%s分）%s分", m.Grade, m.Floor.Text(), m.Points.Text())
	}
	if m.Item == "" {
		b.WriteString("；任一单项倒退都不会使等次下降")
	} else {
		fmt.Fprintf(&b, "；最易失分的是“%s”，%s即降为%s", m.Title, m.Setback, m.Falls)
	}
	return b.String()
}
