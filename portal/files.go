package portal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/publish"
	"zhengzhi/reports"
	"zhengzhi/warehouse"
)

// contentTypes are the types of the files the render writes.
var contentTypes = map[string]string{
	".pdf":  "application/pdf",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".json": "application/json",
	".txt":  "text/plain; charset=utf-8",
}

// file serves GET /files/{as_of}/{path}: the file whose manifest path is
// {path} in the manifest of {as_of}, when the account sees its unit. The path
// is read as it came, before anything cleans it: an encoded '/', '\' or '.'
// or any path not listed verbatim in the manifest is refused like a file of
// another unit — 404, audited.
func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	raw := r.URL.EscapedPath()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.refuse(w, r, raw, "方法不允许")
		return
	}
	rest := strings.TrimPrefix(raw, "/files/")
	if lower := strings.ToLower(rest); strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") ||
		strings.Contains(lower, "%2e") || strings.Contains(rest, `\`) {
		s.refuse(w, r, raw, "路径含编码的分隔符或点")
		return
	}
	date, escaped, _ := strings.Cut(rest, "/")
	p, err := url.PathUnescape(escaped)
	if err != nil {
		s.refuse(w, r, raw, "路径无法解析")
		return
	}
	d, err := zhengzhi.ParseDate(date)
	if err != nil || d.String() != date {
		s.refuse(w, r, raw, "日期无效")
		return
	}
	v := viewerOf(r)
	// The manifest as last checked, then — when its file will not open, as
	// after a render replaced the set within the check interval — as it is now.
	var (
		f    publish.File
		file *os.File
		st   os.FileInfo
	)
	for _, date := range []func(zhengzhi.Date) (*publish.Dated, error){s.out.Date, s.out.Recheck} {
		out, err := date(d)
		if errors.Is(err, fs.ErrNotExist) {
			s.refuse(w, r, raw, "该日期无报告")
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var listed bool
		if f, listed = out.File(p); !listed {
			s.refuse(w, r, raw, "文件不在清单中")
			return
		}
		if !s.access.SeesFile(&v.acct, f) {
			s.refuse(w, r, raw, "无权下载")
			return
		}
		if file, st, err = out.Open(f); err == nil {
			break
		}
	}
	if file == nil {
		s.refuse(w, r, raw, "文件已变更或缺失")
		return
	}
	defer file.Close()
	// A PDF opened from a page (?inline=1) is shown in the browser — the 通报
	// read on a phone —; the download link itself still downloads.
	inline := r.URL.Query().Get("inline") == "1" && path.Ext(p) == ".pdf"
	s.serveFile(w, r, v, "/files/"+d.String()+"/"+p, file, st, s.downloadName(d, f), path.Base(p), f.SHA256, inline)
}

// serveFile sends a file as an attachment (or, inline, to be shown in the
// browser) with its Chinese name (RFC 6266 filename*, an ASCII fallback beside it), its sha256 as the ETag, and
// Range and conditional requests answered by http.ServeContent; then
// audits what was sent (see sent.audit).
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, v *viewer, target string, f *os.File, st os.FileInfo, name, ascii, sha string, inline bool) {
	sw := &sentWriter{ResponseWriter: w}
	s.sendFile(sw, r, f, st.ModTime(), name, ascii, sha, inline)
	action, outcome := sw.audit(r, st.Size())
	// The row is stored even when the client has gone.
	e := warehouse.AuditEntry{At: s.now(), Client: s.proxies.clientAddr(r), Account: v.acct.Login, Unit: v.acct.Unit,
		Action: action, Target: target, Outcome: outcome}
	if err := s.auditLog.record(context.WithoutCancel(r.Context()), e); err != nil {
		s.log.Error("audit download", "target", target, "error", err)
	}
}

func (s *Server) sendFile(w http.ResponseWriter, r *http.Request, f *os.File, mod time.Time, name, ascii, sha string, inline bool) {
	h := w.Header()
	if ct, ok := contentTypes[path.Ext(ascii)]; ok {
		h.Set("Content-Type", ct)
	}
	disposition := "attachment"
	if inline {
		disposition = "inline"
	}
	h.Set("Content-Disposition", disposition+`; filename="`+ascii+`"; filename*=UTF-8''`+rfc5987(name))
	if sha != "" {
		h.Set("ETag", `"`+sha+`"`)
	}
	http.ServeContent(w, r, ascii, mod, f)
}

// rfc5987 percent-encodes a name for filename*: every byte but the
// attribute characters.
func rfc5987(name string) string {
	const keep = "!#$&+-.^_`|~"
	const digits = "0123456789ABCDEF"
	b := make([]byte, 0, 3*len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b = append(b, c)
			continue
		}
		b = append(b, '%', digits[c>>4], digits[c&15])
	}
	return string(b)
}

