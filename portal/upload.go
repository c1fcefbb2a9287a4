package portal

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"html/template"
	"io"
	"net/http"
	"sync"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/upload"
)

// 填报 on the portal: a unit's page offers its template and an upload form
// to whoever Access.Uploads lets; an upload is previewed first and kept in
// this process (pendingUploads) until it is confirmed or expires. Reading,
// checking, storing and auditing are the upload package's.

// pendingAge is how long a previewed workbook waits for its confirmation.
const pendingAge = 30 * time.Minute

// pendingUploads are the previewed workbooks of this process, by a random
// token the confirm form carries. A portal behind several serve processes
// must send a unit's clerk to one of them (sticky sessions) for the
// confirmation to find the preview.
type pendingUploads struct {
	mu sync.Mutex
	m  map[string]pendingUpload
}

type pendingUpload struct {
	account int64
	unit    string
	name    string
	book    []byte
	at      time.Time
}

func (p *pendingUploads) put(u pendingUpload, now time.Time) string {
	b := make([]byte, 16)
	rand.Read(b)
	token := hex.EncodeToString(b)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[string]pendingUpload{}
	}
	for k, v := range p.m {
		if now.Sub(v.at) > pendingAge {
			delete(p.m, k)
		}
	}
	p.m[token] = u
	return token
}

// take finds a pending workbook of the account and unit; it stays until
// confirmed, so that a confirmation refused for want of the second one can be repeated.
func (p *pendingUploads) take(token string, account int64, unit string, now time.Time) (pendingUpload, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	u, ok := p.m[token]
	if !ok || u.account != account || u.unit != unit || now.Sub(u.at) > pendingAge {
		return pendingUpload{}, false
	}
	return u, true
}

func (p *pendingUploads) drop(token string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, token)
}

// uploadBox adds the template button and the upload form to a unit page the
// viewer may upload for.
func (s *Server) uploadBox(v *viewer, unit zhengzhi.Unit, content template.HTML) template.HTML {
	if !s.access.Uploads(&v.acct, unit.Code) {
		return content
	}
	var b bytes.Buffer
	if err := s.pages.byName["upload"].ExecuteTemplate(&b, "uploadbox", unit); err != nil {
		s.log.Error("render upload box", "error", err)
		return content
	}
	return content + template.HTML(b.String())
}

// uploadUnit is the unit of an upload request, when the viewer may upload
// for it; otherwise the request is refused as not found.
func (s *Server) uploadUnit(w http.ResponseWriter, r *http.Request) (*viewer, zhengzhi.Unit, bool) {
	v := viewerOf(r)
	u, known := s.reg.Unit(r.PathValue("code"))
	if !known || !s.access.Uploads(&v.acct, u.Code) {
		s.refuse(w, r, r.URL.Path, "无权为该单位填报或单位不存在")
		return nil, zhengzhi.Unit{}, false
	}
	return v, u, true
}

