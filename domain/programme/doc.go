// Package programme holds Đề án 7328/ĐA-UBND (Quảng Nam, 27/9/2024) as
// data: the target groups, the agencies, the Phụ lục I catalogue of
// refresher contents, the Phụ lục II postgraduate quotas, the targets of
// Phần II.III and the baseline Tables 1–6 of Phần I, each read from the
// JSON files embedded from data/.
//
// Like package domain it is pure: it imports only the standard library and
// package events, never reads a clock, the disk or a global random source.
// A Document is one published version of the reference data; it is
// read-only once parsed, and every lookup takes the date it is asked for.
package programme

import "errors"

// ErrInvalid is wrapped by every error Parse and ParseBaseline return for
// data that breaks the rules of a document (as opposed to malformed JSON,
// which is reported as it is).
var ErrInvalid = errors.New("invalid programme reference data")

// Level values: provincial (cấp tỉnh) or district (cấp huyện).
const (
	LevelProvince = "tinh"
	LevelDistrict = "huyen"
)
