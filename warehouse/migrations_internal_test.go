package warehouse

import (
	"strings"
	"testing"
	"testing/fstest"

	"zhengzhi/sqldb"
)

// TestMigrationsMixSharedAndEngineFiles: a migration written for every
// engine is rendered with the engine's words, a plain file of the engine's
// folder is taken as it is, both in version order; another engine's folder
// is not read; two files of one number are refused, wherever they are.
func TestMigrationsMixSharedAndEngineFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"warehouse/001_a.sql":          {Data: []byte("CREATE TABLE a (at {{timestamp}}){{tableOptions}};\n")},
		"warehouse/mysql/002_b.sql":    {Data: []byte("CREATE TABLE b (x INT);\n")},
		"warehouse/postgres/002_b.sql": {Data: []byte("CREATE TABLE b (x INTEGER);\n")},
		"warehouse/sqlite/002_b.sql":   {Data: []byte("CREATE TABLE b (x INTEGER);\n")},
		"warehouse/003_c.sql":          {Data: []byte("ALTER TABLE b ADD COLUMN y {{varchar 9}};\n")},
	}
	got, err := migrations(fsys, sqldb.MySQL)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range got {
		texts = append(texts, m.Name+": "+strings.TrimSpace(m.text))
	}
	want := []string{
		"001_a.sql: CREATE TABLE a (at DATETIME(6)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;",
		"002_b.sql: CREATE TABLE b (x INT);",
		"003_c.sql: ALTER TABLE b ADD COLUMN y VARCHAR(9);",
	}
	if strings.Join(texts, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(texts, "\n"), strings.Join(want, "\n"))
	}
	if got, _ := migrations(fsys, sqldb.Postgres); strings.TrimSpace(got[2].text) != "ALTER TABLE b ADD COLUMN y TEXT;" {
		t.Errorf("postgres 003: %q", got[2].text)
	}

	for _, d := range []string{"sqlite", "postgres", "mysql"} {
		fsys["warehouse/"+d+"/003_other.sql"] = &fstest.MapFile{Data: []byte("SELECT 1;\n")}
	}
	if _, err := migrations(fsys, sqldb.Postgres); err == nil || !strings.Contains(err.Error(), "share the number 3") {
		t.Errorf("two migrations numbered 3: %v", err)
	}
	for _, d := range []string{"sqlite", "postgres", "mysql"} {
		delete(fsys, "warehouse/"+d+"/003_other.sql")
		fsys["warehouse/"+d+"/004_x.sql"] = &fstest.MapFile{Data: []byte("SELECT 1;\n")}
		fsys["warehouse/"+d+"/004_y.sql"] = &fstest.MapFile{Data: []byte("SELECT 1;\n")}
	}
	if _, err := migrations(fsys, sqldb.MySQL); err == nil || !strings.Contains(err.Error(), "share the number 4") {
		t.Errorf("two migrations numbered 4: %v", err)
	}
	for _, d := range []string{"sqlite", "postgres", "mysql"} {
		delete(fsys, "warehouse/"+d+"/004_y.sql")
	}
	if _, err := migrations(fsys, sqldb.MySQL); err != nil {
		t.Fatal(err)
	}
	// A per-engine migration one engine lacks parts the engines' schemas,
	// whichever engine the warehouse is on.
	fsys["warehouse/mysql/006_only.sql"] = &fstest.MapFile{Data: []byte("SELECT 1;\n")}
	if _, err := migrations(fsys, sqldb.SQLite); err == nil || !strings.Contains(err.Error(), "every engine needs it") {
		t.Errorf("a migration only MySQL has: %v", err)
	}
	delete(fsys, "warehouse/mysql/006_only.sql")
	fsys["warehouse/005_bad.sql"] = &fstest.MapFile{Data: []byte("ALTER TABLE b ADD COLUMN z {{nosuchword}};\n")}
	if _, err := migrations(fsys, sqldb.SQLite); err == nil {
		t.Error("a migration using an unknown word was accepted")
	}
}

// TestEverySpellingIsComplete: each engine spells every word the warehouse
// says; a word left out would be an empty string in a statement.
func TestEverySpellingIsComplete(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres, sqldb.MySQL} {
		s, ok := spellings[d]
		if !ok {
			t.Errorf("%s has no spelling", d)
			continue
		}
		for word, v := range map[string]string{"timestamp": s.timestamp, "identity": s.identity, "flag": s.flag,
			"integer": s.integer, "boolean": s.boolean, "yes": s.yes, "no": s.no, "blob": s.blob,
			"longText": s.longText, "insertIgnore": s.insertIgnore, "begin": s.begin, "joinInOrder": s.joinInOrder} {
			if v == "" {
				t.Errorf("%s spells %s as nothing", d, word)
			}
		}
		if s.daysBetween == nil || s.analyze == nil {
			t.Errorf("%s spells no daysBetween or analyze", d)
		}
		if (s.dropPrimaryKey == nil) != (d == sqldb.SQLite) {
			t.Errorf("%s: dropPrimaryKey is for the engines that can drop a primary key", d)
		}
	}
}
