package scan

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMarkdownExampleBlocks(t *testing.T) {
	tok := "ghp_" + fake(330, alnum64, 36)
	tests := []struct {
		name, file, text string
		want             []int // lines of the findings
	}{
		{"block with placeholder", "README.md",
			"# Setup\n```bash\nexport API_KEY=<your-api-key>\nexport GH=" + tok + "\n```\n", []int{}},
		{"block without placeholder", "README.md",
			"```\nexport GH=" + tok + "\n```\n", []int{2}},
		{"outside the block", "README.md",
			"GH=" + tok + "\n```\nKEY=<API_KEY>\n```\nGH=" + tok + "\n", []int{1, 5}},
		{"tilde fence", "docs/x.markdown",
			"~~~~\nGH=" + tok + "\npassword: <password>\n~~~~\n", []int{}},
		{"shorter fence does not close", "a.md",
			"````\nKEY=<API_KEY>\n```\nGH=" + tok + "\n````\n", []int{}},
		{"unclosed block is reported", "a.md",
			"```\nKEY=<API_KEY>\nGH=" + tok + "\n", []int{3}},
		{"html tag is no placeholder", "a.md",
			"```html\n<div>\nGH=" + tok + "\n</div>\n```\n", []int{3}},
		{"generic type is no placeholder", "a.md",
			"```java\nList<String> x;\nGH=" + tok + "\n```\n", []int{3}},
		{"not markdown", "a.txt",
			"```\nKEY=<API_KEY>\nGH=" + tok + "\n```\n", []int{3}},
		{"second block separate", "a.md",
			"```\nKEY=<API_KEY>\n```\n```\nGH=" + tok + "\n```\n", []int{5}},
		{"indented four is no fence", "a.md",
			"    ```\nKEY=<API_KEY>\nGH=" + tok + "\n    ```\n", []int{3}},
	}
	s := newScanner(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []int{}
			for _, f := range s.ScanBytes(tt.file, []byte(tt.text)) {
				got = append(got, f.Line)
			}
			assert.Equal(t, tt.want, got, "got findings on lines %v, want %v", got, tt.want)
		})
	}
}

func TestMarkdownExampleAcrossChunks(t *testing.T) {
	tok := "ghp_" + fake(331, alnum64, 36)
	filler := strings.Repeat("lorem ipsum dolor sit amet\n", chunkSize/27+100)
	text := "```\nGH=" + tok + "\n" + filler + "KEY=<your-key>\n```\nGH=" + tok + "\n"
	s := newScanner(t, nil)
	got, err := s.ScanReader(context.Background(), "big.md", strings.NewReader(text))
	require.NoError(t, err)
	require.Len(t, got, 1, "got %d findings, want only the one after the block", len(got))
	assert.Equal(t, strings.Count(text, "\n"), got[0].Line)
}

func TestPlaceholderTag(t *testing.T) {
	yes := []string{"<your-api-key>", "x = <API_KEY>", "<TOKEN>", "<password>",
		"<get from vault>", "a <db.password_here> b", "<< <your-token>"}
	no := []string{"<div>", "<String>", "<T>", "a -> b", "<a href=\"x\">", "x < y > z",
		"<1abc-d>", "<" + strings.Repeat("a-", 40) + ">", "<"}
	for _, s := range yes {
		assert.True(t, placeholderTag([]byte(s)), "placeholderTag(%q) = false, want true", s)
	}
	for _, s := range no {
		assert.False(t, placeholderTag([]byte(s)), "placeholderTag(%q) = true, want false", s)
	}
}
