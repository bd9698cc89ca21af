package scan

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Config is a scanner configuration read from a gitleaks-format TOML
// file by [LoadConfig] or [ParseConfig]. Pass its Rules and Allowlists
// to [New] in [Options].
type Config struct {
	// Rules are the file's rules, then, when it extends the defaults,
	// [DefaultRules] less those it disables or redefines.
	Rules []Rule

	// Allowlists are the file's global allowlists.
	Allowlists []Allowlist

	// Warnings name what the file holds that the scanner does not
	// apply, such as keys it does not know. Each is a
	// [*FileError]; none stops the configuration from being used.
	Warnings []error
}

// maxExtend is how deep [extend] path chains may go.
const maxExtend = 3

// LoadConfig reads the gitleaks-format TOML configuration at path, as
// [ParseConfig] does.
func LoadConfig(path string) (*Config, error) {
	return loadConfig(path, 0)
}

func loadConfig(path string, depth int) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Kind: "config", File: path, Err: err}
	}
	defer f.Close()
	return parseConfig(f, path, depth)
}

// ParseConfig reads a gitleaks-format TOML configuration from r;
// name is the file it came from, used in errors and to resolve a
// relative [extend] path.
//
// It reads [[rules]] with id, description, regex, secretGroup,
// entropy, keywords, path and allowlists (the older single
// [rules.allowlist] too); the global [allowlist] and [[allowlists]]
// (with targetRules, which attach it to the rules named); and
// [extend] with useDefault (add [DefaultRules]), disabledRules and
// path (extend another file, resolved against name's directory).
// Allowlists read description, condition ("OR" or "AND"), paths,
// regexes, regexTarget ("secret", "match" or "line") and stopwords.
//
// The differences from gitleaks: a rule runs only on lines holding one
// of its keywords (gitleaks only wants the keyword somewhere in the
// file); a rule whose id is a default rule's replaces it rather than
// adding to it; a rule without secretGroup whose regex has several
// groups takes the first as the secret (gitleaks takes the first that
// matched something), with a warning; allowlist commits apply to
// history scans only; and a rule with a path but no regex, or
// an [extend] url, is an error.
//
// Go's regular expressions, which gitleaks uses too, have no
// lookarounds or backreferences; such a regex is an error naming the
// rule. Every error is a [*FileError] wrapping [ErrBadConfig] that
// names the file, the line where known, the rule's id and the reason.
func ParseConfig(r io.Reader, name string) (*Config, error) {
	return parseConfig(r, name, 0)
}

// tomlConfig is the TOML form of a configuration.
type tomlConfig struct {
	Title      string          `toml:"title"`
	MinVersion string          `toml:"minVersion"`
	Extend     tomlExtend      `toml:"extend"`
	Rules      []tomlRule      `toml:"rules"`
	Allowlist  *tomlAllowlist  `toml:"allowlist"`
	Allowlists []tomlAllowlist `toml:"allowlists"`
}

type tomlExtend struct {
	Path          string   `toml:"path"`
	URL           string   `toml:"url"`
	UseDefault    bool     `toml:"useDefault"`
	DisabledRules []string `toml:"disabledRules"`
}

type tomlRule struct {
	ID          string          `toml:"id"`
	Description string          `toml:"description"`
	Regex       string          `toml:"regex"`
	SecretGroup int             `toml:"secretGroup"`
	Entropy     float64         `toml:"entropy"`
	Keywords    []string        `toml:"keywords"`
	Path        string          `toml:"path"`
	Tags        []string        `toml:"tags"`
	Allowlist   *tomlAllowlist  `toml:"allowlist"`
	Allowlists  []tomlAllowlist `toml:"allowlists"`
}

type tomlAllowlist struct {
	Description string   `toml:"description"`
	Condition   string   `toml:"condition"`
	Commits     []string `toml:"commits"`
	Paths       []string `toml:"paths"`
	RegexTarget string   `toml:"regexTarget"`
	Regexes     []string `toml:"regexes"`
	StopWords   []string `toml:"stopwords"`
	TargetRules []string `toml:"targetRules"`
}

