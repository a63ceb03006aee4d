package streamtest_test

import (
	"flag"
	"testing"
)

// runTest runs test the way go test runs a Test function and says whether
// it passed: an Example has no *testing.T of its own to give
// streamtest.Run. The flags that choose and repeat the enclosing run's
// tests, or make it verbose, are set aside meanwhile, so that test runs
// once and prints nothing unless it fails.
func runTest(test func(*testing.T)) string {
	defer setFlags(map[string]string{
		"test.run":      "",
		"test.skip":     "",
		"test.v":        "false",
		"test.count":    "1",
		"test.failfast": "false",
	})()
	all := func(string, string) (bool, error) { return true, nil }
	if !testing.RunTests(all, []testing.InternalTest{{Name: "Example", F: test}}) {
		return "FAIL"
	}
	return "PASS"
}

// setFlags sets the flags that exist and returns what puts them back.
func setFlags(values map[string]string) (restore func()) {
	old := map[string]string{}
	for name, v := range values {
		if f := flag.Lookup(name); f != nil {
			old[name] = f.Value.String()
			if err := f.Value.Set(v); err != nil {
				panic(err)
			}
		}
	}
	return func() {
		for name, v := range old {
			if err := flag.Set(name, v); err != nil {
				panic(err)
			}
		}
	}
}
