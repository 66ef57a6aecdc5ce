// Package doccheck holds tests only: they check the repository's documents
// against the code. README code blocks must build (readme_code_test.go), no
// comment in the library may cite a document outside the repository
// (citations_test.go), and README.md and README.ko.md must have the same
// sections (sections_test.go).
package doccheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoRoot is the library module's root, seen from this package's directory.
const repoRoot = "../.."

// readmes are the READMEs checked. README.ko.md is checked once it exists.
var readmes = []string{"README.md", "README.ko.md"}

// readmeFile reads a README from the repository root; ok is false when it does
// not exist (yet).
func readmeFile(t *testing.T, name string) (text string, ok bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, name))
	if os.IsNotExist(err) {
		return "", false
	}
	require.NoError(t, err)
	return string(b), true
}

// A codeBlock is one fenced ```go block of a Markdown file.
type codeBlock struct {
	// Line is the 1-based line of the block's first code line.
	Line int
	// Code is the block's content.
	Code string
	// Skip is the reason given by a <!-- skip: reason --> comment right before
	// the block; "" when the block is to be built.
	Skip string
	// Context names the declarations the block is built with, from a
	// <!-- context: name --> comment right before the block; "" for none.
	Context string
}

var (
	skipMarker    = regexp.MustCompile(`^<!--\s*skip:\s*(.*?)\s*-->$`)
	contextMarker = regexp.MustCompile(`^<!--\s*context:\s*(\S+)\s*-->$`)
)

// goBlocks returns the ```go blocks of a Markdown text with the markers in the
// HTML comment lines directly above each (blank lines end the search). A skip
// marker without a reason counts as "" and so is not a skip: say why.
func goBlocks(text string) []codeBlock {
	lines := strings.Split(text, "\n")
	var out []codeBlock
	for i := 0; i < len(lines); i++ {
		fence := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(fence, "```") {
			continue
		}
		info := strings.TrimSpace(strings.TrimPrefix(fence, "```"))
		end := i + 1
		for end < len(lines) && strings.TrimSpace(lines[end]) != "```" {
			end++
		}
		if info == "go" {
			b := codeBlock{Line: i + 2, Code: strings.Join(lines[i+1:min(end, len(lines))], "\n")}
			for j := i - 1; j >= 0 && strings.HasPrefix(strings.TrimSpace(lines[j]), "<!--"); j-- {
				c := strings.TrimSpace(lines[j])
				if m := skipMarker.FindStringSubmatch(c); m != nil {
					b.Skip = m[1]
				}
				if m := contextMarker.FindStringSubmatch(c); m != nil {
					b.Context = m[1]
				}
			}
			out = append(out, b)
		}
		i = end
	}
	return out
}

// sections returns the keys of a Markdown text's "## " sections, in order:
// the key named by a <!-- section: key --> comment on the line directly above
// the heading, else the heading's own text. README.ko.md writes its headings
// in Korean and names the English heading they stand for with that comment.
func sections(text string) []string {
	lines := strings.Split(text, "\n")
	var keys []string
	inFence := false
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(l, "## ") {
			continue
		}
		key := strings.TrimSpace(strings.TrimPrefix(l, "## "))
		if i > 0 {
			if m := sectionMarker.FindStringSubmatch(strings.TrimSpace(lines[i-1])); m != nil {
				key = m[1]
			}
		}
		keys = append(keys, key)
	}
	return keys
}

var sectionMarker = regexp.MustCompile(`^<!--\s*section:\s*(.*?)\s*-->$`)

func TestGoBlocksReadsMarkers(t *testing.T) {
	md := "# T\n\n```go\na := 1\n```\n\n<!-- skip: needs a database -->\n```go\nb := 2\n```\n" +
		"<!-- context: bootpay -->\n```go\nc := 3\nd := 4\n```\n```sh\ngo run .\n```\n<!-- skip: -->\n```go\ne := 5\n```\n"
	got := goBlocks(md)
	require.Len(t, got, 4)
	assert.Equal(t, codeBlock{Line: 4, Code: "a := 1"}, got[0])
	assert.Equal(t, codeBlock{Line: 9, Code: "b := 2", Skip: "needs a database"}, got[1])
	assert.Equal(t, codeBlock{Line: 13, Code: "c := 3\nd := 4", Context: "bootpay"}, got[2])
	assert.Equal(t, codeBlock{Line: 21, Code: "e := 5"}, got[3], "a skip without a reason is no skip")
}

func TestSectionsReadsKeys(t *testing.T) {
	en := "# paykit\n## Bootpay\ntext\n```sh\n## not a heading\n```\n## Errors\n"
	ko := "# paykit\n<!-- section: Bootpay -->\n## 부트페이\n## Errors\n"
	assert.Equal(t, []string{"Bootpay", "Errors"}, sections(en))
	assert.Equal(t, []string{"Bootpay", "Errors"}, sections(ko))
}
