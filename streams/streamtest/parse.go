package streamtest

// Parse reads a marble diagram into its events, in order of frame and,
// within a frame, of writing.
//
// Each letter or digit is a value: the entry of values under that
// character, or, when values is nil, the character itself as a string. '|'
// is completion and '#' an error (ErrMarble unless ErrorValue says
// otherwise). Every character takes one frame; '-' is a frame with no
// event; "(ab|)" puts its events on the frame of its '(' and takes as many
// frames as it has characters. A number with a unit after a space and
// followed by one, such as "10ms", "1.5s" or "100us", moves on that much
// virtual time, which must be a whole number of frames. Spaces are
// ignored. With HotMarbles, '^' marks frame 0.
//
// A malformed diagram yields a *SyntaxError naming the column and the
// problem: an unknown value, an unbalanced or nested group, an event after
// the stream has ended, '^' where it is not allowed, '!', a bad time
// progression.
func Parse(marbles string, values map[string]any, opts ...ParseOption) ([]Event, error) {
	events, _, err := parse(marbles, values, newSyntax(opts))
	return events, err
}

// parse is Parse that also returns the last frame the diagram covers: the
// least a timeline must run to show everything it says.
func parse(marbles string, values map[string]any, s syntax) (events []Event, last int, err error) {
	sc := newScanner(marbles, s)
	var (
		inGroup    bool
		groupFrame int
		groupCol   int // index of the open '('
		groupSize  int // events in the open group
		endCol     = -1
		caretCol   = -1
		caretFrame int
	)
	for sc.i < len(sc.src) {
		r := sc.src[sc.i]
		at := sc.frame
		if inGroup {
			at = groupFrame
		}
		width := 1
		switch {
		case isSpace(r):
			width = 0
		case r == '-':
			if inGroup {
				return nil, 0, sc.errorAt(sc.i, "'-' inside a group: the events of a group share one frame")
			}
		case r == '(':
			if inGroup {
				return nil, 0, sc.errorAt(sc.i, "nested group: the group opened at column %d is not closed", groupCol+1)
			}
			inGroup, groupFrame, groupCol, groupSize = true, sc.frame, sc.i, 0
		case r == ')':
			if !inGroup {
				return nil, 0, sc.errorAt(sc.i, "')' without a matching '('")
			}
			if groupSize == 0 {
				return nil, 0, sc.errorAt(groupCol, "empty group")
			}
			inGroup = false
		case r == '^':
			switch {
			case !sc.hot:
				return nil, 0, sc.errorAt(sc.i, "'^' marks the subscription point of a hot stream and is not allowed here")
			case caretCol >= 0:
				return nil, 0, sc.errorAt(sc.i, "second '^' (the first is at column %d)", caretCol+1)
			case inGroup:
				return nil, 0, sc.errorAt(sc.i, "'^' inside a group")
			}
			caretCol, caretFrame = sc.i, sc.frame
		case r == '!':
			return nil, 0, sc.errorAt(sc.i, "'!' marks an unsubscription and belongs only in subscription marbles")
		case r == '|' || r == '#' || isValue(r):
			frames, runes, ok, err := sc.progression()
			if err != nil {
				return nil, 0, err
			}
			if ok {
				if inGroup {
					return nil, 0, sc.errorAt(sc.i, "time progression inside a group")
				}
				if err := sc.advance(frames); err != nil {
					return nil, 0, err
				}
				sc.i += runes
				last = sc.frame - 1
				continue
			}
			e, err := sc.event(r, at, values)
			if err != nil {
				return nil, 0, err
			}
			if endCol >= 0 {
				if e.terminal() {
					return nil, 0, sc.errorAt(sc.i, "second terminal event %q: the stream already ended at column %d", r, endCol+1)
				}
				return nil, 0, sc.errorAt(sc.i, "value %q after the stream ended at column %d", r, endCol+1)
			}
			if e.terminal() {
				endCol = sc.i
			}
			events = append(events, e)
			groupSize++
		default:
			return nil, 0, sc.errorAt(sc.i, "unexpected character %q", r)
		}
		if err := sc.advance(width); err != nil {
			return nil, 0, err
		}
		if width > 0 {
			last = sc.frame - 1
		}
		sc.i++
	}
	if inGroup {
		return nil, 0, sc.errorAt(groupCol, "unclosed group")
	}
	if caretCol >= 0 {
		for i := range events {
			events[i].Frame -= caretFrame
		}
		last -= caretFrame
	}
	return events, last, nil
}

