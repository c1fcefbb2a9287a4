package zhengzhi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// RuleSetProblem is one problem of a rule set file at a line (0 when the
// problem belongs to the whole file).
type RuleSetProblem struct {
	Line    int
	Message string
}

// RuleSetError lists every problem found in a rule set file, each with its
// line, so that one check shows the author everything there is to fix.
type RuleSetError struct {
	Path     string
	Problems []RuleSetProblem
}

// Error prints one problem per line as "path:line: message", the form editors
// and terminals turn into links.
func (e *RuleSetError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		if p.Line > 0 {
			lines[i] = fmt.Sprintf("%s:%d: %s", e.Path, p.Line, p.Message)
		} else {
			lines[i] = fmt.Sprintf("%s: %s", e.Path, p.Message)
		}
	}
	return strings.Join(lines, "\n")
}

// ParseRuleSet reads and validates a rule set file's text. path is only used
// in messages and stored in RuleSet.Path; Hash is the hex sha256 of text, so
// a stored result names exactly the rules that produced it. Every problem is
// reported (a *RuleSetError), not just the first.
func ParseRuleSet(path string, text []byte) (*RuleSet, error) {
	c := &ruleSetChecker{err: &RuleSetError{Path: path}}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		c.yamlError(err)
		return nil, c.err
	}
	if len(doc.Content) == 0 {
		c.problem(0, "the file is empty")
		return nil, c.err
	}
	c.root = doc.Content[0]
	if c.root.Kind != yaml.MappingNode {
		c.problem(c.root.Line, "a rule set must be a mapping of keys (id, title, level, window, items, …)")
		return nil, c.err
	}

	rs := &RuleSet{}
	dec := yaml.NewDecoder(bytes.NewReader(text))
	dec.KnownFields(true)
	if err := dec.Decode(rs); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			// Not a per-field problem (a bad number, say): decoding stopped,
			// so checking the half-read rule set would only add noise.
			c.yamlError(err)
			return nil, c.err
		}
		for _, msg := range te.Errors {
			c.yamlMessage(msg)
		}
	}
	c.validate(rs)
	if len(c.err.Problems) > 0 {
		sort.SliceStable(c.err.Problems, func(i, j int) bool {
			return c.err.Problems[i].Line < c.err.Problems[j].Line
		})
		return nil, c.err
	}
	sum := sha256.Sum256(text)
	rs.Hash = hex.EncodeToString(sum[:])
	rs.Path = path
	rs.succeedsLine = c.line("succeeds")
	return rs, nil
}

// ruleSetChecker collects the problems of one rule set file, finding lines in
// the file's YAML node tree.
type ruleSetChecker struct {
	root *yaml.Node
	err  *RuleSetError
}

func (c *ruleSetChecker) problem(line int, format string, args ...any) {
	c.err.Problems = append(c.err.Problems, RuleSetProblem{Line: line, Message: fmt.Sprintf(format, args...)})
}

var (
	yamlLinePrefix   = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownField = regexp.MustCompile(`^field (\S+) not found in type (?:\S+\.)?(\S+)$`)
)

// yamlError records an error of the YAML library, moving its "line N:" into
// the problem's line.
func (c *ruleSetChecker) yamlError(err error) {
	for _, msg := range strings.Split(err.Error(), "\n") {
		if msg = strings.TrimSpace(msg); msg != "" && msg != "yaml: unmarshal errors:" {
			c.yamlMessage(msg)
		}
	}
}

func (c *ruleSetChecker) yamlMessage(msg string) {
	line := 0
	if m := yamlLinePrefix.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if m := yamlUnknownField.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("unknown key %q in %s", m[1], m[2])
	}
	c.problem(line, "%s", strings.TrimPrefix(msg, "yaml: "))
}

// node finds the node at a path of mapping keys (string) and sequence indexes
// (int), or nil.
func (c *ruleSetChecker) node(path ...any) *yaml.Node {
	n := c.root
	for _, step := range path {
		if n = yamlChild(n, step); n == nil {
			return nil
		}
	}
	return n
}

// line is the line of the node at path; where the path ends early it is the
// line of the deepest node found, so a missing key is reported at its parent.
// A key holding a block list or mapping is reported at the key itself.
func (c *ruleSetChecker) line(path ...any) int {
	n, line := c.root, c.root.Line
	for _, step := range path {
		next := yamlChild(n, step)
		if next == nil {
			break
		}
		if key, ok := step.(string); !ok || next.Kind == yaml.ScalarNode || next.Style&yaml.FlowStyle != 0 {
			line = next.Line
		} else {
			line = yamlKey(n, key).Line
		}
		n = next
	}
	return line
}

// keys lists the keys of the mapping at path with their lines.
func (c *ruleSetChecker) keys(path ...any) map[string]int {
	out := map[string]int{}
	n := c.node(path...)
	if n == nil || n.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		out[n.Content[i].Value] = n.Content[i].Line
	}
	return out
}

// yamlKey is the key node of a mapping's key.
func yamlKey(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return n
}

func yamlChild(n *yaml.Node, step any) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch s := step.(type) {
	case string:
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == s {
					return n.Content[i+1]
				}
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && s < len(n.Content) {
			return n.Content[s]
		}
	}
	return nil
}