// configReader holds what parseConfig needs to report a problem.
type configReader struct {
	name      string
	ruleLines []int // the line of each [[rules]] header
	listLines []int // the line of [allowlist], then of each [[allowlists]]
	warnings  []error
}

func parseConfig(r io.Reader, name string, depth int) (*Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &FileError{Kind: "config", File: name, Err: err}
	}
	var tc tomlConfig
	md, err := toml.Decode(string(data), &tc)
	if err != nil {
		return nil, tomlError(name, err)
	}
	cr := &configReader{name: name, ruleLines: headerLines(data, "rules")}
	if tc.Allowlist != nil {
		cr.listLines = []int{tableLine(data, "allowlist")}
	}
	cr.listLines = append(cr.listLines, headerLines(data, "allowlists")...)
	for _, k := range md.Undecoded() {
		cr.warn(0, fmt.Errorf("key %q is not supported; ignored", k.String()))
	}
	cfg, err := cr.build(&tc, depth)
	if err != nil {
		return nil, err
	}
	cfg.Warnings = append(cfg.Warnings, cr.warnings...)
	return cfg, nil
}

// tomlError turns a TOML decoding error into a FileError with its line.
func tomlError(name string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &FileError{Kind: "config", File: name, Line: pe.Position.Line,
			Err: errors.New(pe.Message)}
	}
	msg := err.Error()
	line := 0
	if m := tomlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	return &FileError{Kind: "config", File: name, Line: line, Err: errors.New(msg)}
}

// tomlLine matches the start of the TOML decoder's type errors, which
// say the line in their text only.
var tomlLine = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "[^"]*"\))?: `)

// headerLines returns the lines, 1-based, of the array-of-tables
// headers [[table]] in data.
func headerLines(data []byte, table string) []int {
	var lines []int
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "[[") {
			continue
		}
		end := strings.Index(l, "]]")
		if end > 0 && strings.TrimSpace(l[2:end]) == table {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// tableLine returns the line, 1-based, of the table header [table] in
// data, or 0 if it has none (its keys may be dotted, as in
// allowlist.paths = [...]).
func tableLine(data []byte, table string) int {
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") && !strings.HasPrefix(l, "[[") {
			end := strings.Index(l, "]")
			if end > 0 && strings.TrimSpace(l[1:end]) == table {
				return i + 1
			}
		}
	}
	return 0
}

func (cr *configReader) fail(line int, err error) error {
	return &FileError{Kind: "config", File: cr.name, Line: line, Err: err}
}

func (cr *configReader) warn(line int, err error) {
	cr.warnings = append(cr.warnings, cr.fail(line, err))
}

// ruleLine returns the line of the i-th rule's header, or 0.
func (cr *configReader) ruleLine(i int) int {
	if i < len(cr.ruleLines) {
		return cr.ruleLines[i]
	}
	return 0
}

// build turns the decoded file into a Config.
func (cr *configReader) build(tc *tomlConfig, depth int) (*Config, error) {
	cfg := &Config{}
	for i := range tc.Rules {
		rule, err := cr.rule(&tc.Rules[i], cr.ruleLine(i))
		if err != nil {
			return nil, err
		}
		cfg.Rules = append(cfg.Rules, rule)
	}
	if err := cr.duplicates(cfg.Rules); err != nil {
		return nil, err
	}
	base, err := cr.base(&tc.Extend, depth)
	if err != nil {
		return nil, err
	}
	cfg.Rules = merge(cfg.Rules, base.Rules, tc.Extend.DisabledRules)
	cfg.Allowlists = base.Allowlists
	cfg.Warnings = base.Warnings
	return cfg, cr.globals(cfg, tc)
}

// duplicates reports a rule id defined twice.
func (cr *configReader) duplicates(rules []Rule) error {
	seen := map[string]bool{}
	for i, r := range rules {
		if seen[r.ID] {
			return cr.fail(cr.ruleLine(i), fmt.Errorf("rule %q defined twice", r.ID))
		}
		seen[r.ID] = true
	}
	return nil
}

// base returns the configuration the file extends: the default rules,
// another file, or nothing.
func (cr *configReader) base(ext *tomlExtend, depth int) (*Config, error) {
	switch {
	case ext.URL != "":
		return nil, cr.fail(0, errors.New("extend.url is not supported; "+
			"save the file and name it in extend.path"))
	case ext.Path != "" && depth >= maxExtend:
		return nil, cr.fail(0, fmt.Errorf("extend.path nested more than %d deep", maxExtend))
	case ext.Path != "":
		path := ext.Path
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(cr.name), path)
		}
		base, err := loadConfig(path, depth+1)
		if err != nil {
			return nil, fmt.Errorf("scan: config %q: extend: %w", cr.name, err)
		}
		if ext.UseDefault {
			base.Rules = merge(base.Rules, DefaultRules(), nil)
		}
		return base, nil
	case ext.UseDefault:
		return &Config{Rules: DefaultRules()}, nil
	}
	return &Config{}, nil
}

