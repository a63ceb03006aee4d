package main

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/rxepic/rxepic/bench"
)

// A series is one client's median time at each N of one panel.
type series struct {
	Name   string
	Points []point
}

type point struct {
	N  int
	Ms float64
	// Failed marks a time at which not every request had succeeded: it
	// is drawn hollow.
	Failed bool
}

// A panel is one chart: recovery time against N, both on log scales.
type panel struct {
	Title  string
	Series []series
}

// Plot geometry, in SVG user units.
const (
	panelW, panelH             = 460, 320
	marginL, marginR           = 64, 30
	marginT, marginB           = 36, 44
	columns                    = 2
	legendRowH, legendColW     = 20, 190
	legendColumns, legendInset = 4, 24
)

// palette gives each client a colour; the limits are drawn dashed, in
// black and grey.
var palette = []string{"#1b6ac9", "#2a9d3a", "#d1495b", "#edae49", "#7b3fa0", "#8c564b", "#17becf", "#666666"}

// writeSVG draws the panels in a grid with one legend for all of them.
// names fixes the legend's order and each client's colour.
func writeSVG(w io.Writer, panels []panel, names []string) error {
	rows := (len(panels) + columns - 1) / columns
	legendRows := (len(names) + legendColumns - 1) / legendColumns
	width := columns * panelW
	height := rows*panelH + (legendRows+1)*legendRowH + legendInset
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	colour := func(name string) (string, string) {
		switch name {
		case bench.NameLimit:
			return "black", ` stroke-dasharray="6 4"`
		case bench.NameKnownExpiryLimit:
			return "#888888", ` stroke-dasharray="2 3"`
		}
		i := 0
		for _, n := range names {
			if n == name {
				return palette[i%len(palette)], ""
			}
			if n != bench.NameLimit && n != bench.NameKnownExpiryLimit {
				i++
			}
		}
		return "gray", ""
	}
	for i, p := range panels {
		x0, y0 := float64(i%columns*panelW), float64(i/columns*panelH)
		drawPanel(&b, p, x0, y0, colour)
	}
	ly := rows*panelH + legendInset/2
	fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#444">Hollow points: not every request succeeded (for a failing refresh, all fail by design). Medians over runs.</text>`+"\n",
		16, ly+legendRows*legendRowH+4)
	for i, name := range names {
		x := 16 + i%legendColumns*legendColW
		y := ly + i/legendColumns*legendRowH
		stroke, dash := colour(name)
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>`+"\n", x, y, x+28, y, stroke, dash)
		fmt.Fprintf(&b, `<text x="%d" y="%d" dominant-baseline="middle">%s</text>`+"\n", x+34, y, escape(name))
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func drawPanel(b *strings.Builder, p panel, x0, y0 float64, colour func(string) (string, string)) {
	minN, maxN, minMs, maxMs := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range p.Series {
		for _, pt := range s.Points {
			minN, maxN = math.Min(minN, float64(pt.N)), math.Max(maxN, float64(pt.N))
			if pt.Ms > 0 {
				minMs, maxMs = math.Min(minMs, pt.Ms), math.Max(maxMs, pt.Ms)
			}
		}
	}
	fmt.Fprintf(b, `<text x="%.0f" y="%.0f" font-weight="bold">%s</text>`+"\n", x0+marginL, y0+22, escape(p.Title))
	if math.IsInf(minN, 1) || math.IsInf(minMs, 1) {
		fmt.Fprintf(b, `<text x="%.0f" y="%.0f">no data</text>`+"\n", x0+marginL, y0+panelH/2)
		return
	}
	// Whole decades on both axes.
	lx0, lx1 := math.Floor(math.Log10(minN)), math.Ceil(math.Log10(maxN))
	ly0, ly1 := math.Floor(math.Log10(minMs)), math.Ceil(math.Log10(maxMs))
	if lx1 == lx0 {
		lx1++
	}
	if ly1 == ly0 {
		ly1++
	}
	left, right := x0+marginL, x0+panelW-marginR
	top, bottom := y0+marginT, y0+panelH-marginB
	px := func(n float64) float64 { return left + (math.Log10(n)-lx0)/(lx1-lx0)*(right-left) }
	py := func(ms float64) float64 { return bottom - (math.Log10(ms)-ly0)/(ly1-ly0)*(bottom-top) }

	for d := lx0; d <= lx1; d++ {
		x := px(math.Pow(10, d))
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", x, top, x, bottom)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x, bottom+16, decade(d))
	}
	for d := ly0; d <= ly1; d++ {
		y := py(math.Pow(10, d))
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", left, y, right, y)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`+"\n", left-6, y, decade(d))
	}
	fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="#999"/>`+"\n", left, top, right-left, bottom-top)
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">concurrent requests N</text>`+"\n", (left+right)/2, bottom+34)
	fmt.Fprintf(b, `<text transform="translate(%.1f %.1f) rotate(-90)" text-anchor="middle">time (ms)</text>`+"\n", x0+16, (top+bottom)/2)

	for _, s := range p.Series {
		stroke, dash := colour(s.Name)
		var pts []string
		for _, pt := range s.Points {
			if pt.Ms <= 0 {
				continue
			}
			x, y := px(float64(pt.N)), py(pt.Ms)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
			fill := stroke
			if pt.Failed {
				fill = "white"
			}
			fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s" stroke="%s"/>`+"\n", x, y, fill, stroke)
		}
		fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="1.8"%s><title>%s</title></polyline>`+"\n",
			strings.Join(pts, " "), stroke, dash, escape(s.Name))
	}
}

// decade labels 10^d plainly: 0.1, 1, 10, 1000, 10000.
func decade(d float64) string {
	return fmt.Sprintf("%g", math.Pow(10, d))
}

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
