package docx_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"zhengzhi/internal/needs"
)

// office converts the tests' Word documents with LibreOffice. Its first
// start in a new profile costs most of a conversion, so the package's tests
// share one profile, made once, and take turns with it (LibreOffice runs
// one process per profile).
var office struct {
	once    sync.Once
	profile string
	err     error
	mu      sync.Mutex
}

func TestMain(m *testing.M) {
	code := m.Run()
	if office.profile != "" {
		os.RemoveAll(office.profile)
	}
	os.Exit(code)
}

// needTools is the path of LibreOffice's soffice; the test is skipped
// without it or without pdftotext (and fails where tools are required).
func needTools(t *testing.T) string {
	t.Helper()
	soffice := needs.Tool(t, "soffice")
	needs.Tool(t, "pdftotext")
	return soffice
}

// wordText converts a Word document to PDF with LibreOffice and returns its
// text as text does.
func wordText(t *testing.T, soffice string, doc []byte) string {
	t.Helper()
	office.once.Do(func() { office.profile, office.err = os.MkdirTemp("", "zz-docx-office-") })
	if office.err != nil {
		t.Fatal(office.err)
	}
	dir := t.TempDir()
	word := filepath.Join(dir, "doc.docx")
	if err := os.WriteFile(word, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	office.mu.Lock()
	out, err := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+office.profile,
		"--convert-to", "pdf", "--outdir", dir, word).CombinedOutput()
	office.mu.Unlock()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	return text(t, filepath.Join(dir, "doc.pdf"))
}
