// Prints what Go's net/http ProxyFromEnvironment decides for one URL (argv[1]) under the process environment.
package main

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
)

func main() {
	u, err := url.Parse(os.Args[1])
	if err != nil {
		fmt.Println("badurl")
		return
	}
	p, err := http.ProxyFromEnvironment(&http.Request{URL: u})
	if err != nil {
		fmt.Println("error")
		return
	}
	if p == nil {
		fmt.Println("direct")
		return
	}
	fmt.Println("proxy\t" + p.Redacted())
}
