package awssm

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/codebuddy/hush/secrets"
)

// StageCurrent, StagePrevious and StagePending are the version stages
// Secrets Manager itself moves during a rotation. A reference without a
// stage or version reads [StageCurrent].
const (
	StageCurrent  = "AWSCURRENT"
	StagePrevious = "AWSPREVIOUS"
	StagePending  = "AWSPENDING"
)

// request is what one reference asks of Secrets Manager. It is
// comparable, so equal requests can share one read.
type request struct {
	id      string // secret name or ARN
	stage   string // version stage; "" lets the server pick AWSCURRENT
	version string // version id; "" for none
	binary  bool   // a SecretBinary value may be returned
}

// parseRequest reads the query parameters of ref. Its errors say what
// is wrong with ref; callers wrap them with secrets.ErrBadRef. It
// refuses unknown parameters, so that a misspelt "stgae" cannot
// silently read the current version instead of the one meant.
func parseRequest(ref secrets.Ref) (request, error) {
	req := request{id: ref.ID}
	if req.id == "" {
		return request{}, errors.New("empty secret id")
	}
	q, err := url.ParseQuery(ref.Query)
	if err != nil {
		return request{}, errors.New("badly escaped query")
	}
	for name, vals := range q {
		if err := req.set(name, vals); err != nil {
			return request{}, err
		}
	}
	return req, nil
}

// set applies one query parameter to req.
func (req *request) set(name string, vals []string) error {
	if len(vals) != 1 || vals[0] == "" {
		return fmt.Errorf("parameter %q needs exactly one value", name)
	}
	v := vals[0]
	switch name {
	case "stage":
		req.stage = v
	case "version", "versionId":
		if req.version != "" && req.version != v {
			return errors.New(`parameters "version" and "versionId" differ`)
		}
		req.version = v
	case "binary":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New(`parameter "binary" is not a boolean`)
		}
		req.binary = b
	default:
		return fmt.Errorf("unknown parameter %q", name)
	}
	return nil
}

// batchable reports whether a BatchGetSecretValue call, which reads
// only the current version, can answer req.
func (req request) batchable() bool {
	return req.version == "" && (req.stage == "" || req.stage == StageCurrent)
}
