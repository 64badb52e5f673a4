package domain_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

// Actors shared by the tests. The officer belongs to so_noi_vu, the agency
// that owns the nominations and officials built below.
var (
	officer  = events.Actor{UserID: "u-officer", Username: "tc-noivu", Role: string(domain.RoleAgency), Agency: "so_noi_vu"}
	stranger = events.Actor{UserID: "u-stranger", Username: "tc-taichinh", Role: string(domain.RoleAgency), Agency: "so_tai_chinh"}
	council  = events.Actor{UserID: "u-council", Username: "hoidong", Role: string(domain.RoleCouncil)}
	auditor  = events.Actor{UserID: "u-auditor", Username: "thanhtra", Role: string(domain.RoleAuditor)}
	admin    = events.Actor{UserID: "u-admin", Username: "quantri", Role: string(domain.RoleAdmin)}
)

var kindNames = map[domain.Kind]string{
	domain.KindInternal: "internal", domain.KindInvalid: "invalid", domain.KindUnauthorized: "unauthorized",
	domain.KindForbidden: "forbidden", domain.KindNotFound: "not_found", domain.KindConflict: "conflict",
	domain.KindUnprocessable: "unprocessable", domain.KindTooManyRequests: "too_many_requests",
	domain.KindUnavailable: "unavailable",
}

func kindName(k domain.Kind) string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// wantError fails tb unless err is a *domain.Error of kind want whose Fields
// name exactly fields (none when fields is empty). It returns the error.
func wantError(tb testing.TB, err error, want domain.Kind, fields ...string) *domain.Error {
	tb.Helper()
	var e *domain.Error
	if !errors.As(err, &e) {
		tb.Fatalf("err = %v (%T), want a *domain.Error of kind %s", err, err, kindName(want))
	}
	if got := domain.KindOf(err); got != want {
		tb.Fatalf("kind = %s, want %s (err: %v)", kindName(got), kindName(want), err)
	}
	var got []string
	for f := range e.Fields {
		got = append(got, f)
	}
	slices.Sort(got)
	fields = slices.Sorted(slices.Values(fields))
	if !slices.Equal(got, fields) {
		tb.Errorf("fields = %v, want %v (err: %v)", got, fields, err)
	}
	for f, msg := range e.Fields {
		if strings.TrimSpace(msg) == "" {
			tb.Errorf("field %q has an empty message", f)
		}
	}
	if strings.TrimSpace(e.Message) == "" {
		tb.Errorf("error %v has an empty Message", err)
	}
	return e
}

// day is a shorthand for events.NewDate.
func day(y int, m time.Month, d int) events.Date { return events.NewDate(y, m, d) }
