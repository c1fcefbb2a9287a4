package contract_test

import (
	"testing"

	"zhengzhi/contract"
)

// TestNamesForClerks: the data-quality page names fields and enumeration
// values in Chinese, in the reasons too.
func TestNamesForClerks(t *testing.T) {
	var n contract.Names
	if got := n.ValueTitle("enterprises", "category", "explosion_proof"); got != "防爆电气" {
		t.Errorf("category explosion_proof reads %q", got)
	}
	if got := n.ValueTitle("enterprises", "category", "rockets"); got != "rockets" {
		t.Errorf("an unknown value reads %q", got)
	}
	if got := n.ValueTitle("enterprises", "uscc", "explosion_proof"); got != "explosion_proof" {
		t.Errorf("a text column's value reads %q", got)
	}
	reason := "统一社会信用代码(uscc) 校验位错误；产品类别(category) 为 explosion_proof（防爆电气）"
	if got, want := n.Plain("enterprises", reason), "统一社会信用代码 校验位错误；产品类别 为 防爆电气"; got != want {
		t.Errorf("Plain: %q, want %q", got, want)
	}
}
