package warehouse_test

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/warehouse"
)

func TestZZProfile(t *testing.T) {
	dsn := os.Getenv("ZZ_PROFILE_DSN")
	if dsn == "" {
		t.Skip()
	}
	ctx := context.Background()
	w, err := warehouse.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile("../templates/units/demo-province.yaml")
	reg, _ := zhengzhi.ParseRegistry(text)
	for round := 0; round < 2; round++ {
		all := time.Now()
		call := cpu()
		for _, name := range []string{"target-responsibility-city", "target-responsibility-county", "safe-city", "safe-county"} {
			path := "../templates/rules/2026/" + name + ".yaml"
			text, _ := os.ReadFile(path)
			rs, err := zhengzhi.ParseRuleSet(path, text)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			c0 := cpu()
			if _, err := w.IndicatorValues(ctx, reg, rs, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			t.Logf("%-32s %v cpu %v", name, time.Since(start).Round(time.Millisecond), (cpu() - c0).Round(time.Millisecond))
		}
		t.Logf("all four %v cpu %v", time.Since(all).Round(time.Millisecond), (cpu() - call).Round(time.Millisecond))
	}
}

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
