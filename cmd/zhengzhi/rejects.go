package main

import (
	"context"
	"errors"
)

func runRejects(ctx context.Context, e *env, args []string) error {
	return errors.New("rejects: not built yet")
}
