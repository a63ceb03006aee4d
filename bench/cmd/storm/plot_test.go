package main

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWriteSVG(t *testing.T) {
	panels := []panel{
		{Title: "a <&> b", Series: []series{
			{Name: "limit", Points: []point{{1, 10, false}, {10, 11, false}, {10000, 900, false}}},
			{Name: "rxepic Reauth", Points: []point{{1, 9, false}, {10, 12, true}, {10000, 1300, false}}},
		}},
		{Title: "empty"},
	}
	var b bytes.Buffer
	require.NoError(t, writeSVG(&b, panels, []string{"limit", "rxepic Reauth"}))
	svg := b.String()
	require.NoError(t, xml.Unmarshal(b.Bytes(), new(struct{})))
	require.Contains(t, svg, "a &lt;&amp;&gt; b")
	require.Equal(t, 2, strings.Count(svg, "<polyline"))
	require.Contains(t, svg, `stroke-dasharray="6 4"`, "the limit is dashed")
	require.Contains(t, svg, ">no data<")
	require.Equal(t, 1, strings.Count(svg, `fill="white" stroke=`), "one failed point, drawn hollow")
	for _, tick := range []string{">1<", ">10<", ">100<", ">1000<", ">10000<"} {
		require.Contains(t, svg, tick)
	}
}
