package awssm_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/secrets"
	"github.com/codebuddy/hush/secrets/awssm"
)

// newResolver returns a Resolver whose default scheme is "awssm",
// served by p, and the Redactor it registers with.
func newResolver(p *awssm.Provider) (*secrets.Resolver, *redact.Redactor) {
	red := redact.New(nil)
	return secrets.New(&secrets.Options{
		Redactor:      red,
		Sources:       []secrets.Source{},
		Providers:     map[string]secrets.Provider{"awssm": p},
		DefaultScheme: "awssm",
		AllowShort:    true,
	}), red
}

// versionID returns a version id of the length Secrets Manager wants.
func versionID(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}

func TestResolveJSONKeys(t *testing.T) {
	client := kumoClient(t)
	name := uniqueName(t, "api")
	const doc = `{"username": "app-user", "password": "pw-Zq8#rT5!mK2",
		"db.host": "literal-dotted-host", "db": {"host": "nested-host",
		"port": 5432, "opts": {"ssl": true}}, "big": 12345678901234567890,
		"ratio": 1.50, "list": [1, 2]}`
	arn := createSecret(t, client, name, doc)
	res, red := newResolver(awssm.New(client, nil))

	tests := []resolveCase{
		{"bare", name + ":password", "pw-Zq8#rT5!mK2"},
		{"uri", "awssm://" + name + "#username", "app-user"},
		{"literal dotted key", name + ":db.host", "literal-dotted-host"},
		{"nested value", name + ":db.opts.ssl", "true"},
		{"nested number", name + ":db.port", "5432"},
		{"big number exact", name + ":big", "12345678901234567890"},
		{"decimal exact", name + ":ratio", "1.50"},
		{"array as JSON", name + ":list", "[1,2]"},
		{"nested object as JSON", "awssm://" + name + "#db.opts",
			`{"ssl":true}`},
		{"ARN bare", arn + ":password", "pw-Zq8#rT5!mK2"},
		{"ARN uri", "awssm://" + arn + "#username", "app-user"},
		{"current stage", "awssm://" + name + "#username?stage=AWSCURRENT",
			"app-user"},
	}
	checkResolves(t, res, tests)

	line := "password is pw-Zq8#rT5!mK2"
	assert.Equal(t, "password is [REDACTED:password]", red.Redact(line))
}

func TestFetchWholeSecret(t *testing.T) {
	client := kumoClient(t)
	name := uniqueName(t, "plain")
	createSecret(t, client, name, "not json, just a token 9f8e7d6c")
	p := awssm.New(client, nil)

	got, err := p.Fetch(t.Context(), secrets.Ref{Scheme: "awssm", ID: name})
	require.NoError(t, err)
	assert.True(t, string(got) == "not json, just a token 9f8e7d6c",
		"got a different document")

	res, _ := newResolver(p)
	_, err = res.Resolve(t.Context(), name+":token")
	require.ErrorIs(t, err, secrets.ErrNotJSON)
	secretFree(t, err.Error(), "9f8e7d6c")
}

func TestStagesAndVersions(t *testing.T) {
	client := kumoClient(t)
	rotated := uniqueName(t, "rotated")
	createSecret(t, client, rotated, `{"password": "old-password-1"}`)
	putVersion(t, client, rotated, versionID(2), `{"password": "new-password-2"}`)

	pending := uniqueName(t, "pending")
	createSecret(t, client, pending, `{"password": "live-password-1"}`)
	putVersion(t, client, pending, versionID(3),
		`{"password": "pending-password-2"}`, awssm.StagePending)

	custom := uniqueName(t, "custom")
	createSecret(t, client, custom, `{"password": "live-password-1"}`)
	putVersion(t, client, custom, versionID(4),
		`{"password": "blue-password-2"}`, "BLUE")

	res, _ := newResolver(awssm.New(client, nil))
	tests := []resolveCase{
		{"default is current", "awssm://" + rotated + "#password",
			"new-password-2"},
		{"previous", "awssm://" + rotated + "#password?stage=AWSPREVIOUS",
			"old-password-1"},
		{"pending", "awssm://" + pending + "#password?stage=AWSPENDING",
			"pending-password-2"},
		{"custom stage", "awssm://" + custom + "#password?stage=BLUE",
			"blue-password-2"},
		{"version", "awssm://" + rotated + "#password?version=" +
			versionID(2), "new-password-2"},
		{"versionId", "awssm://" + rotated + "#password?versionId=" +
			versionID(2), "new-password-2"},
		{"version and matching stage", "awssm://" + rotated +
			"#password?stage=AWSCURRENT&version=" + versionID(2),
			"new-password-2"},
	}
	checkResolves(t, res, tests)
}

