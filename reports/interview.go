package reports

import (
	"fmt"
	"sort"
	"strings"

	"zhengzhi"
)

// InterviewNotice is the 约谈通知 to one unit on the 通报's call-in list: a
// notice of the province addressed to the unit's bureau saying why it is
// called in (vetoed, or among the last ranks — with its total, grade and
// rank), the items where it lost most, and the time and place of the talk
// (blanks a staffer fills unless the render was given them).
type InterviewNotice struct {
	Meta Meta `json:"-"`
	// Unit is the unit called in; City its city's code (itself for a city),
	// the folder the notice goes to.
	Unit zhengzhi.Unit `json:"unit"`
	City string        `json:"city"`
	Mark string        `json:"mark"`
	// Title is "关于约谈临江市市场监督管理局主要负责人的通知".
	Title     string `json:"title"`
	Addressee string `json:"addressee"`
	// Reasons are one sentence per assessment the unit is called in for.
	Reasons []string `json:"reasons"`
	// Losses name the items where it lost most, across its assessments.
	Losses []string `json:"losses"`
	Time   string   `json:"time"`
	Place  string   `json:"place"`
	Issuer string   `json:"issuer"`
	Date   string   `json:"date"`
	Method string   `json:"method"`
	// CC, Printer and PrintedOn are the 版记's 抄送 (none when empty),
	// 印发机关 and 印发日期, as the 通报's.
	CC        string `json:"cc,omitempty"`
	Printer   string `json:"printer"`
	PrintedOn string `json:"printed_on"`
}

// interviewBlank is the line left for a time or place the render was not given.
const interviewBlank = "＿＿＿＿＿＿＿＿＿＿＿＿"

// interviewLosses is how many items a notice names.
const interviewLosses = 3

// BuildInterviewNotices builds the 约谈通知 of every unit the 通报 calls
// in, from its scorecards in the year's assessments.
func BuildInterviewNotices(s Summary, reg *zhengzhi.Registry, current []*zhengzhi.Assessment, doc DocumentSettings) []InterviewNotice {
	var out []InterviewNotice
	for _, c := range s.CalledIn {
		u, ok := reg.Unit(c.Code)
		if !ok {
			continue
		}
		city := u.Code
		if u.Level == zhengzhi.LevelCounty {
			city = u.Parent
		}
		bureau := u.Name + "市场监督管理局"
		n := InterviewNotice{Meta: s.Meta, Unit: u, City: city, Mark: s.Mark, Addressee: bureau,
			Title: "关于约谈" + bureau + "主要负责人的通知", Time: doc.InterviewTime, Place: doc.InterviewPlace,
			Issuer: s.Issuer.Short, Date: s.Date, Method: s.Method, CC: s.Issuer.CC, Printer: s.Issuer.Printer(), PrintedOn: s.PrintedOn}
		if n.Time == "" {
			n.Time = interviewBlank
		}
		if n.Place == "" {
			n.Place = interviewBlank
		}
		type loss struct {
			text string
			lost zhengzhi.Score
		}
		var losses []loss
		for _, a := range current {
			if a.RuleSet == nil || a.RuleSet.Level != u.Level {
				continue
			}
			for _, sc := range a.Units {
				if sc.Unit.Code != u.Code {
					continue
				}
				why := fmt.Sprintf("排名第%d位（共%d个）", sc.Rank, len(a.Units))
				if sc.Vetoed {
					why = "被一票否决，排名第" + fmt.Sprint(sc.Rank) + "位"
				}
				n.Reasons = append(n.Reasons, fmt.Sprintf("在%s中总分%s分，等次为%s，%s", a.RuleSet.ShortTitle(), sc.Total.String(), sc.Grade, why))
				for _, it := range sc.Items {
					if l := it.Lost(); l > 0 {
						losses = append(losses, loss{fmt.Sprintf("%s“%s”失%s分（满分%s分）", a.RuleSet.ShortTitle(), it.Title, l.Text(), it.Points.Text()), l})
					}
				}
			}
		}
		sort.SliceStable(losses, func(i, j int) bool { return losses[i].lost > losses[j].lost })
		for i := 0; i < len(losses) && i < interviewLosses; i++ {
			n.Losses = append(n.Losses, losses[i].text)
		}
		out = append(out, n)
	}
	return out
}

// Body is the notice's text, paragraph by paragraph, after the addressee.
func (n InterviewNotice) Body() []string {
	why := "你局" + strings.Join(n.Reasons, "；") + "。"
	if len(n.Losses) > 0 {
		why += "失分较多的项目是：" + strings.Join(n.Losses, "，") + "。"
	}
	return []string{
		"根据" + n.Method + "，省局对全省市场监管部门专项整治工作进行了年度考核。" + why +
			"为压实工作责任，省局决定约谈你局主要负责人。现将有关事项通知如下：",
		"一、约谈时间：" + n.Time + "。",
		"二、约谈地点：" + n.Place + "。",
		"三、参加人员：你局主要负责人、分管负责人。",
		"四、有关要求：请对照考核结果深入分析失分原因，形成书面整改报告，于约谈时提交。",
	}
}
