package portal

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/publish"
	"zhengzhi/warehouse"
)

// The bundle (打包下载): GET /bundle/{as_of} streams one ZIP of every file
// of the date the account may download — each file asked of the same access
// rule as a single download —, under its manifest path, with manifest.json
// at the top listing those files only (so a reader can check each file's
// sha256 as the province wrote it). The files are stored, not compressed
// again: PDFs and workbooks are compressed already, and the portal should
// not spend its two cores deflating them. The whole bundle is one row of
// the audit log, naming the files it held.

// bundleFiles are the files of a date's output the account may download, in
// manifest order.
func (s *Server) bundleFiles(v *viewer, out *publish.Dated) []publish.File {
	var files []publish.File
	for _, f := range out.Files {
		if s.access.SeesFile(&v.acct, f) {
			files = append(files, f)
		}
	}
	return files
}

// bundle serves GET /bundle/{as_of}.
func (s *Server) bundle(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	date := r.PathValue("as_of")
	d, err := zhengzhi.ParseDate(date)
	if err != nil || d.String() != date {
		s.refuse(w, r, r.URL.Path, "日期无效")
		return
	}
	// The manifest as last checked, then — when a file will not open, as
	// after a render replaced the set — as it is now.
	var (
		out    *publish.Dated
		files  []publish.File
		opened []*os.File
	)
	defer func() {
		for _, f := range opened {
			f.Close()
		}
	}()
	for _, date := range []func(zhengzhi.Date) (*publish.Dated, error){s.out.Date, s.out.Recheck} {
		if out, err = date(d); errors.Is(err, fs.ErrNotExist) {
			s.refuse(w, r, r.URL.Path, "该日期无报告")
			return
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
		if files = s.bundleFiles(v, out); len(files) == 0 {
			s.refuse(w, r, r.URL.Path, "无可下载的文件")
			return
		}
		if opened, err = openAll(out, files); err == nil {
			break
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	scoped, err := json.MarshalIndent(publish.Manifest{AsOf: d.String(), Files: files}, "", "  ")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	scoped = append(scoped, '\n')
	name := s.reg.Name(v.acct.Unit) + "-" + d.String() + ".zip"
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="`+v.acct.Unit+"-"+d.String()+`.zip"; filename*=UTF-8''`+rfc5987(name))
	target := bundleTarget(d, files, scoped)
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		s.auditBundle(r, v, account.ActHead, target, fmt.Sprintf("%s：%d", account.OutcomeOK, http.StatusOK))
		return
	}
	outcome := account.OutcomeOK
	if err := writeBundle(w, d, s.opt.Location, files, opened, scoped); err != nil {
		outcome = "未完成：" + err.Error()
		if cancelled(r, err) {
			s.log.Info("bundle cancelled", "path", r.URL.Path, "error", err)
		} else {
			s.log.Error("bundle", "path", r.URL.Path, "error", err)
		}
	}
	s.auditBundle(r, v, account.ActBundle, target, outcome)
}

// auditBundle stores the bundle's row, even when the client has gone.
func (s *Server) auditBundle(r *http.Request, v *viewer, action, target, outcome string) {
	e := warehouse.AuditEntry{At: s.now(), Client: s.proxies.clientAddr(r), Account: v.acct.Login, Unit: v.acct.Unit,
		Action: action, Target: target, Outcome: outcome}
	if err := s.auditLog.record(context.WithoutCancel(r.Context()), e); err != nil {
		s.log.Error("audit bundle", "target", target, "error", err)
	}
}

// openAll opens every file of a bundle before the first byte goes out, so a
// set replaced under the portal is found while the answer can still change.
func openAll(out *publish.Dated, files []publish.File) ([]*os.File, error) {
	opened := make([]*os.File, 0, len(files))
	for _, f := range files {
		file, _, err := out.Open(f)
		if err != nil {
			for _, o := range opened {
				o.Close()
			}
			return nil, err
		}
		opened = append(opened, file)
	}
	return opened, nil
}

// writeBundle writes the ZIP: manifest.json, then each file under its
// manifest path, every entry dated the as-of date's midnight so the same
// files make the same bytes.
func writeBundle(w io.Writer, d zhengzhi.Date, loc *time.Location, files []publish.File, opened []*os.File, scoped []byte) error {
	zw := zip.NewWriter(w)
	at := d.Midnight(loc)
	entry := func(name string) (io.Writer, error) {
		return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: at})
	}
	m, err := entry(publish.ManifestName)
	if err != nil {
		return err
	}
	if _, err := m.Write(scoped); err != nil {
		return err
	}
	for i, f := range files {
		e, err := entry(f.Path)
		if err != nil {
			return err
		}
		if _, err := io.Copy(e, opened[i]); err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
	}
	return zw.Close()
}

// maxBundleTarget is the audit log's target width in characters.
const maxBundleTarget = 1000

// bundleTarget names a bundle in the audit log: the date's bundle path, how
// many files it held and the sha256 of its manifest.json (which lists them,
// each with its own sha256), then the files themselves grouped by folder
// when the list fits the log's column — a province bundle of every file
// does not, and its manifest's hash names the list exactly.
func bundleTarget(d zhengzhi.Date, files []publish.File, scoped []byte) string {
	sum := sha256.Sum256(scoped)
	head := fmt.Sprintf("/bundle/%s：%d 个文件，清单 sha256 %s", d, len(files), hex.EncodeToString(sum[:8]))
	var b strings.Builder
	dir := ""
	for i, f := range files {
		fdir, base := path.Split(f.Path)
		switch {
		case i == 0 || fdir != dir:
			if i > 0 {
				b.WriteString("；")
			}
			b.WriteString(fdir + base)
		default:
			b.WriteString("，" + base)
		}
		dir = fdir
	}
	if full := head + "：" + b.String(); utf8.RuneCountInString(full) <= maxBundleTarget {
		return full
	}
	return head
}
