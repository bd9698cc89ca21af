package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/sivchari/kumo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunResolvesManagerReferences runs a child with an env file whose
// value is an awssm:// reference, served by the Secrets Manager
// emulator in this process on 127.0.0.1.
func TestRunResolvesManagerReferences(t *testing.T) {
	srv := kumo.NewServer()
	t.Cleanup(srv.Close)
	require.True(t, strings.HasPrefix(srv.URL, "http://127.0.0.1:"))
	// The SDK's default configuration, as run loads it: everything from
	// the environment, nothing from the machine.
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)

	const password = "from-the-manager-Qx81!"
	client := secretsmanager.New(secretsmanager.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
	})
	_, err := client.CreateSecret(context.Background(), &secretsmanager.CreateSecretInput{
		Name:         aws.String("prod/db"),
		SecretString: aws.String(`{"password":"` + password + `","port":5432}`),
	})
	require.NoError(t, err)

	env := writeEnv(t, "APP_SECRET=awssm://prod/db#password\n")
	code, out, errOut := runChild(t, env, "0")
	require.Equal(t, 0, code, "run failed: %d bytes on stderr", len(errOut))
	all := out + errOut
	assert.False(t, strings.Contains(all, password), "output holds the secret")
	assert.Contains(t, out, "plain: [REDACTED")
	sum := sha256.Sum256([]byte(password))
	assert.Contains(t, out, "sha256: "+hex.EncodeToString(sum[:]), "the child got another value")

	missing := writeEnv(t, "APP_SECRET=awssm://prod/nope#password\n")
	var stderr bytes.Buffer
	code = run([]string{"-env-file", missing, "--", "true"}, nil, &bytes.Buffer{}, &stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), "APP_SECRET")
	assert.Contains(t, stderr.String(), "not found")
}
