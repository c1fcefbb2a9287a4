package bare

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"golang.org/x/sync/errgroup"

	"zhengzhi/reports/cjk"
)

// Documents is the bare engine's version of the PDF step, the baseline
// `zhengzhi bench` measures the reports against: n minimal one-page maroto
// documents — one line of Chinese text in the reports' regular font,
// compressed like the reports, the way a newcomer uses maroto — written to
// dir, on as many goroutines as the scorecards use.
func Documents(ctx context.Context, fontPath, dir string, n int) error {
	face, err := cjk.Load(fontPath)
	if err != nil {
		return fmt.Errorf("raw pdf font: %w", err)
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range n {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			cfg := config.NewBuilder().
				WithPageSize(pagesize.A4).
				WithCompression(true).
				WithCustomFonts([]*entity.CustomFont{{Family: "zz0", Bytes: face.Bytes}}).
				WithDefaultFont(&props.Font{Family: "zz0", Size: 12}).
				Build()
			m := maroto.New(cfg)
			m.AddRows(text.NewRow(10, fmt.Sprintf("考核评分表 第%d份", i+1)))
			doc, err := m.Generate()
			if err != nil {
				return fmt.Errorf("raw pdf %d: %w", i+1, err)
			}
			return os.WriteFile(filepath.Join(dir, fmt.Sprintf("raw-%04d.pdf", i+1)), doc.GetBytes(), 0o644)
		})
	}
	return g.Wait()
}
