package templates

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"zhengzhi"
)

// Calendar reads the working-day calendar: every calendar/<year>.yaml of
// the defaults, with the folder's own calendar/<year>.yaml taking a default
// year's place or adding a year the defaults lack; dir "" is the defaults
// alone. A province adds next year's 调休 there as soon as the State Council
// publishes it, without waiting for a new binary.
func Calendar(dir string) (*zhengzhi.Calendar, error) {
	files := map[string]fs.FS{}
	sources := []fs.FS{Defaults}
	if dir != "" {
		sources = append(sources, os.DirFS(dir))
	}
	for _, src := range sources {
		entries, err := fs.ReadDir(src, "calendar")
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("工作日历：%w", err)
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".yaml") {
				files[e.Name()] = src
			}
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	var years []zhengzhi.CalendarYear
	for _, name := range names {
		rel := path.Join("calendar", name)
		text, err := fs.ReadFile(files[name], rel)
		if err != nil {
			return nil, fmt.Errorf("工作日历：%w", err)
		}
		y, err := zhengzhi.ParseCalendarYear(rel, text)
		if err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(name, ".yaml"); want != fmt.Sprint(y.Year) {
			return nil, fmt.Errorf("工作日历 %s：文件名与 year %d 不符", rel, y.Year)
		}
		years = append(years, y)
	}
	return zhengzhi.NewCalendar(years...)
}
