package sql_test

import (
	"io/fs"
	"slices"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/sql"
)

// TestEveryIndicatorHasItsQueryAndEveryQueryItsIndicator holds the
// indicator library and sql/indicators together: each record's Query names a
// file that exists, and each file is some record's Query — a file no record
// names would be dead, a record without its file would fail at scoring time.
func TestEveryIndicatorHasItsQueryAndEveryQueryItsIndicator(t *testing.T) {
	entries, err := fs.ReadDir(sql.FS, "indicators")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".sql")
		if !ok {
			t.Errorf("indicators/%s: not an .sql file", e.Name())
			continue
		}
		files = append(files, name)
	}
	named := map[string]bool{}
	for _, in := range zhengzhi.Indicators {
		if in.Query == "" {
			t.Errorf("indicator %s names no query file", in.Name)
			continue
		}
		named[in.Query] = true
		if !slices.Contains(files, in.Query) {
			t.Errorf("indicator %s: sql/indicators/%s.sql does not exist", in.Name, in.Query)
		}
	}
	for _, f := range files {
		if !named[f] {
			t.Errorf("sql/indicators/%s.sql is the query of no indicator in zhengzhi.Indicators", f)
		}
	}
	if len(files) == 0 {
		t.Fatal("no indicator queries embedded")
	}
}
