package projections

import (
	"context"
	"os"
	"reflect"
	"sort"
	"testing"
	"time"
	"unsafe"

	"daotao/events/jetstream"
)

func TestZZScratchSizes(t *testing.T) {
	dir := os.Getenv("ZZ_DATA")
	if dir == "" {
		t.Skip()
	}
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: dir, ServerName: "zz"})
	if err != nil {
		t.Fatal(err)
	}
	defer ns.Shutdown()
	nc, _ := jetstream.ConnectEmbedded(ns, "zz")
	st, err := jetstream.Open(context.Background(), nc, jetstream.Config{})
	if err != nil {
		t.Fatal(err)
	}
	names, _ := st.SnapshotNames(context.Background())
	sort.Strings(names)
	t0 := time.Now()
	data, err := st.GetSnapshot(context.Background(), names[len(names)-1])
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fetch %v", time.Since(t0))
	_, body, err := unmarshalSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	t0 = time.Now()
	s, err := decodeState(body, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("decode %v", time.Since(t0))
	if os.Getenv("ZZ_SIZES") == "" {
		return
	}
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if stateTransient[f.Name] != "" {
			continue
		}
		tc, err := compileCodec(f.Type, nil)
		if err != nil {
			t.Fatal(err)
		}
		e := newEncoder(nil)
		tc.enc(e, unsafe.Pointer(v.Field(i).UnsafeAddr()))
		if len(e.buf) > 100000 {
			t.Logf("%-16s %10d bytes, %8d strings, %8d refs", f.Name, len(e.buf), len(e.strs), len(e.refs))
		}
	}
}
