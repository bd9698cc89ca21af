// Command workflow is a small automation job that handles secrets the
// way hush means them to be handled:
//
//   - it resolves its secrets from the environment first, then from an
//     env file (by default the built-in, clearly fake sample.env);
//   - it logs through slogx, wrapped around a JSON handler, including a
//     few careless log calls that would leak without hush;
//   - it runs a child process through execx that prints the secrets
//     raw, split across writes, base64-encoded, JSON-escaped and quoted;
//   - it checks its own output for every value it resolved, and their
//     base64 forms, and exits 1 if one shows.
//
// Run it with:
//
//	go run ./examples/workflow
//	go run ./examples/workflow -env-file my.env
//	go run ./examples/workflow -manager vault   # or awssm
//
// With -manager, a key found neither in the environment nor in the env
// file is read from that secret manager: API_KEY from the reference
// "prod/api:api_key" (secret prod/api, JSON key api_key), the others
// from "app/workflow:KEY". The manager is configured the usual way (see
// examples/internal/managers).
//
// Set DB_PASSWORD (or any key) in the environment to see the
// environment win over the file.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/codebuddy/hush/examples/internal/managers"
	"github.com/codebuddy/hush/execx"
	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/scan"
	"github.com/codebuddy/hush/secrets"
	"github.com/codebuddy/hush/slogx"
)

//go:embed sample.env
var sampleEnv []byte

// keys are the secrets the job needs.
var keys = []string{"DB_PASSWORD", "API_TOKEN", "SIGNING_KEY"}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-child" {
		child(os.Stdout)
		return
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run is the job, with its outputs passed in. It returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("workflow", flag.ContinueOnError)
	fs.SetOutput(stderr)
	envFile := fs.String("env-file", "", "env file to read secrets from (default: the built-in sample.env)")
	manager := fs.String("manager", "", "secret manager to fall back to: vault or awssm (default: none)")
	if err := fs.Parse(args); err != nil {
		return 2
	}

	// Everything the job prints is kept, to check it for leaks at the end.
	var seen bytes.Buffer
	out := io.MultiWriter(stdout, &seen)

	// The scanner's rule table masks secret shapes in logs and output.
	red := redact.New(&redact.Options{Detectors: scan.DefaultDetectors()})
	log := slog.New(slogx.NewHandler(slog.NewJSONHandler(out, nil), red, nil))
	res, closeRes, err := resolver(ctx, red, *envFile, *manager)
	if err != nil {
		log.Error("cannot set up the resolver", "err", err)
		return 2
	}
	defer closeRes()
	values, err := resolve(ctx, res, log)
	if err != nil {
		log.Error("cannot resolve secrets", "err", err)
		return 1
	}
	carelessLogging(log, values)
	if err := runChild(ctx, red, values, out); err != nil {
		log.Error("child failed", "err", err)
		return 1
	}
	return check(log, seen.Bytes(), values)
}

// resolver returns a Resolver over the environment and the env file,
// falling back to the named manager, if any, and a function that
// releases the manager.
func resolver(ctx context.Context, red *redact.Redactor, path, manager string) (*secrets.Resolver, func(), error) {
	var (
		file *secrets.DotEnv
		err  error
	)
	if path == "" {
		file, err = secrets.ParseDotEnv(bytes.NewReader(sampleEnv), "sample.env", nil)
	} else {
		file, err = secrets.ReadDotEnv(path, nil)
	}
	if err != nil {
		return nil, nil, err
	}
	opts := &secrets.Options{
		Redactor: red,
		Sources:  []secrets.Source{secrets.Env(), file},
	}
	closer := func() {}
	if manager != "" {
		set, err := managers.Connect(ctx, red, manager)
		if err != nil {
			return nil, nil, err
		}
		opts.Providers, opts.DefaultScheme = set.Providers, manager
		closer = func() { _ = set.Close() }
	}
	return secrets.New(opts), closer, nil
}

// resolve fetches every key, and API_KEY the way the team's rules do:
// from the environment or env file, else from a secret manager.
func resolve(ctx context.Context, res *secrets.Resolver, log *slog.Logger) (map[string]secrets.Secret, error) {
	values := make(map[string]secrets.Secret)
	for _, key := range keys {
		s, err := res.GetOr(ctx, key, "app/workflow:"+key)
		if err != nil {
			return nil, err
		}
		values[key] = s
	}
	apiKey, err := res.GetOr(ctx, "API_KEY", "prod/api:api_key")
	if err != nil {
		return nil, err
	}
	values["API_KEY"] = apiKey
	log.Info("secrets resolved", "count", len(values),
		"db_password", values["DB_PASSWORD"], "api_key", apiKey)
	return values, nil
}

// carelessLogging makes the mistakes hush is there to catch.
func carelessLogging(log *slog.Logger, v map[string]secrets.Secret) {
	pw := v["DB_PASSWORD"].Reveal()
	token := v["API_TOKEN"].Reveal()
	log.Info("connecting to the database",
		"dsn", "postgres://workflow_app:"+pw+"@db.internal:5432/app")
	log.Info("calling the API with token " + token)
	log.Warn("request failed",
		"err", fmt.Errorf("401 for Authorization: Bearer %s", token),
		"headers", map[string]string{"Authorization": "Bearer " + token})
	lines := strings.Split(v["SIGNING_KEY"].Reveal(), "\n")
	log.Info("signing key loaded", "body_line", lines[min(1, len(lines)-1)])
	log.Info("payload", "body", []byte(`{"password":"`+pw+`"}`))
}

// runChild runs this program again as a child that prints the secrets,
// through execx, with the secrets passed in its environment.
func runChild(ctx context.Context, red *redact.Redactor, v map[string]secrets.Secret, out io.Writer) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := execx.Command(ctx, self, "-child")
	cmd.Redactor = red
	cmd.Env = os.Environ()
	for key, s := range v {
		cmd.Env = append(cmd.Env, key+"="+s.Reveal())
	}
	cmd.Stdout, cmd.Stderr = out, out
	return cmd.Run()
}

// child prints the secrets it finds in its environment in many forms,
// as a careless script would.
func child(w io.Writer) {
	for _, key := range append(keys, "API_KEY") {
		v := os.Getenv(key)
		fmt.Fprintf(w, "child: %s=%s\n", key, v)
		// Split across writes, as a slow program would.
		half := len(v) / 2
		fmt.Fprintf(w, "child: again %s", v[:half])
		fmt.Fprintf(w, "%s\n", v[half:])
		fmt.Fprintf(w, "child: base64 %s\n", base64.StdEncoding.EncodeToString([]byte(key+":"+v)))
		fmt.Fprintf(w, "child: json {%q:%q}\n", strings.ToLower(key), v)
	}
}

// check looks for every resolved value, and its base64 form, in what
// the job printed.
func check(log *slog.Logger, printed []byte, v map[string]secrets.Secret) int {
	leaks := 0
	for key, s := range v {
		val := s.Reveal()
		for _, form := range []string{val, base64.StdEncoding.EncodeToString([]byte(val))} {
			if bytes.Contains(printed, []byte(form)) {
				log.Error("leak found", "key", key)
				leaks++
			}
		}
	}
	if leaks > 0 {
		return 1
	}
	log.Info("leak check passed", "secrets", len(v),
		"checked", "each value and its base64 form, in every line printed above")
	return 0
}
