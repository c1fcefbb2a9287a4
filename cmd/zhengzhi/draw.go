package main

import (
	"context"
	"errors"
)

func runDraw(ctx context.Context, e *env, args []string) error {
	return errors.New("draw: not built yet")
}
