package family

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
)

// ErrUndecryptable is the cause of a failure to read a family's record
// whose tokens this replica cannot decrypt: a different key, or none
// where the record was written with one (or one where it was not).
var ErrUndecryptable = errors.New("family: the tokens at rest cannot be decrypted with this replica's key")

// sealer encrypts tokens for the record, or leaves them as they are when
// it has no key. The additional data binds a ciphertext to its family,
// field and generation, so that one cannot be moved to another.
type sealer struct {
	aead   cipher.AEAD // nil without a key
	family string
}

func newSealer(key []byte, family string) (sealer, error) {
	if key == nil {
		return sealer{family: family}, nil
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return sealer{}, fmt.Errorf("family: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return sealer{}, fmt.Errorf("family: %w", err)
	}
	return sealer{aead: aead, family: family}, nil
}

func (s sealer) sealed() bool { return s.aead != nil }

func (s sealer) ad(field string, gen uint64) []byte {
	return []byte("rxepic/family/" + s.family + "/" + field + "/" + strconv.FormatUint(gen, 10))
}

func (s sealer) seal(field string, gen uint64, token string) string {
	if s.aead == nil || token == "" {
		return token
	}
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(token)+s.aead.Overhead())
	rand.Read(nonce)
	return base64.StdEncoding.EncodeToString(s.aead.Seal(nonce, nonce, []byte(token), s.ad(field, gen)))
}

func (s sealer) open(field string, gen uint64, stored string) (string, error) {
	if s.aead == nil || stored == "" {
		return stored, nil
	}
	b, err := base64.StdEncoding.DecodeString(stored)
	if err != nil || len(b) < s.aead.NonceSize() {
		return "", ErrUndecryptable
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, b[:n], b[n:], s.ad(field, gen))
	if err != nil {
		return "", ErrUndecryptable
	}
	return string(plain), nil
}
