package awssm

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/codebuddy/hush/secrets"
)

// batchMax is the most secret ids one BatchGetSecretValue call takes.
const batchMax = 20

// defaultParallel bounds concurrent single reads when Options.Parallel
// is zero.
const defaultParallel = 8

// Prefetch reads many secrets at once, as a program does at start-up,
// and returns each reference's whole secret, as [Provider.Fetch] would,
// keyed by the reference as given. References that differ only in
// their Key share one read and one slice.
//
// References to the current version go to BatchGetSecretValue, up to
// 20 ids a call. When the server does not know that operation, or
// refuses it, Prefetch reads them one at a time instead, as it always
// does for references to another stage or a version id; at most
// [Options.Parallel] single reads run at once. A server that has said
// it does not know the operation is not asked again. When a batch call
// fails otherwise (after the SDK's retries), the references not yet
// read get that error and no further batch call is made.
//
// Prefetch returns what it could read. The error joins one [*Error]
// per failed read, naming the first reference given for it; nil means
// every reference was read. Prefetch starts no goroutine that outlives
// it.
func (p *Provider) Prefetch(ctx context.Context,
	refs ...secrets.Ref) (map[secrets.Ref][]byte, error) {
	pf := &prefetch{p: p, docs: make(map[request][]byte),
		errs: make(map[request]error), names: make(map[request]string)}
	var batch, single []request
	for _, ref := range refs {
		req, ok := pf.add(ref)
		switch {
		case !ok:
		case p.canBatch() && req.batchable():
			batch = append(batch, req)
		default:
			single = append(single, req)
		}
	}
	single = append(single, pf.batch(ctx, batch)...)
	pf.singles(ctx, single)
	return pf.result(refs)
}

func (p *Provider) canBatch() bool {
	_, ok := p.client.(BatchClient)
	return ok && !p.noBatch.Load()
}

// prefetch holds the state of one Prefetch call. Its maps are keyed
// by request, so references that differ only in Key share one read.
type prefetch struct {
	p *Provider

	mu    sync.Mutex         // guards docs and errs during single reads
	docs  map[request][]byte // values read
	errs  map[request]error  // failures, one per request
	names map[request]string // the first reference given for a request
	bad   []error            // references that did not parse
}

// add registers ref and reports whether it still needs reading.
func (pf *prefetch) add(ref secrets.Ref) (request, bool) {
	if pf.p == nil || pf.p.client == nil {
		pf.bad = append(pf.bad, &Error{Op: "prefetch", Ref: ref.String(),
			Kind: ErrNoClient})
		return request{}, false
	}
	req, err := parseRequest(ref)
	if err != nil {
		pf.bad = append(pf.bad, &Error{Op: "prefetch", Ref: ref.String(),
			Kind: secrets.ErrBadRef, Err: err})
		return request{}, false
	}
	if _, seen := pf.names[req]; seen {
		return req, false
	}
	pf.names[req] = ref.String()
	return req, true
}

// batch reads reqs with BatchGetSecretValue and returns the requests
// it could not settle, to be read one at a time.
func (pf *prefetch) batch(ctx context.Context, reqs []request) []request {
	var rest []request
	for len(reqs) > 0 {
		n := min(len(reqs), batchMax)
		chunk := reqs[:n]
		reqs = reqs[n:]
		err := pf.batchChunk(ctx, chunk)
		if err == nil {
			rest = append(rest, pf.unsettled(chunk)...)
			continue
		}
		if !pf.fallBack(ctx, err, len(chunk)+len(reqs)) {
			// Throttled, down or cancelled: asking again with the
			// next chunk would only add to the load.
			pf.failAll(ctx, slices.Concat(chunk, reqs), err)
			return rest
		}
		return append(append(rest, pf.unsettled(chunk)...), reqs...)
	}
	return rest
}

// batchChunk reads up to batchMax requests, following NextToken.
func (pf *prefetch) batchChunk(ctx context.Context, chunk []request) error {
	ids := make([]string, len(chunk))
	byID := make(map[string][]request, len(chunk))
	for i, req := range chunk {
		ids[i] = req.id
		byID[req.id] = append(byID[req.id], req)
	}
	client := pf.p.client.(BatchClient)
	in := &secretsmanager.BatchGetSecretValueInput{SecretIdList: ids}
	for {
		out, err := client.BatchGetSecretValue(ctx, in)
		if err != nil {
			return err
		}
		pf.takeValues(byID, out.SecretValues)
		pf.takeErrors(byID, out.Errors)
		if aws.ToString(out.NextToken) == "" {
			return nil
		}
		in.NextToken = out.NextToken
	}
}

