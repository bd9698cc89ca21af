package awssm_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// batchServer speaks the part of the Secrets Manager JSON protocol that
// Prefetch uses, BatchGetSecretValue included, which the emulator
// lacks. It answers at most pageSize secrets a page, and refuses a
// batch of more than 20 ids as the service does.
type batchServer struct {
	URL string

	// batchFault, when set, answers every BatchGetSecretValue call.
	// It is set before the server is used.
	batchFault fault

	mu      sync.Mutex
	secrets map[string]fakeSecret // by name; guarded by mu
	calls   map[string]int        // requests per operation; guarded by mu
	sizes   []int                 // ids in each batch call; guarded by mu
}

type fakeSecret struct {
	str, stage string // value and stage for string secrets
	bin        []byte // value of a binary secret
}

const pageSize = 7

func newBatchServer(t testing.TB) *batchServer {
	t.Helper()
	s := &batchServer{secrets: make(map[string]fakeSecret),
		calls: make(map[string]int)}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

func (s *batchServer) put(name string, sec fakeSecret) {
	s.mu.Lock()
	s.secrets[name] = sec
	s.mu.Unlock()
}

func (s *batchServer) count(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[op]
}

func arnOf(name string) string {
	return "arn:aws:secretsmanager:us-east-1:000000000000:secret:" +
		name + "-AbCdEf"
}

// find looks id up as a name, a full ARN or a partial ARN (one without
// the random suffix), as the service does.
func (s *batchServer) find(id string) (string, fakeSecret, bool) {
	for name, sec := range s.secrets {
		arn := arnOf(name)
		if id == name || id == arn || id == strings.TrimSuffix(arn, "-AbCdEf") {
			return name, sec, true
		}
	}
	return "", fakeSecret{}, false
}

func (s *batchServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "secretsmanager.")
	var in struct {
		SecretId, VersionStage, VersionId, NextToken string
		SecretIdList                                 []string
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		awsError(400, "SerializationException")(w, r)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[op]++
	switch {
	case op == "BatchGetSecretValue" && s.batchFault != nil:
		s.batchFault(w, r)
	case op == "BatchGetSecretValue":
		s.sizes = append(s.sizes, len(in.SecretIdList))
		s.batch(w, r, in.SecretIdList, in.NextToken)
	case op == "GetSecretValue":
		s.get(w, r, in.SecretId, in.VersionStage)
	default:
		awsError(400, "InvalidAction")(w, r)
	}
}

type valueEntry struct {
	ARN, Name     string
	SecretString  *string `json:",omitempty"`
	SecretBinary  []byte  `json:",omitempty"`
	VersionId     string
	VersionStages []string
}

func entryOf(name string, sec fakeSecret) valueEntry {
	e := valueEntry{ARN: arnOf(name), Name: name, VersionId: "v-" + name,
		VersionStages: []string{sec.stage}, SecretBinary: sec.bin}
	if sec.bin == nil {
		e.SecretString = &sec.str
	}
	return e
}

func (s *batchServer) batch(w http.ResponseWriter, r *http.Request,
	ids []string, token string) {
	if len(ids) == 0 || len(ids) > 20 {
		awsError(400, "InvalidParameterException")(w, r)
		return
	}
	start, _ := strconv.Atoi(token)
	end := min(start+pageSize, len(ids))
	type apiError struct{ SecretId, ErrorCode, Message string }
	var out struct {
		SecretValues []valueEntry
		Errors       []apiError
		NextToken    string `json:",omitempty"`
	}
	out.SecretValues = []valueEntry{}
	for _, id := range ids[start:end] {
		name, sec, ok := s.find(id)
		if !ok || sec.stage != "AWSCURRENT" {
			out.Errors = append(out.Errors, apiError{id,
				"ResourceNotFoundException", "no such secret"})
			continue
		}
		out.SecretValues = append(out.SecretValues, entryOf(name, sec))
	}
	if end < len(ids) {
		out.NextToken = strconv.Itoa(end)
	}
	writeJSON(w, out)
}

func (s *batchServer) get(w http.ResponseWriter, r *http.Request,
	id, stage string) {
	if stage == "" {
		stage = "AWSCURRENT"
	}
	name, sec, ok := s.find(id)
	if !ok || sec.stage != stage {
		awsError(400, "ResourceNotFoundException")(w, r)
		return
	}
	writeJSON(w, entryOf(name, sec))
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(v)
}
