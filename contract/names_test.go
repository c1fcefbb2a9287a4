package contract_test

import (
	"testing"
	"time"

	"zhengzhi/contract"
)

// TestNamesForClerks: the data-quality page names fields and enumeration
// values in Chinese, in the reasons too.
func TestNamesForClerks(t *testing.T) {
	var n contract.Names
	if got := n.ValueTitle("enterprises", "category", "explosion_proof", nil); got != "防爆电气" {
		t.Errorf("category explosion_proof reads %q", got)
	}
	if got := n.ValueTitle("enterprises", "category", "rockets", nil); got != "rockets" {
		t.Errorf("an unknown value reads %q", got)
	}
	if got := n.ValueTitle("enterprises", "uscc", "explosion_proof", nil); got != "explosion_proof" {
		t.Errorf("a text column's value reads %q", got)
	}
	reason := "统一社会信用代码(uscc) 校验位错误；产品类别(category) 为 explosion_proof（防爆电气）"
	if got, want := n.Plain("enterprises", reason), "统一社会信用代码 校验位错误；产品类别 为 防爆电气"; got != want {
		t.Errorf("Plain: %q, want %q", got, want)
	}
}

// TestTimesForClerks: a point in time stored with its zone reads on the
// bureau's wall clock, to the second, as the reasons write it.
func TestTimesForClerks(t *testing.T) {
	var n contract.Names
	shanghai := time.FixedZone("CST", 8*3600)
	if got := n.ValueTitle("hazards", "updated_at", "2026-11-24T16:06:57Z", shanghai); got != "2026-11-25 00:06:57" {
		t.Errorf("updated_at reads %q", got)
	}
	if got := n.ValueTitle("hazards", "updated_at", "yesterday", shanghai); got != "yesterday" {
		t.Errorf("an unreadable time reads %q", got)
	}
	if got := n.ValueTitle("hazards", "found_on", "2026-11-24", shanghai); got != "2026-11-24" {
		t.Errorf("a date reads %q", got)
	}
}