// merge returns own, then the rules of base that own does not redefine
// and disabled does not name.
func merge(own, base []Rule, disabled []string) []Rule {
	out := slices.Clone(own)
	for _, r := range base {
		redefined := slices.ContainsFunc(own, func(o Rule) bool { return o.ID == r.ID })
		if !redefined && !slices.Contains(disabled, r.ID) {
			out = append(out, r)
		}
	}
	return out
}

// globals adds the file's global allowlists to cfg, attaching those
// with targetRules to the rules they name.
func (cr *configReader) globals(cfg *Config, tc *tomlConfig) error {
	lists := tc.Allowlists
	if tc.Allowlist != nil {
		lists = append([]tomlAllowlist{*tc.Allowlist}, lists...)
	}
	for i := range lists {
		ta := &lists[i]
		line := 0
		if i < len(cr.listLines) {
			line = cr.listLines[i]
		}
		a, err := cr.allowlist(ta, line, "")
		if err != nil {
			return cr.fail(line, fmt.Errorf("global allowlist %d: %w", i+1, err))
		}
		if len(ta.TargetRules) == 0 {
			cfg.Allowlists = append(cfg.Allowlists, a)
			continue
		}
		for _, id := range ta.TargetRules {
			j := slices.IndexFunc(cfg.Rules, func(r Rule) bool { return r.ID == id })
			if j < 0 {
				return cr.fail(line, fmt.Errorf("global allowlist %d: target rule %q not defined",
					i+1, id))
			}
			cfg.Rules[j].Allowlists = append(slices.Clip(cfg.Rules[j].Allowlists), a)
		}
	}
	return nil
}

// rule converts one [[rules]] entry, whose header is on line.
func (cr *configReader) rule(tr *tomlRule, line int) (Rule, error) {
	id := tr.ID
	fail := func(err error) (Rule, error) {
		if id == "" {
			return Rule{}, cr.fail(line, fmt.Errorf("rule: %w", err))
		}
		return Rule{}, cr.fail(line, fmt.Errorf("rule %q: %w", id, err))
	}
	switch {
	case id == "":
		return fail(errors.New("no id"))
	case tr.Regex == "" && tr.Path != "":
		return fail(errors.New("rules with a path but no regex are not supported"))
	case tr.Regex == "":
		return fail(errors.New("no regex"))
	}
	re, err := compileRegex(tr.Regex)
	if err != nil {
		return fail(fmt.Errorf("regex: %w", err))
	}
	// As in gitleaks, a configured rule applies to every file, lock
	// files included, unless an allowlist says otherwise.
	r := Rule{
		ID: id, Description: tr.Description, Regex: re,
		SecretGroup: tr.SecretGroup, Entropy: tr.Entropy, LockFiles: true,
	}
	if r.SecretGroup == 0 && re.NumSubexp() > 0 && re.SubexpIndex("secret") < 0 {
		r.SecretGroup = 1
		if re.NumSubexp() > 1 {
			cr.warn(line, fmt.Errorf("rule %q: no secretGroup and %d groups; "+
				"the first group is the secret", id, re.NumSubexp()))
		}
	}
	for _, k := range tr.Keywords {
		r.Keywords = append(r.Keywords, strings.ToLower(k))
	}
	if tr.Path != "" {
		if r.Path, err = compileRegex(tr.Path); err != nil {
			return fail(fmt.Errorf("path: %w", err))
		}
	}
	if r.Allowlists, err = cr.ruleAllowlists(tr, line); err != nil {
		return fail(err)
	}
	if err := checkRule(&r); err != nil {
		return fail(err)
	}
	return r, nil
}

