package awssm_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/sivchari/kumo"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/secrets"
	"github.com/codebuddy/hush/secrets/awssm"
)

// This example reads a database password from Secrets Manager. An
// in-process emulator on 127.0.0.1 stands in for the service; against
// AWS, build the aws.Config with config.LoadDefaultConfig instead.
func Example() {
	emu := kumo.NewServer()
	defer emu.Close()
	ctx := context.Background()
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(emu.URL),
	}
	client := secretsmanager.NewFromConfig(cfg)
	if err := seed(ctx, client, "example/db",
		`{"username": "app", "password": "s3cret-Pa55word"}`); err != nil {
		fmt.Println(err)
		return
	}

	red := redact.New(nil)
	res := secrets.New(&secrets.Options{
		Redactor:      red,
		Providers:     map[string]secrets.Provider{"awssm": awssm.New(client, nil)},
		DefaultScheme: "awssm",
	})
	pw, err := res.GetOr(ctx, "DB_PASSWORD", "example/db:password")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pw)
	fmt.Println(red.Redact("connecting with " + pw.Reveal()))

	_, err = res.Resolve(ctx, "awssm://example/missing#password")
	fmt.Println(errors.Is(err, secrets.ErrNotFound))
	// Output:
	// [REDACTED]
	// connecting with [REDACTED:DB_PASSWORD]
	// true
}

// seed stores value as the current version of the secret name,
// creating the secret if need be.
func seed(ctx context.Context, c *secretsmanager.Client, name, value string) error {
	_, err := c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{
		SecretId: aws.String(name), SecretString: aws.String(value)})
	var missing *types.ResourceNotFoundException
	if !errors.As(err, &missing) {
		return err // nil when the put worked
	}
	_, err = c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name: aws.String(name), SecretString: aws.String(value)})
	return err
}
