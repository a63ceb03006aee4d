package family

import (
	"crypto/sha256"
	"sync"

	"github.com/rxepic/rxepic/auth"
)

// generations remembers which family generation each access token came
// from: a replica's own generations are local counters, and a record is
// newer than the local token only if its family generation is. It keeps
// the last few generations, by a hash of the token.
type generations struct {
	mu   sync.Mutex
	gens map[[sha256.Size]byte]uint64
	max  uint64
}

const keptGenerations = 8

func (g *generations) note(access auth.Token, gen uint64) {
	if access == "" {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.gens == nil {
		g.gens = map[[sha256.Size]byte]uint64{}
	}
	g.gens[sha256.Sum256([]byte(access))] = gen
	g.max = max(g.max, gen)
	if len(g.gens) > 2*keptGenerations {
		for k, v := range g.gens {
			if v+keptGenerations < g.max {
				delete(g.gens, k)
			}
		}
	}
}

// of returns the family generation of access, 0 if unknown.
func (g *generations) of(access auth.Token) uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.gens[sha256.Sum256([]byte(access))]
}
