package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set at build time by the Makefile:
//
//	go build -ldflags "-X main.version=… -X main.commit=… -X main.buildDate=…"
//
// A binary built otherwise (go build, go install) falls back to what the Go
// toolchain recorded in it (debug.ReadBuildInfo).
var version, commit, buildDate string

// buildInfo is the binary's version, commit, build date and Go version.
type buildInfo struct {
	Version, Commit, Date, Go string
	Modified                  bool
}

// readBuildInfo fills the build's facts from the -ldflags values, else from
// the toolchain's record; "未知" where neither says.
func readBuildInfo() buildInfo {
	b := buildInfo{Version: version, Commit: commit, Date: buildDate, Go: runtime.Version()}
	if info, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && info.Main.Version != "" {
			b.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.time":
				if b.Date == "" {
					b.Date = s.Value + "（提交时间）"
				}
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	for _, v := range []*string{&b.Version, &b.Commit, &b.Date} {
		if *v == "" {
			*v = "未知"
		}
	}
	return b
}

// runVersion prints the version, commit, build date and Go version.
func runVersion(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "version", "print zhengzhi's version, commit, build date and Go version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	b := readBuildInfo()
	commit := b.Commit
	if b.Modified {
		commit += "（含未提交的修改）"
	}
	fmt.Fprintf(e.stdout, "zhengzhi %s\n提交：%s\n构建时间：%s\nGo：%s\n", b.Version, commit, b.Date, b.Go)
	return nil
}
