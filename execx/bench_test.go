package execx

import (
	"context"
	"io"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/codebuddy/hush/redact"
)

// benchSize is how much the child writes in each benchmark run.
const benchSize = 64 << 20

// BenchmarkOutput measures the throughput of a child's output reaching
// the caller: plain os/exec, then execx with a fresh Redactor and with
// 100 registered secrets.
func BenchmarkOutput(b *testing.B) {
	size := strconv.Itoa(benchSize)
	b.Run("os-exec", func(b *testing.B) {
		b.SetBytes(benchSize)
		for b.Loop() {
			c := exec.Command(os.Args[0], "text", size)
			c.Env = append(os.Environ(), helperEnv+"=1")
			c.Stdout = io.Discard
			if err := c.Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, secrets := range []int{0, 100} {
		b.Run("execx/secrets="+strconv.Itoa(secrets), func(b *testing.B) {
			r := redact.New(nil)
			for range secrets {
				if err := r.Add(newSecret(b)); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(benchSize)
			for b.Loop() {
				c := helper(context.Background(), "text", nil, size)
				c.Redactor = r
				c.Stdout = io.Discard
				if err := c.Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStart measures starting and waiting for a child that
// writes nothing, with 100 values registered, when the environment has
// no secret-named variable and when it has one, which each new Cmd
// registers again.
func BenchmarkStart(b *testing.B) {
	r := redact.New(nil)
	for range 100 {
		if err := r.Add(newSecret(b)); err != nil {
			b.Fatal(err)
		}
	}
	for _, name := range []string{"PLAIN_VALUE", "API_TOKEN"} {
		b.Run(name, func(b *testing.B) {
			env := []string{helperEnv + "=1", name + "=" + newSecret(b)}
			for b.Loop() {
				c := Command(context.Background(), os.Args[0], "text", "0")
				c.Env = env
				c.Redactor = r
				if err := c.Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
