package portal_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhengzhi/portal"
)

// TestManifestLookedAtOncePerInterval: the portal looks for a new set of
// files at most once a second of its clock — a render that switches sets is
// seen a second later, the set before it served meanwhile — except that a
// file gone from the set it knows makes it look at once.
func TestManifestLookedAtOncePerInterval(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	const file = "cities/990100/six-ones.xlsx"
	publish := func(gen, content string) string {
		t.Helper()
		dir := filepath.Join(out, ".generations", asOf.String()+"."+gen)
		if err := os.MkdirAll(filepath.Join(dir, "cities", "990100"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(file)), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(content))
		m, _ := json.Marshal(map[string]any{"as_of": asOf.String(), "files": []map[string]any{{"path": file, "kind": "six-ones",
			"unit": "990100", "size": len(content), "sha256": hex.EncodeToString(sum[:])}}})
		if err := os.WriteFile(filepath.Join(dir, "manifest.json"), m, 0o644); err != nil {
			t.Fatal(err)
		}
		link := filepath.Join(out, ".link")
		if err := os.Symlink(filepath.Join(".generations", filepath.Base(dir)), link); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(link, filepath.Join(out, asOf.String())); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	publish("0001", "first set")
	s := newSite(t, func(o *portal.Options) { o.Output = out })
	c := s.loggedIn("dongchuan")
	get := func(want, why string) {
		t.Helper()
		if r := c.get("/files/" + asOf.String() + "/" + file); r.status != http.StatusOK || r.body != want {
			t.Fatalf("%s: %d %q, want %q", why, r.status, r.body, want)
		}
	}
	get("first set", "the first set")
	second := publish("0002", "the second set")
	get("first set", "within the second after the switch")
	s.clock.Advance(time.Second)
	get("the second set", "a second after the switch")
	publish("0003", "the third set, whose render removed the second")
	if err := os.RemoveAll(second); err != nil {
		t.Fatal(err)
	}
	get("the third set, whose render removed the second", "a file gone from the set last seen")
	if r := c.get("/files/" + asOf.String() + "/cities/990100/" + strings.Repeat("x", 3) + ".xlsx"); r.status != http.StatusNotFound {
		t.Fatalf("a file no manifest lists: %d", r.status)
	}
}

// TestProvincePageShowsAFailedReport: a report the last render failed is
// listed on the province page with its reason and the file kept in its place.
func TestProvincePageShowsAFailedReport(t *testing.T) {
	out := t.TempDir()
	dir := filepath.Join(out, asOf.String())
	const file, content = "province/yearend-summary.pdf", "the 通报 before"
	if err := os.MkdirAll(filepath.Join(dir, "province"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(file)), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(content))
	const reason = "本次生成失败，保留上一次生成的文件：年度考核结果通报: 单位名录的 province 缺少 authority"
	m, _ := json.Marshal(map[string]any{"as_of": asOf.String(), "files": []map[string]any{{"path": file, "kind": "yearend_summary",
		"unit": "990000", "size": len(content), "sha256": hex.EncodeToString(sum[:]), "carried_over": true, "error": reason}}})
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), m, 0o644); err != nil {
		t.Fatal(err)
	}
	s := newSite(t, func(o *portal.Options) { o.Output = out })
	r := s.loggedIn("sheng").get("/province")
	if r.status != http.StatusOK || !strings.Contains(r.body, "报告生成失败") || !strings.Contains(r.body, "缺少 authority") ||
		!strings.Contains(r.body, "/files/"+asOf.String()+"/"+file) {
		t.Fatalf("province page %d does not show the failed 通报:\n%s", r.status, r.body)
	}
	if r := s.loggedIn("sheng").get("/files/" + asOf.String() + "/" + file); r.status != http.StatusOK || r.body != content {
		t.Errorf("the file kept: %d %q", r.status, r.body)
	}
}
