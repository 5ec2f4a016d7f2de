// Command template-oracle runs template test cases through Go's text/template
// with the Sprig function library and a `gjson` function, and compares the
// output with each case's expectation. It is a tool for writing expectations
// (see README.md); the test suite itself never needs Go.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig/v3"
	"github.com/tidwall/gjson"
	"gopkg.in/yaml.v3"
)

// testCase mirrors the case format documented in server/test/templates/README.md.
type testCase struct {
	Name          string          `json:"name"`
	Template      string          `json:"template"`
	Data          json.RawMessage `json:"data"`
	JSON          *string         `json:"json"`
	Now           string          `json:"now"`
	Output        *string         `json:"output"`
	OutputPattern *string         `json:"outputPattern"`
	Error         *string         `json:"error"`
	Phase         string          `json:"phase"`
	Source        string          `json:"source"`
}

type outcome struct {
	output string
	err    error
}

func main() {
	onlySource := flag.String("source", "", "only cases whose source is this (go, hand, differs)")
	showAll := flag.Bool("all", false, "print matching cases too")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: template-oracle [-source go] [-all] FILE.yaml|DIR...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	var files []string
	for _, arg := range flag.Args() {
		info, err := os.Stat(arg)
		if err != nil {
			fatal(err)
		}
		if info.IsDir() {
			matches, _ := filepath.Glob(filepath.Join(arg, "*.yaml"))
			sort.Strings(matches)
			files = append(files, matches...)
		} else {
			files = append(files, arg)
		}
	}
	mismatches := 0
	total := 0
	skipped := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			fatal(err)
		}
		cases, err := decodeCases(raw)
		if err != nil {
			fatal(fmt.Errorf("%s: %w", file, err))
		}
		for _, c := range cases {
			if *onlySource != "" && c.Source != *onlySource {
				continue
			}
			// Limit cases would run for hours or exhaust memory in Go: their
			// expectation is the gateway's own (source: differs).
			if c.Phase == "limit" || (c.Error != nil && *c.Error == "") {
				skipped++
				continue
			}
			total++
			got := run(c)
			ok, want := compare(c, got)
			if !ok && c.Source == "go" {
				mismatches++
			}
			if !ok || *showAll {
				status := "MATCH"
				if !ok {
					status = "DIFF "
				}
				gotText := strconv.Quote(got.output)
				if got.err != nil {
					gotText = "error: " + got.err.Error()
				}
				fmt.Printf("%s [%s] %s: %s\n    want %s\n    go   %s\n", status, c.Source, filepath.Base(file), c.Name, want, gotText)
			}
		}
	}
	fmt.Printf("%d cases run (%d limit cases skipped), %d cases marked `source: go` disagree with Go\n", total, skipped, mismatches)
	if mismatches > 0 {
		os.Exit(1)
	}
}

func compare(c testCase, got outcome) (bool, string) {
	switch {
	case c.Error != nil:
		return got.err != nil && strings.Contains(got.err.Error(), *c.Error), "error containing " + strconv.Quote(*c.Error)
	case c.OutputPattern != nil:
		re, err := regexp.Compile("^(?:" + *c.OutputPattern + ")$")
		if err != nil {
			return false, "bad pattern: " + err.Error()
		}
		return got.err == nil && re.MatchString(got.output), "output matching /" + *c.OutputPattern + "/"
	case c.Output != nil:
		return got.err == nil && got.output == *c.Output, strconv.Quote(*c.Output)
	}
	return false, "(no expectation)"
}

func run(c testCase) (result outcome) {
	defer func() {
		if r := recover(); r != nil {
			result = outcome{err: fmt.Errorf("panic: %v", r)}
		}
	}()
	jsonText := "{}"
	if c.JSON != nil {
		jsonText = *c.JSON
	} else if len(c.Data) > 0 && string(c.Data) != "null" {
		jsonText = string(c.Data)
	}
	funcs := sprig.TxtFuncMap()
	// gjson_template's `gjson PATH` evaluates a gjson path against dot; a
	// FuncMap function cannot see dot, so the oracle evaluates it against the
	// root document (the same thing whenever dot is the root).
	funcs["gjson"] = func(path string) any { return fromResult(gjson.Get(jsonText, path)) }
	if c.Now != "" {
		fixed, err := time.Parse(time.RFC3339Nano, c.Now)
		if err != nil {
			return outcome{err: fmt.Errorf("bad now: %w", err)}
		}
		funcs["now"] = func() time.Time { return fixed }
	}
	tmpl, err := template.New("case").Funcs(funcs).Parse(c.Template)
	if err != nil {
		return outcome{err: err}
	}
	decoder := json.NewDecoder(strings.NewReader(jsonText))
	decoder.UseNumber()
	var data any
	if err := decoder.Decode(&data); err != nil {
		return outcome{err: fmt.Errorf("bad data: %w", err)}
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, normalizeNumbers(data)); err != nil {
		return outcome{output: buf.String(), err: err}
	}
	return outcome{output: buf.String()}
}

// normalizeNumbers turns JSON numbers into the Go values gjson_template hands
// to functions: an int when the number is integral, else a float64.
func normalizeNumbers(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = normalizeNumbers(e)
		}
		return v
	case []any:
		for i, e := range v {
			v[i] = normalizeNumbers(e)
		}
		return v
	case json.Number:
		f, _ := v.Float64()
		if f == float64(int64(f)) {
			return int(f)
		}
		return f
	}
	return v
}

// fromResult converts a gjson result for use in the oracle: scalars become Go
// values, objects and arrays stay raw JSON text (which prints as gjson_template
// prints them).
func fromResult(r gjson.Result) any {
	switch r.Type {
	case gjson.String:
		return r.Str
	case gjson.Number:
		if r.Num == float64(int64(r.Num)) {
			return int(r.Num)
		}
		return r.Num
	case gjson.True:
		return true
	case gjson.False:
		return false
	case gjson.JSON:
		return r.Raw
	}
	if !r.Exists() {
		return ""
	}
	return nil
}

// decodeCases reads a case file with YAML 1.2 rules (as the TypeScript runner
// does: `y`, `n`, `yes`, `no` are strings, not booleans) and goes through JSON
// so that `data` is exactly the JSON value the runner sends.
func decodeCases(raw []byte) ([]testCase, error) {
	var generic any
	if err := yaml.Unmarshal(raw, &generic); err != nil {
		return nil, err
	}
	asJSON, err := json.Marshal(generic)
	if err != nil {
		return nil, err
	}
	var cases []testCase
	if err := json.Unmarshal(asJSON, &cases); err != nil {
		return nil, err
	}
	return cases, nil
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "template-oracle:", err)
	os.Exit(2)
}
