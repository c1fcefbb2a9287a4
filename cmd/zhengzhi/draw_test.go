package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"zhengzhi/draw"
	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/needs"
	"zhengzhi/warehouse"
)

// TestDrawCommitThenDraw plays the committed draw through the command line
// on every engine: a commitment to the operator's seed, replaced only with
// --force by a generated seed written to a 0600 file; up to the draw the
// generated seed is in no output, log, published file, warehouse table or
// audit row; the draw refuses no seed and the replaced seed (exit 2) and
// draws with the seed file, and its record states the digest and when it
// was committed, in the config's zone; a month drawn takes no commitment;
// every act is audited.
func TestDrawCommitThenDraw(t *testing.T) {
	needs.Tool(t, "pdftotext")
	dbtest.EachSerial(t, func(t *testing.T, dsn string) {
		cfg := schedulingTestConfig(t, "demo: true\ntimezone: Asia/Urumqi\n")
		setWarehouse(t, cfg, dsn)
		dir := filepath.Dir(cfg)
		var said []string // everything the commands printed before the draw
		cli := func(want int, args ...string) (string, string) {
			t.Helper()
			code, out, stderr := runCLI(t, append(args, "--config", cfg)...)
			if code != want {
				t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, out, stderr)
			}
			said = append(said, out, stderr)
			return out, stderr
		}
		cli(exitOK, "migrate")
		const own = "省局专项办公开摇号：东川-2026-12-第一轮"
		cli(exitUsage, "draw", "commit", "--month", "2026-12")
		cli(exitUsage, "draw", "commit", "--month", "2026-12", "--seed", own, "--seed-out", filepath.Join(dir, "x"))
		cli(exitOK, "draw", "commit", "--month", "2026-12", "--seed", own)

		seedFile := filepath.Join(dir, "seed-2026-12.txt")
		_, stderr := cli(exitUsage, "draw", "commit", "--month", "2026-12", "--seed-out", seedFile)
		if !strings.Contains(stderr, "--force") || !strings.Contains(stderr, draw.Digest(own)) {
			t.Fatalf("a second commitment without --force: %s", stderr)
		}
		if _, err := os.Stat(seedFile); !os.IsNotExist(err) {
			t.Fatalf("a refused commitment left its seed file: %v", err)
		}
		out, _ := cli(exitOK, "draw", "commit", "--month", "2026-12", "--seed-out", seedFile, "--force")
		st, err := os.Stat(seedFile)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("seed file %v, %v", st, err)
		}
		seed, err := readSeedFile(seedFile)
		if err != nil || draw.CheckSeed(seed) != nil || len(seed) < 26 {
			t.Fatalf("seed file holds %q, %v", seed, err)
		}
		digest := draw.Digest(seed)
		if !strings.Contains(out, digest) || !strings.Contains(out, "原摘要 "+draw.Digest(own)+" 作废") || !strings.Contains(out, "--seed-file "+seedFile) {
			t.Fatalf("commit printed:\n%s", out)
		}
		cli(exitUsage, "draw", "commit", "--month", "2026-12", "--seed-out", seedFile, "--force") // never overwrites a seed file

		w, err := warehouse.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		c, err := w.DrawCommitmentOf(context.Background(), "2026-12")
		if err != nil || c == nil || c.Digest != digest || !strings.HasPrefix(c.CommittedBy, "cli:") || c.Process == "" {
			t.Fatalf("stored commitment %+v, %v", c, err)
		}
		urumqi, _ := time.LoadLocation("Asia/Urumqi")
		committedAt := c.CommittedAt.In(urumqi).Format("2006年1月2日 15:04")
		published, err := os.ReadFile(filepath.Join(dir, "output", "draws", "2026-12-commitment.txt"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"东川省2026年12月督查随机抽查随机种子承诺", "随机种子的SHA-256摘要：" + digest, "承诺时间：" + committedAt,
			"本承诺替换", "公布的摘要 " + draw.Digest(own) + "，原摘要作废", "【演示数据】"} {
			if !strings.Contains(string(published), want) {
				t.Errorf("the published commitment lacks %q:\n%s", want, published)
			}
		}

		// Before the draw the seed is nowhere but in its file.
		leaks := func(where, text string) {
			t.Helper()
			if strings.Contains(text, seed) {
				t.Errorf("the seed is in %s before the draw", where)
			}
		}
		for i, text := range said {
			leaks("the output of command "+string(rune('0'+i)), text)
		}
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || path == seedFile {
				return err
			}
			body, err := os.ReadFile(path)
			leaks(path, string(body))
			return err
		})
		db := dbtest.Open(t, dsn)
		for _, table := range []string{"draw_commitments", "audit_log", "draws"} {
			rows, err := db.Queryx(`SELECT * FROM ` + table)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				cols, err := rows.SliceScan()
				if err != nil {
					t.Fatal(err)
				}
				for _, col := range cols {
					if b, ok := col.([]byte); ok {
						col = string(b)
					}
					if s, ok := col.(string); ok {
						leaks("table "+table, s)
					}
				}
			}
			rows.Close()
		}

		// The draw takes the committed seed only.
		_, stderr = cli(exitUsage, "draw", "--month", "2026-12")
		if !strings.Contains(stderr, "须用该种子抽取") {
			t.Fatalf("a draw without the seed: %s", stderr)
		}
		_, stderr = cli(exitUsage, "draw", "--month", "2026-12", "--seed", own)
		if !strings.Contains(stderr, "不符") || strings.Contains(stderr, own) {
			t.Fatalf("a draw with the replaced seed: %s", stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "output", "draws", "2026-12.pdf")); !os.IsNotExist(err) {
			t.Fatalf("a refused draw published its record: %v", err)
		}
		out, _ = cli(exitOK, "draw", "--month", "2026-12", "--seed-file", seedFile, "--format", "json")
		var res draw.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil || res.Seed != seed || res.Commitment == nil ||
			res.Commitment.Digest != digest || !res.Commitment.CommittedAt.Equal(c.CommittedAt) {
			t.Fatalf("draw JSON %s (%v)", out, err)
		}
		record, err := exec.Command("pdftotext", "-layout", filepath.Join(dir, "output", "draws", "2026-12.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(record), "\n", "")
		for _, want := range []string{digest, "该摘要已于" + committedAt + "在抽取前登记公布"} {
			if !strings.Contains(text, want) {
				t.Errorf("the draw record lacks %q:\n%s", want, record)
			}
		}
		if strings.Contains(text, "未公布") || strings.Contains(text, "公布方式") {
			t.Errorf("the draw record of a committed month:\n%s", record)
		}
		// Once drawn, the month takes no commitment, forced or not.
		cli(exitUsage, "draw", "commit", "--month", "2026-12", "--seed", own+"-又一轮", "--force")

		// The scheduled draw has no seed: a committed month fails its run with the reason.
		cli(exitOK, "draw", "commit", "--month", "2027-01", "--seed", own+"-一月")
		_, stderr = cli(exitUsage, "run", "draw", "--as-of", "2027-01-01")
		if !strings.Contains(stderr, "须用该种子抽取") {
			t.Fatalf("the scheduled draw of a committed month: %s", stderr)
		}

		entries, err := w.AuditLog(context.Background(), warehouse.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		slices.SortFunc(entries, func(a, b warehouse.AuditEntry) int { return int(a.Seq - b.Seq) })
		for _, e := range entries {
			if (e.Action == "draw_commit" || e.Action == "draw") && e.Target == "2026-12" {
				outcome, _, _ := strings.Cut(e.Outcome, "：")
				acts = append(acts, e.Action+" "+e.Target+" "+outcome)
				if !strings.HasPrefix(e.Account, "cli:") || e.Client != cliClient {
					t.Errorf("audit row %+v", e)
				}
			}
		}
		want := []string{"draw_commit 2026-12 成功", "draw_commit 2026-12 拒绝", "draw_commit 2026-12 成功",
			"draw 2026-12 拒绝", "draw 2026-12 拒绝", "draw 2026-12 成功", "draw_commit 2026-12 拒绝"}
		if strings.Join(acts, "\n") != strings.Join(want, "\n") {
			t.Errorf("audited\n%s\nwant\n%s", strings.Join(acts, "\n"), strings.Join(want, "\n"))
		}
	})
}
