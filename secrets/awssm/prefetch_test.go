package awssm_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/secrets"
	"github.com/codebuddy/hush/secrets/awssm"
)

func mustRef(t testing.TB, s string) secrets.Ref {
	t.Helper()
	r, err := secrets.ParseRef(s)
	require.NoError(t, err)
	return r
}

// joined returns the errors errors.Join put together in err.
func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// errorFor returns the one error in errs that names ref, failing the
// test if there is not exactly one.
func errorFor(t *testing.T, errs []error, ref string) error {
	t.Helper()
	var found []error
	for _, err := range errs {
		if strings.Contains(err.Error(), fmt.Sprintf("%q", ref)) {
			found = append(found, err)
		}
	}
	require.Len(t, found, 1, "errors naming %q", ref)
	return found[0]
}

func TestPrefetchFallbackOnEmulator(t *testing.T) {
	client := kumoClient(t)
	const n = 25
	var refs []secrets.Ref
	names := make([]string, n)
	for i := range names {
		names[i] = uniqueName(t, "many")
		createSecret(t, client, names[i],
			fmt.Sprintf(`{"password": "prefetched-value-%02d", "user": "u%d"}`, i, i))
		refs = append(refs, mustRef(t, names[i]+":password"))
	}
	// The same secret with another key shares the read.
	refs = append(refs, mustRef(t, names[0]+":user"))
	rotated := uniqueName(t, "rotated")
	createSecret(t, client, rotated, "previous-value-1")
	putVersion(t, client, rotated, versionID(7), "current-value-2")
	previous := mustRef(t, "awssm://"+rotated+"?stage=AWSPREVIOUS")
	missing := mustRef(t, uniqueName(t, "never")+":password")
	bin := uniqueName(t, "bin")
	createSecret(t, client, bin, []byte("binary-prefetch-value"))
	binRef := mustRef(t, "awssm://"+bin)
	badRef := mustRef(t, "awssm://"+names[1]+"?stgae=AWSCURRENT")
	refs = append(refs, previous, missing, binRef, badRef)

	proxy := newFaultProxy(t)
	var logs bytes.Buffer
	p := awssm.New(testClient(t, proxy.URL), &awssm.Options{
		Parallel: 3,
		Logger: slog.New(slog.NewTextHandler(&logs,
			&slog.HandlerOptions{Level: slog.LevelDebug})),
	})

	docs, err := p.Prefetch(t.Context(), refs...)
	require.Error(t, err)
	for i, name := range names {
		ref := mustRef(t, name+":password")
		require.Contains(t, docs, ref)
		want := fmt.Sprintf(`{"password": "prefetched-value-%02d", "user": "u%d"}`, i, i)
		assert.True(t, string(docs[ref]) == want, "wrong document for %s", name)
	}
	assert.True(t, bytes.Equal(docs[mustRef(t, names[0]+":user")],
		docs[mustRef(t, names[0]+":password")]), "keys of one secret differ")
	assert.True(t, string(docs[previous]) == "previous-value-1",
		"wrong previous version")
	assert.Len(t, docs, n+2)

	errs := joined(err)
	require.Len(t, errs, 3)
	assert.ErrorIs(t, errorFor(t, errs, missing.String()), secrets.ErrNotFound)
	assert.ErrorIs(t, errorFor(t, errs, binRef.String()), awssm.ErrBinary)
	assert.ErrorIs(t, errorFor(t, errs, badRef.String()), secrets.ErrBadRef)
	secretFree(t, err.Error(), "prefetched-value", "binary-prefetch-value",
		"previous-value-1")

	// One batch call, refused by the emulator; then one read for each
	// distinct secret and version.
	assert.Equal(t, 1, proxy.count("BatchGetSecretValue"))
	assert.Equal(t, n+3, proxy.count("GetSecretValue"))
	assert.Contains(t, logs.String(), "one at a time")
	secretFree(t, logs.String(), "prefetched-value", "binary-prefetch-value")

	// The provider remembers that the server lacks the batch call.
	_, err = p.Prefetch(t.Context(), refs[:3]...)
	require.NoError(t, err)
	assert.Equal(t, 1, proxy.count("BatchGetSecretValue"))
	assert.Equal(t, n+6, proxy.count("GetSecretValue"))
}

