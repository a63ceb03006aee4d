package main

import (
	"fmt"
	"slices"
)

// median returns the median of xs, the mean of the middle two for an even
// count; xs must not be empty.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// countCell shows counts over runs: the median, and the range when the
// runs disagree.
func countCell(xs []float64) string {
	lo, hi := slices.Min(xs), slices.Max(xs)
	if lo == hi {
		return fmt.Sprintf("%.0f", lo)
	}
	return fmt.Sprintf("%s (%.0f–%.0f)", trim(median(xs)), lo, hi)
}

// trim prints a median that is whole without decimals.
func trim(x float64) string {
	if x == float64(int64(x)) {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

// millis prints a duration in milliseconds to three significant digits.
func millis(ms float64) string {
	switch {
	case ms < 0:
		return "−" + millis(-ms)
	case ms >= 100:
		return fmt.Sprintf("%.0f", ms)
	case ms >= 10:
		return fmt.Sprintf("%.1f", ms)
	default:
		return fmt.Sprintf("%.2f", ms)
	}
}
