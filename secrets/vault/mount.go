package vault

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
)

// mount is a secrets engine mount and whether it is KV version 2.
type mount struct {
	path string // with a trailing slash, as in "secret/"; "" if unknown
	v2   bool
}

// mountCache remembers the KV version of each mount seen. Vault does
// not let mounts nest, so the mount holding a path is the one cached
// mount that is a prefix of it.
type mountCache struct {
	mu sync.RWMutex    // guards m
	m  map[string]bool // mount path -> KV version 2
}

// lookup finds the cached mount holding path.
func (c *mountCache) lookup(path string) (mount, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for i := 0; i < len(path); i++ {
		if path[i] != '/' {
			continue
		}
		if v2, ok := c.m[path[:i+1]]; ok {
			return mount{path: path[:i+1], v2: v2}, true
		}
	}
	v2, ok := c.m[path+"/"]
	return mount{path: path + "/", v2: v2}, ok
}

func (c *mountCache) store(m mount) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]bool)
	}
	c.m[m.path] = m.v2
}

// forget drops a mount, so that the next read asks Vault again: a
// mount may have been disabled and enabled again with another
// version.
func (c *mountCache) forget(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, path)
}

// mountAnswer is the part of sys/internal/ui/mounts/<path> used.
type mountAnswer struct {
	Data struct {
		Path    string `json:"path"`
		Type    string `json:"type"`
		Options struct {
			Version string `json:"version"`
		} `json:"options"`
	} `json:"data"`
}

// mount finds the mount holding path and its KV version, as the Vault
// command line does: from sys/internal/ui/mounts, which any token with
// a capability on the path may read. Answers are cached per mount. A
// Vault too old to have that endpoint answers 404, and then every
// mount counts as KV version 1.
func (p *Provider) mount(ctx context.Context, path, name string) (mount, error) {
	if m, ok := p.mounts.lookup(path); ok {
		return m, nil
	}
	resp, err := p.c.Logical().ReadRawWithContext(ctx,
		"sys/internal/ui/mounts/"+path)
	body, code, err := p.answer(ctx, name, resp, err)
	if code == http.StatusNotFound {
		return mount{}, nil
	}
	if err != nil {
		if e, ok := err.(*Error); ok && e.Reason == "" {
			e.Reason = "find mount"
		}
		return mount{}, err
	}
	var a mountAnswer
	if json.Unmarshal(body, &a) != nil {
		return mount{}, readError(name, code, "malformed mount answer")
	}
	m := mount{path: a.Data.Path, v2: a.Data.Type == "kv" &&
		a.Data.Options.Version == "2"}
	if m.path == "" || !strings.HasSuffix(m.path, "/") ||
		!strings.HasPrefix(path+"/", m.path) {
		return mount{}, readError(name, code, "mount answer names "+
			"a mount that does not hold the path")
	}
	p.mounts.store(m)
	return m, nil
}
