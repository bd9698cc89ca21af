package awssm

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/codebuddy/hush/secrets"
)

// Client is the part of *secretsmanager.Client a [Provider] reads
// with. A caller may wrap the SDK's client in its own to count, log or
// refuse calls.
type Client interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput,
		optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// BatchClient is a [Client] that can also read many secrets in one
// call. [Provider.Prefetch] uses it when the client has it, and reads
// one secret at a time when it does not.
type BatchClient interface {
	Client
	BatchGetSecretValue(ctx context.Context, in *secretsmanager.BatchGetSecretValueInput,
		optFns ...func(*secretsmanager.Options)) (*secretsmanager.BatchGetSecretValueOutput, error)
}

var (
	_ BatchClient      = (*secretsmanager.Client)(nil)
	_ secrets.Provider = (*Provider)(nil)
	_ secrets.Pinner   = (*Provider)(nil)
)

// Options configures a [Provider]. A nil *Options, and the zero value
// of every field, means the default.
type Options struct {
	// AllowBinary returns SecretBinary values for every reference, as
	// if each had binary=true. By default a binary secret read without
	// binary=true gives an error wrapping [ErrBinary].
	AllowBinary bool

	// Parallel bounds how many single reads [Provider.Prefetch] makes
	// at once when it cannot read in batches. Zero means 8.
	Parallel int

	// Logger receives a debug record when Prefetch falls back from
	// batch reads to single reads. Nil means no logging. Records name
	// secret ids and never hold a value.
	Logger *slog.Logger
}

// Provider reads secrets from AWS Secrets Manager. It is a
// [secrets.Provider] for the "awssm" scheme and a [secrets.Pinner]. It
// is safe for concurrent use.
//
// The zero Provider has no client: every read gives an error wrapping
// [ErrNoClient].
type Provider struct {
	client      Client
	allowBinary bool
	parallel    int
	log         *slog.Logger

	// noBatch is set once the server has said it does not know
	// BatchGetSecretValue, so later prefetches skip straight to single
	// reads.
	noBatch atomic.Bool
}

// New returns a Provider that reads through client, configured by
// opts; nil opts means the defaults. New copies opts.
func New(client Client, opts *Options) *Provider {
	p := &Provider{client: client}
	if opts != nil {
		p.allowBinary = opts.AllowBinary
		p.parallel = opts.Parallel
		p.log = opts.Logger
	}
	return p
}

// NewFromConfig returns a Provider over a Secrets Manager client made
// from cfg and optFns, as secretsmanager.NewFromConfig makes it. The
// SDK's standard retryer stays on unless cfg or optFns replace it.
func NewFromConfig(cfg aws.Config, opts *Options,
	optFns ...func(*secretsmanager.Options)) *Provider {
	return New(secretsmanager.NewFromConfig(cfg, optFns...), opts)
}

// Fetch reads the secret ref names and returns its SecretString, or its
// SecretBinary when binary values are allowed. ref.ID is a secret name
// or ARN; the parameters stage, version (or versionId) and binary in
// ref.Query choose the version and allow binary values. ref.Key is not
// applied: the [secrets.Resolver] extracts it.
//
// Errors are of type [*Error] and wrap secrets.ErrNotFound,
// secrets.ErrAccessDenied, secrets.ErrTransient, secrets.ErrBadRef or
// [ErrBinary] as the failure warrants; when ctx ends, the error wraps
// ctx.Err().
func (p *Provider) Fetch(ctx context.Context, ref secrets.Ref) ([]byte, error) {
	if p == nil || p.client == nil {
		return nil, &Error{Op: "fetch", Ref: ref.String(), Kind: ErrNoClient}
	}
	req, err := parseRequest(ref)
	if err != nil {
		return nil, &Error{Op: "fetch", Ref: ref.String(),
			Kind: secrets.ErrBadRef, Err: err}
	}
	return p.get(ctx, req, ref.String())
}

// get makes one GetSecretValue call; name is the reference for errors.
func (p *Provider) get(ctx context.Context, req request, name string) ([]byte, error) {
	in := &secretsmanager.GetSecretValueInput{SecretId: aws.String(req.id)}
	if req.stage != "" {
		in.VersionStage = aws.String(req.stage)
	}
	if req.version != "" {
		in.VersionId = aws.String(req.version)
	}
	out, err := p.client.GetSecretValue(ctx, in)
	if err != nil {
		return nil, fetchError(ctx, "fetch", name, err)
	}
	return p.value(req, name, "fetch", out.SecretString, out.SecretBinary)
}

// value picks the value to return from one answer.
func (p *Provider) value(req request, name, op string, str *string,
	bin []byte) ([]byte, error) {
	switch {
	case str != nil:
		return []byte(*str), nil
	case bin != nil && (req.binary || p.allowBinary):
		return bin, nil
	case bin != nil:
		return nil, &Error{Op: op, Ref: name, Kind: ErrBinary}
	}
	return nil, &Error{Op: op, Ref: name, Kind: secrets.ErrTransient,
		Err: errNoValue}
}

// Pinned reports whether ref names one version by its version id.
// Such a version never changes, so a cache may keep it without expiry.
// A reference with a stage alone is not pinned: rotation moves stages.
func (p *Provider) Pinned(ref secrets.Ref) bool {
	req, err := parseRequest(ref)
	return err == nil && req.version != ""
}
