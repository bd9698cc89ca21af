package scan

// keywordSet finds, in one pass over a text, every occurrence of a set
// of lower-case ASCII keywords, in any case. It is an Aho-Corasick
// automaton turned into a table of transitions over byte classes, so
// each byte of the text costs one table look-up.
type keywordSet struct {
	class  [256]uint8 // byte to class; upper-case letters fold to lower
	nclass int
	// delta holds, for each state and class, the next state's row
	// offset (state*nclass) shifted left by one, with the low bit set
	// when the next state ends a keyword.
	delta []int32
	// rules holds, for each state that ends a keyword, the rules whose
	// keywords end there, as a bit set of ruleWords words.
	rules     map[int32][]uint64
	ruleWords int
}

// newKeywordSet builds the automaton for keywords[i], the keywords of
// rule i. Keywords must be lower-case ASCII and not empty.
func newKeywordSet(keywords [][]string, nrules int) *keywordSet {
	k := &keywordSet{ruleWords: (nrules + 63) / 64}
	k.buildClasses(keywords)
	trie, out := k.buildTrie(keywords)
	k.buildDelta(trie, out)
	return k
}

// buildClasses gives each byte that appears in a keyword its own class
// and puts every other byte in class 0.
func (k *keywordSet) buildClasses(keywords [][]string) {
	k.nclass = 1
	for _, ks := range keywords {
		for _, kw := range ks {
			for i := 0; i < len(kw); i++ {
				c := kw[i]
				if k.class[c] != 0 {
					continue
				}
				k.class[c] = uint8(k.nclass)
				if c >= 'a' && c <= 'z' {
					k.class[c-'a'+'A'] = uint8(k.nclass)
				}
				k.nclass++
			}
		}
	}
}

// buildTrie returns the trie's goto function (-1 for none) and the rule
// set each state ends, indexed by state.
func (k *keywordSet) buildTrie(keywords [][]string) ([][]int32, [][]uint64) {
	trie := [][]int32{k.row()}
	out := [][]uint64{nil}
	for r, ks := range keywords {
		for _, kw := range ks {
			s := int32(0)
			for i := 0; i < len(kw); i++ {
				c := k.class[kw[i]]
				if trie[s][c] < 0 {
					trie[s][c] = int32(len(trie))
					trie = append(trie, k.row())
					out = append(out, nil)
				}
				s = trie[s][c]
			}
			if out[s] == nil {
				out[s] = make([]uint64, k.ruleWords)
			}
			out[s][r/64] |= 1 << (r % 64)
		}
	}
	return trie, out
}

func (k *keywordSet) row() []int32 {
	r := make([]int32, k.nclass)
	for i := range r {
		r[i] = -1
	}
	return r
}

// buildDelta turns the trie into a complete transition table, following
// failure links breadth first, and merges each state's rules with those
// of its failure state.
func (k *keywordSet) buildDelta(trie [][]int32, out [][]uint64) {
	n := len(trie)
	fail := make([]int32, n)
	next := make([][]int32, n)
	next[0] = make([]int32, k.nclass)
	queue := []int32{}
	for c, t := range trie[0] {
		if t >= 0 {
			next[0][c] = t
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := fail[s]
		out[s] = union(out[s], out[f])
		next[s] = make([]int32, k.nclass)
		for c, t := range trie[s] {
			if t < 0 {
				next[s][c] = next[f][c]
				continue
			}
			next[s][c] = t
			fail[t] = next[f][c]
			queue = append(queue, t)
		}
	}
	k.delta = make([]int32, n*k.nclass)
	k.rules = make(map[int32][]uint64)
	for s := range n {
		for c, t := range next[s] {
			v := t * int32(k.nclass) << 1
			if out[t] != nil {
				v |= 1
			}
			k.delta[s*k.nclass+c] = v
		}
		if out[s] != nil {
			k.rules[int32(s*k.nclass)] = out[s]
		}
	}
}

// union returns a with the bits of b added; a may be nil.
func union(a, b []uint64) []uint64 {
	if b == nil {
		return a
	}
	if a == nil {
		a = make([]uint64, len(b))
	}
	for i := range b {
		a[i] |= b[i]
	}
	return a
}

// next returns the position just after the end of the first keyword
// in text[from:], or -1 if there is none.
func (k *keywordSet) next(text []byte, from int) int {
	s := int32(0)
	for i := from; i < len(text); i++ {
		v := k.delta[s+int32(k.class[text[i]])]
		s = v >> 1
		if v&1 != 0 {
			return i + 1
		}
	}
	return -1
}

// addLine adds to set the rules of every keyword in text[from:end] and
// returns the bit set.
func (k *keywordSet) addLine(set []uint64, text []byte, from, end int) []uint64 {
	s := int32(0)
	for i := from; i < end; i++ {
		v := k.delta[s+int32(k.class[text[i]])]
		s = v >> 1
		if v&1 != 0 {
			set = union(set, k.rules[s])
		}
	}
	return set
}
