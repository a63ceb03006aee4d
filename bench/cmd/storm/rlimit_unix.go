//go:build unix

package main

import "syscall"

// raiseOpenFileLimit raises the soft limit on open files to the hard
// limit, since a storm of N requests holds N connections open, and
// returns the limit in force. A child process started afterwards
// inherits it.
func raiseOpenFileLimit() uint64 {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0
	}
	if l.Cur < l.Max {
		raised := l
		raised.Cur = l.Max
		if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &raised) == nil {
			l = raised
		}
	}
	return l.Cur
}
