// Package templates embeds the project's data files in the binary, so that a
// deployment needs only the binary, a config, a registry and its rule sets:
// the defaults a config may override (the PDF font set, fonts.yaml, and the
// narrative text templates, narrative/*.tmpl), and the starting points
// `zhengzhi init` writes for a province (the demo registry and the 2026 rule
// sets). The files themselves stay data, edited as data.
package templates

import (
	"embed"
	"errors"
	"io/fs"
	"os"
)

// Defaults are the overridable files: fonts.yaml, narrative/*.tmpl and the
// working-day calendar, calendar/<year>.yaml.
//
//go:embed fonts.yaml narrative calendar
var Defaults embed.FS

// Starters are the files a province starts from: units/demo-province.yaml
// and rules/2026/*.yaml.
//
//go:embed units rules
var Starters embed.FS

// Overlay is the defaults with the files of a folder taking their place
// where the folder has them; dir "" is the defaults alone.
func Overlay(dir string) fs.FS {
	if dir == "" {
		return Defaults
	}
	return overlay{own: os.DirFS(dir), base: Defaults}
}

// overlay opens a name from its own folder, or else from the base.
type overlay struct{ own, base fs.FS }

// Open opens name from the folder when it is there, else from the base; an
// error other than "does not exist" (say, no permission) is the caller's.
func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.own.Open(name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	return o.base.Open(name)
}
