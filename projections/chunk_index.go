package projections

import (
	"slices"
	"sort"
)

// chunkMax is the most elements a chunk of a chunkList holds.
const chunkMax = 512

// chunkList is a sorted list kept in chunks of at most chunkMax elements,
// so that an insertion or a removal moves at most a chunk, a rank costs two
// binary searches and a sum over the chunks, and a window of the list is
// read in place. The order is the caller's: every method takes before,
// which must hold for a prefix of the list (the elements that sort before
// the value at hand) and for no element after it. The zero value is an
// empty list.
type chunkList[T comparable] struct {
	chunks [][]T
	n      int
}

// Len returns the number of elements.
func (l *chunkList[T]) Len() int { return l.n }

// locate returns how many elements satisfy before, and the chunk and the
// position in it of the first one that does not (c == len(l.chunks) when
// every element does).
func (l *chunkList[T]) locate(before func(T) bool) (rank, c, i int) {
	c, i = l.find(before)
	for k := range c {
		rank += len(l.chunks[k])
	}
	return rank + i, c, i
}

// find is locate without the rank, which costs a pass over the chunks
// before c: the chunk and the position in it of the first element that
// does not satisfy before.
func (l *chunkList[T]) find(before func(T) bool) (c, i int) {
	c = sort.Search(len(l.chunks), func(k int) bool {
		ch := l.chunks[k]
		return !before(ch[len(ch)-1])
	})
	if c == len(l.chunks) {
		return c, 0
	}
	ch := l.chunks[c]
	return c, sort.Search(len(ch), func(k int) bool { return !before(ch[k]) })
}

// rank returns how many elements satisfy before.
func (l *chunkList[T]) rank(before func(T) bool) int {
	r, _, _ := l.locate(before)
	return r
}

// insert adds v after the elements that satisfy before.
func (l *chunkList[T]) insert(v T, before func(T) bool) {
	l.n++
	if len(l.chunks) == 0 {
		l.chunks = [][]T{append(make([]T, 0, 16), v)}
		return
	}
	var c, i int
	if last := l.chunks[len(l.chunks)-1]; before(last[len(last)-1]) {
		c, i = len(l.chunks)-1, len(last) // after everything: the usual case
	} else {
		c, i = l.find(before)
	}
	ch := l.chunks[c]
	if len(ch) >= chunkMax {
		if c == len(l.chunks)-1 && i == len(ch) {
			// Appending at the end (the usual case: times grow) starts a new
			// chunk, leaving the full one full.
			l.chunks = append(l.chunks, append(make([]T, 0, 16), v))
			return
		}
		half := len(ch) / 2
		right := append(make([]T, 0, chunkMax), ch[half:]...)
		clear(ch[half:])
		l.chunks[c] = ch[:half]
		l.chunks = slices.Insert(l.chunks, c+1, right)
		if i > half {
			c, i = c+1, i-half
		}
	}
	l.chunks[c] = slices.Insert(l.chunks[c], i, v)
}

// remove deletes v, which sorts after the elements that satisfy before
// and before no other element that equals it. It reports whether v was
// there.
func (l *chunkList[T]) remove(v T, before func(T) bool) bool {
	c, i := l.find(before)
	if c == len(l.chunks) || l.chunks[c][i] != v {
		return false
	}
	l.chunks[c] = slices.Delete(l.chunks[c], i, i+1)
	if len(l.chunks[c]) == 0 {
		l.chunks = slices.Delete(l.chunks, c, c+1)
	}
	l.n--
	return true
}

// from yields the elements from position k on, in order, until yield
// returns false.
func (l *chunkList[T]) from(k int, yield func(T) bool) {
	if k < 0 {
		k = 0
	}
	c := 0
	for c < len(l.chunks) && k >= len(l.chunks[c]) {
		k -= len(l.chunks[c])
		c++
	}
	for ; c < len(l.chunks); c, k = c+1, 0 {
		for _, v := range l.chunks[c][k:] {
			if !yield(v) {
				return
			}
		}
	}
}
