package handlers

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PasswordHasher hashes passwords with argon2id and writes them in the PHC
// string format ($argon2id$v=19$m=...,t=...,p=...$salt$hash), so that the
// parameters travel with each hash and can be raised later.
type PasswordHasher struct {
	Time      uint32
	MemoryKiB uint32
	Threads   uint8
}

// DefaultHasher follows the OWASP recommendation for argon2id
// (19 MiB, 2 iterations, 1 thread).
var DefaultHasher = PasswordHasher{Time: 2, MemoryKiB: 19 * 1024, Threads: 1}

const hashLen = 32

// Hash returns the PHC string of password with a fresh random salt.
func (h PasswordHasher) Hash(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	sum := argon2.IDKey([]byte(password), salt, h.Time, h.MemoryKiB, h.Threads, hashLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.MemoryKiB, h.Time, h.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(sum)), nil
}

var b64 = base64.RawStdEncoding

// VerifyPassword reports whether password matches the PHC string encoded.
// A malformed hash never matches.
func VerifyPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || p == 0 || t == 0 {
		return false
	}
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
