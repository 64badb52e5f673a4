package programme

import (
	"reflect"
	"testing"
)

func TestParsePercent(t *testing.T) {
	tests := []struct {
		in      string
		want    percent
		wantErr bool
	}{
		{"5,06%", percent{506, 2, ","}, false},
		{"35.38%", percent{3538, 2, "."}, false},
		{"100%", percent{100, 0, ","}, false},
		{"0%", percent{0, 0, ","}, false},
		{"12,5%", percent{125, 1, ","}, false},
		{"5,06", percent{}, true},
		{"%", percent{}, true},
		{"-3%", percent{}, true},
		{"abc%", percent{}, true},
	}
	for _, tt := range tests {
		got, err := parsePercent(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parsePercent(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestShare(t *testing.T) {
	tests := []struct {
		part, whole int
		like        string
		want        string
	}{
		{2403, 47549, "5,06%", "5,05%"},
		{467, 2262, "20,64%", "20,65%"}, // 20.6454 rounds up
		{648, 2262, "28,65%", "28,65%"}, // 28.647
		{1, 8, "12,5%", "12,5%"},
		{7, 8, "87%", "88%"}, // 87.5 rounds half up
		{23, 65, "35.38%", "35.38%"},
		{0, 1197, "0%", "0%"},
		{8, 51, "1%", "16%"},
	}
	for _, tt := range tests {
		like, _ := parsePercent(tt.like)
		got, ok := share(tt.part, tt.whole, like)
		if !ok || got.String() != tt.want {
			t.Errorf("share(%d, %d) = %s, %v; want %s", tt.part, tt.whole, got, ok, tt.want)
		}
	}
	if _, ok := share(1, 0, percent{}); ok {
		t.Errorf("share over 0 reported ok")
	}
}

func TestGroupThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 619: "619", 3395: "3.395", 47549: "47.549", 1234567: "1.234.567"} {
		if got := groupThousands(n); got != want {
			t.Errorf("groupThousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestApportion(t *testing.T) {
	tests := []struct {
		name    string
		total   int
		weights []int
		caps    []int
		want    []int
	}{
		{"exact", 10, []int{1, 1}, nil, []int{5, 5}},
		{"largest remainder", 850, []int{72, 193, 291, 157, 179}, nil, []int{69, 184, 277, 150, 170}},
		{"tie to the earlier", 1, []int{1, 1}, nil, []int{1, 0}},
		{"caps bind", 366, []int{32, 82, 398, 294}, []int{2, 18, 247, 294}, []int{2, 18, 199, 147}},
		{"doctorates", 8, []int{10, 4, 37, 0}, []int{3, 4, 37, 0}, []int{1, 1, 6, 0}},
		{"caps hold less", 10, []int{1, 1}, []int{3, 4}, []int{3, 4}},
		{"no weights", 4, []int{0, 0}, nil, []int{2, 2}},
		{"zero total", 0, []int{3, 1}, nil, []int{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := apportion(tt.total, tt.weights, tt.caps)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("apportion(%d, %v, %v) = %v, want %v", tt.total, tt.weights, tt.caps, got, tt.want)
			}
		})
	}
}

// TestPlanGroups pins the counts the demo roster is built to: Table 3 and
// 6 per group, Table 4 fitted to Table 3's sizes, Table 5 shared out.
func TestPlanGroups(t *testing.T) {
	b, err := DefaultBaseline()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		size                int
		quals, bands, young []int
	}{
		{65, []int{23, 32, 10}, []int{1, 2, 17, 16, 29}, []int{0, 2, 1}},
		{150, []int{64, 82, 4}, []int{6, 13, 57, 40, 34}, []int{0, 18, 1}},
		{850, []int{415, 398, 37}, []int{69, 184, 277, 150, 170}, []int{48, 199, 6}},
		{1197, []int{903, 294, 0}, []int{183, 322, 297, 161, 234}, []int{358, 147, 0}},
	}
	plans := planGroups(b)
	for g, w := range want {
		p := plans[g]
		if p.size != w.size || !reflect.DeepEqual(p.quals, w.quals) || !reflect.DeepEqual(p.bands, w.bands) || !reflect.DeepEqual(p.young, w.young) {
			t.Errorf("Nhóm %d plan = %d %v %v %v, want %d %v %v %v", g+1, p.size, p.quals, p.bands, p.young, w.size, w.quals, w.bands, w.young)
		}
	}
}
