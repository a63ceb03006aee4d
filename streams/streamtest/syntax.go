package streamtest

import (
	"fmt"
	"time"
	"unicode"
)

// DefaultFrame is the virtual time one frame stands for unless WithFrame
// or FrameDuration says otherwise.
const DefaultFrame = time.Millisecond

// maxSpan bounds how long a timeline may be, so that frame arithmetic and
// frame-to-duration conversions never overflow.
const maxSpan = 100 * 365 * 24 * time.Hour

// ParseOption changes how Parse, Render, ParseSubscription and
// RenderSubscription read and write marbles.
type ParseOption func(*syntax)

// syntax is what the options say.
type syntax struct {
	frameDur time.Duration
	hot      bool
	err      error
}

func newSyntax(opts []ParseOption) syntax {
	s := syntax{frameDur: DefaultFrame, err: ErrMarble}
	for _, o := range opts {
		o(&s)
	}
	return s
}

// maxFrames is the last frame a timeline may reach.
func (s syntax) maxFrames() int { return int(maxSpan / s.frameDur) }

// FrameDuration sets the virtual time one frame stands for; a time
// progression such as "10ms" must be a whole number of frames. The default
// is DefaultFrame. A d that is not positive panics.
func FrameDuration(d time.Duration) ParseOption {
	mustBePositiveFrame("FrameDuration", d)
	return func(s *syntax) { s.frameDur = d }
}

// HotMarbles allows '^', the subscription point of a hot stream. '^' is
// frame 0: events to its left get negative frames.
func HotMarbles() ParseOption {
	return func(s *syntax) { s.hot = true }
}

// ErrorValue sets the error '#' stands for. The default, and what a nil
// err keeps, is ErrMarble.
func ErrorValue(err error) ParseOption {
	return func(s *syntax) {
		if err != nil {
			s.err = err
		}
	}
}

func mustBePositiveFrame(op string, d time.Duration) {
	if d <= 0 {
		panic(fmt.Sprintf("streamtest.%s: frame duration %v is not positive", op, d))
	}
}

// SyntaxError is a malformed marble diagram: what is wrong and where.
type SyntaxError struct {
	Marbles string // the diagram as given
	Column  int    // 1-based column, in runes, of the offending character; 0 if the diagram as a whole is at fault
	Problem string
}

// Error says what is wrong, where, in which diagram.
func (e *SyntaxError) Error() string {
	if e.Column == 0 {
		return fmt.Sprintf("streamtest: marbles %q: %s", e.Marbles, e.Problem)
	}
	return fmt.Sprintf("streamtest: marbles %q, column %d: %s", e.Marbles, e.Column, e.Problem)
}

// isSpace reports whether r is whitespace, which marbles ignore except as
// what may come before and must come after a time progression.
func isSpace(r rune) bool { return r == ' ' || r == '\t' }

// isValue reports whether r may name a value.
func isValue(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// scanner walks a diagram rune by rune and keeps the frame count.
type scanner struct {
	syntax
	marbles string
	src     []rune
	i       int // index in src of the rune being read
	frame   int // the frame the next character stands at
}

func newScanner(marbles string, s syntax) *scanner {
	return &scanner{syntax: s, marbles: marbles, src: []rune(marbles)}
}

// errorAt builds a SyntaxError at the rune with index i.
func (sc *scanner) errorAt(i int, format string, args ...any) error {
	return &SyntaxError{Marbles: sc.marbles, Column: i + 1, Problem: fmt.Sprintf(format, args...)}
}

// advance moves the frame count on by n frames.
func (sc *scanner) advance(n int) error {
	if n > sc.maxFrames()-sc.frame {
		return sc.errorAt(sc.i, "the timeline is longer than %v", maxSpan)
	}
	sc.frame += n
	return nil
}

// progression reads the time progression that starts at the current rune,
// if one does: as in RxJS, a number with a unit ("10ms", "1.5s", "100us";
// anything time.ParseDuration reads) at the start of the diagram or after
// a space, and followed by a space. It returns the number of frames and
// of runes it spans, or ok false if there is none here.
func (sc *scanner) progression() (frames, runes int, ok bool, err error) {
	token, followed := sc.progressionToken()
	if token == "" {
		return 0, 0, false, nil
	}
	d, perr := time.ParseDuration(token)
	hasUnit := false
	for _, r := range token {
		hasUnit = hasUnit || unicode.IsLetter(r)
	}
	switch {
	case perr == nil && hasUnit && followed:
	case !containsDot(token):
		// Digits and letters that do not make a progression are values,
		// as in RxJS.
		return 0, 0, false, nil
	case perr != nil:
		return 0, 0, false, sc.errorAt(sc.i, "bad time progression %q", token)
	default:
		return 0, 0, false, sc.errorAt(sc.i, "time progression %q must be followed by a space", token)
	}
	if d%sc.frameDur != 0 {
		return 0, 0, false, sc.errorAt(sc.i, "time progression %q is not a whole number of %v frames", token, sc.frameDur)
	}
	if d/sc.frameDur > time.Duration(sc.maxFrames()) {
		return 0, 0, false, sc.errorAt(sc.i, "the timeline is longer than %v", maxSpan)
	}
	return int(d / sc.frameDur), len([]rune(token)), true, nil
}

// progressionToken returns the run of digits, dots and letters that starts
// at the current rune when it is where a time progression may start, and
// whether a space follows it.
func (sc *scanner) progressionToken() (string, bool) {
	i := sc.i
	if r := sc.src[i]; r < '0' || r > '9' || (i > 0 && !isSpace(sc.src[i-1])) {
		return "", false
	}
	j := i
	for j < len(sc.src) && (sc.src[j] == '.' || isValue(sc.src[j])) {
		j++
	}
	return string(sc.src[i:j]), j < len(sc.src) && isSpace(sc.src[j])
}

// progressionHint explains, when a value is missing at the current rune,
// that it may have been meant as a time progression.
func (sc *scanner) progressionHint() string {
	token, followed := sc.progressionToken()
	if token == "" || followed {
		return ""
	}
	if _, err := time.ParseDuration(token); err != nil {
		return ""
	}
	return fmt.Sprintf(" (a time progression such as %q must be followed by a space)", token)
}

func containsDot(s string) bool {
	for _, r := range s {
		if r == '.' {
			return true
		}
	}
	return false
}
