package awssm_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/sivchari/kumo"
	"github.com/stretchr/testify/require"
)

// emulator is the in-process Secrets Manager emulator every test
// shares. Its servers share one store, so tests name their secrets
// with uniqueName.
var emulator *kumo.Server

func TestMain(m *testing.M) {
	// Nothing here loads the SDK's default configuration, but should
	// anything try, it must not reach the instance metadata service.
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	os.Unsetenv("KUMO_DATA_DIR")
	emulator = kumo.NewServer()
	code := m.Run()
	emulator.Close()
	os.Exit(code)
}

var nameSeq atomic.Int64

// uniqueName returns a secret name no other test, or run of the same
// test, uses.
func uniqueName(t testing.TB, base string) string {
	t.Helper()
	return fmt.Sprintf("%s/%s-%d", strings.ToLower(t.Name()), base,
		nameSeq.Add(1))
}

// testConfig returns an SDK configuration aimed at endpoint on
// 127.0.0.1, with static credentials, a region, its own transport
// and the standard retryer with short backoff, so retries stay on but
// tests stay quick.
func testConfig(t testing.TB, endpoint string) aws.Config {
	t.Helper()
	require.True(t, strings.HasPrefix(endpoint, "http://127.0.0.1:"),
		"endpoint %q is not on 127.0.0.1", endpoint)
	transport := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(transport.CloseIdleConnections)
	return aws.Config{
		Region: "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider(
			"test", "test", ""),
		BaseEndpoint: aws.String(endpoint),
		HTTPClient:   &http.Client{Transport: transport},
		Retryer: func() aws.Retryer {
			return retry.AddWithMaxBackoffDelay(retry.NewStandard(),
				5*time.Millisecond)
		},
	}
}

func testClient(t testing.TB, endpoint string) *secretsmanager.Client {
	t.Helper()
	return secretsmanager.NewFromConfig(testConfig(t, endpoint))
}

// kumoClient returns a client of the shared emulator.
func kumoClient(t testing.TB) *secretsmanager.Client {
	t.Helper()
	return testClient(t, emulator.URL)
}

// createSecret makes a secret holding value (string or []byte) and
// returns its ARN.
func createSecret(t testing.TB, c *secretsmanager.Client, name string,
	value any) string {
	t.Helper()
	in := &secretsmanager.CreateSecretInput{Name: aws.String(name)}
	switch v := value.(type) {
	case string:
		in.SecretString = aws.String(v)
	case []byte:
		in.SecretBinary = v
	default:
		t.Fatalf("createSecret: value of type %T", value)
	}
	out, err := c.CreateSecret(context.Background(), in)
	require.NoError(t, err, "create secret %q", name)
	return aws.ToString(out.ARN)
}

// putVersion adds a version of a string secret with the given id and
// stages; no stages means AWSCURRENT.
func putVersion(t testing.TB, c *secretsmanager.Client, name, versionID,
	value string, stages ...string) {
	t.Helper()
	_, err := c.PutSecretValue(context.Background(),
		&secretsmanager.PutSecretValueInput{
			SecretId:           aws.String(name),
			ClientRequestToken: aws.String(versionID),
			SecretString:       aws.String(value),
			VersionStages:      stages,
		})
	require.NoError(t, err, "put version of %q", name)
}

// secretFree checks that text holds none of values, without printing
// either.
func secretFree(t testing.TB, text string, values ...string) {
	t.Helper()
	for i, v := range values {
		if v != "" && strings.Contains(text, v) {
			t.Errorf("text holds secret value #%d", i)
		}
	}
}
