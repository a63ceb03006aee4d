package bridge_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/rxepic/rxepic/cluster/bridge"
)

func TestCodecRoundTrip(t *testing.T) {
	c := newCodec()
	bridge.Register[*OrderShipped](c, "order.shipped.ref")
	for _, action := range []any{OrderPlaced{Order: "o-1"}, &OrderShipped{Order: "o-2"}} {
		name, data, err := c.Encode(action)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Decode(name, data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, action) {
			t.Fatalf("%T %+v came back as %T %+v", action, action, got, got)
		}
	}
}

func TestCodecErrors(t *testing.T) {
	c := newCodec()
	if _, _, err := c.Encode(struct{}{}); !errors.Is(err, bridge.ErrUnregistered) {
		t.Errorf("encoding an unregistered type: %v, want ErrUnregistered", err)
	}
	if _, err := c.Decode("", []byte(`{}`)); !errors.Is(err, bridge.ErrUnknownType) {
		t.Errorf("decoding without a name: %v, want ErrUnknownType", err)
	}
	if _, err := c.Decode("order.cancelled", []byte(`{}`)); !errors.Is(err, bridge.ErrUnknownType) {
		t.Errorf("decoding an unknown name: %v, want ErrUnknownType", err)
	}
	var syntax *json.SyntaxError
	if _, err := c.Decode("order.placed", []byte(`{"Order":`)); !errors.As(err, &syntax) || !strings.Contains(err.Error(), "order.placed") {
		t.Errorf("decoding bad JSON: %v, want the JSON error naming the type", err)
	}
}

func TestCodecFormatPanicsAreErrors(t *testing.T) {
	c := bridge.NewCodec(
		func(any) ([]byte, error) { panic("marshal") },
		func([]byte, any) error { panic("unmarshal") },
	)
	bridge.Register[OrderPlaced](c, "order.placed")
	if _, _, err := c.Encode(OrderPlaced{}); err == nil || !strings.Contains(err.Error(), "marshal") {
		t.Errorf("Encode: %v, want the panic as an error", err)
	}
	if _, err := c.Decode("order.placed", nil); err == nil || !strings.Contains(err.Error(), "unmarshal") {
		t.Errorf("Decode: %v, want the panic as an error", err)
	}
}

func TestRegisterPanicsOnConflicts(t *testing.T) {
	for name, register := range map[string]func(c *bridge.Codec){
		"an empty name":             func(c *bridge.Codec) { bridge.Register[OrderPlaced](c, "") },
		"a name taken by another":   func(c *bridge.Codec) { bridge.Register[OrderShipped](c, "order.placed") },
		"a second name for a type":  func(c *bridge.Codec) { bridge.Register[OrderPlaced](c, "order.new") },
		"an interface type":         func(c *bridge.Codec) { bridge.Register[error](c, "error") },
		"nil marshal and unmarshal": func(*bridge.Codec) { bridge.NewCodec(nil, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			register(newCodec())
		})
	}
	// Registering the same name for the same type again is harmless.
	bridge.Register[OrderPlaced](newCodec(), "order.placed")
}
