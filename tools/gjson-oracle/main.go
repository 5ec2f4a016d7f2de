// Command gjson-oracle reads a JSON array of {"json","path"} cases on stdin and
// prints, for each case, what Go's tidwall/gjson returns for gjson.Get(json, path).
// Its output is committed as the expected results of the runtime's gjson tests.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"github.com/tidwall/gjson"
)

type testCase struct {
	Name string `json:"name,omitempty"`
	JSON string `json:"json"`
	Path string `json:"path"`
	// Mode is "get" (the default), "parse" (gjson.Parse(json), path unused) or
	// "then" (gjson.Get(json, path).Get(then)).
	Mode string `json:"mode,omitempty"`
	Then string `json:"then,omitempty"`
}

type outcome struct {
	Name   string `json:"name,omitempty"`
	JSON   string `json:"json"`
	Path   string `json:"path"`
	Mode   string `json:"mode,omitempty"`
	Then   string `json:"then,omitempty"`
	Type   int    `json:"type"`
	Raw    string `json:"raw"`
	Str    string `json:"str"`
	Num    string `json:"num"`
	Index  int    `json:"index"`
	Exists bool   `json:"exists"`
	String string `json:"string"`
	Int    string `json:"int"`
	Bool   bool   `json:"bool"`
	Valid  bool   `json:"valid"`
	// Array is the Go Result.Array() of the result, each element's raw text.
	Array    []string    `json:"array"`
	Float    string      `json:"float"`
	IsArray  bool        `json:"isArray"`
	IsObject bool        `json:"isObject"`
	Entries  [][2]string `json:"entries"`
}

func main() {
	var cases []testCase
	dec := json.NewDecoder(os.Stdin)
	if err := dec.Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "gjson-oracle: stdin must be a JSON array of {json, path}:", err)
		os.Exit(2)
	}
	out := make([]outcome, 0, len(cases))
	for _, c := range cases {
		var r gjson.Result
		switch c.Mode {
		case "parse":
			r = gjson.Parse(c.JSON)
		case "then":
			r = gjson.Get(c.JSON, c.Path).Get(c.Then)
		default:
			r = gjson.Get(c.JSON, c.Path)
		}
		arr := []string{}
		for _, e := range r.Array() {
			arr = append(arr, e.Raw)
		}
		var entries [][2]string
		if r.IsObject() {
			r.ForEach(func(k, v gjson.Result) bool {
				entries = append(entries, [2]string{k.String(), v.Raw})
				return true
			})
		}
		if entries == nil {
			entries = [][2]string{}
		}
		out = append(out, outcome{
			Name: c.Name, JSON: c.JSON, Path: c.Path, Mode: c.Mode, Then: c.Then,
			Float: strconv.FormatFloat(r.Float(), 'f', -1, 64), Entries: entries,
			IsArray: r.IsArray(), IsObject: r.IsObject(),
			Type: int(r.Type), Raw: r.Raw, Str: r.Str, Num: strconv.FormatFloat(r.Num, 'f', -1, 64), Index: r.Index,
			Exists: r.Exists(), String: r.String(), Int: strconv.FormatInt(r.Int(), 10), Bool: r.Bool(),
			Valid: gjson.Valid(c.JSON), Array: arr,
		})
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "gjson-oracle:", err)
		os.Exit(1)
	}
}
