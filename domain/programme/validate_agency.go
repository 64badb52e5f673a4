package programme

import (
	"fmt"
	"strings"
)

func (v *validator) agencies() {
	for i, a := range v.d.Agencies {
		where := fmt.Sprintf("agency %q", a.Code)
		if _, dup := v.d.idx.agencies[a.Code]; dup {
			v.addf("%s: duplicate code", where)
		}
		if !isCode(a.Code) {
			v.addf("%s: code must be lower-case letters, digits and _", where)
		}
		if strings.TrimSpace(a.Name) == "" {
			v.addf("%s: name is missing", where)
		}
		if _, ok := v.d.idx.kinds[a.Kind]; !ok {
			v.addf("%s: unknown kind %q", where, a.Kind)
		}
		if a.Level != LevelProvince && a.Level != LevelDistrict {
			v.addf("%s: level %q must be %q or %q", where, a.Level, LevelProvince, LevelDistrict)
		}
		v.d.idx.agencies[a.Code] = i
	}
	for _, a := range v.d.Agencies {
		v.agencyLinks(a)
	}
	v.successionCycles()
}

// agencyLinks checks the references and the validity period of a.
func (v *validator) agencyLinks(a Agency) {
	where := fmt.Sprintf("agency %q", a.Code)
	for _, ref := range []struct{ name, code string }{{"parent", a.Parent}, {"locality", a.Locality}, {"succeeded_by", a.SucceededBy}} {
		if ref.code == "" {
			continue
		}
		v.agencyRef(where+" "+ref.name, ref.code)
		if ref.code == a.Code {
			v.addf("%s: %s is the agency itself", where, ref.name)
		}
	}
	if !a.ValidFrom.IsZero() && !a.ValidTo.IsZero() && a.ValidTo.Before(a.ValidFrom) {
		v.addf("%s: valid_to %s is before valid_from %s", where, a.ValidTo, a.ValidFrom)
	}
	if a.SucceededBy != "" && a.ValidTo.IsZero() {
		v.addf("%s: succeeded_by needs a valid_to date", where)
	}
}

// successionCycles reports agencies whose succession leads back to them.
func (v *validator) successionCycles() {
	for _, a := range v.d.Agencies {
		seen := map[string]bool{a.Code: true}
		for next := a.SucceededBy; next != ""; {
			if seen[next] {
				v.addf("agency %q: succession returns to %q", a.Code, next)
				break
			}
			seen[next] = true
			i, ok := v.d.idx.agencies[next]
			if !ok {
				break
			}
			next = v.d.Agencies[i].SucceededBy
		}
	}
}
