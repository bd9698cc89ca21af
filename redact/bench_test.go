package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The workload: a program that knows 100 secrets writes ordinary log
// text, a few lines of which hold a secret in one of its encodings.
const (
	benchSecrets   = 100
	benchCorpus    = 1 << 20
	benchWriteSize = 4 << 10
)

var (
	benchOnce sync.Once
	benchVals []string
	benchLog  []byte
)

func benchData() ([]string, []byte) {
	benchOnce.Do(func() {
		rng := rand.New(rand.NewPCG(42, 1))
		for range benchSecrets {
			benchVals = append(benchVals, benchSecret(rng))
		}
		benchLog = logCorpus(rng, benchVals, benchCorpus)
	})
	return benchVals, benchLog
}

// benchSecret returns 16 to 40 characters, mostly alphanumeric.
func benchSecret(rng *rand.Rand) string {
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	const punct = `!#$%&*+-./:=?@^_~"\'`
	b := make([]byte, 16+rng.IntN(25))
	for i := range b {
		if rng.IntN(10) == 0 {
			b[i] = punct[rng.IntN(len(punct))]
			continue
		}
		b[i] = alnum[rng.IntN(len(alnum))]
	}
	return string(b)
}

// logCorpus returns about size bytes of log lines; about 3% of them
// hold one of secrets, raw or encoded.
func logCorpus(rng *rand.Rand, secrets []string, size int) []byte {
	var buf bytes.Buffer
	for buf.Len() < size {
		if rng.IntN(100) < 3 {
			leakLine(&buf, rng, secrets[rng.IntN(len(secrets))])
			continue
		}
		logLine(&buf, rng)
	}
	return buf.Bytes()
}

var (
	benchLevels = []string{"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"}
	benchMsgs   = []string{
		"request completed", "cache refresh", "job finished", "retrying request",
		"connection established", "processed batch", "scheduled run started",
		"user signed in", "upload finished", "health check ok", "config loaded",
		"session started", "rate limit reached", "queue drained",
	}
	benchPaths = []string{
		"/api/v1/orders", "/api/v1/users", "/healthz", "/metrics",
		"/static/js/app.js", "/api/v2/reports/monthly", "/login",
	}
	benchFiles = []string{
		"/etc/app/config.yaml", "/var/lib/app/data/segment-000123.log",
		"/home/deploy/releases/2025-03-14/bin/worker", "./testdata/input.csv",
	}
)

func logLine(buf *bytes.Buffer, rng *rand.Rand) {
	ts := fmt.Sprintf("2025-03-14T%02d:%02d:%02d.%03dZ",
		rng.IntN(24), rng.IntN(60), rng.IntN(60), rng.IntN(1000))
	lvl := benchLevels[rng.IntN(len(benchLevels))]
	msg := benchMsgs[rng.IntN(len(benchMsgs))]
	path := benchPaths[rng.IntN(len(benchPaths))]
	switch rng.IntN(6) {
	case 0, 1:
		fmt.Fprintf(buf, "time=%s level=%s msg=%q method=GET path=%s/%d status=%d duration=%.1fms bytes=%d remote=10.%d.%d.%d:%d\n",
			ts, lvl, msg, path, rng.IntN(10000), 200+rng.IntN(4)*100,
			rng.Float64()*100, rng.IntN(100000), rng.IntN(256), rng.IntN(256),
			rng.IntN(256), 1024+rng.IntN(60000))
	case 2:
		fmt.Fprintf(buf, `{"time":"%s","level":"%s","msg":"%s","component":"inventory","items":%d,"elapsed_ms":%d,"request_id":"%08x-%04x"}`+"\n",
			ts, lvl, msg, rng.IntN(5000), rng.IntN(900), rng.Uint32(), rng.IntN(1<<16))
	case 3:
		fmt.Fprintf(buf, "%s %s fetching https://storage.example.com/bucket/reports/2025-03/part-%d.csv?attempt=%d\n",
			ts, lvl, rng.IntN(100), rng.IntN(4))
	case 4:
		fmt.Fprintf(buf, "%s %s worker %d: %s, loaded %s (%d records) in %dms\n",
			ts, lvl, rng.IntN(16), msg, benchFiles[rng.IntN(len(benchFiles))],
			rng.IntN(100000), rng.IntN(5000))
	default:
		fmt.Fprintf(buf, "%s %s cache key=users:%d hit=%v auth_method=oidc session_id=%08x user=alice@example.com\n",
			ts, lvl, rng.IntN(1000), rng.IntN(2) == 0, rng.Uint32())
	}
}

