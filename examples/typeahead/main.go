// Command typeahead shows an epic written with DebounceTime, SwitchMap and
// WithLatestFrom(state$): a search box that searches once typing pauses,
// in the scope the state holds, and drops an answer a newer keystroke has
// made stale. It plays a few keystrokes against a slow in-process search.
//
//	go run ./examples/typeahead
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rxepic/rxepic/epics"
	"github.com/rxepic/rxepic/streams"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "typeahead:", err)
		os.Exit(1)
	}
}

var catalogue = []string{"gopher", "golang", "gossip", "go vet", "gofmt", "goroutine"}

// search finds the catalogue entries that start with query, slowly.
func search(ctx context.Context, scope, query string) ([]string, error) {
	select {
	case <-time.After(30 * time.Millisecond):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	var found []string
	for _, entry := range catalogue {
		if strings.HasPrefix(entry, query) {
			found = append(found, scope+":"+entry)
		}
	}
	return found, nil
}

func run(ctx context.Context, out io.Writer) error {
	store := epics.NewStore(reduce, State{Scope: "docs"}, Deps{Search: search, Quiet: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := streams.Subscribe(ctx, streams.Pipe(store.Actions(), epics.OfType[Found]()), streams.Observer{
		Next: func(v any) { fmt.Fprintf(out, "found for %q: %v\n", v.(Found).Query, v.(Found).Results) },
	})
	if err := store.Start(ctx, searchEpic); err != nil {
		return err
	}
	// "g", "go", "gos" in quick succession: one search, for "gos". Then a
	// pause, "gof": its search answers.
	for _, q := range []string{"g", "go", "gos"} {
		store.Dispatch(Typed{Query: q})
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(150 * time.Millisecond)
	store.Dispatch(Typed{Query: "gof"})
	time.Sleep(150 * time.Millisecond)
	store.Close()
	cancel()
	store.Wait()
	answers.Wait()
	return nil
}
