package streamtest_test

import (
	"fmt"

	"github.com/rxepic/rxepic/streams/streamtest"
)

func ExampleParse() {
	events, err := streamtest.Parse("-a-(bc)-|", map[string]any{"a": 1, "b": 2, "c": 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range events {
		fmt.Println(e.Frame, e.Kind, e.Value)
	}

	_, err = streamtest.Parse("-a-(b", nil)
	fmt.Println(err)
	// Output:
	// 1 next 1
	// 3 next 2
	// 3 next 3
	// 8 complete <nil>
	// streamtest: marbles "-a-(b", column 4: unclosed group
}

func ExampleRender() {
	marbles, err := streamtest.Render([]streamtest.Event{
		{Frame: 2, Kind: streamtest.Next, Value: "a"},
		{Frame: 2, Kind: streamtest.Next, Value: "b"},
		{Frame: 250, Kind: streamtest.Complete},
	}, nil)
	fmt.Println(marbles, err)
	// Output: --(ab)- 243ms | <nil>
}

func ExampleParseSubscription() {
	log, err := streamtest.ParseSubscription("--^ 10ms !")
	fmt.Printf("%+v %v\n", log, err)
	// Output: {Subscribed:2 Unsubscribed:13} <nil>
}
