package reports

import (
	"context"

	"daotao/projections"
	"daotao/projections/asof"
)

// Replay rebuilds the state from the events read gives, up to p, and
// returns it with the cut. It never writes. It returns read's error or an
// event the state cannot apply.
func Replay(ctx context.Context, read asof.Reader, p asof.Point) (Input, error) {
	st := projections.New()
	cut, err := asof.Read(ctx, read, p, st.Apply)
	return Input{State: st, Cut: cut}, err
}

// SealHash returns the hash a sealed review records for report name: the
// SHA-256 of the JSON body (without trailer) of that report alone at in,
// as `daotao replay --report NAME --format json` prints it.
func (reg *Registry) SealHash(in Input, name string) (string, error) {
	res, err := reg.Run(in, name)
	if err != nil {
		return "", err
	}
	body, err := Body(res, FormatJSON)
	if err != nil {
		return "", err
	}
	return Hash(body), nil
}
