package bridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"

	"github.com/rxepic/rxepic/internal/panics"
)

// TypeHeader is the message header that names the type of the action a
// message carries, as registered with Register.
const TypeHeader = "Action-Type"

var (
	// ErrUnknownType means a message names no type the codec knows, or
	// names none at all.
	ErrUnknownType = errors.New("bridge: unknown action type")
	// ErrUnregistered means an action's Go type has no name in the codec.
	ErrUnregistered = errors.New("bridge: action type not registered")
)

// Codec turns actions into message data and back: a registry of action
// types by name (see Register), with a format to marshal their values
// in. It is safe for concurrent use; register every type before a bridge
// uses the codec.
type Codec struct {
	marshal   func(v any) ([]byte, error)
	unmarshal func(data []byte, v any) error

	mu     sync.RWMutex
	byName map[string]kind
	byType map[reflect.Type]string
}

// kind is one registered action type.
type kind struct {
	typ reflect.Type
	// received wraps a decoded value of typ in the Received of its type.
	received func(action any, id string) any
}

// NewJSON returns a codec that carries actions as JSON (encoding/json).
func NewJSON() *Codec { return NewCodec(json.Marshal, json.Unmarshal) }

// NewCodec returns a codec that carries actions in the format of marshal
// and unmarshal, which work as json.Marshal and json.Unmarshal do. It
// panics if either is nil.
func NewCodec(marshal func(v any) ([]byte, error), unmarshal func(data []byte, v any) error) *Codec {
	if marshal == nil || unmarshal == nil {
		panic("bridge.NewCodec: nil marshal or unmarshal function")
	}
	return &Codec{
		marshal:   marshal,
		unmarshal: unmarshal,
		byName:    map[string]kind{},
		byType:    map[reflect.Type]string{},
	}
}

// Register names the action type T in c: messages whose TypeHeader is
// name decode to a T, and T's values encode under name. It panics if name
// is empty, is taken by another type, or T already has another name, or
// T is an interface type.
func Register[T any](c *Codec, name string) {
	typ := reflect.TypeFor[T]()
	if name == "" {
		panic(fmt.Sprintf("bridge.Register: empty name for %v", typ))
	}
	if typ.Kind() == reflect.Interface {
		panic(fmt.Sprintf("bridge.Register: %v is an interface type; register concrete types", typ))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if k, ok := c.byName[name]; ok && k.typ != typ {
		panic(fmt.Sprintf("bridge.Register: %q names %v already, not %v", name, k.typ, typ))
	}
	if old, ok := c.byType[typ]; ok && old != name {
		panic(fmt.Sprintf("bridge.Register: %v is registered as %q already, not %q", typ, old, name))
	}
	c.byName[name] = kind{typ: typ, received: func(action any, id string) any {
		return Received[T]{Action: action.(T), ID: id}
	}}
	c.byType[typ] = name
}

// Encode returns the name of action's type and its data. The error wraps
// ErrUnregistered if the type has no name, or the format's error.
func (c *Codec) Encode(action any) (name string, data []byte, err error) {
	typ := reflect.TypeOf(action)
	c.mu.RLock()
	name, ok := c.byType[typ]
	c.mu.RUnlock()
	if !ok {
		return "", nil, fmt.Errorf("%w: %v", ErrUnregistered, typ)
	}
	if perr := panics.Catch("bridge codec marshal", func() { data, err = c.marshal(action) }); perr != nil {
		err = perr
	}
	if err != nil {
		return "", nil, fmt.Errorf("bridge: encoding %q: %w", name, err)
	}
	return name, data, nil
}

// Decode returns the action named name that data holds, as a value of
// the type registered under name. The error wraps ErrUnknownType if no
// type has that name, or the format's error.
func (c *Codec) Decode(name string, data []byte) (any, error) {
	v, _, err := c.decode(name, data)
	return v, err
}

// receive decodes a message into the Received of its action's type.
func (c *Codec) receive(name string, data []byte, id string) (any, error) {
	v, k, err := c.decode(name, data)
	if err != nil {
		return nil, err
	}
	return k.received(v, id), nil
}

func (c *Codec) decode(name string, data []byte) (any, kind, error) {
	if name == "" {
		return nil, kind{}, fmt.Errorf("%w: no %s header", ErrUnknownType, TypeHeader)
	}
	c.mu.RLock()
	k, ok := c.byName[name]
	c.mu.RUnlock()
	if !ok {
		return nil, kind{}, fmt.Errorf("%w: %q", ErrUnknownType, name)
	}
	ptr := reflect.New(k.typ)
	var err error
	if perr := panics.Catch("bridge codec unmarshal", func() { err = c.unmarshal(data, ptr.Interface()) }); perr != nil {
		err = perr
	}
	if err != nil {
		return nil, kind{}, fmt.Errorf("bridge: decoding %q: %w", name, err)
	}
	return ptr.Elem().Interface(), k, nil
}

// has reports whether typ has a name in c.
func (c *Codec) has(typ reflect.Type) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.byType[typ]
	return ok
}
