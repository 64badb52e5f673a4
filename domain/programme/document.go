package programme

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"

	"daotao/events"
)

// Document is one published version of the programme's reference data: the
// groups, the agencies, the Phụ lục I catalogue, the Phụ lục II quota rows
// and the targets, in force from EffectiveFrom. It is the payload of a
// reference_data.published event. A Document is read-only once Parse or
// Default has returned it: callers must not modify its fields or the
// slices its methods return.
type Document struct {
	Version       int          `json:"version"`
	EffectiveFrom events.Date  `json:"effective_from"`
	Source        string       `json:"source"`
	Note          string       `json:"note,omitempty"`
	Kinds         []Kind       `json:"kinds"`
	Groups        []Group      `json:"groups"`
	StudyFields   []StudyField `json:"study_fields"`
	Targets       []Target     `json:"targets"`

	AgenciesSource string   `json:"agencies_source,omitempty"`
	Agencies       []Agency `json:"agencies"`

	CatalogueTitle string  `json:"catalogue_title,omitempty"`
	Fields         []Field `json:"fields"`

	QuotasTitle string     `json:"quotas_title,omitempty"`
	QuotasNote  string     `json:"quotas_note,omitempty"`
	QuotaRows   []QuotaRow `json:"quota_rows"`

	idx index
}

// index holds the lookups Parse builds; it is never serialised.
type index struct {
	kinds       map[string]Kind
	agencies    map[string]int
	groups      map[int]int
	studyFields map[string]int
	fields      map[string]int
	contents    map[string]contentPos
	targets     map[string]int
	quotas      []Quota
	quotaByID   map[string]int
}

type contentPos struct{ field, content int }

// Group is one of the four target groups of Phần II.I.
type Group struct {
	Number      int    `json:"number"`
	Name        string `json:"name"`
	Level       string `json:"level"`
	Description string `json:"description"`
	// RefresherOrientation lists the refresher contents Phần II.II.1 orients
	// this group towards.
	RefresherOrientation []string `json:"refresher_orientation,omitempty"`
	// PostgraduateFocus marks the groups postgraduate training concentrates
	// on (Phần II.II.2: Nhóm 3 and Nhóm 4).
	PostgraduateFocus bool `json:"postgraduate_focus"`
}

// StudyField is a field of study of Table 6 (ngành, lĩnh vực đào tạo).
type StudyField struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

//go:embed data/*.json
var dataFS embed.FS

// documentFiles are the embedded files that together make the default
// document; each holds its own top-level keys.
var documentFiles = []string{"data/document.json", "data/agencies.json", "data/catalogue.json", "data/quotas.json"}

// Default returns version 1 of the reference data, effective 2024-09-27, as
// embedded from data/. It returns an error only if that data is broken,
// which the package's tests rule out.
func Default() (*Document, error) {
	var d Document
	for _, name := range documentFiles {
		b, err := dataFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("programme: %w", err)
		}
		if err := decodeStrict(b, &d); err != nil {
			return nil, fmt.Errorf("programme: %s: %w", name, err)
		}
	}
	return build(&d)
}

// Parse reads a whole document, as Document.JSON writes it, and validates
// it. Unknown JSON keys are refused. Rule violations (an unknown agency
// code, a duplicate code or id, an impossible number...) are reported
// together in one error wrapping ErrInvalid, each naming its place.
func Parse(b []byte) (*Document, error) {
	var d Document
	if err := decodeStrict(b, &d); err != nil {
		return nil, fmt.Errorf("programme: parse: %w", err)
	}
	return build(&d)
}

// JSON returns the document as indented JSON that Parse accepts.
func (d *Document) JSON() ([]byte, error) {
	return json.MarshalIndent(d, "", "  ")
}

func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("unexpected data after the JSON document")
	}
	return nil
}

// build validates d and fills its index.
func build(d *Document) (*Document, error) {
	v := &validator{d: d}
	v.document()
	if err := v.err(); err != nil {
		return nil, err
	}
	return d, nil
}

// Group returns target group n (1–4), or false.
func (d *Document) Group(n int) (Group, bool) {
	i, ok := d.idx.groups[n]
	if !ok {
		return Group{}, false
	}
	return d.Groups[i], true
}

// StudyField returns the Table 6 field of study with code, or false.
func (d *Document) StudyField(code string) (StudyField, bool) {
	i, ok := d.idx.studyFields[code]
	if !ok {
		return StudyField{}, false
	}
	return d.StudyFields[i], true
}

// StudyFieldCodes returns the codes of the fields of study in Table 6 order.
func (d *Document) StudyFieldCodes() []string {
	out := make([]string, 0, len(d.StudyFields))
	for _, f := range d.StudyFields {
		out = append(out, f.Code)
	}
	return out
}
