package main

import (
	"context"
	"errors"
)

func runSchedule(ctx context.Context, e *env, args []string) error {
	return errors.New("schedule: not built yet")
}
