// goprobe asks the real net/http.ProxyFromEnvironment what it does with URLs under given environments.
//
// net/http reads the environment once per process (transport.go envProxyFunc, a sync.Once), so every
// environment needs its own process: the parent reads one case per line on stdin, runs itself once per case
// with exactly that environment (nothing inherited) and the case's URLs as arguments, and prints one line
// per case in input order. Used by GoDifferentialTest (src/test/java/io/proxyaudit/client).
//
// Input line:  K=V&K=V (query-escaped, url.ParseQuery) TAB url SPACE url ... (each query-escaped)
// Output line: one result per URL, TAB-separated, each a query string:
//
//	r=direct | r=error&msg=... | r=proxy&scheme=..&user=0|1&pass=0|1&host=..&port=..&path=..&opaque=..
//
// The first output line is "go <runtime.Version()>".
//
// goprobe -fetch URL makes one real request with net/http's DefaultTransport, which reads the proxy variables of
// its own environment, and prints the error or the status: GoSocksWireTest (src/test/java/io/proxyaudit/wire) runs it
// in a loopback-only network namespace and watches the wire.
package main

import (
	"bufio"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-child" {
		child(os.Args[2:])
		return
	}
	if len(os.Args) > 2 && os.Args[1] == "-fetch" {
		fetch(os.Args[2])
		return
	}
	parent()
}

func child(urls []string) {
	out := make([]string, len(urls))
	for i, raw := range urls {
		out[i] = decide(raw)
	}
	fmt.Println(strings.Join(out, "\t"))
}

func fetch(raw string) {
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(raw)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
}

func decide(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "r=badurl&msg=" + url.QueryEscape(err.Error())
	}
	p, err := http.ProxyFromEnvironment(&http.Request{URL: u})
	if err != nil {
		return "r=error&msg=" + url.QueryEscape(err.Error())
	}
	if p == nil {
		return "r=direct"
	}
	v := url.Values{}
	v.Set("r", "proxy")
	v.Set("scheme", p.Scheme)
	v.Set("host", p.Hostname())
	v.Set("port", p.Port())
	v.Set("path", p.Path)
	v.Set("opaque", p.Opaque)
	user, pass := "0", "0"
	if p.User != nil {
		user = "1"
		if _, ok := p.User.Password(); ok {
			pass = "1"
		}
	}
	v.Set("user", user)
	v.Set("pass", pass)
	return encode(v)
}

// encode is url.Values.Encode with "r" first, for readable output.
func encode(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		if k != "r" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("r=" + url.QueryEscape(v.Get("r")))
	for _, k := range keys {
		b.WriteString("&" + k + "=" + url.QueryEscape(v.Get(k)))
	}
	return b.String()
}

func parent() {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "goprobe:", err)
		os.Exit(2)
	}
	var lines []string
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	for in.Scan() {
		lines = append(lines, in.Text())
	}
	results := make([]string, len(lines))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 2*runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = run(self, lines[i])
			}
		}()
	}
	for i := range lines {
		work <- i
	}
	close(work)
	wg.Wait()
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(w, "go "+runtime.Version())
	for _, r := range results {
		fmt.Fprintln(w, r)
	}
	w.Flush()
}

func run(self, line string) string {
	envPart, urlPart, _ := strings.Cut(line, "\t")
	q, err := url.ParseQuery(envPart)
	if err != nil {
		return "r=harness&msg=" + url.QueryEscape(err.Error())
	}
	env := []string{}
	for k, vs := range q {
		for _, v := range vs {
			env = append(env, k+"="+v)
		}
	}
	args := []string{"-child"}
	for _, f := range strings.Fields(urlPart) {
		u, err := url.QueryUnescape(f)
		if err != nil {
			return "r=harness&msg=" + url.QueryEscape(err.Error())
		}
		args = append(args, u)
	}
	cmd := exec.Command(self, args...)
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return "r=harness&msg=" + url.QueryEscape(err.Error())
	}
	return strings.TrimRight(string(out), "\n")
}
