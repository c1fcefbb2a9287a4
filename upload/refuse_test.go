package upload_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"hash/crc32"
	"strings"
	"testing"

	"zhengzhi/ingest"
	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/upload"
	"zhengzhi/warehouse"
)

// zeros is a raw DEFLATE stream of n MiB of zero bytes, built from one
// compressed MiB repeated, so that a test can hold a bomb without making one
// the slow way.
func zeros(t *testing.T, n int) []byte {
	t.Helper()
	var out bytes.Buffer
	fw, _ := flate.NewWriter(&out, flate.BestCompression)
	mib := make([]byte, 1<<20)
	fw.Write(mib)
	fw.Flush()
	first := out.Len()
	fw.Write(mib)
	fw.Flush()
	chunk := append([]byte(nil), out.Bytes()[first:]...) // a MiB of zeros after a window of zeros
	for i := 2; i < n; i++ {
		out.Write(chunk)
	}
	fw2, _ := flate.NewWriter(&out, flate.BestCompression)
	fw2.Close() // an empty final block ends the stream
	return out.Bytes()
}

// bomb is a zip holding xl/workbook.xml that unpacks to 600 MiB; declared
// says whether its header tells the truth about that size.
func bomb(t *testing.T, declared bool) []byte {
	t.Helper()
	raw := zeros(t, 600)
	size := uint64(600 << 20)
	if !declared {
		size = 1000
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/workbook.xml", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(nil),
		CompressedSize64: uint64(len(raw)), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	zw.Close()
	return b.Bytes()
}

// TestRefusals refuses each kind of wrong workbook whole, on every engine:
// nothing is stored, the reason is in Chinese and the audit log has it.
func TestRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		reg := demotest.Registry(t)
		w, err := warehouse.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		cityDB := newBureau(t)
		fillCity(cityDB)
		if _, err := ingest.Run(ctx, w, reg, []ingest.Source{{Unit: city, DSN: cityDB.dsn}}, ingest.Options{Now: now}); err != nil {
			t.Fatal(err)
		}
		tpl, err := upload.Template(ctx, w, reg, county)
		if err != nil {
			t.Fatal(err)
		}
		otherTpl, err := upload.Template(ctx, w, reg, other)
		if err != nil {
			t.Fatal(err)
		}
		version := openBook(t, tpl)
		version.f.SetCellStr("模板信息", "B1", "zhengzhi-填报-0")
		formula := openBook(t, tpl)
		formula.f.SetCellFormula(hazardsSheet, "F3", `"隐患"&A3`)
		merged := openBook(t, tpl)
		merged.f.MergeCell(hazardsSheet, "F3", "F4")
		cases := []struct {
			name string
			book []byte
			want string
		}{
			{"another unit", otherTpl, "不能作为 杏山区（990102）的报送上传"},
			{"another version", version.bytes(), "模板版本"},
			{"not a workbook", []byte("单位,记录编号\n990102,H-01\n"), "不是 Excel 工作簿"},
			{"zip bomb", bomb(t, true), "压缩炸弹"},
			{"zip bomb that lies", bomb(t, false), "文件已损坏"},
			{"formula", formula.bytes(), "含公式"},
			{"merged cells", merged.bytes(), "合并单元格"},
		}
		for _, c := range cases {
			for _, confirm := range []bool{false, true} {
				_, err := submit(t, w, reg, c.book, confirm, true)
				var ref *upload.Refusal
				if !errors.As(err, &ref) || !strings.Contains(ref.Reason, c.want) || !strings.Contains(ref.Reason, "整份拒收") {
					t.Errorf("%s (confirm %v): %v, want a refusal saying %q", c.name, confirm, err, c.want)
				}
			}
		}
		if st, err := w.Statements(ctx, county); err != nil || len(st) != 0 {
			t.Errorf("refused workbooks stored %d statements (%v)", len(st), err)
		}
		log, err := w.AuditLog(ctx, warehouse.AuditFilter{Account: "clerk"})
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 2*len(cases) {
			t.Fatalf("audit log has %d rows, want %d", len(log), 2*len(cases))
		}
		for i, e := range log {
			if !strings.Contains(e.Outcome, cases[i/2].want) {
				t.Errorf("audit row %d outcome %q, want the refusal %q", i, e.Outcome, cases[i/2].want)
			}
		}
	})
}
