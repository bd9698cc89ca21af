package vault

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/hashicorp/vault/api"

	"github.com/codebuddy/hush/secrets"
)

// maxBody bounds an answer's size; Vault refuses requests above 32 MiB
// by default, so no stored secret is larger.
const maxBody = 32 << 20

// read reads req from the mount that holds it.
func (p *Provider) read(ctx context.Context, req request, name string) ([]byte, error) {
	m, err := p.mount(ctx, req.path, name)
	if err != nil {
		return nil, err
	}
	path, params, err := kvPath(m, req)
	if err != nil {
		return nil, &Error{Op: "fetch", Ref: name,
			Kind: secrets.ErrBadRef, Reason: err.Error()}
	}
	resp, err := p.c.Logical().ReadRawWithDataWithContext(ctx, path, params)
	body, code, err := p.answer(ctx, name, resp, err)
	if code == http.StatusNotFound {
		p.mounts.forget(m.path)
		return nil, notFound(name, m, body)
	}
	if err != nil {
		return nil, err
	}
	doc, reason := secretData(body, m.v2)
	if reason != "" {
		return nil, readError(name, code, reason)
	}
	return doc, nil
}

// kvPath returns the API path and query that read req from m.
func kvPath(m mount, req request) (string, map[string][]string, error) {
	rel := req.path[min(len(m.path), len(req.path)):]
	switch {
	case rel == "":
		return "", nil, errors.New("path names a mount, not a secret")
	case !m.v2 && req.version > 0:
		return "", nil, errors.New("version needs a KV version 2 mount")
	case !m.v2:
		return req.path, nil, nil
	case req.version > 0:
		v := []string{strconv.Itoa(req.version)}
		return m.path + "data/" + rel, map[string][]string{"version": v}, nil
	}
	return m.path + "data/" + rel, nil, nil
}

// answer reads the body of Vault's answer to a request and sorts a
// failure. code is the HTTP status, or 0 when Vault did not answer.
func (p *Provider) answer(ctx context.Context, name string,
	resp *api.Response, err error) (body []byte, code int, _ error) {
	if resp == nil || resp.Response == nil {
		if err == nil {
			err = errors.New("no answer")
		}
		return nil, 0, transportError(ctx, "fetch", name, err)
	}
	defer resp.Body.Close()
	code = resp.StatusCode
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	switch {
	case rerr != nil:
		return nil, code, transportError(ctx, "fetch", name, rerr)
	case len(body) > maxBody:
		return nil, code, readError(name, code, "answer too large")
	case err != nil:
		e := &Error{Op: "fetch", Ref: name, Kind: kindOfStatus(code),
			StatusCode: code, Reason: vaultReason(err, p.creds())}
		var re *api.ResponseError
		if !errors.As(err, &re) {
			e.Err = err // the api package's own words, such as on redirects
		}
		return body, code, e
	}
	return body, code, nil
}

// readError reports an answer that cannot be used. A garbled answer
// to a well-formed request is most often a proxy or load balancer in
// trouble, so it counts as transient.
func readError(name string, code int, reason string) *Error {
	return &Error{Op: "fetch", Ref: name, Kind: secrets.ErrTransient,
		StatusCode: code, Reason: reason}
}

// kvAnswer is the part of a KV read's answer the Provider uses. Data
// stays undecoded so that numbers keep every digit.
type kvAnswer struct {
	Data json.RawMessage `json:"data"`
}

type kv2Data struct {
	Data     json.RawMessage `json:"data"`
	Metadata struct {
		DeletionTime string `json:"deletion_time"`
		Destroyed    bool   `json:"destroyed"`
	} `json:"metadata"`
}

// secretData returns the secret's data from a KV answer, or why it
// cannot. Reasons are fixed words: a decoder's message may quote the
// body, and the body holds the secret.
func secretData(body []byte, v2 bool) ([]byte, string) {
	var a kvAnswer
	if json.Unmarshal(body, &a) != nil {
		return nil, "malformed answer"
	}
	data := a.Data
	if v2 && isObject(data) {
		var d kv2Data
		if json.Unmarshal(data, &d) != nil {
			return nil, "malformed answer"
		}
		data = d.Data
	}
	if !isObject(data) {
		return nil, "answer holds no data object"
	}
	return bytes.Clone(data), ""
}

func isObject(raw json.RawMessage) bool {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	return len(raw) > 0 && raw[0] == '{'
}

// notFound builds the error for a 404, saying whether a KV version 2
// version was deleted or destroyed.
func notFound(name string, m mount, body []byte) *Error {
	e := &Error{Op: "fetch", Ref: name, Kind: secrets.ErrNotFound,
		StatusCode: http.StatusNotFound, Reason: "no secret at this path"}
	var a kvAnswer
	var d kv2Data
	if !m.v2 || json.Unmarshal(body, &a) != nil ||
		!isObject(a.Data) || json.Unmarshal(a.Data, &d) != nil {
		return e
	}
	switch {
	case d.Metadata.Destroyed:
		e.Reason = "version destroyed"
	case d.Metadata.DeletionTime != "":
		e.Reason = "version deleted"
	}
	return e
}