// leakLine writes a line that holds s in one of the forms it takes in
// logs.
func leakLine(buf *bytes.Buffer, rng *rand.Rand, s string) {
	var enc string
	switch rng.IntN(5) {
	case 0:
		enc = s
	case 1:
		enc = base64.StdEncoding.EncodeToString([]byte(s))
	case 2:
		enc = url.QueryEscape(s)
	case 3:
		j, _ := json.Marshal(s)
		enc = string(j[1 : len(j)-1])
	default:
		q := strconv.Quote(s)
		enc = q[1 : len(q)-1]
	}
	fmt.Fprintf(buf, "2025-03-14T10:00:00.000Z WARN upstream replied body=%q note=\"%s\" retry=1\n",
		"unexpected", enc)
}

func benchRedactor(b *testing.B, dets []Detector) *Redactor {
	vals, _ := benchData()
	r := New(&Options{Detectors: dets})
	for _, v := range vals {
		if err := r.Add(v); err != nil {
			b.Fatal(err)
		}
	}
	return r
}

// replacerFor masks every form r knows, the way a program without hush
// might.
func replacerFor(r *Redactor) *strings.Replacer {
	t := r.state.Load()
	var args []string
	for i, f := range t.forms {
		args = append(args, string(f), t.masks[i])
	}
	return strings.NewReplacer(args...)
}

var benchDetectors = []struct {
	name string
	dets []Detector
}{
	{"default", nil},
	{"none", []Detector{}},
}

func BenchmarkWriter(b *testing.B) {
	_, text := benchData()
	for _, d := range benchDetectors {
		r := benchRedactor(b, d.dets)
		b.Run("detectors="+d.name+"/impl=hush", func(b *testing.B) {
			var out bytes.Buffer
			writeChunks(b, r.NewWriter(&out), text)
			if !bytes.Equal(out.Bytes(), r.RedactBytes(text)) {
				b.Fatal("writer output differs from RedactBytes")
			}
			b.SetBytes(int64(len(text)))
			b.ResetTimer()
			for b.Loop() {
				writeChunks(b, r.NewWriter(io.Discard), text)
			}
		})
		b.Run("detectors="+d.name+"/impl=replacer", func(b *testing.B) {
			rep := replacerFor(r)
			s := string(text)
			b.SetBytes(int64(len(text)))
			b.ResetTimer()
			for b.Loop() {
				for i := 0; i < len(s); i += benchWriteSize {
					_, _ = rep.WriteString(io.Discard, s[i:min(i+benchWriteSize, len(s))])
				}
			}
		})
	}
}

func writeChunks(b *testing.B, w *Writer, text []byte) {
	for i := 0; i < len(text); i += benchWriteSize {
		if _, err := w.Write(text[i:min(i+benchWriteSize, len(text))]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkRedactBytes(b *testing.B) {
	_, text := benchData()
	for _, d := range benchDetectors {
		r := benchRedactor(b, d.dets)
		b.Run("detectors="+d.name+"/impl=hush", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				_ = r.RedactBytes(text)
			}
		})
		b.Run("detectors="+d.name+"/impl=replacer", func(b *testing.B) {
			rep := replacerFor(r)
			s := string(text)
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				_ = rep.Replace(s)
			}
		})
	}
}

// benchShort are attribute values as slog passes them to Redact: short,
// and with nothing to mask. The plain ones hold no detector keyword; the
// others make the default detectors run their expressions.
var benchShort = map[string][]string{
	"plain": {
		"request completed",
		"GET",
		"/api/v1/orders/8812",
		"10.2.3.4:51234",
		"2025-03-14T09:26:53.589Z",
		"alice@example.com",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)",
		"processed batch 8812 (2048 records) in 1.2s, 3 retries, queue depth 17",
		"open /var/lib/app/data/segment-000123.log: no such file or directory",
		"refreshing from the primary database replica in us-east-1 with a " +
			"deadline of 2s before falling back to the stale copy of the table",
	},
	"keyword": {
		"https://storage.example.com/bucket/reports/2025-03/part-7.csv?attempt=2",
		"cache key users:42 expired after 300s",
		"session started for alice@example.com",
		"token refresh scheduled in 5m",
	},
}

func BenchmarkRedactShort(b *testing.B) {
	for _, d := range benchDetectors {
		r := benchRedactor(b, d.dets)
		for _, kind := range []string{"plain", "keyword"} {
			strs := benchShort[kind]
			for _, s := range strs {
				if r.Redact(s) != s {
					b.Fatalf("Redact masked part of %q", s)
				}
			}
			b.Run("detectors="+d.name+"/text="+kind, func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					_ = r.Redact(strs[i])
					i++
					if i == len(strs) {
						i = 0
					}
				}
			})
		}
	}
}

func TestRedactShortNoAllocs(t *testing.T) {
	for _, d := range benchDetectors {
		r := New(&Options{Detectors: d.dets})
		require.NoError(t, r.Add("s3cr3t-value-for-alloc-test"))
		for _, s := range benchShort["plain"] {
			allocs := testing.AllocsPerRun(50, func() { _ = r.Redact(s) })
			assert.Zero(t, allocs, "%s: Redact(%q): got %v allocations, want 0",
				d.name, s, allocs)
		}
	}
}

