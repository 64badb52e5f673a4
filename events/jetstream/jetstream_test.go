package jetstream_test

import (
	"testing"

	"daotao/events"
	"daotao/events/jetstream/jstest"
	"daotao/events/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) events.Store { return jstest.Open(t) })
}
