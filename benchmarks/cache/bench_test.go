// Package cache compares a cached secret read through hush with the
// same read through AWS's own caching library,
// aws-secretsmanager-caching-go, both in front of one in-process
// Secrets Manager emulator on 127.0.0.1. It lives in a module of its
// own so that the main module never depends on AWS's library.
//
// Run it with:
//
//	go test -run '^$' -bench CachedRead -benchmem -count 6 . | tee new.txt
//	benchstat new.txt
package cache

import (
	"context"
	"errors"
	"net/http"
	"os"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-secretsmanager-caching-go/v2/secretcache"
	"github.com/aws/smithy-go"
	"github.com/sivchari/kumo"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/secrets"
	"github.com/codebuddy/hush/secrets/awssm"
)

const (
	secretName = "bench/db"
	secretDoc  = `{"username": "bench-user", "password": "bench-pa55word-Zq8"}`
)

// endpoint is the emulator's URL, set by TestMain.
var endpoint string

func TestMain(m *testing.M) {
	// Everything below is given static credentials, a region and a
	// local endpoint; should anything still look for the instance
	// metadata service, it must not reach it.
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	os.Unsetenv("KUMO_DATA_DIR")
	srv := kumo.NewServer()
	endpoint = srv.URL
	code := m.Run()
	srv.Close()
	os.Exit(code)
}

// newClient returns an SDK client of the emulator, with the secret
// created on first use.
func newClient(tb testing.TB) *secretsmanager.Client {
	tb.Helper()
	transport := http.DefaultTransport.(*http.Transport).Clone()
	tb.Cleanup(transport.CloseIdleConnections)
	client := secretsmanager.NewFromConfig(aws.Config{
		Region: "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider(
			"test", "test", ""),
		BaseEndpoint: aws.String(endpoint),
		HTTPClient:   &http.Client{Transport: transport},
	})
	_, err := client.CreateSecret(context.Background(),
		&secretsmanager.CreateSecretInput{
			Name:         aws.String(secretName),
			SecretString: aws.String(secretDoc),
		})
	if err != nil && !alreadyExists(err) {
		tb.Fatalf("create secret: %v", err)
	}
	return client
}

func alreadyExists(err error) bool {
	var e smithy.APIError
	return errors.As(err, &e) && e.ErrorCode() == "ResourceExistsException"
}

// countingClient counts the calls that reach Secrets Manager.
type countingClient struct {
	*secretsmanager.Client
	gets atomic.Int64
}

func (c *countingClient) GetSecretValue(ctx context.Context,
	in *secretsmanager.GetSecretValueInput,
	optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	c.gets.Add(1)
	return c.Client.GetSecretValue(ctx, in, optFns...)
}

func warmHush(tb testing.TB) (*secrets.Cache, *countingClient) {
	tb.Helper()
	client := &countingClient{Client: newClient(tb)}
	cache := secrets.NewCache(awssm.New(client, nil), nil)
	tb.Cleanup(func() { _ = cache.Close() })
	if _, err := cache.Fetch(context.Background(), hushRef); err != nil {
		tb.Fatalf("warm hush cache: %v", err)
	}
	return cache, client
}

var hushRef = secrets.Ref{Scheme: "awssm", ID: secretName}

func warmAWS(tb testing.TB) (*secretcache.Cache, *countingClient) {
	tb.Helper()
	client := &countingClient{Client: newClient(tb)}
	cache, err := secretcache.New(func(c *secretcache.Cache) {
		c.Client = client
	})
	if err != nil {
		tb.Fatalf("make AWS cache: %v", err)
	}
	if _, err := cache.GetSecretString(secretName); err != nil {
		tb.Fatalf("warm AWS cache: %v", err)
	}
	return cache, client
}

// TestSameDocument checks that both caches serve the emulator's
// document and that a warm read makes no call.
func TestSameDocument(t *testing.T) {
	hush, hc := warmHush(t)
	doc, err := hush.Fetch(t.Context(), hushRef)
	if err != nil {
		t.Fatal(err)
	}
	if string(doc) != secretDoc {
		t.Error("hush: got a different document than the emulator holds")
	}
	awsCache, ac := warmAWS(t)
	s, err := awsCache.GetSecretString(secretName)
	if err != nil {
		t.Fatal(err)
	}
	if s != secretDoc {
		t.Error("aws: got a different document than the emulator holds")
	}
	if hc.gets.Load() != 1 || ac.gets.Load() != 1 {
		t.Errorf("got %d and %d backend calls, want 1 each",
			hc.gets.Load(), ac.gets.Load())
	}
}

func BenchmarkCachedRead(b *testing.B) {
	ctx := context.Background()
	b.Run("hush", func(b *testing.B) {
		cache, _ := warmHush(b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := cache.Fetch(ctx, hushRef); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hush-resolver", func(b *testing.B) {
		cache, _ := warmHush(b)
		res := secrets.New(&secrets.Options{
			Redactor:  redact.New(nil),
			Providers: map[string]secrets.Provider{"awssm": cache},
		})
		const ref = "awssm://" + secretName + "#password"
		if _, err := res.Resolve(ctx, ref); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := res.Resolve(ctx, ref); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("aws", func(b *testing.B) {
		cache, _ := warmAWS(b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := cache.GetSecretString(secretName); err != nil {
				b.Fatal(err)
			}
		}
	})
}
