// Package benchdata makes the inputs of the slog benchmarks, so that
// slogx's own benchmarks and the comparison with other libraries in
// benchmarks/slogx measure the same work.
package benchdata

import (
	"errors"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Secrets returns n random secrets of 24 to 32 letters and digits, the
// same on every run.
func Secrets(n int) []string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]string, n)
	for i := range out {
		b := make([]byte, 24+rng.IntN(9))
		for j := range b {
			b[j] = chars[rng.IntN(len(chars))]
		}
		out[i] = string(b)
	}
	return out
}

// Record returns a record with six attributes of mixed kinds (string,
// int, bool, duration, error, group); tail ends its one string
// attribute.
func Record(tail string) slog.Record {
	rec := slog.NewRecord(time.Unix(1700000000, 0), slog.LevelInfo,
		"request served", 0)
	rec.AddAttrs(
		slog.String("path", "/api/v1/orders?page=2&"+tail),
		slog.Int("status", 200),
		slog.Bool("cached", false),
		slog.Duration("elapsed", 1234*time.Microsecond),
		slog.Any("err", errors.New("upstream closed the connection")),
		slog.Group("client", slog.String("ip", "10.1.2.3"),
			slog.Int("port", 54321)),
	)
	return rec
}
