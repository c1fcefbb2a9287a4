package pdf

import "github.com/johnfercher/maroto/v2/pkg/props"

// colorT is the colour type of cell fills.
type colorT = props.Color

func rgb(r, g, b int) *colorT { return &colorT{Red: r, Green: g, Blue: b} }
