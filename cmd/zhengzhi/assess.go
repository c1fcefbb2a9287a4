package main

import (
	"context"
	"errors"
)

func runAssess(ctx context.Context, e *env, args []string) error {
	return errors.New("assess: not built yet")
}
