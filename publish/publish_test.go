package publish_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"zhengzhi/publish"
)

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestDrawsHaveAManifest publishes two months' draws and one month again:
// each file is listed in output/draws/manifest.json with its kind, month
// and checksum, a month drawn again replaces its files only, and the reader
// lists and opens them through the manifest alone.
func TestDrawsHaveAManifest(t *testing.T) {
	out := t.TempDir()
	o := publish.New(out)
	files := func(month, body string) []publish.DrawFile {
		return []publish.DrawFile{{Kind: publish.KindDrawJSON, Ext: "json", Write: text(body + " json")},
			{Kind: publish.KindDrawPDF, Ext: "pdf", Write: text(body + " pdf")}}
	}
	for _, d := range []struct{ month, body string }{{"2026-11", "november"}, {"2026-12", "december"}, {"2026-11", "november again"}} {
		if _, err := o.PublishDraw(d.month, files(d.month, d.body), nil); err != nil {
			t.Fatal(err)
		}
	}
	m, err := publish.ReadManifest(filepath.Join(out, "draws"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]publish.File{
		"2026-11.json": {Path: "2026-11.json", Kind: publish.KindDrawJSON, Month: "2026-11", Size: 19, SHA256: sum("november again json")},
		"2026-11.pdf":  {Path: "2026-11.pdf", Kind: publish.KindDrawPDF, Month: "2026-11", Size: 18, SHA256: sum("november again pdf")},
		"2026-12.json": {Path: "2026-12.json", Kind: publish.KindDrawJSON, Month: "2026-12", Size: 13, SHA256: sum("december json")},
		"2026-12.pdf":  {Path: "2026-12.pdf", Kind: publish.KindDrawPDF, Month: "2026-12", Size: 12, SHA256: sum("december pdf")},
	}
	if len(m.Files) != len(want) {
		t.Fatalf("manifest %+v", m.Files)
	}
	for _, f := range m.Files {
		if f != want[f.Path] {
			t.Errorf("%s: %+v, want %+v", f.Path, f, want[f.Path])
		}
	}
	r := publish.NewReader(out, time.Now)
	d, err := r.Draws()
	if err != nil || d == nil {
		t.Fatalf("draws: %v", err)
	}
	var order []string
	for _, f := range d.DrawsNewestFirst() {
		order = append(order, f.Path)
	}
	if want := []string{"2026-12.pdf", "2026-12.json", "2026-11.pdf", "2026-11.json"}; !slices.Equal(order, want) {
		t.Errorf("listed %v, want %v", order, want)
	}
	f, file, _, err := r.OpenDraw("2026-12.pdf")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(file)
	file.Close()
	if string(body) != "december pdf" || f.Month != "2026-12" {
		t.Errorf("opened %q %+v", body, f)
	}
	for _, name := range []string{"manifest.json", "../2026-12.pdf", "2026-10.pdf", ".generations"} {
		if _, _, _, err := r.OpenDraw(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("OpenDraw(%q): %v, want not found", name, err)
		}
	}
	if _, err := o.PublishDraw("2026-13", files("x", "x"), nil); err == nil {
		t.Error("month 2026-13 was published")
	}
	if _, err := o.PublishDraw("../x", files("x", "x"), nil); err == nil {
		t.Error("month ../x was published")
	}
}

// TestCommitmentIsPublishedBesideTheDraws publishes a month's seed
// commitment before its draw and once more after it: the draw keeps the
// commitment, the commitment keeps the draw, a second commitment replaces
// the first, and the reader opens it by its name.
func TestCommitmentIsPublishedBesideTheDraws(t *testing.T) {
	out := t.TempDir()
	o := publish.New(out)
	f, err := o.PublishDrawCommitment("2026-12", text("digest one"), nil)
	if err != nil || f != (publish.File{Path: "2026-12-commitment.txt", Kind: publish.KindDrawCommitment, Month: "2026-12", Size: 10, SHA256: sum("digest one")}) {
		t.Fatalf("published %+v, %v", f, err)
	}
	if _, err := o.PublishDraw("2026-12", []publish.DrawFile{{Kind: publish.KindDrawPDF, Ext: "pdf", Write: text("record")}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := o.PublishDrawCommitment("2026-12", text("digest two"), nil); err != nil {
		t.Fatal(err)
	}
	m, err := publish.ReadManifest(filepath.Join(out, "draws"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range m.Files {
		got[f.Path] = f.Kind + " " + f.Month + " " + f.SHA256
	}
	want := map[string]string{"2026-12-commitment.txt": publish.KindDrawCommitment + " 2026-12 " + sum("digest two"),
		"2026-12.pdf": publish.KindDrawPDF + " 2026-12 " + sum("record")}
	if !maps.Equal(got, want) {
		t.Fatalf("manifest %v, want %v", got, want)
	}
	_, file, _, err := publish.NewReader(out, time.Now).OpenDraw(publish.CommitmentName("2026-12"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(file)
	file.Close()
	if string(body) != "digest two" {
		t.Fatalf("opened %q", body)
	}
	if _, err := o.PublishDrawCommitment("2026-12/../x", text("x"), nil); err == nil {
		t.Error("a commitment for month 2026-12/../x was published")
	}
}

// TestLegacyDrawsFolderIsKept: a draws folder written before the draws had a
// manifest keeps its months when the next draw is published, now listed.
func TestLegacyDrawsFolderIsKept(t *testing.T) {
	out := t.TempDir()
	legacy := filepath.Join(out, "draws")
	if err := os.MkdirAll(legacy, 0o777); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"2026-10.pdf": "old pdf", "2026-10.xlsx": "old sheet", "notes.txt": "not a draw"} {
		if err := os.WriteFile(filepath.Join(legacy, name), []byte(body), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := publish.New(out).PublishDraw("2026-11", []publish.DrawFile{{Kind: publish.KindDrawJSON, Ext: "json", Write: text("new")}}, nil); err != nil {
		t.Fatal(err)
	}
	m, err := publish.ReadManifest(legacy)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]publish.File{}
	for _, f := range m.Files {
		got[f.Path] = f
	}
	if len(got) != 3 || got["2026-10.pdf"] != (publish.File{Path: "2026-10.pdf", Kind: publish.KindDrawPDF, Month: "2026-10", Size: 7, SHA256: sum("old pdf")}) ||
		got["2026-10.xlsx"].Kind != publish.KindDrawSheet || got["2026-11.json"].Month != "2026-11" {
		t.Errorf("manifest %+v", m.Files)
	}
	if body, err := os.ReadFile(filepath.Join(legacy, "2026-10.pdf")); err != nil || !bytes.Equal(body, []byte("old pdf")) {
		t.Errorf("the old month's file: %q %v", body, err)
	}
}
