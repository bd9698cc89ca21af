package slogx_test

import (
	"errors"
	"log/slog"
	"os"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/slogx"
)

func Example() {
	r := redact.New(nil)
	logger := slogx.Wrap(slog.New(slog.NewJSONHandler(os.Stdout,
		&slog.HandlerOptions{ReplaceAttr: dropTime})), r, nil)

	// Attributes added before a value is registered are masked too.
	db := logger.With("dsn", "postgres://app@db/app?sslkey=Zq7wLx2mVb9K")
	if err := r.AddNamed("DB_SSLKEY", "Zq7wLx2mVb9K"); err != nil {
		logger.Error("register", "err", err)
		return
	}

	db.Info("connected",
		"password", "hunter2hunter2", // masked by its key
		"header", "Bearer abcdefghijklmnopqrstuvwxyz", // by a detector
		"err", errors.New("tls: bad key Zq7wLx2mVb9K")) // by value
	// Output:
	// {"level":"INFO","msg":"connected","dsn":"postgres://app@db/app?sslkey=[REDACTED:DB_SSLKEY]","password":"[REDACTED]","header":"Bearer [REDACTED]","err":"tls: bad key [REDACTED:DB_SSLKEY]"}
}

// dropTime removes the time attribute, so the output is the same on
// every run.
func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
