package programme

import "math/rand/v2"

// weighted is a choice and its weight.
type weighted struct {
	s string
	w int
}

// Family names of Quảng Nam, weighted roughly by frequency.
var familyNames = []weighted{
	{"Nguyễn", 300}, {"Trần", 110}, {"Lê", 100}, {"Phạm", 55}, {"Huỳnh", 55}, {"Võ", 50}, {"Phan", 45},
	{"Hồ", 28}, {"Đặng", 25}, {"Trương", 20}, {"Bùi", 20}, {"Đỗ", 18}, {"Ngô", 18}, {"Hoàng", 15},
	{"Dương", 14}, {"Đoàn", 14}, {"Đinh", 12}, {"Lương", 10}, {"Hà", 8}, {"Mai", 8}, {"Thái", 8},
	{"Vũ", 8}, {"Cao", 8}, {"Lâm", 6}, {"Châu", 6}, {"Tô", 5}, {"Lưu", 5}, {"Văn", 5},
}

// Family names common among the Cơ Tu, Xơ Đăng, Giẻ Triêng and Ca Dong
// officials of the western districts.
var minorityFamilyNames = []weighted{
	{"Bh'riu", 10}, {"A Lăng", 10}, {"Zơ Râm", 8}, {"Alăng", 6}, {"Bríu", 6}, {"Pơ Loong", 5},
	{"Arất", 5}, {"Clâu", 4}, {"Coor", 4}, {"Hồ", 12}, {"Đinh", 10},
}

var middleNames = map[string][]weighted{
	genderMale: {{"Văn", 30}, {"Hữu", 8}, {"Đức", 8}, {"Minh", 8}, {"Quang", 7}, {"Thanh", 7}, {"Công", 6},
		{"Xuân", 5}, {"Ngọc", 5}, {"Anh", 4}, {"Quốc", 5}, {"Tấn", 6}, {"Trọng", 4}, {"Bá", 3}, {"Đình", 4}, {"Tiến", 3}, {"Thế", 3}},
	genderFemale: {{"Thị", 45}, {"Ngọc", 6}, {"Thu", 6}, {"Kim", 5}, {"Mỹ", 4}, {"Thanh", 5}, {"Hoài", 3},
		{"Bích", 3}, {"Minh", 3}, {"Phương", 3}, {"Thúy", 3}, {"Diệu", 2}, {"Hồng", 3}},
}

var givenNames = map[string][]string{
	genderMale: {"Hùng", "Dũng", "Tuấn", "Phong", "Long", "Sơn", "Hải", "Bình", "Khánh", "Trung", "Nam", "Quân",
		"Thắng", "Hòa", "Vinh", "Cường", "Phúc", "Lộc", "Thành", "Tâm", "Toàn", "Hiếu", "Nhân", "Trí", "Hưng",
		"Huy", "Kiên", "Tùng", "Việt", "Thịnh", "Tài", "Hoàng", "Định", "Phát", "Đạt", "Minh", "Quý", "Tín"},
	genderFemale: {"Lan", "Hoa", "Hương", "Thảo", "Trang", "Ngân", "Linh", "Phương", "Hạnh", "Yến", "Mai", "Vy",
		"Hà", "Nga", "Thủy", "Hằng", "Liên", "Nhung", "Oanh", "Tuyết", "Loan", "Dung", "Huyền", "Giang", "Hiền",
		"Thúy", "Quyên", "Nhi", "Anh", "Vân", "Trinh", "Ly", "Hậu", "Diễm"},
}

var minorityGivenNames = map[string][]string{
	genderMale:   {"Liếc", "Pố", "Blưi", "Sơn", "Quân", "Nhất", "Bươn", "Hiệp", "Tôm", "Plây", "Đức", "Thanh"},
	genderFemale: {"Nhị", "Hồng", "Thương", "Bé", "Phiên", "Mai", "Lan", "Hoa", "Hiền", "Nga"},
}

// fullName returns family + middle + given for gender; ethnic-minority
// officials mostly carry their people's family names.
func fullName(rng *rand.Rand, gender string, minority bool) string {
	if minority && rng.IntN(10) < 7 {
		middle := "Văn"
		if gender == genderFemale {
			middle = "Thị"
		}
		return pick(rng, minorityFamilyNames) + " " + middle + " " + minorityGivenNames[gender][rng.IntN(len(minorityGivenNames[gender]))]
	}
	return pick(rng, familyNames) + " " + pick(rng, middleNames[gender]) + " " + givenNames[gender][rng.IntN(len(givenNames[gender]))]
}

// pick returns a weighted choice.
func pick(rng *rand.Rand, ws []weighted) string {
	total := 0
	for _, w := range ws {
		total += w.w
	}
	n := rng.IntN(total)
	for _, w := range ws {
		if n < w.w {
			return w.s
		}
		n -= w.w
	}
	return ws[len(ws)-1].s
}
