// Package needs lets a test ask for what the project's own .ci/deps.sh
// installs — a program such as pdftotext or LibreOffice, a font file —:
// where it is missing the test is skipped on a developer's machine, and
// fails where everything is required (ZZ_REQUIRE_TOOLS=1, as .ci/run sets,
// or CI=true), so that a broken install cannot pass as a green run.
package needs

import (
	"os"
	"os/exec"
	"testing"
)

// Required says whether a missing tool fails the test instead of skipping it.
func Required() bool {
	return os.Getenv("ZZ_REQUIRE_TOOLS") == "1" || os.Getenv("CI") == "true"
}

// Tool is the path of the program name, as exec.LookPath finds it.
func Tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name, err)
	}
	return path
}

// Missing skips the test — or fails it where tools are required — because
// what it needs could not be had (err says why).
func Missing(t testing.TB, what string, err error) {
	t.Helper()
	if Required() {
		t.Fatalf("%s is required (ZZ_REQUIRE_TOOLS=1 or CI=true) but missing: %v; .ci/deps.sh installs it", what, err)
	}
	t.Skipf("%s not installed (make deps installs it): %v", what, err)
}
