module github.com/codebuddy/hush/benchmarks/slogx

go 1.26.0

replace github.com/codebuddy/hush => ../..

require (
	github.com/codebuddy/hush v0.0.0-00010101000000-000000000000
	github.com/m-mizutani/masq v0.2.3
)
