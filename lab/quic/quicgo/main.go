// quicgo is the QUIC lab's second client implementation (lab/quic/run-quic-lab.sh): one HTTP/3 GET with quic-go's
// http3.Transport. It never reads HTTPS_PROXY: quic-go has no proxy support, and the QUIC it speaks could not go
// through an HTTP proxy anyway. Built with a Go whose crypto/tls offers X25519MLKEM768 by default (Go 1.24+, go.mod
// "go 1.24" or later), its ClientHello carries a 1216-byte key share and needs two Initial packets.
//
//	quicgo URL    (trusts SSL_CERT_FILE, as crypto/x509 does on Linux)
package main

import (
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/quic-go/quic-go/http3"
)

func main() {
	version := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/quic-go/quic-go" {
				version = d.Version
			}
		}
	}
	tr := &http3.Transport{TLSClientConfig: &tls.Config{}}
	defer tr.Close()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	req, err := http.NewRequest(http.MethodGet, os.Args[1], nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	req.Header.Set("User-Agent", "quic-go-lab/"+version)
	resp, err := client.Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Printf("%s %s %q (quic-go %s)\n", resp.Proto, resp.Status, body, version)
}
