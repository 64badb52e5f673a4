// Package domain holds the rules of the programme: aggregates that decide on
// commands and return events. It is pure: it imports only the standard
// library and package events, and never reads a clock, a random source, the
// network or the disk. Time, ids and the actor are passed in.
package domain

import (
	"errors"
	"fmt"

	"daotao/events"
)

// Kind classifies an Error; the HTTP layer maps each kind to one status.
type Kind int

// The kinds of error. Each maps to one HTTP status in package handlers.
const (
	KindInternal        Kind = iota // 500: a bug or an unexpected failure
	KindInvalid                     // 400: malformed or invalid input
	KindUnauthorized                // 401: no or invalid credentials
	KindForbidden                   // 403: the role may not do this
	KindNotFound                    // 404: unknown, or not visible to the actor
	KindConflict                    // 409: wrong state or a lost race
	KindUnprocessable               // 422: valid input that the rules refuse
	KindTooManyRequests             // 429: rate limited
	KindUnavailable                 // 503: a dependency is away
)

// Error is the one error type of the application. Message is for people
// (Vietnamese); Code is a stable machine-readable word; Fields names the
// request fields at fault, each with its own message.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  map[string]string
	// Checks are the failed eligibility checks of a refusal on eligibility.
	Checks []events.EligibilityCheck
	Err    error
}

// Error returns the code and message, and the wrapped error if any.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the wrapped error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error of the same kind and code, so that
// sentinels such as ErrNotFound can be compared with errors.Is.
func (e *Error) Is(target error) bool {
	var t *Error
	if !errors.As(target, &t) {
		return false
	}
	return t.Kind == e.Kind && t.Code == e.Code
}

// KindOf returns the kind of err, KindInternal for an error that is not an
// *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Sentinels for errors.Is.
var (
	ErrNotFound     = &Error{Kind: KindNotFound, Code: "not_found", Message: "Không tìm thấy."}
	ErrConflict     = &Error{Kind: KindConflict, Code: "conflict", Message: "Hồ sơ vừa được người khác thay đổi; hãy tải lại và thử lại."}
	ErrTransition   = &Error{Kind: KindConflict, Code: "invalid_transition", Message: "Không thể thực hiện thao tác này ở trạng thái hiện tại."}
	ErrForbidden    = &Error{Kind: KindForbidden, Code: "forbidden", Message: "Bạn không có quyền thực hiện thao tác này."}
	ErrUnauthorized = &Error{Kind: KindUnauthorized, Code: "unauthorized", Message: "Bạn cần đăng nhập."}
)

// Invalid returns a KindInvalid error naming the fields at fault. fields
// alternates field name and message.
func Invalid(fields ...string) *Error {
	e := &Error{Kind: KindInvalid, Code: "invalid", Message: "Dữ liệu không hợp lệ; xem từng trường.", Fields: map[string]string{}}
	for i := 0; i+1 < len(fields); i += 2 {
		e.Fields[fields[i]] = fields[i+1]
	}
	return e
}

// NotFound returns a KindNotFound error for a thing described in Vietnamese.
func NotFound(what string) *Error {
	return &Error{Kind: KindNotFound, Code: "not_found", Message: "Không tìm thấy " + what + "."}
}

// Forbidden returns a KindForbidden error with a message that says why.
func Forbidden(msg string) *Error {
	return &Error{Kind: KindForbidden, Code: "forbidden", Message: msg}
}

// Transition returns a KindConflict error for a command refused in the
// current state.
func Transition(msg string) *Error {
	return &Error{Kind: KindConflict, Code: "invalid_transition", Message: msg}
}

// Problems collects field errors while validating a command.
type Problems map[string]string

// Add records msg for field unless the field already has a problem.
func (p Problems) Add(field, msg string) {
	if _, ok := p[field]; !ok {
		p[field] = msg
	}
}

// Err returns nil when there are no problems, else a KindInvalid *Error.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	e := Invalid()
	for k, v := range p {
		e.Fields[k] = v
	}
	return e
}
