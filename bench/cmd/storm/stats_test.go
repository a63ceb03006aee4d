package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMedian(t *testing.T) {
	require.Equal(t, 2.0, median([]float64{3, 1, 2}))
	require.Equal(t, 2.5, median([]float64{4, 1, 3, 2}))
	require.Equal(t, 7.0, median([]float64{7}))
	xs := []float64{3, 1, 2}
	median(xs)
	require.Equal(t, []float64{3, 1, 2}, xs, "the input is left as it was")
}

func TestCells(t *testing.T) {
	require.Equal(t, "1", countCell([]float64{1, 1, 1}))
	require.Equal(t, "2 (1–5)", countCell([]float64{1, 2, 5}))
	require.Equal(t, "1.5 (1–2)", countCell([]float64{1, 2}))
	require.Equal(t, "123", millis(123.4))
	require.Equal(t, "12.3", millis(12.34))
	require.Equal(t, "1.23", millis(1.234))
	require.Equal(t, "−120", millis(-120.2))
}
