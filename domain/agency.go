package domain

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// Agency is an agency of the province that keeps a roster of officials:
// a department (Sở), a board, a district People's Committee, the Party
// organisation board, or a public service unit.
type Agency struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// Agencies is an immutable directory of agencies by code.
type Agencies struct {
	list   []Agency
	byCode map[string]Agency
}

//go:embed reference/agencies.json
var agenciesJSON []byte

// DefaultAgencies returns the agencies named or implied by the Đề án, as
// shipped in reference/agencies.json. It panics only if that embedded file
// is broken, which a test rules out.
func DefaultAgencies() *Agencies {
	a, err := ParseAgencies(agenciesJSON)
	if err != nil {
		panic(err)
	}
	return a
}

// ParseAgencies reads an agencies document. It returns an error for
// malformed JSON, a missing code or name, or a duplicate code.
func ParseAgencies(b []byte) (*Agencies, error) {
	var doc struct {
		Agencies []Agency `json:"agencies"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("parse agencies: %w", err)
	}
	a := &Agencies{byCode: make(map[string]Agency, len(doc.Agencies))}
	for _, ag := range doc.Agencies {
		if ag.Code == "" || ag.Name == "" {
			return nil, fmt.Errorf("parse agencies: agency without code or name: %+v", ag)
		}
		if _, dup := a.byCode[ag.Code]; dup {
			return nil, fmt.Errorf("parse agencies: duplicate code %q", ag.Code)
		}
		a.byCode[ag.Code] = ag
		a.list = append(a.list, ag)
	}
	return a, nil
}

// Get returns the agency with code, or false.
func (a *Agencies) Get(code string) (Agency, bool) {
	ag, ok := a.byCode[code]
	return ag, ok
}

// All returns every agency in document order. The caller must not modify it.
func (a *Agencies) All() []Agency { return a.list }

// NewAgencies returns a directory of list. It returns an error for an
// agency without code or name, or a duplicate code.
func NewAgencies(list []Agency) (*Agencies, error) {
	a := &Agencies{byCode: make(map[string]Agency, len(list))}
	for _, ag := range list {
		if ag.Code == "" || ag.Name == "" {
			return nil, fmt.Errorf("agencies: agency without code or name: %+v", ag)
		}
		if _, dup := a.byCode[ag.Code]; dup {
			return nil, fmt.Errorf("agencies: duplicate code %q", ag.Code)
		}
		a.byCode[ag.Code] = ag
		a.list = append(a.list, ag)
	}
	return a, nil
}
