package vault

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/codebuddy/hush/secrets"
)

// request is a reference checked and taken apart.
type request struct {
	path    string // mount and path, as in "secret/app"
	version int    // KV v2 version; 0 means the current one
}

// parseRequest checks ref.ID and ref.Query. The reasons it gives are
// fixed words: the reference itself is named by the caller's error.
func parseRequest(ref secrets.Ref) (request, error) {
	if err := checkPath(ref.ID); err != nil {
		return request{}, err
	}
	q, err := url.ParseQuery(ref.Query)
	if err != nil {
		return request{}, errors.New("badly escaped query")
	}
	req := request{path: ref.ID}
	for name, vals := range q {
		if name != "version" {
			return request{}, errors.New("unknown parameter " +
				strconv.Quote(name) + " (only version is known)")
		}
		if len(vals) != 1 {
			return request{}, errors.New("more than one version")
		}
		n, err := strconv.Atoi(vals[0])
		if err != nil || n < 1 {
			return request{}, errors.New("version is not a positive integer")
		}
		req.version = n
	}
	return req, nil
}

// checkPath refuses paths Vault would read as something else: empty
// segments (which includes a leading or trailing slash), "." and ".."
// (which an HTTP client may resolve to another path), and control
// characters.
func checkPath(p string) error {
	if p == "" {
		return errors.New("empty path")
	}
	for seg := range strings.SplitSeq(p, "/") {
		switch seg {
		case "":
			return errors.New("empty path segment")
		case ".", "..":
			return errors.New("path segment \".\" or \"..\"")
		}
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 0x20 || p[i] == 0x7f {
			return errors.New("control character in path")
		}
	}
	return nil
}
