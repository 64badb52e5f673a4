package programme

import (
	"math/rand/v2"
	"slices"
)

// Agency kinds the demo roster places people in (see data/document.json).
const (
	kindSo        = "so"
	kindBan       = "ban"
	kindDang      = "dang"
	kindDoanThe   = "doan_the"
	kindDonVi     = "don_vi"
	kindYTe       = "y_te"
	kindUBNDHuyen = "ubnd_huyen"
)

// kindWeight is the base weight of an agency of each kind.
var kindWeight = map[string]int{kindSo: 10, kindBan: 8, kindDang: 6, kindDoanThe: 4, kindDonVi: 5, kindUBNDHuyen: 10}

// fieldAffinity lists, per field of study, the agencies whose leaders
// mostly studied it; health agencies go with y_te on top of these.
var fieldAffinity = map[string][]string{
	"kinh_te_tai_chinh": {"so_tai_chinh", "so_ke_hoach_dau_tu", "so_cong_thuong", "ban_ql_kkt_kcn"},
	"cntt_khmt":         {"so_thong_tin_truyen_thong", "trung_tam_qti"},
	"y_te":              {"so_y_te"},
	"giao_duc":          {"so_giao_duc_dao_tao", "truong_chinh_tri"},
	"quy_hoach_do_thi":  {"so_xay_dung", "so_giao_thong_van_tai", "ban_qlda_dtxd", "ban_qlda_giao_thong"},
	"tnmt_dat_dai":      {"so_tai_nguyen_moi_truong", "ban_ql_vqg_song_thanh"},
	"nong_nghiep":       {"so_nong_nghiep_ptnt", "ban_qlda_nong_nghiep", "ban_ql_vqg_song_thanh", "ban_dan_toc", "hoi_nong_dan_tinh"},
	"hanh_chinh_luat": {"so_noi_vu", "so_tu_phap", "thanh_tra_tinh", "van_phong_ubnd_tinh", "ban_to_chuc_tinh_uy",
		"uy_ban_kiem_tra_tinh_uy", "ban_noi_chinh_tinh_uy"},
}

// highlands are the western districts where most ethnic-minority
// officials work.
var highlands = []string{"ubnd_tay_giang", "ubnd_dong_giang", "ubnd_nam_giang", "ubnd_phuoc_son", "ubnd_bac_tra_my", "ubnd_nam_tra_my"}

// placer chooses an agency for each demo official: Nhóm 1–2 in provincial
// departments, boards, Party and mass organisations; Nhóm 3 in any
// provincial agency (departments, boards, units, hospitals); Nhóm 4 in the
// district UBNDs and district health centres. Agencies that match the
// official's field weigh more. Nhóm 1–2 are spread so that no agency gets
// more than one above its even share of heads and deputies.
type placer struct {
	candidates map[int][]Agency
	placed     map[int]map[string]int
	capacity   map[int]int
}

func newPlacer(doc *Document, plans []groupPlan) *placer {
	all := doc.AgenciesAsOf(doc.EffectiveFrom)
	in := func(level string, kinds ...string) []Agency {
		var out []Agency
		for _, a := range all {
			if a.Level == level && (len(kinds) == 0 || slices.Contains(kinds, a.Kind)) {
				out = append(out, a)
			}
		}
		if len(out) == 0 {
			return all
		}
		return out
	}
	heads := in(LevelProvince, kindSo, kindBan, kindDang, kindDoanThe)
	p := &placer{
		candidates: map[int][]Agency{1: heads, 2: heads, 3: in(LevelProvince), 4: in(LevelDistrict)},
		placed:     map[int]map[string]int{1: {}, 2: {}, 3: {}, 4: {}},
		capacity:   map[int]int{},
	}
	for _, plan := range plans {
		if n := len(p.candidates[plan.group]); plan.group <= 2 && n > 0 {
			p.capacity[plan.group] = (plan.size+n-1)/n + 1
		}
	}
	return p
}

// place picks the agency of an official of group studying field. The
// caller guarantees the document has at least one agency.
func (p *placer) place(rng *rand.Rand, group int, field string) Agency {
	cands := p.candidates[group]
	weights := make([]int, len(cands))
	total := 0
	for i, a := range cands {
		w := affinityWeight(a, field)
		if c := p.capacity[group]; c > 0 && p.placed[group][a.Code] >= c {
			w = 0
		}
		weights[i], total = w, total+w
	}
	if total == 0 { // every agency full: place anywhere
		for i, a := range cands {
			weights[i] = affinityWeight(a, field)
			total += weights[i]
		}
	}
	n := rng.IntN(total)
	i := 0
	for ; n >= weights[i]; i++ {
		n -= weights[i]
	}
	p.placed[group][cands[i].Code]++
	return cands[i]
}

// affinityWeight is how likely an agency is to employ a leader of field.
func affinityWeight(a Agency, field string) int {
	switch {
	case a.Kind == kindYTe && field == "y_te":
		return 64
	case a.Kind == kindYTe && a.Level == LevelDistrict:
		return 1
	case a.Kind == kindYTe:
		return 3
	}
	w, ok := kindWeight[a.Kind]
	if !ok {
		w = 5
	}
	if a.Kind == kindBan && a.PublicServiceUnit {
		w = 6
	}
	if slices.Contains(fieldAffinity[field], a.Code) {
		w *= 8
	}
	return w
}

// demoCategory draws cbcc or vc: public service units and hospitals are
// led mostly by viên chức, school principals under Sở Giáo dục too; state
// and Party agencies mostly by công chức.
func demoCategory(rng *rand.Rand, a Agency, group int, field string) string {
	vc := 100 // per mille: heads of attached units of a state agency
	switch {
	case a.PublicServiceUnit || a.Kind == kindYTe:
		vc = 900
	case group <= 2 || a.Kind == kindDang || a.Kind == kindDoanThe:
		vc = 20
	case field == "giao_duc" && a.Code == "so_giao_duc_dao_tao":
		vc = 800
	}
	if rng.IntN(1000) < vc {
		return CategoryVC
	}
	return CategoryCBCC
}

// minorityPermille is the chance that an official of agency a belongs to
// an ethnic minority: high in the western highlands and at Ban Dân tộc,
// low elsewhere; about 10% overall.
func minorityPermille(a Agency) int {
	switch {
	case slices.Contains(highlands, a.Code) || slices.Contains(highlands, a.Locality):
		return 420
	case a.Code == "ban_dan_toc":
		return 500
	}
	return 30
}
