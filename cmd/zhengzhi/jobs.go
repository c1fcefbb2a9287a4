package main

import (
	"context"
	"errors"
)

func runJobs(ctx context.Context, e *env, args []string) error {
	return errors.New("jobs: not built yet")
}
