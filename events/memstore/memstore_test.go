package memstore_test

import (
	"testing"

	"daotao/events"
	"daotao/events/memstore"
	"daotao/events/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) events.Store { return memstore.New() })
}
