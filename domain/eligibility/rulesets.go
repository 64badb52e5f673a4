package eligibility

import (
	"time"

	"daotao/events"
)

// Rule set IDs.
const (
	ND101CBCC = "nd101-2017/cbcc"
	ND101VC   = "nd101-2017/vc"
	ND171CBCC = "nd171-2025/cbcc"
)

// ProgrammeReference cites the programme's own conditions: the target
// groups (Phần II.I), the orientation contents (Phụ lục I) and the
// postgraduate quotas (Phụ lục II).
const ProgrammeReference = "Đề án 7328/ĐA-UBND ngày 27/9/2024 của UBND tỉnh Quảng Nam, Phần II.I, Phụ lục I, Phụ lục II"

const (
	nd101Title = "Nghị định 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo, bồi dưỡng cán bộ, công chức, viên chức (sửa đổi, bổ sung bởi Nghị định 89/2021/NĐ-CP)"
	nd171Title = "Nghị định 171/2025/NĐ-CP của Chính phủ về đào tạo, bồi dưỡng công chức"
	art32      = "Nghị định 101/2017/NĐ-CP, Điều 32"
	// maxProbationMonths is the longest probation for công chức (Nghị định
	// 138/2020/NĐ-CP) and viên chức (Nghị định 115/2020/NĐ-CP): 12 months.
	maxProbationMonths = 12
)

// Dates the rule sets change on.
var (
	nd101From = events.NewDate(2017, time.October, 15)
	nd171From = events.NewDate(2025, time.July, 1)
)

// abroad101 are the Điều 32 conditions for courses abroad.
func abroad101(ref string) AbroadRules {
	return AbroadRules{Reference: ref, ShortCourseMonths: 1, MinMonthsLeftShort: 18, MinMonthsLeft: 24, MinRating: RatingGood}
}

func nd101CBCC() RuleSet {
	return RuleSet{
		ID: ND101CBCC, Version: 1, Category: CategoryCBCC, Title: nd101Title,
		Reference:     "Nghị định 101/2017/NĐ-CP, Điều 6 khoản 1 và Điều 32",
		EffectiveFrom: nd101From, EffectiveTo: nd171From,
		Postgrad: PostgradRules{
			Reference: "Nghị định 101/2017/NĐ-CP, Điều 6 khoản 1", MinServiceYears: 3, MaxProbationMonths: maxProbationMonths,
			RatedYears: 2, MinRating: RatingGood, MaxFirstAge: 40, CommitmentMultiplier: 2,
		},
		Abroad: abroad101(art32),
	}
}

func nd101VC() RuleSet {
	return RuleSet{
		ID: ND101VC, Version: 1, Category: CategoryVC, Title: nd101Title,
		Reference:     "Nghị định 101/2017/NĐ-CP, Điều 6 khoản 2 và Điều 32",
		EffectiveFrom: nd101From,
		Postgrad: PostgradRules{
			Reference: "Nghị định 101/2017/NĐ-CP, Điều 6 khoản 2", MaxProbationMonths: maxProbationMonths,
			CommitmentMultiplier: 2,
		},
		Abroad: abroad101(art32),
	}
}

// nd171CBCC carries over the 101/2017 conditions that Nghị định 171/2025
// is not known to have changed: only the age limit (45) and the commitment
// multiplier (3) differ. The article numbers are not yet confirmed.
func nd171CBCC() RuleSet {
	return RuleSet{
		ID: ND171CBCC, Version: 1, Category: CategoryCBCC, Title: nd171Title,
		Reference:     "Nghị định 171/2025/NĐ-CP (điều kiện đào tạo sau đại học; bồi dưỡng ở nước ngoài)",
		EffectiveFrom: nd171From,
		Postgrad: PostgradRules{
			Reference: "Nghị định 171/2025/NĐ-CP, điều kiện đào tạo sau đại học", MinServiceYears: 3,
			MaxProbationMonths: maxProbationMonths, RatedYears: 2, MinRating: RatingGood, MaxFirstAge: 45,
			CommitmentMultiplier: 3,
		},
		Abroad: abroad101("Nghị định 171/2025/NĐ-CP, điều kiện bồi dưỡng ở nước ngoài"),
	}
}
