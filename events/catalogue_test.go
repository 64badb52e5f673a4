package events_test

import (
	"reflect"
	"testing"
	"time"

	"daotao/events"
)

// payloads lists one value of every payload type; a type added to types.go
// without an entry here, or without registration in the catalogue, fails.
var payloads = []events.Payload{
	events.UserCreated{}, events.UserPasswordChanged{}, events.UserDisabled{}, events.UserEnabled{},
	events.SessionOpened{}, events.SessionClosed{},
	events.OfficialRegistered{}, events.OfficialUpdated{}, events.OfficialBooked{}, events.OfficialReleased{},
	events.QuotaPlaceTaken{}, events.QuotaPlaceReleased{},
	events.ReferencePublished{Document: []byte(`{}`)}, events.BaselinePublished{Document: []byte(`{}`)},
	events.NominationCreated{}, events.NominationRevised{}, events.NominationSubmitted{}, events.NominationApproved{},
	events.NominationRejected{}, events.NominationReturned{}, events.NominationResubmitted{}, events.NominationWithdrawn{},
	events.ReviewSealed{},
	events.QueueFilterSaved{}, events.QueueFilterRemoved{},
	events.NeedSubmitted{}, events.NeedReturned{}, events.PlanRoundOpened{}, events.PlanDrafted{},
	events.PlanSubmitted{}, events.PlanCouncilAgreed{}, events.PlanReturned{}, events.PlanApproved{},
	events.FocusListPublished{},
}

func TestEveryPayloadIsRegistered(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range payloads {
		typ := p.EventType()
		t.Run(typ, func(t *testing.T) {
			if events.CurrentVersion(typ) < 1 {
				t.Fatalf("%s is not in the catalogue", typ)
			}
			e, err := events.New("id-1", events.Subject("x", "1"), time.Unix(0, 0), events.System, p)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			got, err := events.Unmarshal(e)
			if err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if reflect.TypeOf(got).Elem() != reflect.TypeOf(p) {
				t.Errorf("decoded as %T; want *%T", got, p)
			}
		})
		seen[typ] = true
	}
	for _, typ := range events.Types() {
		if !seen[typ] {
			t.Errorf("catalogue has %s but this test lists no payload of it", typ)
		}
	}
}
