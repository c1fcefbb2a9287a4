package main

import (
	"context"
	"errors"
)

func runRender(ctx context.Context, e *env, args []string) error {
	return errors.New("render: not built yet")
}
