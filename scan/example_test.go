package scan_test

import (
	"fmt"
	"os"

	"github.com/codebuddy/hush/scan"
)

func Example() {
	s, err := scan.New(nil)
	if err != nil {
		panic(err)
	}
	config := []byte(`
db:
  url: postgres://app:q8Zr2LmX6tPw@db.internal:5432/app
  password: ${DB_PASSWORD}
`)
	found := s.ScanBytes("config.yaml", config)
	if err := scan.WriteText(os.Stdout, found); err != nil {
		panic(err)
	}
	fmt.Println(len(found), "finding")
	// Output:
	// config.yaml:3:23: url-password: postgres://app:[REDACTED]@db.internal:5432 (Password in a URL or connection string)
	// 1 finding
}