// takeValues files each answered secret under the requests that named
// it by name or by ARN.
func (pf *prefetch) takeValues(byID map[string][]request,
	vals []types.SecretValueEntry) {
	for _, v := range vals {
		for _, id := range []string{aws.ToString(v.Name), aws.ToString(v.ARN)} {
			for _, req := range byID[id] {
				doc, err := pf.p.value(req, pf.names[req], "prefetch",
					v.SecretString, v.SecretBinary)
				pf.settle(req, doc, err)
			}
		}
	}
}

func (pf *prefetch) takeErrors(byID map[string][]request,
	errs []types.APIErrorType) {
	for _, e := range errs {
		for _, req := range byID[aws.ToString(e.SecretId)] {
			pf.settle(req, nil, &Error{Op: "prefetch", Ref: pf.names[req],
				Kind: kindOfCode(aws.ToString(e.ErrorCode)),
				Err:  batchEntryError(e)})
		}
	}
}

// batchEntryError describes a failure the server reported for one id
// of a batch.
func batchEntryError(e types.APIErrorType) error {
	code := aws.ToString(e.ErrorCode)
	if msg := aws.ToString(e.Message); msg != "" {
		return errors.New(code + ": " + msg)
	}
	return errors.New(code)
}

// fallBack reports whether a batch failure means reading one at a
// time instead: the server does not know the operation, or the caller
// may not use it (single reads need only GetSecretValue).
func (pf *prefetch) fallBack(ctx context.Context, err error, left int) bool {
	kind := kindOf(err)
	switch {
	case ctx.Err() != nil:
		return false
	case unsupported(err):
		pf.p.noBatch.Store(true)
	case errors.Is(kind, secrets.ErrAccessDenied):
	default:
		return false
	}
	if pf.p.log != nil {
		pf.p.log.DebugContext(ctx, "awssm: batch read failed; reading "+
			"secrets one at a time", "secrets", left, "error", causeText(err))
	}
	return true
}

func (pf *prefetch) failAll(ctx context.Context, reqs []request, err error) {
	for _, req := range reqs {
		if !pf.settled(req) {
			pf.settle(req, nil, fetchError(ctx, "prefetch", pf.names[req], err))
		}
	}
}

// unsettled returns the requests of reqs that have neither a value nor
// an error yet, such as an id given as a partial ARN, which matches
// neither the name nor the ARN in the answer.
func (pf *prefetch) unsettled(reqs []request) []request {
	var rest []request
	for _, req := range reqs {
		if !pf.settled(req) {
			rest = append(rest, req)
		}
	}
	return rest
}

func (pf *prefetch) settled(req request) bool {
	pf.mu.Lock()
	defer pf.mu.Unlock()
	_, ok := pf.docs[req]
	_, failed := pf.errs[req]
	return ok || failed
}

func (pf *prefetch) settle(req request, doc []byte, err error) {
	pf.mu.Lock()
	defer pf.mu.Unlock()
	if err != nil {
		pf.errs[req] = err
		return
	}
	pf.docs[req] = doc
}

// singles reads reqs with GetSecretValue, a bounded number at once.
// It returns when every read has returned.
func (pf *prefetch) singles(ctx context.Context, reqs []request) {
	if len(reqs) == 0 {
		return
	}
	limit := pf.p.parallelism()
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for _, req := range reqs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			doc, err := pf.p.get(ctx, req, pf.names[req])
			if e, ok := err.(*Error); ok {
				e.Op = "prefetch"
			}
			pf.settle(req, doc, err)
		})
	}
	wg.Wait()
}

func (p *Provider) parallelism() int {
	if p.parallel > 0 {
		return p.parallel
	}
	return defaultParallel
}

// result maps each reference to its value and joins the failures, one
// per reference.
func (pf *prefetch) result(refs []secrets.Ref) (map[secrets.Ref][]byte, error) {
	docs := make(map[secrets.Ref][]byte, len(refs))
	errs := pf.bad
	reported := make(map[request]bool)
	for _, ref := range refs {
		req, err := parseRequest(ref)
		if err != nil || pf.p == nil || pf.p.client == nil {
			continue
		}
		if doc, ok := pf.docs[req]; ok {
			docs[ref] = doc
			continue
		}
		if e := pf.errs[req]; e != nil && !reported[req] {
			reported[req] = true
			errs = append(errs, e)
		}
	}
	return docs, errors.Join(errs...)
}