func TestPinned(t *testing.T) {
	p := awssm.New(nil, nil)
	tests := []struct {
		ref  string
		want bool
	}{
		{"awssm://prod/db#password", false},
		{"awssm://prod/db?stage=AWSPREVIOUS", false},
		{"awssm://prod/db?version=" + versionID(1), true},
		{"awssm://prod/db?versionId=" + versionID(1), true},
		{"awssm://prod/db?stage=AWSCURRENT&version=" + versionID(1), true},
		{"awssm://prod/db?version=" + versionID(1) + "&bogus=1", false},
		{"prod/db:password", false},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			ref, err := secrets.ParseRef(tt.ref)
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.Pinned(ref), "Pinned(%q)", tt.ref)
		})
	}
}

func TestBinarySecrets(t *testing.T) {
	client := kumoClient(t)
	raw := uniqueName(t, "raw")
	rawValue := []byte{0x00, 0xff, 0x10, 'k', 'e', 'y', 0x80, 0x7f, 0x01}
	createSecret(t, client, raw, rawValue)
	jsonBin := uniqueName(t, "jsonbin")
	createSecret(t, client, jsonBin, []byte(`{"cert": "binary-held-cert"}`))

	strict := awssm.New(client, nil)
	lenient := awssm.New(client, &awssm.Options{AllowBinary: true})
	ref := func(s string) secrets.Ref {
		r, err := secrets.ParseRef(s)
		require.NoError(t, err)
		return r
	}

	t.Run("refused without binary=true", func(t *testing.T) {
		_, err := strict.Fetch(t.Context(), ref("awssm://"+raw))
		require.ErrorIs(t, err, awssm.ErrBinary)
		assert.Contains(t, err.Error(), raw)
		var e *awssm.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "fetch", e.Op)
	})
	t.Run("binary=true", func(t *testing.T) {
		got, err := strict.Fetch(t.Context(), ref("awssm://"+raw+"?binary=true"))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(got, rawValue), "bytes differ")
	})
	t.Run("AllowBinary", func(t *testing.T) {
		got, err := lenient.Fetch(t.Context(), ref("awssm://"+raw))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(got, rawValue), "bytes differ")
	})
	t.Run("JSON key of binary JSON", func(t *testing.T) {
		res, _ := newResolver(strict)
		s, err := res.Resolve(t.Context(), "awssm://"+jsonBin+"#cert?binary=true")
		require.NoError(t, err)
		assert.True(t, s.Reveal() == "binary-held-cert", "wrong value")
	})
	t.Run("key of binary without binary=true", func(t *testing.T) {
		res, _ := newResolver(strict)
		_, err := res.Resolve(t.Context(), jsonBin+":cert")
		require.ErrorIs(t, err, awssm.ErrBinary)
		secretFree(t, err.Error(), "binary-held-cert")
	})
}

