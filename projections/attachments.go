package projections

import (
	"slices"

	"daotao/events"
)

// attachmentIndex maps each attachment's SHA-256 to the nominations that
// refer to it, so that a download can be checked against the nominations
// the user may see. The zero value is ready.
type attachmentIndex struct {
	byHash map[string][]string
}

func (x *attachmentIndex) apply(nomination string, p events.Payload) {
	e, ok := p.(*events.NominationAttachmentAdded)
	if !ok {
		return
	}
	if x.byHash == nil {
		x.byHash = map[string][]string{}
	}
	if !slices.Contains(x.byHash[e.SHA256], nomination) {
		x.byHash[e.SHA256] = append(x.byHash[e.SHA256], nomination)
	}
}

// AttachmentNominations returns the nominations that refer (or referred)
// to the attachment sha.
func (s *State) AttachmentNominations(sha string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.attachments.byHash[sha])
}
