package httpobs_test

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/rxepic/rxepic/httpobs"
	"github.com/rxepic/rxepic/streams"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type user struct {
	Name string `json:"name"`
	Age  int    `json:"age"`
}

func serveBody(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body+"\n")
	}
}

func TestGetJSONDecodes(t *testing.T) {
	var accept string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		accept = r.Header.Get("Accept")
		serveBody(`{"name":"ada","age":36}`)(w, r)
	})
	values, err := collect(t, httpobs.GetJSON[user](srv.URL, httpobs.WithClient(srv.Client())))
	require.NoError(t, err)
	assert.Equal(t, []any{user{Name: "ada", Age: 36}}, values)
	assert.Equal(t, "application/json", accept)
}

func TestJSONOperatorDecodesResponses(t *testing.T) {
	srv := newServer(t, serveBody(`[1,2,3]`))
	values, err := collect(t, streams.Pipe(httpobs.Get(srv.URL, httpobs.WithClient(srv.Client())), httpobs.JSON[[]int]()))
	require.NoError(t, err)
	assert.Equal(t, []any{[]int{1, 2, 3}}, values)
}

func TestGarbageJSONFailsWithDecodeError(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		wantOffset int64
		wantErr    any
	}{
		{name: "garbage", body: `{"name": "ada", oops}`, wantOffset: int64(strings.Index(`{"name": "ada", oops}`, "oops") + 1), wantErr: &json.SyntaxError{}},
		{name: "wrong type", body: `{"name": "ada", "age": "old"}`, wantOffset: int64(strings.Index(`{"name": "ada", "age": "old"}`, `"old"`) + len(`"old"`)), wantErr: &json.UnmarshalTypeError{}},
		{name: "cut short", body: `{"name": "ad`, wantOffset: int64(len(`{"name": "ad`) + 1), wantErr: &json.SyntaxError{}},
		{name: "HTML", body: `<html>`, wantOffset: 1, wantErr: &json.SyntaxError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, serveBody(tt.body))
			for name, src := range map[string]func() error{
				"GetJSON": func() error {
					_, err := collect(t, httpobs.GetJSON[user](srv.URL, httpobs.WithClient(srv.Client())))
					return err
				},
				"JSON": func() error {
					_, err := collect(t, streams.Pipe(httpobs.Get(srv.URL, httpobs.WithClient(srv.Client())), httpobs.JSON[user]()))
					return err
				},
			} {
				err := src()
				var de *httpobs.DecodeError
				require.ErrorAs(t, err, &de, name)
				assert.Equal(t, reflect.TypeFor[user](), de.Type, name)
				assert.Equal(t, tt.wantOffset, de.Offset, name)
				assert.IsType(t, tt.wantErr, de.Err, name)
				assert.Contains(t, err.Error(), "httpobs_test.user", name)
			}
		})
	}
}

func TestJSONRejectsItemsThatAreNotResponses(t *testing.T) {
	_, err := collect(t, streams.Pipe(streams.Of("not a response"), httpobs.JSON[user]()))
	var te *streams.TypeError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, reflect.TypeFor[string](), te.Got)
	assert.Equal(t, reflect.TypeFor[*httpobs.Response](), te.Want)
}