// templateFile sends a unit's prefilled workbook.
func (s *Server) templateFile(w http.ResponseWriter, r *http.Request) {
	v, u, ok := s.uploadUnit(w, r)
	if !ok {
		return
	}
	book, err := upload.Template(r.Context(), s.w, s.reg, u.Code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, v, account.ActDownload, r.URL.Path, account.OutcomeOK); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="template-`+u.Code+`.xlsx"; filename*=UTF-8''%E5%A1%AB%E6%8A%A5-`+u.Code+`.xlsx`)
	w.Write(book)
}

// uploadData fills the preview and result page.
type uploadData struct {
	Unit, UnitName string
	P              upload.Preview
	Rows           []uploadRow
	Token          string
	NeedsWithdraw  bool
	Stored         bool
	Statement      int64
	Refused        string
	Warning        string
}

type uploadRow struct {
	Change, Sheet, ID string
	Row               int
}

// uploadPreview reads an uploaded workbook and shows what it would change.
func (s *Server) uploadPreview(w http.ResponseWriter, r *http.Request) {
	v, u, ok := s.uploadUnit(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, upload.MaxFileSize+1<<20)
	f, hdr, err := r.FormFile("workbook")
	if err != nil {
		var tooBig *http.MaxBytesError
		reason := "未收到工作簿文件，请选择文件后再上传"
		if errors.As(err, &tooBig) {
			reason = "文件过大，超过上传上限，整份拒收"
		}
		s.uploadPage(w, r, http.StatusUnprocessableEntity, uploadData{Unit: u.Code, UnitName: u.Name, Refused: reason})
		return
	}
	defer f.Close()
	book, err := io.ReadAll(f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.submit(r.Context(), v, r, u.Code, hdr.Filename, book, false, false)
	data := uploadData{Unit: u.Code, UnitName: u.Name, P: p}
	if s.uploadFailed(w, r, err, &data) {
		return
	}
	data.Token = s.uploads.put(pendingUpload{account: v.acct.ID, unit: u.Code, name: hdr.Filename, book: book, at: s.now()}, s.now())
	data.NeedsWithdraw = len(p.Withdrawn)*5 > p.InForce
	if data.NeedsWithdraw {
		data.Warning = (&upload.WithdrawError{Withdrawn: len(p.Withdrawn), InForce: p.InForce}).Error()
	}
	s.uploadPage(w, r, http.StatusOK, data)
}

// uploadConfirm stores a previewed workbook as the unit's statement.
func (s *Server) uploadConfirm(w http.ResponseWriter, r *http.Request) {
	v, u, ok := s.uploadUnit(w, r)
	if !ok {
		return
	}
	token := r.PostFormValue("token")
	pend, found := s.uploads.take(token, v.acct.ID, u.Code, s.now())
	if !found {
		s.uploadPage(w, r, http.StatusUnprocessableEntity, uploadData{Unit: u.Code, UnitName: u.Name,
			Refused: "预览已过期或不存在，请重新上传工作簿"})
		return
	}
	withdraw := r.PostFormValue("confirm_withdraw") == "1"
	p, err := s.submit(r.Context(), v, r, u.Code, pend.name, pend.book, true, withdraw)
	data := uploadData{Unit: u.Code, UnitName: u.Name, P: p}
	var we *upload.WithdrawError
	if errors.As(err, &we) {
		data.Token, data.NeedsWithdraw, data.Warning = token, true, we.Error()
		s.uploadPage(w, r, http.StatusOK, data)
		return
	}
	if s.uploadFailed(w, r, err, &data) {
		return
	}
	s.uploads.drop(token)
	data.Stored, data.Statement = true, p.Statement
	s.uploadPage(w, r, http.StatusOK, data)
}

// submit hands a workbook to the upload package as the viewer's.
func (s *Server) submit(ctx context.Context, v *viewer, r *http.Request, unit, name string, book []byte, confirm, withdraw bool) (upload.Preview, error) {
	return upload.Submit(ctx, s.w, s.reg, upload.Request{Unit: unit, FileName: name, Workbook: book,
		By: v.acct.Login, ByUnit: v.acct.Unit, Client: s.proxies.clientAddr(r), Confirm: confirm, ConfirmWithdraw: withdraw,
		Now: s.now(), Location: s.opt.Location, Audit: s.opt.Audit})
}

// uploadFailed answers a refused workbook with its reason, and any other
// error as a failure; it reports whether it answered.
func (s *Server) uploadFailed(w http.ResponseWriter, r *http.Request, err error, data *uploadData) bool {
	var ref *upload.Refusal
	switch {
	case err == nil:
		return false
	case errors.As(err, &ref):
		data.Refused = ref.Reason
		s.uploadPage(w, r, http.StatusUnprocessableEntity, *data)
	default:
		s.fail(w, r, err)
	}
	return true
}

func (s *Server) uploadPage(w http.ResponseWriter, r *http.Request, status int, data uploadData) {
	for _, part := range []struct {
		label string
		rows  []upload.RowRef
	}{{"新增", data.P.Added}, {"修改", data.P.Changed}, {"撤回", data.P.Withdrawn}} {
		for _, x := range part.rows {
			data.Rows = append(data.Rows, uploadRow{Change: part.label, Sheet: x.Sheet, Row: x.Row, ID: x.ID})
		}
	}
	s.show(w, r, status, "upload", layout{Title: data.UnitName + "数据填报", Data: data})
}
