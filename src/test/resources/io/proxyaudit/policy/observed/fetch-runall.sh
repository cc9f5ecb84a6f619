#!/bin/bash
# Runs real `go mod download` (Debian go 1.19.8) against the local stand-in proxies of server.py and logs the requests.
cd /tmp/gofetch
run() { name=$1; mod=$2; shift 2; rm -rf home; mkdir -p home; echo "== $name $mod $*" >> log.txt
  env -i PATH=/usr/bin:/bin HOME=$PWD/home GOPATH=$PWD/home/go GOCACHE=$PWD/home/cache GOFLAGS=-modcacherw "$@" \
    timeout 30 go mod download -json "$mod" > out-$name.json 2>&1; chmod -R u+w home; }
run comma404 github.com/Azure/go-autorest@v1.0.0 GOPROXY=http://127.0.0.1:18081,http://127.0.0.1:18083,off
run comma500 rsc.io/quote@v1.5.2 GOPROXY=http://127.0.0.1:18082,http://127.0.0.1:18083,off
run pipe500 rsc.io/quote@v1.5.2 'GOPROXY=http://127.0.0.1:18082|http://127.0.0.1:18083,off'
run sumdbvia rsc.io/quote@v1.5.2 GOPROXY=http://127.0.0.1:18084,off
run sumdbnot rsc.io/quote@v1.5.2 GOPROXY=http://127.0.0.1:18083,http://127.0.0.1:18085,off
run private git.corp.example/x@v1.0.0 GOPROXY=http://127.0.0.1:18085,off GOPRIVATE=git.corp.example
run nosumdb rsc.io/quote@v1.5.2 GOPROXY=http://127.0.0.1:18085 GONOSUMDB=rsc.io
run explicit rsc.io/quote@v1.5.2 GOPROXY=http://127.0.0.1:18085 'GOSUMDB=sum.golang.org http://127.0.0.1:18083'
