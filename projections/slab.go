package projections

// slabSize is how many records a slab allocates at once: a few tens of
// kilobytes, pages of their own.
const slabSize = 256

// slab hands out zero records of type T allocated slabSize at a time.
// Records of the state are kept for good; allocated one by one during a
// replay they would share the allocator's spans with the replay's garbage
// (decoded events of the same size) and leave those spans fragmented once
// the garbage is collected. A slab is never part of a snapshot: a
// restored state starts a new one when it needs it.
type slab[T any] struct {
	free []T
}

// next returns a zero record from the slab.
func (s *slab[T]) next() *T {
	if len(s.free) == 0 {
		s.free = make([]T, slabSize)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}