func TestFetchErrors(t *testing.T) {
	client := kumoClient(t)
	deleted := uniqueName(t, "deleted")
	createSecret(t, client, deleted, `{"password": "deleted-value-1"}`)
	_, err := client.DeleteSecret(t.Context(), &secretsmanager.DeleteSecretInput{
		SecretId: aws.String(deleted)})
	require.NoError(t, err)

	gone := uniqueName(t, "gone")
	createSecret(t, client, gone, `{"password": "gone-value-1"}`)
	_, err = client.DeleteSecret(t.Context(), &secretsmanager.DeleteSecretInput{
		SecretId: aws.String(gone), ForceDeleteWithoutRecovery: aws.Bool(true)})
	require.NoError(t, err)

	present := uniqueName(t, "present")
	createSecret(t, client, present, `{"password": "present-value-1"}`)

	p := awssm.New(client, nil)
	tests := []struct {
		name string
		ref  secrets.Ref
		want error
	}{
		{"missing secret", secrets.Ref{ID: uniqueName(t, "never")},
			secrets.ErrNotFound},
		{"scheduled for deletion", secrets.Ref{ID: deleted},
			secrets.ErrNotFound},
		{"deleted", secrets.Ref{ID: gone}, secrets.ErrNotFound},
		{"missing stage", secrets.Ref{ID: present, Query: "stage=NOPE"},
			secrets.ErrNotFound},
		{"missing version", secrets.Ref{ID: present,
			Query: "version=" + versionID(99)}, secrets.ErrNotFound},
		{"empty id", secrets.Ref{}, secrets.ErrBadRef},
		{"unknown parameter", secrets.Ref{ID: present, Query: "stgae=X"},
			secrets.ErrBadRef},
		{"two stages", secrets.Ref{ID: present,
			Query: "stage=A&stage=B"}, secrets.ErrBadRef},
		{"empty stage", secrets.Ref{ID: present, Query: "stage="},
			secrets.ErrBadRef},
		{"versions differ", secrets.Ref{ID: present,
			Query: "version=" + versionID(1) + "&versionId=" + versionID(2)},
			secrets.ErrBadRef},
		{"binary not boolean", secrets.Ref{ID: present,
			Query: "binary=maybe"}, secrets.ErrBadRef},
		{"bad query", secrets.Ref{ID: present, Query: "%zz"},
			secrets.ErrBadRef},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Fetch(t.Context(), tt.ref)
			require.ErrorIs(t, err, tt.want)
			for _, other := range []error{secrets.ErrNotFound,
				secrets.ErrAccessDenied, secrets.ErrTransient,
				secrets.ErrBadRef} {
				if other != tt.want {
					assert.NotErrorIs(t, err, other)
				}
			}
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "awssm: fetch "+
				fmt.Sprintf("%q", tt.ref.String())),
				"got %q, want it to name the reference", msg)
			secretFree(t, msg, "deleted-value-1", "gone-value-1",
				"present-value-1")
		})
	}
}

func TestResolveErrorsNameReference(t *testing.T) {
	client := kumoClient(t)
	name := uniqueName(t, "keys")
	createSecret(t, client, name, `{"password": "keyed-value-1"}`)
	res, _ := newResolver(awssm.New(client, nil))

	tests := []struct {
		name, ref string
		want      error
	}{
		{"missing key", name + ":nope", secrets.ErrNotFound},
		{"missing secret", uniqueName(t, "never") + ":password",
			secrets.ErrNotFound},
		{"unknown query", "awssm://" + name + "#password?stgae=AWSPREVIOUS",
			secrets.ErrBadRef},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := res.Resolve(t.Context(), tt.ref)
			require.ErrorIs(t, err, tt.want)
			id, _, _ := strings.Cut(strings.TrimPrefix(tt.ref, "awssm://"), "#")
			id, _, _ = strings.Cut(id, ":")
			assert.Contains(t, err.Error(), id)
			secretFree(t, err.Error(), "keyed-value-1")
		})
	}
}

