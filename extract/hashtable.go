package extract

// hashTable is an open-addressing hash table from a feature hash to its
// weights, with linear probing: the models look up every feature of every
// token and candidate, and a flat table, key and value side by side, is
// several times faster there than a map.
type hashTable[V any] struct {
	slots []slot[V] // key 0 marks an empty slot; a key 0 lives in zero
	mask  uint64
	zero  *V
	n     int
}

type slot[V any] struct {
	key uint64
	val V
}

func newHashTable[V any](m map[uint64]*V) hashTable[V] {
	size := uint64(16)
	for size < uint64(len(m))*2 {
		size <<= 1
	}
	t := hashTable[V]{slots: make([]slot[V], size), mask: size - 1, n: len(m)}
	for h, v := range m {
		if h == 0 {
			t.zero = v
			continue
		}
		i := mix(h) & t.mask
		for t.slots[i].key != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = slot[V]{h, *v}
	}
	return t
}

// get returns the value of key h, or nil.
func (t *hashTable[V]) get(h uint64) *V {
	if h == 0 {
		return t.zero
	}
	if t.slots == nil {
		return nil
	}
	for i := mix(h) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		switch s.key {
		case h:
			return &s.val
		case 0:
			return nil
		}
	}
}

// mix spreads the bits of a hash over the low ones.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}
