// Package config reads a run's config file (default zhengzhi.yaml): the unit
// registry, the warehouse, the bureau sources, the rule sets, the output
// folder, the time zone, the fonts and the schedule.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"zhengzhi"
)

// Config is one run's configuration.
type Config struct {
	Registry  string            `yaml:"registry"`
	Warehouse string            `yaml:"warehouse"`
	Sources   []Source          `yaml:"sources"`
	RuleSets  []string          `yaml:"rulesets"`
	Output    string            `yaml:"output"`
	Timezone  string            `yaml:"timezone"`
	Fonts     Fonts             `yaml:"fonts"`
	Schedule  map[string]string `yaml:"schedule"`
	// Demo marks every report as built from synthetic data (演示数据).
	Demo bool `yaml:"demo"`

	// Dir is the folder of the config file; relative paths in it are resolved against it.
	Dir string `yaml:"-"`
}

// Source is one bureau database.
type Source struct {
	Unit string `yaml:"unit"`
	DSN  string `yaml:"dsn"`
}

// Fonts names the TrueType files the reports use. Empty entries take the
// project's defaults (templates/fonts.yaml).
type Fonts struct {
	Regular string `yaml:"regular"`
	Bold    string `yaml:"bold"`
	Title   string `yaml:"title"` // 小标宋-like face for document titles
	Body    string `yaml:"body"`  // 仿宋-like face for official-document text
	Heading string `yaml:"heading"`
	Kai     string `yaml:"kai"` // 楷体-like face
}

// Load reads a config file, expands ${VAR} references from the environment
// and resolves relative paths against the file's folder.
func Load(path string) (*Config, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	var c Config
	if err := yaml.Unmarshal([]byte(os.ExpandEnv(string(text))), &c); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	c.Dir = filepath.Dir(abs)
	if c.Output == "" {
		c.Output = "output"
	}
	if c.Timezone == "" {
		c.Timezone = "Asia/Shanghai"
	}
	if c.Warehouse == "" {
		return nil, fmt.Errorf("config %s: warehouse is not set", path)
	}
	if c.Registry == "" {
		return nil, fmt.Errorf("config %s: registry is not set", path)
	}
	if _, err := c.Location(); err != nil {
		return nil, fmt.Errorf("config %s: timezone %q: %w", path, c.Timezone, err)
	}
	return &c, nil
}

// Path resolves a path from the config file against the file's folder.
func (c *Config) Path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// Location is the config's time zone.
func (c *Config) Location() (*time.Location, error) {
	return time.LoadLocation(c.Timezone)
}

// LoadRegistry reads the unit registry the config names.
func (c *Config) LoadRegistry() (*zhengzhi.Registry, error) {
	text, err := os.ReadFile(c.Path(c.Registry))
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	return zhengzhi.ParseRegistry(text)
}

// ResolveDSN resolves a relative SQLite path in a DSN against the config
// file's folder; other DSNs pass through.
func (c *Config) ResolveDSN(dsn string) string {
	if p, ok := strings.CutPrefix(dsn, "sqlite:"); ok && !filepath.IsAbs(p) {
		return "sqlite:" + c.Path(p)
	}
	return dsn
}
