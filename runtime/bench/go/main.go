// The Go twin of runtime/bench/map_bench.cpp: the same workloads over the
// same key sequences (splitmix64, fixed seeds), on Go's own map and slices.
// Go 1.19's map is the classic bucket map slicemap::Map follows.
//
// The C++ workloads that build a map in their loop xor the u64 keys with a
// fresh salt every iteration, so that maps with a fixed hash cannot replay
// the previous iteration's placements. Go's map draws a fresh hash seed for
// every map (h.hash0 = fastrand()), so it never replays: it keeps one key
// set and does not pay the xor.
//
//	go run main.go [-large] > go.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"time"
)

const (
	presentSeed = 1
	absentSeed  = 2
	shuffleSeed = 3
)

func splitmix64(state *uint64) uint64 {
	*state += 0x9E3779B97F4A7C15
	z := *state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func randomU64(n int, seed uint64) []uint64 {
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = splitmix64(&seed)
	}
	return keys
}

func hex16(keys []uint64) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%016x", k)
	}
	return out
}

// cloned gives lookup keys their own bytes. Go compares strings by pointer
// first, so looking up the very strings that were inserted would never read
// the key bytes; a C++ map owns copies of its keys and always compares them.
func cloned[K comparable](keys []K) []K {
	out := make([]K, len(keys))
	for i, k := range keys {
		if s, ok := any(k).(string); ok {
			out[i] = any(string([]byte(s))).(K)
		} else {
			out[i] = k
		}
	}
	return out
}

func shuffled[T any](values []T) []T {
	out := append([]T(nil), values...)
	state := uint64(shuffleSeed)
	for i := len(out); i > 1; i-- {
		j := splitmix64(&state) % uint64(i)
		out[i-1], out[j] = out[j], out[i-1]
	}
	return out
}

type result struct {
	Name          string  `json:"name"`
	NsPerOp       float64 `json:"ns_per_op,omitempty"`
	BytesPerEntry float64 `json:"bytes_per_entry,omitempty"`
}

// measure runs body (which performs ops operations) until at least 0.3 s
// have passed, three times, and returns the median ns per operation.
func measure(ops int, body func()) float64 {
	var samples []float64
	for rep := 0; rep < 3; rep++ {
		runs := 0
		start := time.Now()
		for time.Since(start) < 300*time.Millisecond || runs == 0 {
			body()
			runs++
		}
		samples = append(samples, float64(time.Since(start).Nanoseconds())/float64(runs*ops))
	}
	sort.Float64s(samples)
	return samples[1]
}

var sink uint64

func mapWorkloads[K comparable](keyName string, keys, absent []K, results *[]result) {
	n := len(keys)
	name := func(workload string) string {
		return fmt.Sprintf("%s/go/%s/%d", workload, keyName, n)
	}
	build := func(hint int) map[K]uint64 {
		m := make(map[K]uint64, hint)
		for i, k := range keys {
			m[k] = uint64(i)
		}
		return m
	}
	*results = append(*results, result{Name: name("InsertNoHint"), NsPerOp: measure(n, func() {
		m := build(0)
		sink += uint64(len(m))
	})})
	*results = append(*results, result{Name: name("InsertHint"), NsPerOp: measure(n, func() {
		m := build(n)
		sink += uint64(len(m))
	})})
	m := build(0)
	order := cloned(shuffled(keys))
	*results = append(*results, result{Name: name("LookupHit"), NsPerOp: measure(n, func() {
		found := 0
		for _, k := range order {
			if _, ok := m[k]; ok {
				found++
			}
		}
		if found != n {
			panic("lookup missed a present key")
		}
	})})
	*results = append(*results, result{Name: name("LookupMiss"), NsPerOp: measure(n, func() {
		found := 0
		for _, k := range absent {
			if _, ok := m[k]; ok {
				found++
			}
		}
		sink += uint64(found)
	})})
	// Erase half, then look everything up; the rebuild is not timed.
	lookups := cloned(keys)
	var spent time.Duration
	var ops int
	for spent < 900*time.Millisecond {
		fresh := build(0)
		start := time.Now()
		for i := 0; i < n; i += 2 {
			delete(fresh, keys[i])
		}
		found := 0
		for _, k := range lookups {
			if _, ok := fresh[k]; ok {
				found++
			}
		}
		spent += time.Since(start)
		ops += n/2 + n
		sink += uint64(found)
	}
	*results = append(*results, result{Name: name("EraseHalfLookupAll"), NsPerOp: float64(spent.Nanoseconds()) / float64(ops)})
	*results = append(*results, result{Name: name("Iterate"), NsPerOp: measure(n, func() {
		var total uint64
		for _, v := range m {
			total += v
		}
		sink += total
	})})
}

func memory[K comparable](keyName string, keys []K, results *[]result) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := make(map[K]uint64)
	for i, k := range keys {
		m[k] = uint64(i)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	*results = append(*results, result{
		Name:          fmt.Sprintf("Memory/go/%s/%d", keyName, len(keys)),
		BytesPerEntry: float64(after.HeapAlloc-before.HeapAlloc) / float64(len(keys)),
	})
	runtime.KeepAlive(m)
}

func sliceWorkloads(n int, results *[]result) {
	*results = append(*results, result{Name: fmt.Sprintf("SliceAppend/go/%d", n), NsPerOp: measure(n, func() {
		var s []uint64
		for i := 0; i < n; i++ {
			s = append(s, uint64(i))
		}
		sink += uint64(len(s))
	})})
	*results = append(*results, result{Name: fmt.Sprintf("SliceAppendReserved/go/%d", n), NsPerOp: measure(n, func() {
		s := make([]uint64, 0, n)
		for i := 0; i < n; i++ {
			s = append(s, uint64(i))
		}
		sink += uint64(len(s))
	})})
	src, dst := make([]uint64, n), make([]uint64, n)
	*results = append(*results, result{Name: fmt.Sprintf("SliceSubCopy/go/%d", n), NsPerOp: measure(n/2, func() {
		sink += uint64(copy(dst, src[n/4:n/4+n/2]))
	})})
}

func main() {
	large := flag.Bool("large", false, "also run n = 10M")
	flag.Parse()
	sizes := []int{1000, 100000, 1000000}
	if *large {
		sizes = append(sizes, 10000000)
	}
	var results []result
	for _, n := range sizes {
		present, absent := randomU64(n, presentSeed), randomU64(n, absentSeed)
		mapWorkloads("u64", present, absent, &results)
		mapWorkloads("str16", hex16(present), hex16(absent), &results)
		sliceWorkloads(n, &results)
	}
	for _, n := range []int{1000, 100000, 860160, 1000000} {
		memory("u64", randomU64(n, presentSeed), &results)
		memory("str16", hex16(randomU64(n, presentSeed)), &results)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
