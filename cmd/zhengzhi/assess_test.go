package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/sqldb"
)

// TestAssessJSONNextGrade checks each unit's path, its absence with the
// reason, and the margin in assess --format json: a city 1.72 points short
// of 良好 whose one follow-up of a non-conforming enterprise gains 5, a
// vetoed city, and a city at 优秀 that 21 hazards fewer rectified would
// cost its grade.
func TestAssessJSONNextGrade(t *testing.T) {
	rs := demotest.RuleSet(t, "target-responsibility-city.yaml")
	short := map[string]zhengzhi.Value{ // 73.28, 合格 (see the root package's hand-checked city)
		"screening_coverage":          {Numerator: 41, Denominator: 50},
		"hazard_rectification_rate":   {Numerator: 123, Denominator: 130},
		"hazard_closure_rate":         {Numerator: 90, Denominator: 130},
		"overdue_major_hazards":       {Numerator: 2},
		"refusal_enforcement_rate":    {Numerator: 3, Denominator: 4},
		"sampling_completion":         {Numerator: 40, Denominator: 50},
		"nonconforming_followup_rate": {Numerator: 19, Denominator: 20},
		"dormant_tracking_rate":       {Numerator: 7, Denominator: 10},
		"risk_signal_assessment_rate": {Numerator: 23, Denominator: 25},
		"analysis_meeting_held":       {Numerator: 1},
		"risk_point_zeroing_rate":     {Numerator: 98, Denominator: 100},
		"self_inspection_coverage":    {Numerator: 8, Denominator: 10},
		"supervision_coverage":        {Numerator: 5, Denominator: 10},
		"submission_timeliness":       {Numerator: 3, Denominator: 4},
		"experience_adopted":          {Numerator: 2},
	}
	values := zhengzhi.Values{
		"990100": short,
		"990200": {"major_incidents": {Numerator: 1}},
		// 100: every other ratio is empty; 21 hazards fewer rectified cost 10.50.
		"990300": {"analysis_meeting_held": {Numerator: 1}, "hazard_rectification_rate": {Numerator: 100, Denominator: 100}},
	}
	units := []zhengzhi.Unit{{Code: "990100", Name: "东川市"}, {Code: "990200", Name: "西岭市"}, {Code: "990300", Name: "南湖市"}}
	a := zhengzhi.Assess(rs, units, values, rs.Window.End)
	var buf bytes.Buffer
	if err := writeAssessmentJSON(&buf, a, values); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Units []map[string]json.RawMessage `json:"units"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := []map[string]string{{
		"next_grade":      `{"grade":"良好","min":75,"gap":1.72,"actions":1,"steps":[{"item":"A8","count":1,"gain":5,"text":"再对1家不合格企业完成后处理"}],"total_after":78.28,"rank_after":2,"grade_after":"良好"}`,
		"next_grade_text": `"距良好（75分）还差1.72分；最少需完成1项工作：再对1家不合格企业完成后处理（+5分）"`,
		"margin":          `{"grade":"合格","floor":60,"points":13.28,"text":"高出合格分数线（60分）13.28分；任一单项倒退都不会使等次下降"}`,
	}, {
		"next_grade": `null`, "next_grade_blocked": `"vetoed"`, "next_grade_text": `"本年度已被一票否决，等次不能提升"`, "margin": `null`,
	}, {
		"next_grade": `null`, "next_grade_blocked": `"top"`, "next_grade_text": `"已是最高等次，无需提升"`,
		"margin": `{"grade":"优秀","floor":90,"points":10,"item":"A2","setbacks":21,"lost":10.5,"falls_to":"良好","text":"高出优秀分数线（90分）10分；最易失分的是“隐患整改率”，少整改21处隐患即降为良好"}`,
	}}
	for i, w := range want {
		for key, value := range w {
			var got bytes.Buffer
			if err := json.Compact(&got, doc.Units[i][key]); err != nil || got.String() != value {
				t.Errorf("unit %d %s:\n%s\nwant\n%s", i, key, got.String(), value)
			}
		}
		if _, ok := doc.Units[i]["next_grade_blocked"]; ok != (w["next_grade_blocked"] != "") {
			t.Errorf("unit %d: next_grade_blocked present %v", i, ok)
		}
	}
}

// TestAssessEveryConfiguredRuleSet: assess without --rules scores every
// rule set the config names; --rules is read from the config's folder, not
// the working one; scoring the same data again stores no second result.
func TestAssessEveryConfiguredRuleSet(t *testing.T) {
	cfg := ingestTestConfig(t, "rulesets:\n  - rules/2026/city.yaml\n  - rules/2026/county.yaml\n")
	dir := filepath.Dir(cfg)
	// Each 2026 rule set with the 2025 one it names (succeeds: ../2025/…).
	for _, year := range []string{"2025", "2026"} {
		if err := os.MkdirAll(filepath.Join(dir, "rules", year), 0o755); err != nil {
			t.Fatal(err)
		}
		for file, name := range map[string]string{"city.yaml": "target-responsibility-city.yaml", "county.yaml": "target-responsibility-county.yaml"} {
			text, err := os.ReadFile(filepath.Join("..", "..", "templates", "rules", year, name))
			if err != nil {
				t.Fatal(err)
			}
			if year == "2025" {
				file = name
			}
			if err := os.WriteFile(filepath.Join(dir, "rules", year, file), text, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if code, _, stderr := runCLI(t, "ingest", "--config", cfg); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	code, out, stderr := runCLI(t, "assess", "--config", cfg, "--as-of", "2026-11-24", "--format", "csv")
	if code != exitOK {
		t.Fatalf("assess: exit %d: %s", code, stderr)
	}
	for _, id := range []string{"target-responsibility-city-2026", "target-responsibility-county-2026"} {
		if !strings.Contains(out, id+",2026-11-24") {
			t.Errorf("assess without --rules did not score %s", id)
		}
	}
	code, out, stderr = runCLI(t, "assess", "--config", cfg, "--rules", "rules/2026/city.yaml", "--as-of", "2026-11-24", "--format", "csv")
	if code != exitOK || strings.Contains(out, "county-2026") || !strings.Contains(out, "city-2026") {
		t.Fatalf("assess --rules rules/2026/city.yaml (the config's folder): exit %d: %s", code, stderr)
	}
	db, err := sqldb.Open(context.Background(), "sqlite:"+filepath.Join(dir, "warehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stored int
	if err := db.GetContext(context.Background(), &stored, `SELECT COUNT(*) FROM assessments`); err != nil {
		t.Fatal(err)
	}
	if stored != 2 {
		t.Errorf("%d results stored, want one per rule set: the same data scored again stores none", stored)
	}
}
