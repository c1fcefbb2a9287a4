package main

import (
	"context"
	"fmt"

	"zhengzhi/config"
	"zhengzhi/warehouse"
)

// runMigrate brings the warehouse's schema up to date, logging each
// migration it applies with its number and name.
func runMigrate(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "migrate", "apply the warehouse's pending schema migrations (back the warehouse up first)")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	n, err := migrateWarehouse(ctx, e, cfg)
	if err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintln(e.stdout, "仓库表结构已是最新，无需迁移")
	} else {
		fmt.Fprintf(e.stdout, "已执行 %d 个迁移\n", n)
	}
	return nil
}

// migrateWarehouse applies the warehouse's pending migrations, logging each,
// and returns how many it applied: what `migrate` does, and what `schedule`
// and `serve` do as they start.
func migrateWarehouse(ctx context.Context, e *env, cfg *config.Config) (int, error) {
	n := 0
	w, err := warehouse.Migrate(ctx, cfg.Warehouse, func(m warehouse.Migration) {
		n++
		e.log.Info("已执行仓库迁移 "+m.String(), "migration", m.Version, "name", m.Name)
	})
	if err != nil {
		return n, err
	}
	return n, w.Close()
}