// ruleAllowlists converts a rule's allowlists, old and new style.
func (cr *configReader) ruleAllowlists(tr *tomlRule, line int) ([]Allowlist, error) {
	lists := tr.Allowlists
	if tr.Allowlist != nil {
		lists = append([]tomlAllowlist{*tr.Allowlist}, lists...)
	}
	var out []Allowlist
	for i := range lists {
		if len(lists[i].TargetRules) > 0 {
			return nil, fmt.Errorf("allowlist %d: targetRules is only for global allowlists", i+1)
		}
		a, err := cr.allowlist(&lists[i], line, tr.ID)
		if err != nil {
			return nil, fmt.Errorf("allowlist %d: %w", i+1, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// allowlist converts one allowlist of the rule id ("" for a global
// one) defined at line.
func (cr *configReader) allowlist(ta *tomlAllowlist, line int, id string) (Allowlist, error) {
	a := Allowlist{Description: ta.Description, StopWords: ta.StopWords}
	switch strings.ToUpper(strings.TrimSpace(ta.Condition)) {
	case "", "OR":
	case "AND":
		a.MatchAll = true
	default:
		return a, fmt.Errorf("condition %q: want OR or AND", ta.Condition)
	}
	switch ta.RegexTarget {
	case "", "secret":
	case "match":
		a.Target = TargetMatch
	case "line":
		a.Target = TargetLine
	default:
		return a, fmt.Errorf("regexTarget %q: want secret, match or line", ta.RegexTarget)
	}
	var err error
	if a.Paths, err = compileAll(ta.Paths, "path"); err != nil {
		return a, err
	}
	if a.Regexes, err = compileAll(ta.Regexes, "regex"); err != nil {
		return a, err
	}
	a.Commits = ta.Commits
	return a, a.check()
}

// compileAll compiles exprs, naming the failing one by its number.
func compileAll(exprs []string, what string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for i, e := range exprs {
		re, err := compileRegex(e)
		if err != nil {
			return nil, fmt.Errorf("%s %d: %w", what, i+1, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// compileRegex compiles expr. Its error gives the kind of problem and,
// for an unsupported operator such as a lookahead, the operator, but
// no more of expr: an allowlist regex may spell out a secret.
func compileRegex(expr string) (*regexp.Regexp, error) {
	for _, look := range []string{"(?<=", "(?<!"} {
		if strings.Contains(expr, look) {
			return nil, fmt.Errorf("lookbehind %s (Go regular expressions have no "+
				"lookarounds or backreferences)", look)
		}
	}
	re, err := regexp.Compile(expr)
	if err == nil {
		return re, nil
	}
	var se *syntax.Error
	if !errors.As(err, &se) {
		return nil, errors.New("invalid regular expression")
	}
	if se.Code == syntax.ErrInvalidPerlOp || se.Code == syntax.ErrInvalidEscape {
		if len(se.Expr) <= 4 {
			return nil, fmt.Errorf("%s: %s (Go regular expressions have no "+
				"lookarounds or backreferences)", se.Code, se.Expr)
		}
	}
	return nil, errors.New(se.Code.String())
}
