package appeal

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	"zhengzhi"
	"zhengzhi/warehouse"
)

// Limits on the evidence an appeal carries: a scanned document or a
// photographed ledger fits well within them, a video does not.
const (
	MaxEvidenceSize  = 10 << 20
	MaxEvidenceFiles = 10
)

// Upload is one evidence file as a unit sends it.
type Upload struct {
	Name    string
	Content []byte
}

// evidenceTypes are the kinds of file an appeal may carry, by the content
// type read from their bytes, with the file name endings each may have.
var evidenceTypes = map[string][]string{
	"application/pdf": {".pdf"},
	"image/png":       {".png"},
	"image/jpeg":      {".jpg", ".jpeg"},
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
	"application/vnd.ms-excel": {".xls"},
}

// contentType reads a file's type from its bytes: the sniffing of net/http
// for PDF and images, an Office Open XML package holding a workbook for
// .xlsx, the OLE2 compound file header for .xls.
func contentType(b []byte) string {
	if bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return "application/vnd.ms-excel"
	}
	t := http.DetectContentType(b)
	if t == "application/zip" {
		if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
			for _, f := range zr.File {
				if f.Name == "xl/workbook.xml" {
					return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
				}
			}
		}
	}
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = t[:i]
	}
	return t
}

// checkUploads refuses evidence too large, too many, empty, or whose bytes
// are not a PDF, an image or a workbook of the kind its name says, and
// returns the files to store with their sha256 and type.
func checkUploads(uploads []Upload) ([]warehouse.EvidenceFile, error) {
	if len(uploads) > MaxEvidenceFiles {
		return nil, refuse("证明材料至多%d个文件，给了%d个", MaxEvidenceFiles, len(uploads))
	}
	out := make([]warehouse.EvidenceFile, 0, len(uploads))
	for _, u := range uploads {
		name := filepath.Base(strings.ReplaceAll(u.Name, "\\", "/"))
		if name == "" || name == "." || name == "/" {
			return nil, refuse("证明材料须有文件名")
		}
		if len(u.Content) == 0 {
			return nil, refuse("证明材料%s是空文件", name)
		}
		if len(u.Content) > MaxEvidenceSize {
			return nil, refuse("证明材料%s有%d字节，超过%dMB的上限", name, len(u.Content), MaxEvidenceSize>>20)
		}
		t := contentType(u.Content)
		exts, ok := evidenceTypes[t]
		if !ok {
			return nil, refuse("证明材料%s的内容不是PDF、PNG/JPEG图片或Excel工作簿（读出的类型为%s）", name, t)
		}
		if !slices.Contains(exts, strings.ToLower(filepath.Ext(name))) {
			return nil, refuse("证明材料%s的扩展名与内容（%s）不符", name, t)
		}
		sum := sha256.Sum256(u.Content)
		out = append(out, warehouse.EvidenceFile{Content: u.Content, Evidence: zhengzhi.Evidence{
			Name: zhengzhi.Clip(name, 200, "…"), SHA256: hex.EncodeToString(sum[:]), Type: t, Size: int64(len(u.Content))}})
	}
	return out, nil
}
