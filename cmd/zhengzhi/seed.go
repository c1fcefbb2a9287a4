package main

import (
	"context"
	"errors"
)

func runSeed(ctx context.Context, e *env, args []string) error {
	return errors.New("seed: not built yet")
}