// drawFile serves a published draw to the province office only.
func (s *Server) drawFile(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	name := r.PathValue("name")
	entry, f, st, err := s.out.OpenDraw(name)
	if err != nil {
		s.refuse(w, r, r.URL.Path, "文件不存在")
		return
	}
	defer f.Close()
	s.serveFile(w, r, v, "/draws/"+name, f, st, drawTitle(entry), name, entry.SHA256, false)
}

// drawTitle is a published draw file's name for people: 2026-12随机抽查结果.pdf,
// 2026-12随机种子承诺.txt.
func drawTitle(f publish.File) string {
	if f.Kind == publish.KindDrawCommitment {
		return f.Month + kindLabel(f.Kind) + path.Ext(f.Path)
	}
	return f.Month + "随机抽查结果" + path.Ext(f.Path)
}

// apiScores answers GET /api/scores?as_of=D&ruleset=ID with the JSON of
// `zhengzhi assess --format json` — the rule set's newest stored result on
// or before D — limited to the units the account sees.
func (s *Server) apiScores(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	q := r.URL.Query()
	id := q.Get("ruleset")
	d, err := zhengzhi.ParseDate(q.Get("as_of"))
	known := false
	for _, rs := range s.opt.RuleSets {
		known = known || rs.ID == id
	}
	if err != nil || !known {
		s.refuse(w, r, r.URL.RequestURI(), "参数无效")
		return
	}
	h, err := s.scores.History(r.Context(), id, d)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(h) == 0 {
		s.refuse(w, r, r.URL.RequestURI(), "无该日期的考核结果")
		return
	}
	newest := h[len(h)-1]
	scores := reports.NewScores(newest.Assessment, newest.Values)
	kept := scores.Units[:0]
	for _, u := range scores.Units {
		if s.access.Sees(&v.acct, u.Code) {
			kept = append(kept, u)
		}
	}
	scores.Units = kept
	if err := s.audit(r, v, account.ActAPI, r.URL.RequestURI(), account.OutcomeOK); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	scores.Write(w)
}

// sentWriter counts what a file's answer sent: its status and body bytes.
// It passes ReadFrom through, so the file still goes by sendfile.
type sentWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (w *sentWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *sentWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

func (w *sentWriter) ReadFrom(src io.Reader) (int64, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := io.Copy(w.ResponseWriter, src)
	w.n += n
	return n, err
}

// audit names what was sent: a download only when the whole file went
// out (the one that counts in who fetched what); a HEAD, a 304 and a Range
// (206) are recorded as what they are, a download cut off as unfinished.
func (w *sentWriter) audit(r *http.Request, size int64) (action, outcome string) {
	switch {
	case r.Method == http.MethodHead:
		return account.ActHead, fmt.Sprintf("%s：%d", account.OutcomeOK, w.status)
	case w.status == http.StatusNotModified:
		return account.ActNotModified, account.OutcomeOK
	case w.status == http.StatusPartialContent:
		return account.ActPartial, fmt.Sprintf("%s：%s，已发送 %d 字节", account.OutcomeOK, r.Header.Get("Range"), w.n)
	case w.status == http.StatusOK && w.n == size:
		return account.ActDownload, account.OutcomeOK
	case w.status == http.StatusOK:
		return account.ActDownload, fmt.Sprintf("未完成：已发送 %d / %d 字节", w.n, size)
	}
	return account.ActDownload, fmt.Sprintf("未发送：%d %s", w.status, http.StatusText(w.status))
}
