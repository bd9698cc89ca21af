// Command run runs a program with the values of an env file added to its
// environment and masked in its output, the way the "run" commands of
// secret managers do:
//
//	go run ./examples/run -env-file .env -- ./deploy.sh --target staging
//
// Every value in the file, secret-looking or not, is registered with a
// shared Redactor, so it is masked wherever it shows up in the child's
// standard output and error, also base64-encoded, URL- or JSON-escaped
// or quoted. A value too short to mask safely is still passed to the
// child, with a warning that names its key. Since every value counts
// as a secret, a command line argument equal to one is refused (the
// process list would show it); -allow-args runs it anyway.
//
// The child stays in run's process group, so Ctrl-C at a terminal
// reaches it as it would without run; SIGINT, SIGTERM and SIGHUP sent
// to run are passed on to the child, which decides how to exit. The
// child's exit code becomes run's own, 128+N when signal N ended it.
//
// A value that is a reference to a secret manager is resolved first, so
//
//	DB_PASSWORD=awssm://prod/db#password
//	API_TOKEN=vault://secret/app#token?version=3
//
// give the child the secrets themselves (see examples/internal/managers
// for how the managers are configured: the usual AWS and VAULT_*
// environment). Only the schemes that appear in the file are connected.
//
// Exit codes: the child's own; 2 when the env file is missing or
// malformed, a reference cannot be resolved, the command line is wrong
// or the program cannot start.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/codebuddy/hush/examples/internal/managers"
	"github.com/codebuddy/hush/execx"
	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/scan"
	"github.com/codebuddy/hush/secrets"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main with its inputs and outputs passed in, for tests.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	envFile := fs.String("env-file", ".env", "env file whose values the command gets")
	allowArgs := fs.Bool("allow-args", false, "run the command even if an argument equals a value of the file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: run [-env-file FILE] [-allow-args] -- COMMAND [ARGS...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	// The scanner's rule table masks secret shapes in logs and output.
	red := redact.New(&redact.Options{Detectors: scan.DefaultDetectors()})
	env, err := loadEnv(context.Background(), *envFile, red, stderr)
	if err != nil {
		// Errors name keys, files and references, never values.
		fmt.Fprintln(stderr, "run:", err)
		return 2
	}
	cmd := execx.Command(context.Background(), fs.Arg(0), fs.Args()[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Redactor = red
	cmd.AllowSecretArgs = *allowArgs
	cmd.KeepProcessGroup = true
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	return exitCode(runForwarding(cmd), stderr)
}

// runForwarding runs cmd, passing the signals that ask run to stop on
// to the child.
func runForwarding(cmd *execx.Cmd) error {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case sig := <-sigs:
				_ = cmd.Process.Signal(sig)
			case <-done:
				return
			}
		}
	}()
	return cmd.Wait()
}

// loadEnv reads the env file, resolves the values that are manager
// references, registers each value with red and returns the entries as
// KEY=VALUE strings.
func loadEnv(ctx context.Context, path string, red *redact.Redactor, stderr io.Writer) ([]string, error) {
	file, err := secrets.ReadDotEnv(path, nil)
	if err != nil {
		return nil, err
	}
	refs, err := resolveRefs(ctx, file, red)
	if err != nil {
		return nil, err
	}
	var env []string
	for _, key := range file.Keys() {
		s, ok := refs[key]
		if !ok {
			s, _ = file.Value(key)
		}
		v := s.Reveal()
		if v != "" {
			if err := register(red, key, v, stderr); err != nil {
				return nil, err
			}
		}
		env = append(env, key+"="+v)
	}
	return env, nil
}

// resolveRefs resolves the file's values that are references to a
// secret manager, by key. The resolver registers each value with red.
func resolveRefs(ctx context.Context, file *secrets.DotEnv, red *redact.Redactor) (map[string]secrets.Secret, error) {
	var schemes, keys []string
	for _, key := range file.Keys() {
		v, _ := file.Value(key)
		if scheme := managers.RefScheme(v.Reveal()); scheme != "" {
			schemes = append(schemes, scheme)
			keys = append(keys, key)
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	set, err := managers.Connect(ctx, red, schemes...)
	if err != nil {
		return nil, err
	}
	defer set.Close()
	res := secrets.New(&secrets.Options{
		Redactor:  red,
		Sources:   []secrets.Source{},
		Providers: set.Providers,
	})
	out := make(map[string]secrets.Secret, len(keys))
	for _, key := range keys {
		ref, _ := file.Value(key)
		s, err := res.Resolve(ctx, ref.Reveal())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		out[key] = s
	}
	return out, nil
}

// register adds a value to red under its key, warning when it is too
// short to mask.
func register(red *redact.Redactor, key, v string, stderr io.Writer) error {
	err := red.AddNamed(key, v)
	if errors.Is(err, redact.ErrBadName) {
		err = red.Add(v)
	}
	if errors.Is(err, redact.ErrTooShort) {
		fmt.Fprintf(stderr, "run: warning: %s is too short to mask; it is passed unmasked\n", key)
		return nil
	}
	if err != nil {
		return fmt.Errorf("register %s: %w", key, err)
	}
	return nil
}

// exitCode turns the result of running the child into run's exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var exit *execx.ExitError
	if errors.As(err, &exit) {
		if code := exit.ExitCode(); code >= 0 {
			return code
		}
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return 1
	}
	fmt.Fprintln(stderr, "run:", err)
	return 2
}
