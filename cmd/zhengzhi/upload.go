package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"zhengzhi/upload"
)

// runTemplate writes a unit's 填报 workbook (docs/upload.md).
func runTemplate(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "template", "write a unit's prefilled workbook for reporting by upload")
	unit := fs.String("unit", "", "the unit (code) the workbook is for")
	out := fs.String("o", "", "the file to write (default: 填报-CODE.xlsx in the current folder)")
	s, err := parseDeployment(ctx, fs, cfgPath, args)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, ok := s.reg.Unit(*unit); !ok {
		return usageError{fmt.Errorf("--unit %q is not a unit of the registry", *unit)}
	}
	book, err := upload.Template(ctx, s.w, s.reg, *unit)
	if err != nil {
		return err
	}
	path := *out
	if path == "" {
		path = "填报-" + *unit + ".xlsx"
	}
	if err := os.WriteFile(path, book, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已写出 %s（%s %s 的填报模板）\n", path, *unit, s.reg.Name(*unit))
	return nil
}

// runUpload previews, or with --confirm stores, a unit's filled workbook.
func runUpload(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "upload", "preview a unit's filled workbook, or store it with --confirm")
	unit := fs.String("unit", "", "the unit (code) the workbook reports for")
	confirm := fs.Bool("confirm", false, "store the statement as the unit's current one (without it: preview only)")
	withdraw := fs.Bool("confirm-withdraw", false, "confirm a statement that withdraws more than a fifth of the unit's rows")
	by := fs.String("by", os.Getenv("USER"), "the login of whoever uploads it, for the audit log")
	format := formatFlag(fs, "table", "json")
	file, err := fileArg(fs, args)
	if err != nil {
		return err
	}
	s, err := parseDeployment(ctx, fs, cfgPath, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, ok := s.reg.Unit(*unit); !ok {
		return usageError{fmt.Errorf("--unit %q is not a unit of the registry", *unit)}
	}
	book, err := readUpload(file)
	if err != nil {
		return usageError{err}
	}
	log, err := s.openAuditLog(ctx)
	if err != nil {
		return err
	}
	p, err := upload.Submit(ctx, s.w, s.reg, upload.Request{Unit: *unit, FileName: filepath.Base(file), Workbook: book,
		By: *by, Client: "命令行", Confirm: *confirm, ConfirmWithdraw: *withdraw, Now: time.Now(), Location: s.loc, Audit: log})
	if cerr := log.Close(); cerr != nil {
		return errors.Join(err, cerr)
	}
	var ref *upload.Refusal
	if errors.As(err, &ref) {
		return err
	}
	var werr error
	if format.value == "json" {
		werr = writeUploadJSON(e.stdout, p)
	} else {
		werr = writeUploadTable(e.stdout, p, *confirm && err == nil)
	}
	return errors.Join(err, werr)
}

// fileArg parses the flags around the one FILE argument, which may stand
// before, between or after them.
func fileArg(fs *flag.FlagSet, args []string) (string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return "", err
			}
			return "", usageError{err}
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		return "", usageError{fmt.Errorf("want one workbook FILE, got %d", len(files))}
	}
	return files[0], nil
}

// readUpload reads the file, no more than the upload limit and one byte
// (which tells the reader it is too large).
func readUpload(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, upload.MaxFileSize+1))
}

func writeUploadJSON(w io.Writer, p upload.Preview) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(p)
}

func writeUploadTable(w io.Writer, p upload.Preview, stored bool) error {
	t := newTable("变化", "表", "工作表", "行", "记录编号")
	for _, part := range []struct {
		label string
		rows  []upload.RowRef
	}{{"新增", p.Added}, {"修改", p.Changed}, {"撤回", p.Withdrawn}} {
		for _, r := range part.rows {
			t.add(part.label, r.Table, r.Sheet, strconv.Itoa(r.Row), r.ID)
		}
	}
	if err := t.write(w); err != nil {
		return err
	}
	if len(p.SetAside) > 0 {
		fmt.Fprintln(w)
		a := newTable("工作表", "行", "列", "值", "退回原因")
		for _, s := range p.SetAside {
			a.add(s.Sheet, strconv.Itoa(s.Row), s.Column, s.Value, s.Reason)
		}
		if err := a.write(w); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\n%s：新增 %d 条，修改 %d 条，撤回 %d 条，退回 %d 处，未变 %d 条\n", p.Unit,
		len(p.Added), len(p.Changed), len(p.Withdrawn), len(p.SetAside), p.Unchanged)
	if stored {
		fmt.Fprintf(w, "已确认：报送编号 %d（sha256 %s），下次采集（zhengzhi ingest）时入库\n", p.Statement, p.SHA256)
	} else {
		fmt.Fprintln(w, "以上为预览，未作任何更改；确认请加 --confirm")
	}
	return nil
}
