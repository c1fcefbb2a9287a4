package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"golang.org/x/crypto/argon2"
)

// Passwords are stored as argon2id in the PHC string form
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash), with OWASP's parameters: 19 MiB,
// two passes, one lane — about 20 ms a check on this project's machine.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashPassword returns the argon2id PHC string of a password with a fresh salt.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether a password matches a PHC string, with the
// parameters the string names; a string that cannot be read matches nothing.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var memory, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil || threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, passes, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when a login names no account, so that an
// unknown login takes as long to refuse as a wrong password.
var dummyHash, _ = HashPassword("这不是任何人的口令")

// CheckNoPassword takes as long as CheckPassword and matches nothing: what a
// login that names no account is checked against.
func CheckNoPassword(password string) { CheckPassword(dummyHash, password) }

// ErrWeakPassword is the Chinese reason a password is refused.
type ErrWeakPassword string

func (e ErrWeakPassword) Error() string { return string(e) }

// CheckPasswordRules applies the rules of a new password: at least 10
// characters from three of the four classes (lower case, upper case, digits,
// other), and never the login (nor containing it).
func CheckPasswordRules(login, password string) error {
	if len([]rune(password)) < 10 {
		return ErrWeakPassword("口令至少 10 个字符")
	}
	var lower, upper, digit, other bool
	for _, c := range password {
		switch {
		case unicode.IsLower(c):
			lower = true
		case unicode.IsUpper(c):
			upper = true
		case unicode.IsDigit(c):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, has := range []bool{lower, upper, digit, other} {
		if has {
			classes++
		}
	}
	if classes < 3 {
		return ErrWeakPassword("口令须包含小写字母、大写字母、数字、其他字符中的至少三类")
	}
	if login != "" && strings.Contains(strings.ToLower(password), strings.ToLower(login)) {
		return ErrWeakPassword("口令不得包含登录名")
	}
	return nil
}

// errReused is the reason a password among the last five is refused.
var errReused = ErrWeakPassword("不得使用最近 5 次用过的口令")

// TemporaryPassword makes a random password that passes the rules, for a new
// account or a reset: 16 characters from four classes, without look-alikes.
func TemporaryPassword() (string, error) {
	const (
		lower = "abcdefghijkmnpqrstuvwxyz"
		upper = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		digit = "23456789"
		other = "-_.+=@"
	)
	all := lower + upper + digit + other
	b := make([]byte, 16)
	for {
		buf := make([]byte, len(b))
		if _, err := rand.Read(buf); err != nil {
			return "", err
		}
		for i := range b {
			b[i] = all[int(buf[i])%len(all)]
		}
		s := string(b)
		if strings.ContainsAny(s, lower) && strings.ContainsAny(s, upper) && strings.ContainsAny(s, digit) && strings.ContainsAny(s, other) {
			return s, nil
		}
	}
}

// The second factor: TOTP (RFC 6238), 6 digits, 30-second steps, SHA-1 — what
// every authenticator app reads — accepting the step before and after for
// clock drift, and each step once per account.
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// TOTPIssuer names the portal in an authenticator app.
const TOTPIssuer = "zhengzhi"

// NewTOTPKey makes a new second-factor secret for a login.
func NewTOTPKey(login string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: login, Period: totpOpts.Period,
		Digits: totpOpts.Digits, Algorithm: totpOpts.Algorithm})
}

// TOTPCode is the code of a secret at a time (what an authenticator app shows).
func TOTPCode(secret string, at time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, at, totpOpts)
}

// errBadCode means a second-factor code that matches no step near now.
var errBadCode = errors.New("bad second-factor code")

// TOTPStep finds the time step (now's, or one either side) whose code the
// given code is.
func TOTPStep(secret, code string, now time.Time) (int64, error) {
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return 0, errBadCode
	}
	step := now.Unix() / int64(totpOpts.Period)
	for _, d := range []int64{0, -1, 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix((step+d)*int64(totpOpts.Period), 0), totpOpts)
		if err != nil {
			return 0, err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step + d, nil
		}
	}
	return 0, errBadCode
}