// BenchmarkMatcher measures the matchers alone on the log corpus: the
// registered forms of 100 secrets, and the default detectors' keywords.
func BenchmarkMatcher(b *testing.B) {
	_, text := benchData()
	r := benchRedactor(b, nil)
	for _, m := range []struct {
		name string
		m    *matcher
	}{
		{"forms", r.state.Load().m},
		{"keywords", r.keywords},
	} {
		b.Run(m.name, func(b *testing.B) {
			var buf [64]match
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				for i := 0; i < len(text); i += benchWriteSize {
					_ = m.m.appendMatches(buf[:0], text[i:min(i+benchWriteSize, len(text))])
				}
			}
		})
	}
}

func BenchmarkNewMatcher(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 9))
	var pats [][]byte
	for range 1000 {
		pats = append(pats, []byte(benchSecret(rng)))
	}
	for b.Loop() {
		_ = newMatcher(pats, false)
	}
}

// TestPatternRequiredLiterals checks that skipping lines without a
// pattern's required literals changes nothing: Detect agrees with the
// bare expression on log lines, on lines with secret shapes, and on
// their mutations.
func TestPatternRequiredLiterals(t *testing.T) {
	pats := []*Pattern{
		MustPattern("url", `[A-Za-z][A-Za-z0-9+.\-]*://[^\s:@/"']+:(?P<secret>[^\s@/"']+)@`, "://"),
		MustPattern("aws", `\b(?P<secret>(?:AKIA|ASIA|A3T[A-Z0-9])[A-Z2-7]{16})\b`, "akia", "asia", "a3t"),
		MustPattern("pem", `-----BEGIN[ A-Z0-9]*PRIVATE KEY-----(?P<secret>.+?)-----END`, "private key"),
		MustPattern("rep", `(?:ab){2,}x(?P<secret>y+)z?`, "ab"),
		MustPattern("fold", `(?i)tok(?P<secret>EN\d+)`, "tok"),
		MustPattern("bad", `\x{FFFD}+q`, "q"),
	}
	wantReq := map[string][]string{
		"url": {"://", ":", "@"},
		"aws": {"A"},
		"pem": {"-----BEGIN", "PRIVATE KEY-----", "-----END"},
		"rep": {"ab", "x", "y"},
		"bad": {"q"},
	}
	for _, p := range pats {
		var got []string
		for _, l := range p.required {
			got = append(got, string(l))
		}
		assert.Equal(t, wantReq[p.name], got, "%s: required literals", p.name)
	}

	_, text := benchData()
	lines := strings.Split(string(text[:64<<10]), "\n")
	lines = append(lines,
		"dsn=postgres://app:pw-123@db:5432/x", "see https://u:p@h/ and ftp://a:b@c",
		"id AKIAABCDEFGHIJKLMNOP end", "A3TXABCDEFGHIJKLMNOP",
		"-----BEGIN RSA PRIVATE KEY-----abc-----END RSA PRIVATE KEY-----",
		"ababxyyz abxy abababxyyy", "TOKEN123 token9 ToKeN", "\xff\xfeq \xffq",
	)
	rng := rand.New(rand.NewPCG(8, 8))
	for i, n := 0, len(lines); i < n; i++ {
		b := []byte(lines[i])
		for range 3 {
			if len(b) > 0 {
				const alpha = ":/@-ABxyz\xff"
				b[rng.IntN(len(b))] = alpha[rng.IntN(len(alpha))]
			}
			lines = append(lines, string(b))
		}
	}
	for _, p := range pats {
		for _, l := range lines {
			var want []Range
			for _, m := range p.re.FindAllSubmatchIndex([]byte(l), -1) {
				if s, e := m[2*p.group], m[2*p.group+1]; s >= 0 && s < e {
					want = append(want, Range{Start: s, End: e, Name: p.name})
				}
			}
			got := p.Detect(nil, []byte(l))
			require.Equal(t, want, got, "%s on line %q", p.name, l)
		}
	}
}

// BenchmarkHoldFrom measures what a Writer pays on every write to find
// the tail it must hold, with a long value such as a private key or a
// service account file registered next to the 100 secrets.
func BenchmarkHoldFrom(b *testing.B) {
	_, text := benchData()
	r := benchRedactor(b, []Detector{})
	rng := rand.New(rand.NewPCG(5, 5))
	if err := r.Add(strings.Repeat(benchSecret(rng), 80)); err != nil {
		b.Fatal(err)
	}
	m := r.state.Load().m
	chunk := text[:benchWriteSize]
	b.ReportMetric(float64(m.maxLen), "longest-form-bytes")
	for b.Loop() {
		_ = m.holdFrom(chunk)
	}
}
