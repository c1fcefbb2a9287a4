// Package demotest gives tests the files the project ships: the repository's
// root, the demo province's unit registry and the 2026 rule sets.
package demotest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"zhengzhi"
)

// Root is the repository's root folder, found from this file's place.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Registry reads the demo province's registry.
func Registry(t testing.TB) *zhengzhi.Registry {
	t.Helper()
	reg, err := LoadRegistry()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// LoadRegistry reads the demo province's registry, for fixtures built
// outside a test (in TestMain).
func LoadRegistry() (*zhengzhi.Registry, error) {
	text, err := os.ReadFile(filepath.Join(Root(), "templates", "units", "demo-province.yaml"))
	if err != nil {
		return nil, err
	}
	return zhengzhi.ParseRegistry(text)
}

// RuleSet reads one of the shipped 2026 rule sets by file name
// ("safe-city.yaml"), linked to the 2025 one it succeeds as the loader
// links it (Previous).
func RuleSet(t testing.TB, name string) *zhengzhi.RuleSet {
	t.Helper()
	rs := parseRuleSet(t, filepath.Join(Root(), "templates", "rules", "2026", name))
	if rs.Succeeds != "" {
		if err := rs.Follow(parseRuleSet(t, filepath.FromSlash(rs.PreviousPath()))); err != nil {
			t.Fatal(err)
		}
	}
	return rs
}

// RuleSetNames are the file names of the shipped 2026 rule sets.
var RuleSetNames = []string{"target-responsibility-city.yaml", "target-responsibility-county.yaml", "safe-city.yaml", "safe-county.yaml"}

// parseRuleSet reads and checks a rule set file.
func parseRuleSet(t testing.TB, path string) *zhengzhi.RuleSet {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := zhengzhi.ParseRuleSet(path, text)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
