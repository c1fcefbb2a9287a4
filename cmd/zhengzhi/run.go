package main

import (
	"context"
	"errors"
)

func runJob(ctx context.Context, e *env, args []string) error {
	return errors.New("run: not built yet")
}
