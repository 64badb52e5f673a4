package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const rosterCSV = "Họ và tên;Nhóm;Loại (CBCC/VC);Ngày sinh;Giới tính;Ngày bắt đầu công tác;Trình độ;Ngành, lĩnh vực\n" +
	"Phạm Thị Hoa;3;Công chức;03/02/1980;Nữ;01/08/2003;Thạc sĩ;Y tế\n" +
	"Lê Văn Dũng;2;Viên chức;30/06/1975;Nam;15/09/1998;Tiến sĩ;Giáo dục\n" +
	"Đỗ Văn Bình;3;Công chức;12/05/1982;Không rõ;01/09/2008;Đại học;Y tế\n"

// cliImport runs "daotao officials import" in-process.
func cliImport(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	env, out, errb := testEnv("", nil, append([]string{"officials", "import"}, args...)...)
	code := run(context.Background(), env)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOfficialsImport(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	for _, u := range [][]string{{"soyte", "agency", "so_y_te"}, {"kiemtra", "auditor", ""}} {
		if code, out := cliAddUser(t, "mat-khau-du-dai", nil, "--data", data, "--username", u[0], "--role", u[1], "--agency", u[2], "--password-stdin"); code != 0 {
			t.Fatalf("users add %s: %d %s", u[0], code, out)
		}
	}
	file := writeFile(t, dir, "ds.csv", []byte(rosterCSV))
	steps := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"dry run with an invalid row", []string{file, "--data", data, "--username", "soyte"}, 1,
			[]string{"3 dòng dữ liệu, 2 hợp lệ, 1 có lỗi", "Dòng", "4", "Giới tính", "unknown_value", "1 dòng có lỗi; chưa nhập gì"}},
		{"all or nothing refuses", []string{"--data", data, "--username", "soyte", "--commit", file}, 1, []string{"Chưa nhập cán bộ nào"}},
		{"partial commit", []string{file, "--data", data, "--username", "soyte", "--commit", "--partial"}, 0, []string{"Đã nhập 2 cán bộ vào so_y_te"}},
		{"the same file again: duplicates", []string{file, "--data", data, "--username", "soyte"}, 1, []string{"duplicate_on_roster"}},
		{"another role", []string{file, "--data", data, "--username", "kiemtra"}, 1, []string{"role auditor"}},
		{"unknown user", []string{file, "--data", data, "--username", "ai-do"}, 1, []string{`no user "ai-do"`}},
		{"no username", []string{file, "--data", data}, 2, []string{"--username is required"}},
		{"partial without commit", []string{file, "--data", data, "--username", "soyte", "--partial"}, 2, []string{"--partial"}},
		{"no file", []string{"--data", data, "--username", "soyte"}, 2, []string{"usage"}},
		{"missing columns", []string{writeFile(t, dir, "x.csv", []byte("Họ và tên\nA\n")), "--data", data, "--username", "soyte"}, 1, []string{"thiếu cột"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			code, out, errs := cliImport(t, s.args...)
			all := out + errs
			if code != s.code {
				t.Errorf("exit %d, want %d; output:\n%s", code, s.code, all)
			}
			for _, w := range s.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
		})
	}
}

func TestOfficialsImportXLSX(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out := cliAddUser(t, "mat-khau-du-dai", nil, "--data", data, "--username", "tamky", "--role", "agency", "--agency", "ubnd_tam_ky", "--password-stdin"); code != 0 {
		t.Fatalf("users add: %d %s", code, out)
	}
	x := excelize.NewFile()
	defer x.Close()
	rows := [][]any{
		{"Họ và tên", "Nhóm", "Loại", "Ngày sinh", "Giới tính", "Ngày bắt đầu công tác", "Trình độ", "Ngành, lĩnh vực", "Xếp loại 2024"},
		{"Ngô Thị Mai", 4, "Công chức", time.Date(1987, 3, 8, 0, 0, 0, 0, time.UTC), "Nữ", time.Date(2010, 10, 1, 0, 0, 0, 0, time.UTC), "Thạc sĩ", "Quy hoạch đô thị", "Hoàn thành tốt nhiệm vụ"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "ds.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	code, out, errs := cliImport(t, path, "--data", data, "--username", "tamky", "--commit")
	if code != 0 || !strings.Contains(out, "Đã nhập 1 cán bộ vào ubnd_tam_ky") {
		t.Errorf("exit %d; output:\n%s%s", code, out, errs)
	}
}