// event reads the event r stands for at frame at.
func (sc *scanner) event(r rune, at int, values map[string]any) (Event, error) {
	switch r {
	case '|':
		return Event{Frame: at, Kind: Complete}, nil
	case '#':
		return Event{Frame: at, Kind: Error, Err: sc.err}, nil
	}
	key := string(r)
	if values == nil {
		return Event{Frame: at, Kind: Next, Value: key}, nil
	}
	v, ok := values[key]
	if !ok {
		return Event{}, sc.errorAt(sc.i, "no value for %q in the values map%s", key, sc.progressionHint())
	}
	return Event{Frame: at, Kind: Next, Value: v}, nil
}

// ParseSubscription reads a subscription marble diagram such as "--^---!":
// '^' is the frame the subscription was made at, '!' the frame it ended at
// (a diagram without '!' is a subscription still open at the end). '-',
// groups such as "(^!)", spaces and time progressions work as in Parse;
// '!' alone takes no frame, as in RxJS. Frame 0 is the start of the
// diagram. A malformed diagram yields a *SyntaxError.
func ParseSubscription(marbles string, opts ...ParseOption) (SubscriptionLog, error) {
	log, caret, _, err := parseSubscription(marbles, newSyntax(opts))
	if err == nil && !caret {
		err = &SyntaxError{Marbles: marbles, Problem: "no '^' marking when the subscription was made"}
	}
	return log, err
}

// parseSubscription is ParseSubscription that also accepts a diagram
// without '^', subscribed at frame 0, and reports whether it had one and
// the last frame the diagram covers.
func parseSubscription(marbles string, s syntax) (log SubscriptionLog, caret bool, last int, err error) {
	sc := newScanner(marbles, s)
	var (
		inGroup    bool
		groupFrame int
		groupCol   int
		groupSize  int
		caretCol   = -1
		bangCol    = -1
	)
	log = SubscriptionLog{Unsubscribed: StillSubscribed}
	for sc.i < len(sc.src) {
		r := sc.src[sc.i]
		at := sc.frame
		if inGroup {
			at = groupFrame
		}
		width := 1
		switch {
		case isSpace(r):
			width = 0
		case r == '-':
			if inGroup {
				return log, false, 0, sc.errorAt(sc.i, "'-' inside a group")
			}
		case r == '(':
			if inGroup {
				return log, false, 0, sc.errorAt(sc.i, "nested group: the group opened at column %d is not closed", groupCol+1)
			}
			inGroup, groupFrame, groupCol, groupSize = true, sc.frame, sc.i, 0
		case r == ')':
			if !inGroup {
				return log, false, 0, sc.errorAt(sc.i, "')' without a matching '('")
			}
			if groupSize == 0 {
				return log, false, 0, sc.errorAt(groupCol, "empty group")
			}
			inGroup = false
		case r == '^':
			switch {
			case caretCol >= 0:
				return log, false, 0, sc.errorAt(sc.i, "second '^' (the first is at column %d)", caretCol+1)
			case bangCol >= 0:
				return log, false, 0, sc.errorAt(sc.i, "'^' after the unsubscription '!' at column %d", bangCol+1)
			}
			caretCol, log.Subscribed = sc.i, at
			groupSize++
		case r == '!':
			if bangCol >= 0 {
				return log, false, 0, sc.errorAt(sc.i, "second '!' (the first is at column %d)", bangCol+1)
			}
			bangCol, log.Unsubscribed = sc.i, at
			groupSize++
			width = 0
		case r >= '0' && r <= '9':
			frames, runes, ok, err := sc.progression()
			if err != nil {
				return log, false, 0, err
			}
			if !ok {
				return log, false, 0, sc.errorAt(sc.i, "unexpected %q: subscription marbles hold only '-', '^', '!', groups and time progressions%s", r, sc.progressionHint())
			}
			if inGroup {
				return log, false, 0, sc.errorAt(sc.i, "time progression inside a group")
			}
			if err := sc.advance(frames); err != nil {
				return log, false, 0, err
			}
			sc.i += runes
			last = sc.frame - 1
			continue
		default:
			return log, false, 0, sc.errorAt(sc.i, "unexpected %q: subscription marbles hold only '-', '^', '!', groups and time progressions", r)
		}
		if err := sc.advance(width); err != nil {
			return log, false, 0, err
		}
		if !isSpace(r) {
			last = max(last, sc.frame-1, at)
		}
		sc.i++
	}
	if inGroup {
		return log, false, 0, sc.errorAt(groupCol, "unclosed group")
	}
	return log, caretCol >= 0, last, nil
}
