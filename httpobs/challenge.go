package httpobs

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Challenge is one challenge of a WWW-Authenticate header (RFC 7235 §4.1),
// with the parameters RFC 6750 §3 defines for the Bearer scheme.
type Challenge struct {
	Scheme           string // as written, e.g. "Bearer"; compare with strings.EqualFold
	Realm            string
	Scope            string
	Error            string // e.g. "invalid_token"
	ErrorDescription string
	ErrorURI         string
	// Params holds the other auth-params, by lower-case name (such as
	// resource_metadata of RFC 9728); nil if there are none.
	Params map[string]string
}

// ParseChallenge parses a WWW-Authenticate field value and returns its
// first Bearer challenge or, if it has none, its first challenge of any
// scheme. It fails if header holds no challenge or is malformed before
// one is found.
func ParseChallenge(header string) (*Challenge, error) {
	cs, err := ParseChallenges(header)
	for _, c := range cs {
		if strings.EqualFold(c.Scheme, "Bearer") {
			return c, nil
		}
	}
	if len(cs) > 0 {
		return cs[0], nil
	}
	return nil, err
}

// ParseChallenges parses a WWW-Authenticate field value into its
// challenges, in order. It is tolerant of what servers send: any case in
// scheme and parameter names, spaces around "=", parameters not separated
// by commas, empty list elements, unquoted values with characters a token
// may not hold, and backslash escapes in quoted values. A parameter named
// twice keeps its first value; a token68 (as in "Negotiate abc==") is
// skipped. On malformed input it returns the challenges completed before
// the fault and an error naming the byte offset.
func ParseChallenges(header string) ([]*Challenge, error) {
	p := challengeParser{s: header}
	var out []*Challenge
	for {
		p.skipListSeparators()
		if p.eof() {
			break
		}
		c, err := p.challenge()
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("httpobs: WWW-Authenticate: no challenge")
	}
	return out, nil
}

type challengeParser struct {
	s string
	i int
}

func (p *challengeParser) eof() bool { return p.i >= len(p.s) }

func (p *challengeParser) errorf(format string, args ...any) error {
	return fmt.Errorf("httpobs: WWW-Authenticate: byte %d: %s", p.i, fmt.Sprintf(format, args...))
}

// challenge parses a scheme and what follows it, up to the next challenge
// or the end.
func (p *challengeParser) challenge() (*Challenge, error) {
	scheme := p.token()
	if scheme == "" {
		return nil, p.errorf("want an auth scheme, found %q", p.s[p.i])
	}
	c := &Challenge{Scheme: scheme}
	var given []string // parameter names met so far: the first value wins
	p.skipSpace()
	if p.token68() {
		return c, nil
	}
	for {
		start := p.i
		p.skipListSeparators()
		if p.eof() {
			return c, nil
		}
		name, ok := p.paramName()
		if !ok {
			// Not a parameter: the next challenge starts here.
			p.i = start
			p.skipListSeparators()
			return c, nil
		}
		value, err := p.paramValue()
		if err != nil {
			return nil, err
		}
		if !slices.Contains(given, name) {
			given = append(given, name)
			c.set(name, value)
		}
	}
}

// token68 consumes a token68 and reports whether there was one: a run of
// its characters and trailing "="s, followed by the end, a comma or
// spaces then a comma or the end.
func (p *challengeParser) token68() bool {
	j := p.i
	for j < len(p.s) && isToken68Char(p.s[j]) {
		j++
	}
	if j == p.i {
		return false
	}
	for j < len(p.s) && p.s[j] == '=' {
		j++
	}
	k := j
	for k < len(p.s) && (p.s[k] == ' ' || p.s[k] == '\t') {
		k++
	}
	if k < len(p.s) && p.s[k] != ',' {
		return false
	}
	p.i = j
	return true
}

// paramName consumes `name BWS "=" BWS` and returns name, or consumes
// nothing and returns false.
func (p *challengeParser) paramName() (string, bool) {
	start := p.i
	name := p.token()
	p.skipSpace()
	if name == "" || p.eof() || p.s[p.i] != '=' {
		p.i = start
		return "", false
	}
	p.i++
	p.skipSpace()
	return strings.ToLower(name), true
}

// paramValue consumes a quoted string or a bare value, which runs to the
// next space or comma.
func (p *challengeParser) paramValue() (string, error) {
	if p.eof() || p.s[p.i] != '"' {
		start := p.i
		for !p.eof() && p.s[p.i] != ',' && p.s[p.i] != ' ' && p.s[p.i] != '\t' {
			p.i++
		}
		return p.s[start:p.i], nil
	}
	open := p.i
	p.i++
	var b strings.Builder
	for !p.eof() {
		switch ch := p.s[p.i]; ch {
		case '"':
			p.i++
			return b.String(), nil
		case '\\':
			if p.i+1 < len(p.s) {
				b.WriteByte(p.s[p.i+1])
			}
			p.i += 2
		default:
			b.WriteByte(ch)
			p.i++
		}
	}
	p.i = open
	return "", p.errorf("unterminated quoted string")
}

func (p *challengeParser) token() string {
	start := p.i
	for !p.eof() && isTokenChar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *challengeParser) skipSpace() {
	for !p.eof() && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *challengeParser) skipListSeparators() {
	for !p.eof() && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == ',') {
		p.i++
	}
}

// set records a parameter.
func (c *Challenge) set(name, value string) {
	if field := c.field(name); field != nil {
		*field = value
		return
	}
	if c.Params == nil {
		c.Params = map[string]string{}
	}
	c.Params[name] = value
}

// field is the struct field of a named parameter, nil for others.
func (c *Challenge) field(name string) *string {
	switch name {
	case "realm":
		return &c.Realm
	case "scope":
		return &c.Scope
	case "error":
		return &c.Error
	case "error_description":
		return &c.ErrorDescription
	case "error_uri":
		return &c.ErrorURI
	}
	return nil
}

// String formats c as a WWW-Authenticate challenge, with every non-empty
// parameter quoted: the named ones first, then Params by name.
func (c *Challenge) String() string {
	var b strings.Builder
	b.WriteString(c.Scheme)
	sep := " "
	param := func(name, value string) {
		b.WriteString(sep)
		b.WriteString(name)
		b.WriteString(`="`)
		for i := 0; i < len(value); i++ {
			if value[i] == '"' || value[i] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(value[i])
		}
		b.WriteByte('"')
		sep = ", "
	}
	for _, name := range namedParams {
		if v := *c.field(name); v != "" {
			param(name, v)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Params)) {
		param(name, c.Params[name])
	}
	return b.String()
}

var namedParams = []string{"realm", "scope", "error", "error_description", "error_uri"}

func isTokenChar(ch byte) bool {
	switch {
	case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", ch) >= 0
}

func isToken68Char(ch byte) bool {
	switch {
	case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9':
		return true
	}
	return strings.IndexByte("-._~+/", ch) >= 0
}
