package awssm_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/secrets"
	"github.com/codebuddy/hush/secrets/awssm"
)

// goroutines returns the stacks of live goroutines that contain any
// of the given frames.
func goroutines(frames ...string) []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var found []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		for _, f := range frames {
			if strings.Contains(g, f) {
				found = append(found, g)
				break
			}
		}
	}
	return found
}

// ourFrames matches code of package awssm itself; the test package's
// frames read "awssm_test.".
const ourFrames = "hush/secrets/awssm."

func TestNoGoroutineLeak(t *testing.T) {
	// HTTP client connections of this test's transport, when idle, are
	// closed by the cleanup testConfig registers; count them before
	// and after.
	clientFrames := []string{"net/http.(*persistConn).readLoop",
		"net/http.(*persistConn).writeLoop"}
	before := len(goroutines(clientFrames...))

	t.Run("reads, faults and cancellations", func(t *testing.T) {
		proxy := newFaultProxy(t)
		proxy.setPlan(func(op string, call int) fault {
			switch {
			case op == "BatchGetSecretValue":
				return nil // the emulator refuses it
			case call%3 == 0:
				return hang
			case call%3 == 1:
				return awsError(400, "ThrottlingException")
			}
			return reset
		})
		client := lingering{testClient(t, proxy.URL)}
		p := awssm.New(client, &awssm.Options{Parallel: 4})
		refs := make([]secrets.Ref, 30)
		for i := range refs {
			refs[i] = secrets.Ref{ID: uniqueName(t, "leak")}
		}
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		_, err := p.Prefetch(ctx, refs...)
		require.Error(t, err)
		assert.Empty(t, goroutines(ourFrames),
			"goroutines of package awssm outlive Prefetch")
		_, err = p.Fetch(ctx, refs[0])
		require.Error(t, err)
	})

	// Goroutines end asynchronously once their connection closes, so
	// wait for them, within a bound.
	deadline := time.Now().Add(10 * time.Second)
	for len(goroutines(clientFrames...)) > before &&
		time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, len(goroutines(clientFrames...)), before,
		"HTTP client goroutines outlive their connections")
	assert.Empty(t, goroutines(ourFrames))
}

// lingering is a client whose reads take a moment to return even
// after their context ends, so a Prefetch that does not wait for its
// reads would return while they still run.
type lingering struct{ *secretsmanager.Client }

func (c lingering) GetSecretValue(ctx context.Context,
	in *secretsmanager.GetSecretValueInput,
	optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	defer time.Sleep(20 * time.Millisecond)
	return c.Client.GetSecretValue(ctx, in, optFns...)
}
