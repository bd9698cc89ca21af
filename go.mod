module github.com/codebuddy/hush

go 1.26.0

require github.com/stretchr/testify v1.11.1 // indirect
