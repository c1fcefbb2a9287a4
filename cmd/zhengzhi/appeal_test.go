package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhengzhi/account"
	"zhengzhi/warehouse"
)

// TestAppealCommands plays a period through on the command line: publicize,
// a refused filing (exit 2 with its reason), a filing with an evidence PDF,
// a ruling by a city refused (exit 2), finalize refused while the appeal is
// pending (exit 1), the province's acceptance, finalize, and assess --format
// json giving the final result with the appeal and the provisional score.
func TestAppealCommands(t *testing.T) {
	rules, _ := filepath.Abs("../../templates/rules/2026/target-responsibility-city.yaml")
	cfg := ingestTestConfig(t, "rulesets: ["+rules+"]\n")
	dir := filepath.Dir(cfg)
	cmd := func(want int, says string, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		args = append(args, "--config", cfg)
		code := run(context.Background(), args, &stdout, &stderr)
		if code != want || !strings.Contains(stderr.String()+stdout.String(), says) {
			t.Fatalf("%v: exit %d, want %d; stdout %q stderr %q should say %q", args, code, want, stdout.String(), stderr.String(), says)
		}
		return stdout.String()
	}
	cmd(exitOK, "", "ingest")
	w, err := warehouse.Open(t.Context(), "sqlite:"+filepath.Join(dir, "warehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, a := range []warehouse.Account{{Login: "dc", Unit: "990100", Role: "city"}, {Login: "office", Unit: "990000", Role: "province"}} {
		a.PasswordHash, a.CreatedAt, a.PasswordChangedAt = "x", at, at
		if _, err := w.CreateAccount(t.Context(), a, account.PasswordsRemembered); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	evidence := filepath.Join(dir, "抽查台账.pdf")
	if err := os.WriteFile(evidence, []byte("%PDF-1.4\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Setenv("ZZ_TODAY", "2026-12-07")
	id := "target-responsibility-city-2026"
	cmd(exitOK, "公示期自2026-12-07起至2026-12-14止", "publicize", "--ruleset", id, "--as-of", "2026-11-30", "--working-days", "5")
	cmd(exitUsage, "分子101大于分母100", "appeal", "file", "--ruleset", id, "--as-of", "2026-11-30", "--unit", "990100",
		"--item", "A1", "--claim", "漏计排查", "--value", "101/100", "--by", "dc")
	cmd(exitUsage, "只能为本单位申诉", "appeal", "file", "--ruleset", id, "--as-of", "2026-11-30", "--unit", "990200",
		"--item", "A1", "--claim", "漏计排查", "--by", "dc")
	cmd(exitOK, "申诉1已受理", "appeal", "file", "--ruleset", id, "--as-of", "2026-11-30", "--unit", "990100",
		"--item", "A1", "--claim", "漏计排查", "--value", "1/1", "--evidence", evidence, "--by", "dc")
	cmd(exitUsage, "没有省局专项办角色", "appeal", "rule", "1", "--accept", "--reason", "自评", "--by", "dc")
	t.Setenv("ZZ_TODAY", "2026-12-15")
	cmd(exitUsage, "已于2026-12-14截止", "appeal", "file", "--ruleset", id, "--as-of", "2026-11-30", "--unit", "990100",
		"--item", "A2", "--claim", "迟到", "--by", "dc")
	cmd(exitFailed, "尚有申诉待复核", "finalize", "--ruleset", id, "--as-of", "2026-11-30")
	cmd(exitOK, "采纳", "appeal", "rule", "1", "--accept", "--reason", "排查记录属实", "--by", "office")
	cmd(exitOK, "已定稿", "finalize", "--ruleset", id, "--as-of", "2026-11-30")

	var listing struct {
		Appeals []struct {
			ID       int64  `json:"id"`
			Value    string `json:"value"`
			State    string `json:"state"`
			Evidence []struct {
				Name   string `json:"name"`
				SHA256 string `json:"sha256"`
			} `json:"evidence"`
			Ruling *struct {
				Value  string `json:"value"`
				Reason string `json:"reason"`
				By     string `json:"by"`
			} `json:"ruling"`
		} `json:"appeals"`
	}
	if err := json.Unmarshal([]byte(cmd(exitOK, "", "appeal", "list", "--format", "json")), &listing); err != nil {
		t.Fatal(err)
	}
	if a := listing.Appeals; len(a) != 1 || a[0].Value != "1/1" || a[0].State != "accepted" || len(a[0].Evidence) != 1 ||
		a[0].Evidence[0].Name != "抽查台账.pdf" || len(a[0].Evidence[0].SHA256) != 64 || a[0].Ruling == nil || a[0].Ruling.By != "office" {
		t.Fatalf("listing %+v", listing)
	}

	var scores struct {
		State string `json:"state"`
		Units []struct {
			Code  string `json:"code"`
			Items []struct {
				ID               string   `json:"id"`
				Score            float64  `json:"score"`
				Appeal           int64    `json:"appeal"`
				ProvisionalScore *float64 `json:"provisional_score"`
			} `json:"items"`
		} `json:"units"`
	}
	if err := json.Unmarshal([]byte(cmd(exitOK, "", "assess", "--ruleset", id, "--as-of", "2026-11-30", "--format", "json")), &scores); err != nil {
		t.Fatal(err)
	}
	if scores.State != "final" {
		t.Fatalf("state %q, want final", scores.State)
	}
	changed := 0
	for _, u := range scores.Units {
		for _, it := range u.Items {
			if it.Appeal != 0 {
				changed++
				if u.Code != "990100" || it.ID != "A1" || it.Score != 10 || it.ProvisionalScore == nil || *it.ProvisionalScore >= 10 {
					t.Errorf("changed item %s of %s: score %v, provisional %v", it.ID, u.Code, it.Score, it.ProvisionalScore)
				}
			} else if it.ProvisionalScore != nil {
				t.Errorf("item %s of %s has a provisional score but no appeal", it.ID, u.Code)
			}
		}
	}
	if changed != 1 {
		t.Errorf("%d items changed by an appeal, want 1", changed)
	}
}
