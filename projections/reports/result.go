package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"daotao/domain"
	"daotao/projections/asof"
)

// Result is a set of reports computed at one cut.
type Result struct {
	// AsOf is the point asked for, as asof.Point.String writes it.
	AsOf string `json:"as_of"`
	// LastSeq is the last stream sequence included.
	LastSeq uint64 `json:"last_seq"`
	// Time is the instant the reports stand for, in Asia/Ho_Chi_Minh;
	// Day its date. Both are empty for an empty log read with no time.
	Time    string  `json:"time"`
	Day     string  `json:"day"`
	Reports []Named `json:"reports"`
}

// Named is one report of a Result.
type Named struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Table
}

func newResult(c asof.Cut) Result {
	res := Result{AsOf: c.Point.String(), LastSeq: c.LastSeq}
	if t := c.Time(); !t.IsZero() {
		res.Time, res.Day = t.In(domain.Zone).Format(time.RFC3339Nano), c.Day().String()
	}
	return res
}

// Formats a Result can be written in.
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
)

// Body writes res in format: indented JSON, or CSV with one section per
// report (a single report is plain CSV: a header row, then its rows). It
// returns an error for an unknown format.
func Body(res Result, format string) ([]byte, error) {
	switch format {
	case FormatJSON:
		b, err := json.MarshalIndent(res, "", "  ")
		return append(b, '\n'), err
	case FormatCSV:
		return csvBody(res)
	}
	return nil, fmt.Errorf("reports: format %q is not json or csv", format)
}

func csvBody(res Result) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for i, r := range res.Reports {
		if len(res.Reports) > 1 {
			if i > 0 {
				buf.WriteString("\n")
			}
			_ = w.Write([]string{"report", r.Name, r.Title})
		}
		_ = w.Write(r.Columns)
		for _, row := range r.Rows {
			_ = w.Write(texts(row))
		}
		w.Flush()
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func texts(row []Value) []string {
	out := make([]string, len(row))
	for i, v := range row {
		out[i] = v.String()
	}
	return out
}

// Trailer is the last line of an output: the SHA-256 of body (every byte
// before the trailer), the last sequence included, the point and the code
// version. In JSON it is a second JSON value on its own line; in CSV a
// line starting with "#".
func Trailer(body []byte, res Result, version, format string) []byte {
	sum := Hash(body)
	if format == FormatCSV {
		return fmt.Appendf(nil, "# sha256=%s last_seq=%d as_of=%s version=%s\n", sum, res.LastSeq, res.AsOf, version)
	}
	b, _ := json.Marshal(struct {
		SHA256  string `json:"sha256"`
		LastSeq uint64 `json:"last_seq"`
		AsOf    string `json:"as_of"`
		Version string `json:"version"`
	}{sum, res.LastSeq, res.AsOf, version})
	return append(b, '\n')
}

// Hash returns the SHA-256 of b in hexadecimal.
func Hash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
