// Package awssm reads secrets from AWS Secrets Manager for a
// [secrets.Resolver].
//
// A [Provider] turns a reference into one GetSecretValue call through
// the AWS SDK for Go v2 and returns the secret's text; the Resolver
// then picks the JSON key the reference names and registers the value
// with the shared redactor. Put the Provider behind a cache to avoid a
// call per read.
//
// # Configuration
//
// [NewFromConfig] takes an aws.Config, usually from the SDK's
// config.LoadDefaultConfig, which finds the region and credentials the
// usual ways (environment, shared files, SSO, the instance's role).
// [New] takes any [Client], such as a *secretsmanager.Client made with
// options of your own, or a wrapper around one:
//
//	cfg, err := config.LoadDefaultConfig(ctx)
//	if err != nil {
//		return err
//	}
//	sm := awssm.NewFromConfig(cfg, nil)
//	res := secrets.New(&secrets.Options{
//		Redactor:      red,
//		Providers:     map[string]secrets.Provider{"awssm": sm},
//		DefaultScheme: "awssm",
//	})
//	pw, err := res.GetOr(ctx, "DB_PASSWORD", "prod/db:password")
//
// # References
//
// The id is a secret name or a full ARN. Both reference forms of
// [secrets.ParseRef] work: "prod/db:password" when "awssm" is the
// default scheme, and "awssm://prod/db#password". The URI form also
// takes query parameters:
//
//   - stage=AWSPREVIOUS reads the version in that stage; AWSCURRENT,
//     AWSPENDING and stages of your own work the same way. Without a
//     stage or version, the server reads AWSCURRENT.
//   - version=ID (or versionId=ID) reads one version by its id. Such
//     a reference is pinned (see [Provider.Pinned]): a cache keeps it
//     without expiry, since a version never changes.
//   - binary=true allows a secret stored as SecretBinary. Its bytes
//     are returned as they are, so a JSON key can still be read from a
//     binary secret that holds JSON.
//
// For example, "awssm://prod/db#password?stage=AWSPREVIOUS" is the
// password as it was before the last rotation. Any other parameter is
// refused, so a misspelt one cannot silently read the wrong version.
//
// A secret stored as SecretBinary and read without binary=true (or
// [Options.AllowBinary]) gives an error wrapping [ErrBinary], rather
// than bytes a program expecting text would misuse.
//
// [Provider.Prefetch] reads many secrets at start-up, with
// BatchGetSecretValue where the server offers it, and returns their
// values for the caller to keep.
//
// # Errors
//
// Every failure is an [*Error] that names the reference, never the
// value, and keeps the SDK's error in its chain for errors.As. Its
// Kind, which errors.Is matches, sorts it:
//
//   - secrets.ErrNotFound: ResourceNotFoundException, and
//     InvalidRequestException, which the server gives for a secret
//     scheduled for deletion.
//   - secrets.ErrAccessDenied: AccessDeniedException, rejected or
//     expired credentials (UnrecognizedClientException,
//     InvalidSignatureException, ExpiredTokenException and similar),
//     DecryptionFailure, and HTTP 401 and 403.
//   - secrets.ErrTransient: throttling, InternalServiceError, HTTP 429
//     and 5xx, connection failures and timeouts, a context deadline,
//     and answers the SDK cannot decode.
//   - secrets.ErrBadRef: a reference this package cannot use, and
//     InvalidParameterException from the server.
//
// A cancelled context gives an error wrapping context.Canceled and no
// kind. A cache serves a stale value only after ErrTransient, so a
// deleted or revoked secret stops being served.
//
// # Retries
//
// The SDK's standard retryer stays on: a throttled, failed or timed
// out call is tried up to three times in all, with jittered
// exponential backoff, before Fetch returns ErrTransient. The caller's
// context bounds the whole, retries and backoff included; give it a
// deadline. Configure the retryer on the aws.Config or the client, not
// here.
//
// # What it does not do
//
// It reads; it does not create, rotate or delete secrets, and it does
// not follow a rotation on its own: a cache's expiry, or
// [secrets.Resolver] asking again, picks up the new AWSCURRENT. It does
// not cache. BatchGetSecretValue reads only the current version, so
// Prefetch reads other stages and versions one at a time.
package awssm
