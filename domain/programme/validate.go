package programme

import (
	"fmt"
	"slices"
	"strings"
)

// validator collects every problem of a document and builds its index.
type validator struct {
	d        *Document
	problems []string
}

func (v *validator) addf(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

func (v *validator) err() error {
	if len(v.problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrInvalid, strings.Join(v.problems, "; "))
}

func (v *validator) document() {
	d := v.d
	d.idx = index{kinds: map[string]Kind{}, agencies: map[string]int{}, groups: map[int]int{},
		studyFields: map[string]int{}, fields: map[string]int{}, contents: map[string]contentPos{},
		targets: map[string]int{}, quotaByID: map[string]int{}}
	if d.Version < 1 {
		v.addf("version %d: must be 1 or more", d.Version)
	}
	if d.EffectiveFrom.IsZero() {
		v.addf("effective_from is missing")
	}
	if strings.TrimSpace(d.Source) == "" {
		v.addf("source is missing")
	}
	v.kinds()
	v.agencies()
	v.groups()
	v.studyFields()
	v.catalogue()
	v.quotas()
	v.targets()
}

// isCode reports whether s is a machine code: lower-case ASCII letters,
// digits and underscores.
func isCode(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_')
	})
}

func (v *validator) kinds() {
	for _, k := range v.d.Kinds {
		switch _, dup := v.d.idx.kinds[k.Code]; {
		case !isCode(k.Code):
			v.addf("kind %q: code must be lower-case letters, digits and _", k.Code)
		case dup:
			v.addf("kind %q: duplicate code", k.Code)
		case strings.TrimSpace(k.Name) == "":
			v.addf("kind %q: name is missing", k.Code)
		}
		v.d.idx.kinds[k.Code] = k
	}
}

func (v *validator) groups() {
	for i, g := range v.d.Groups {
		if _, dup := v.d.idx.groups[g.Number]; dup || g.Number < 1 {
			v.addf("group %d: number must be positive and unique", g.Number)
		}
		if strings.TrimSpace(g.Name) == "" {
			v.addf("group %d: name is missing", g.Number)
		}
		if g.Level != LevelProvince && g.Level != LevelDistrict {
			v.addf("group %d: level %q must be %q or %q", g.Number, g.Level, LevelProvince, LevelDistrict)
		}
		v.d.idx.groups[g.Number] = i
	}
}

func (v *validator) studyFields() {
	for i, f := range v.d.StudyFields {
		if _, dup := v.d.idx.studyFields[f.Code]; dup || !isCode(f.Code) {
			v.addf("study field %q: code must be unique, lower-case letters, digits and _", f.Code)
		}
		if strings.TrimSpace(f.Name) == "" {
			v.addf("study field %q: name is missing", f.Code)
		}
		v.d.idx.studyFields[f.Code] = i
	}
}

// groupList checks that gs holds known groups, each once.
func (v *validator) groupList(where string, gs []int) {
	for i, g := range gs {
		if _, ok := v.d.idx.groups[g]; !ok {
			v.addf("%s: unknown group %d", where, g)
		}
		if slices.Contains(gs[:i], g) {
			v.addf("%s: group %d listed twice", where, g)
		}
	}
}

// selector checks that s names only known agencies and kinds.
func (v *validator) selector(where string, s Selector) {
	for _, c := range s.Agencies {
		if _, ok := v.d.idx.agencies[c]; !ok {
			v.addf("%s: unknown agency %q", where, c)
		}
	}
	for _, k := range s.Kinds {
		if _, ok := v.d.idx.kinds[k]; !ok {
			v.addf("%s: unknown agency kind %q", where, k)
		}
	}
}

func (v *validator) agencyRef(where, code string) {
	if _, ok := v.d.idx.agencies[code]; !ok {
		v.addf("%s: unknown agency %q", where, code)
	}
}