func TestZeroConfig(t *testing.T) {
	ref := secrets.Ref{ID: "prod/db"}
	providers := map[string]*awssm.Provider{
		"zero":          {},
		"nil":           nil,
		"New(nil)":      awssm.New(nil, nil),
		"empty options": awssm.New(nil, &awssm.Options{Parallel: -3}),
	}
	for name, p := range providers {
		t.Run(name, func(t *testing.T) {
			_, err := p.Fetch(t.Context(), ref)
			require.ErrorIs(t, err, awssm.ErrNoClient)
			assert.Contains(t, err.Error(), "prod/db")
			docs, err := p.Prefetch(t.Context(), ref, ref)
			require.ErrorIs(t, err, awssm.ErrNoClient)
			assert.Empty(t, docs)
			assert.False(t, p.Pinned(ref))
		})
	}
	t.Run("NewFromConfig zero config", func(t *testing.T) {
		// A config with no region, endpoint or credentials: the SDK
		// must refuse it. The HTTP client fails the test if the SDK
		// tries to send anything anywhere.
		var sent atomic.Int32
		p := awssm.NewFromConfig(aws.Config{HTTPClient: &http.Client{
			Transport: refuseAll{&sent}}}, nil)
		_, err := p.Fetch(t.Context(), ref)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "prod/db")
		assert.Zero(t, sent.Load(), "got requests sent, want none")
	})
}

func TestNewFromConfig(t *testing.T) {
	client := kumoClient(t)
	name := uniqueName(t, "cfg")
	createSecret(t, client, name, "config-made-value")
	p := awssm.NewFromConfig(testConfig(t, emulator.URL), nil)
	got, err := p.Fetch(t.Context(), secrets.Ref{ID: name})
	require.NoError(t, err)
	assert.True(t, string(got) == "config-made-value", "wrong value")
}

func TestFetchConcurrent(t *testing.T) {
	// Many readers of the same few secrets at once. The emulator
	// races with itself when one secret is read concurrently, so this
	// runs against the test's own server, still through the SDK.
	s := newBatchServer(t)
	const n = 8
	for i := range n {
		s.put(fmt.Sprintf("app/c-%d", i), fakeSecret{
			str: fmt.Sprintf("concurrent-value-%d", i), stage: "AWSCURRENT"})
	}
	p := awssm.New(testClient(t, s.URL), nil)
	var wg sync.WaitGroup
	errs := make(chan error, n*4)
	for i := range n * 4 {
		wg.Go(func() {
			ref := secrets.Ref{ID: fmt.Sprintf("app/c-%d", i%n)}
			got, err := p.Fetch(t.Context(), ref)
			switch {
			case err != nil:
				errs <- err
			case string(got) != fmt.Sprintf("concurrent-value-%d", i%n):
				errs <- fmt.Errorf("read %d: wrong value", i)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, n*4, s.count("GetSecretValue"))
}

func TestRefRoundTrip(t *testing.T) {
	// An ARN in the URI form survives escaping, as does a name with a
	// character the URI form treats specially.
	client := kumoClient(t)
	name := uniqueName(t, "odd#name")
	arn := createSecret(t, client, name, `{"k": "escaped-name-value"}`)
	res, _ := newResolver(awssm.New(client, nil))
	for _, id := range []string{name, arn} {
		ref := "awssm://" + url.PathEscape(id) + "#k"
		s, err := res.Resolve(t.Context(), ref)
		require.NoError(t, err, "resolve %q", ref)
		assert.True(t, s.Reveal() == "escaped-name-value", "wrong value")
	}
}

// refuseAll is a transport that sends nothing and counts attempts.
type refuseAll struct{ n *atomic.Int32 }

func (r refuseAll) RoundTrip(*http.Request) (*http.Response, error) {
	r.n.Add(1)
	return nil, errors.New("test transport: sending is not allowed")
}

// resolveCase is a reference and the value it must resolve to.
type resolveCase struct {
	name, ref, want string
}

// checkResolves resolves each case's reference with res, never
// printing a value.
func checkResolves(t *testing.T, res *secrets.Resolver, tests []resolveCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := res.Resolve(t.Context(), tt.ref)
			require.NoError(t, err)
			assert.True(t, s.Reveal() == tt.want,
				"got a different value than want for %q", tt.ref)
		})
	}
}