// batchFixture fills a batchServer with secrets and returns the
// references to prefetch and the value each should read.
func batchFixture(t *testing.T, s *batchServer) ([]secrets.Ref, map[string]string) {
	t.Helper()
	want := make(map[string]string)
	var refs []secrets.Ref
	add := func(ref, value string) {
		refs = append(refs, mustRef(t, ref))
		want[ref] = value
	}
	for i := range 45 {
		name := fmt.Sprintf("app/secret-%02d", i)
		s.put(name, fakeSecret{str: "batch-value-" + name, stage: "AWSCURRENT"})
		add(name+":password", "batch-value-"+name)
	}
	s.put("app/by-arn", fakeSecret{str: "arn-value-1", stage: "AWSCURRENT"})
	add(arnOf("app/by-arn")+":k", "arn-value-1")
	s.put("app/partial", fakeSecret{str: "partial-value-1", stage: "AWSCURRENT"})
	add("awssm://"+strings.TrimSuffix(arnOf("app/partial"), "-AbCdEf"),
		"partial-value-1")
	s.put("app/bin", fakeSecret{bin: []byte("binary-batch-1"), stage: "AWSCURRENT"})
	add("awssm://app/bin?binary=true", "binary-batch-1")
	s.put("app/old", fakeSecret{str: "old-value-1", stage: "AWSPREVIOUS"})
	add("awssm://app/old?stage=AWSPREVIOUS", "old-value-1")
	refs = append(refs, mustRef(t, "app/missing:password"))
	return refs, want
}

func TestPrefetchBatch(t *testing.T) {
	s := newBatchServer(t)
	refs, want := batchFixture(t, s)
	p := awssm.New(testClient(t, s.URL), nil)

	docs, err := p.Prefetch(t.Context(), refs...)
	require.Error(t, err)
	errs := joined(err)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errorFor(t, errs, "app/missing:password"),
		secrets.ErrNotFound)
	require.Len(t, docs, len(want))
	for ref, v := range want {
		assert.True(t, string(docs[mustRef(t, ref)]) == v,
			"wrong value for %s", ref)
	}

	// 49 current-version ids in chunks of 20, 20 and 9, each read in
	// pages of 7: 3 + 3 + 2 calls. The partial ARN, which the answer
	// names differently, and the previous stage are read singly.
	s.mu.Lock()
	sizes := append([]int(nil), s.sizes...)
	s.mu.Unlock()
	assert.Equal(t, []int{20, 20, 20, 20, 20, 20, 9, 9}, sizes)
	assert.Equal(t, 2, s.count("GetSecretValue"))
}

func TestPrefetchBatchFailures(t *testing.T) {
	tests := []struct {
		name       string
		fault      fault
		batchCalls int
		singles    bool  // whether the batch's refs are read singly
		want       error // kind of the errors for batch refs
	}{
		{"denied falls back", awsError(400, "AccessDeniedException"),
			1, true, nil},
		{"unknown operation falls back",
			awsError(400, "UnknownOperationException"), 1, true, nil},
		{"not implemented falls back", plainStatus(501), 1, true, nil},
		{"throttled fails", awsError(400, "ThrottlingException"),
			3, false, secrets.ErrTransient},
		{"server error fails", awsError(500, "InternalServiceError"),
			3, false, secrets.ErrTransient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newBatchServer(t)
			s.batchFault = tt.fault
			refs, want := batchFixture(t, s)
			p := awssm.New(testClient(t, s.URL), nil)

			docs, err := p.Prefetch(t.Context(), refs...)
			require.Error(t, err)
			assert.Equal(t, tt.batchCalls, s.count("BatchGetSecretValue"))
			if tt.singles {
				// 49 distinct secrets and versions, each read once.
				assert.Equal(t, 50, s.count("GetSecretValue"))
				assert.Len(t, docs, len(want))
				assert.ErrorIs(t, err, secrets.ErrNotFound)
				assert.Len(t, joined(err), 1)
				return
			}
			// Only the previous stage is read; every batch ref fails,
			// named, with the batch's error.
			assert.Equal(t, 1, s.count("GetSecretValue"))
			assert.Len(t, docs, 1)
			errs := joined(err)
			assert.Len(t, errs, 49)
			for _, e := range errs {
				assert.ErrorIs(t, e, tt.want)
			}
			assert.ErrorIs(t, errorFor(t, errs, "app/secret-44:password"),
				tt.want)
		})
	}
}

func TestPrefetchCancelled(t *testing.T) {
	s := newBatchServer(t)
	refs, _ := batchFixture(t, s)
	p := awssm.New(testClient(t, s.URL), nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	docs, err := p.Prefetch(ctx, refs...)
	assert.Empty(t, docs)
	require.ErrorIs(t, err, context.Canceled)
	for _, e := range joined(err) {
		assert.ErrorIs(t, e, context.Canceled)
		assert.NotErrorIs(t, e, secrets.ErrTransient)
	}
	assert.Zero(t, s.count("BatchGetSecretValue")+s.count("GetSecretValue"),
		"got requests after cancel, want none")
}

func TestPrefetchEmpty(t *testing.T) {
	p := awssm.New(kumoClient(t), nil)
	docs, err := p.Prefetch(t.Context())
	require.NoError(t, err)
	assert.Empty(t, docs)
	var e *awssm.Error
	assert.False(t, errors.As(err, &e))
}
