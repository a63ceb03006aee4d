package bench_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/rxepic/rxepic/bench"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if bench.IsServerHost() { // started by TestRemoteHost
		if err := bench.ServeHost(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	goleak.VerifyTestMain(m)
}
