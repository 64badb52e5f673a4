package events

import "strings"

// typeAggregates lists the event types whose aggregate is not the first
// token of their name. A new type recorded on such an aggregate must be
// added here, or "daotao verify" reports its events as misplaced
// (TestEveryTypeHasAnAggregate fails first).
var typeAggregates = map[string]string{
	TypeReferencePublished:     AggregateReference,
	TypeBaselinePublished:      AggregateReference,
	TypeQueueFilterSaved:       AggregateFilter,
	TypeQueueFilterRemoved:     AggregateFilter,
	TypeFocusListPublished:     AggregateFocus,
	TypeProviderSelected:       AggregateSelection,
	TypeSelectionDocumentAdded: AggregateSelection,
}

// AggregateOf returns the aggregate an event of type t is recorded on: the
// part of t before the first dot unless typeAggregates says otherwise. A
// verifier checks every stored event's subject against it.
func AggregateOf(t string) string {
	if a, ok := typeAggregates[t]; ok {
		return a
	}
	a, _, _ := strings.Cut(t, ".")
	return a
}
