package ingest

import (
	"context"
	"fmt"
	"time"

	"zhengzhi/warehouse"
)

// BareLoad is the bare engine's version of the ingest, the baseline `zhengzhi
// bench` measures Run against: every contract table of every source read in
// full and bulk-loaded into the warehouse's scratch tables (which the caller
// makes with CreateBareTables), without checking a row, looking one up or
// recording anything. It returns the rows loaded.
func BareLoad(ctx context.Context, w *warehouse.Warehouse, sources []Source) (int64, error) {
	var total int64
	for _, s := range sources {
		src, err := openSource(ctx, s.DSN, time.UTC)
		if err != nil {
			return total, fmt.Errorf("bare load of %s: %w", s.Unit, err)
		}
		n, err := w.BareLoad(ctx, src, s.Unit)
		src.Close()
		if err != nil {
			return total, fmt.Errorf("bare load of %s: %w", s.Unit, err)
		}
		total += n
	}
	return total, nil
}
