package seed

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"zhengzhi"
)

// tradeNameChars make up the 字号 (trade name) of an enterprise, two of them
// at a time. The last three are rarer characters (堃 喆 镕) that fonts limited
// to GB2312 lack, so the reports' font coverage is exercised.
var tradeNameChars = []string{
	"华", "兴", "宏", "达", "恒", "通", "鑫", "源", "金", "盛", "中", "信", "永", "安", "瑞", "丰",
	"富", "强", "天", "成", "东", "方", "广", "利", "新", "远", "泰", "和", "隆", "昌", "宇", "光",
	"正", "大", "明", "晟", "德", "润", "嘉", "锦", "凯", "博", "益", "诚", "汇", "立", "佳", "联",
}

var rareTradeNameChars = []string{"堃", "喆", "镕"}

// supplementaryChar is a character above U+FFFF; exactly one enterprise name
// of a run carries it, so the reports' substitution path for characters the
// PDF library cannot draw is exercised.
const supplementaryChar = "𠀾"

// industryWords are the 行业 part of a name, per product category.
var industryWords = map[string][]string{
	"explosion_proof":   {"防爆电器", "防爆电气", "电气设备", "防爆科技"},
	"wire_cable":        {"电线电缆", "线缆", "电缆", "电工材料"},
	"hazchem":           {"化工", "精细化工", "化学", "新材料"},
	"hazchem_packaging": {"包装容器", "包装材料", "塑料制品", "钢桶"},
}

var companyForms = []string{"有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"}

// placeName is the place part of a name: a unit's name without its 区/县/市 suffix.
func placeName(name string) string {
	for _, suffix := range []string{"自治县", "区", "县", "市"} {
		if s, ok := strings.CutSuffix(name, suffix); ok && utf8.RuneCountInString(s) >= 2 {
			return s
		}
	}
	return name
}

// enterpriseName composes 地名+字号+行业+有限公司.
func enterpriseName(r *rnd, place, category string, supplementary bool) string {
	a := pick(r, tradeNameChars...)
	b := pick(r, tradeNameChars...)
	if r.chance(0.004) {
		b = pick(r, rareTradeNameChars...)
	}
	if supplementary {
		b = supplementaryChar
	}
	return place + a + b + pick(r, industryWords[category]...) + pick(r, companyForms...)
}

// usccAlphabet is GB 32100's alphabet, for drawing organisation codes.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// newUSCC makes a valid unified social credit code for an enterprise
// registered in a county: 9 (market regulation) 1 (enterprise), the county
// code, a 9-character organisation code that starts with the enterprise's
// number (so codes are unique in a run), and the check digit.
func newUSCC(r *rnd, county string, number int) string {
	var b strings.Builder
	b.WriteString("91")
	b.WriteString(county)
	for i := 0; i < 4; i++ {
		b.WriteByte(usccAlphabet[r.IntN(31)])
	}
	var serial [5]byte
	for i, n := 4, number; i >= 0; i, n = i-1, n/31 {
		serial[i] = usccAlphabet[n%31]
	}
	b.Write(serial[:])
	first17 := b.String()
	check, err := zhengzhi.USCCCheckDigit(first17)
	if err != nil {
		panic("seed: " + err.Error()) // the alphabet above is the code's own
	}
	return first17 + string(check)
}

// licenceNumber is a production licence number (XK..-...-.....), or for
// explosion-proof equipment a CCC certificate number.
func licenceNumber(r *rnd, category string) string {
	switch category {
	case "explosion_proof":
		return fmt.Sprintf("2026%02d%02d%08d", r.between(1, 12), r.between(1, 9), r.IntN(1e8))
	case "wire_cable":
		return fmt.Sprintf("XK06-001-%05d", r.IntN(1e5))
	case "hazchem":
		return fmt.Sprintf("XK13-014-%05d", r.IntN(1e5))
	default:
		return fmt.Sprintf("(东)XK13-008-%05d", r.IntN(1e5))
	}
}

// hazardDescriptions are typical hazards per category.
var hazardDescriptions = map[string][]string{
	"explosion_proof": {"防爆合格证过期仍在生产", "隔爆面间隙超标", "出厂检验记录缺失", "关键元器件擅自变更未备案",
		"防爆标志不清晰"},
	"wire_cable": {"导体电阻不合格", "绝缘厚度不达标", "以铝代铜、以次充好", "原材料进货查验记录不全",
		"出厂检验设备未检定"},
	"hazchem": {"储存场所未设置警示标志", "生产装置安全联锁失效", "未按规定开展危险工艺自动化改造",
		"原料台账与实际不符", "应急物资配备不足"},
	"hazchem_packaging": {"包装容器耐压试验记录缺失", "焊缝质量不合格", "未按标准进行跌落试验",
		"产品标识不规范", "重复使用容器未检验"},
}

// signalSummaries are risk information summaries per category.
var signalSummaries = map[string][]string{
	"explosion_proof":   {"电商平台销售的防爆灯具疑似无防爆合格证", "消费者投诉防爆开关外壳开裂", "监测发现防爆电机温升超标"},
	"wire_cable":        {"媒体报道建材市场电线“缩水”", "投诉装修用电线导体偏细", "监测发现电缆绝缘老化性能不合格"},
	"hazchem":           {"群众举报化工企业夜间偷排", "上级交办危化品储罐泄漏线索", "监测发现溶剂产品有害物质超标"},
	"hazchem_packaging": {"投诉危化品包装桶渗漏", "监测发现包装容器壁厚不足", "媒体报道回收包装桶翻新后销售"},
}

// incidentSummaries are what happened, per category.
var incidentSummaries = map[string][]string{
	"explosion_proof":   {"生产的防爆电机失效引发爆燃", "防爆灯具外壳破裂引发闪爆"},
	"wire_cable":        {"生产的电线绝缘不合格引发电气火灾", "电缆导体截面不足过热起火"},
	"hazchem":           {"储罐泄漏引发火灾", "反应釜超压导致危化品泄漏"},
	"hazchem_packaging": {"包装容器破裂导致危化品泄漏", "钢桶焊缝开裂引发泄漏"},
}

// ecommerceOutlets are the platforms products are bought on for sampling.
var ecommerceOutlets = []string{"淘宝网", "京东商城", "拼多多", "抖音电商", "1688批发平台"}

func retailOutlet(r *rnd, place string) string {
	return place + pick(r, "五金建材市场", "好邻居建材超市", "电料批发部", "化工原料经营部", "机电城")
}
