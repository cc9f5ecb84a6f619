// Command labsrv is the origin side of the proxyaudit capture lab: a GOPROXY-protocol module
// proxy, a checksum database (a real signed tree over the lab's modules), a private VCS host
// (?go-get=1 meta tags + git smart-HTTP via git-http-backend) and a plain web host.
//
// Every connection and every request is logged as one JSON line with the peer address, so the
// lab's ground truth ("did this host see the client or the proxy?") comes from the server side,
// not from any packet parser. Standard library only (Debian's Go 1.19).
package main

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/cgi"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ---------------------------------------------------------------- request log

type logger struct {
	mu   sync.Mutex
	f    *os.File
	role string
}

func (l *logger) write(m map[string]any) {
	m["ts"] = time.Now().UTC().Format(time.RFC3339Nano)
	m["role"] = l.role
	b, _ := json.Marshal(m)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.f.Write(append(b, '\n'))
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }
func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = 200
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func logged(l *logger, scheme, listen string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		m := map[string]any{
			"event": "request", "scheme": scheme, "listen": listen, "peer": r.RemoteAddr,
			"method": r.Method, "host": r.Host, "uri": r.RequestURI, "status": rec.status,
			"bytes": rec.bytes, "ua": r.UserAgent(),
		}
		if r.TLS != nil {
			m["sni"] = r.TLS.ServerName
			m["alpn"] = r.TLS.NegotiatedProtocol
		}
		l.write(m)
	})
}

// ---------------------------------------------------------------- modules

type modVersion struct {
	Path, Version string
	Time          time.Time
	Mod           []byte
	Zip           []byte
	Files         map[string][]byte // zip entry name -> content
}

type catalogue struct {
	byPath map[string][]*modVersion // path -> versions, ascending
	latest map[string]*modVersion   // path -> @latest answer for modules without tags
	order  []*modVersion            // checksum-DB record order
}

func addModule(c *catalogue, path, version string, when time.Time, gomod string, files map[string]string, tagged bool) {
	mv := &modVersion{Path: path, Version: version, Time: when, Mod: []byte(gomod), Files: map[string][]byte{}}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := []string{"go.mod"}
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		content := gomod
		if n != "go.mod" {
			content = files[n]
		}
		full := path + "@" + version + "/" + n
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: full, Method: zip.Deflate, Modified: when})
		if err != nil {
			log.Fatal(err)
		}
		fw.Write([]byte(content))
		mv.Files[full] = []byte(content)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	mv.Zip = buf.Bytes()
	if tagged {
		c.byPath[path] = append(c.byPath[path], mv)
	} else {
		c.latest[path] = mv
	}
	c.order = append(c.order, mv)
}

func newCatalogue() *catalogue {
	c := &catalogue{byPath: map[string][]*modVersion{}, latest: map[string]*modVersion{}}
	t := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	src := func(pkg, body string) string { return "package " + pkg + "\n\n" + body + "\n" }
	addModule(c, "lab.test/words", "v0.1.0", t("2026-01-10T10:00:00Z"),
		"module lab.test/words\n\ngo 1.19\n",
		map[string]string{"words.go": src("words", `func Hello() string { return "hello" }`)}, true)
	addModule(c, "lab.test/words", "v0.2.0", t("2026-02-10T10:00:00Z"),
		"module lab.test/words\n\ngo 1.19\n",
		map[string]string{"words.go": src("words", `func Hello() string { return "hello, lab" }`)}, true)
	addModule(c, "lab.test/greet", "v1.0.0", t("2026-03-01T09:00:00Z"),
		"module lab.test/greet\n\ngo 1.19\n\nrequire lab.test/words v0.1.0\n",
		map[string]string{"greet.go": src("greet", `import "lab.test/words"

func Greet() string { return words.Hello() }`)}, true)
	addModule(c, "lab.test/greet", "v1.1.0", t("2026-04-01T09:00:00Z"),
		"module lab.test/greet\n\ngo 1.19\n\nrequire lab.test/words v0.2.0\n",
		map[string]string{"greet.go": src("greet", `import "lab.test/words"

func Greet() string { return words.Hello() + "!" }`)}, true)
	addModule(c, "lab.test/nightly", "v0.0.0-20261101000000-abcdefabcdef", t("2026-11-01T00:00:00Z"),
		"module lab.test/nightly\n\ngo 1.19\n",
		map[string]string{"nightly.go": src("nightly", `const Build = "20261101"`)}, false)
	return c
}

// find returns the version entry, or nil.
func (c *catalogue) find(path, version string) *modVersion {
	for _, mv := range c.byPath[path] {
		if mv.Version == version {
			return mv
		}
	}
	if mv := c.latest[path]; mv != nil && mv.Version == version {
		return mv
	}
	return nil
}

func infoJSON(mv *modVersion) []byte {
	b, _ := json.Marshal(map[string]any{"Version": mv.Version, "Time": mv.Time.UTC().Format(time.RFC3339)})
	return b
}

// unescape reverses golang.org/x/mod/module.EscapePath ("!x" -> "X").
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '!' && i+1 < len(s) {
			b.WriteByte(s[i+1] - 'a' + 'A')
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// goproxyHandler serves the GOPROXY protocol (go help goproxy; cmd/go/internal/modfetch/proxy.go).
// failCode != 0 makes every request answer that status (the "a" in a fallback list).
func goproxyHandler(c *catalogue, failCode int, sumdbSupported bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failCode != 0 {
			http.Error(w, "not found on this mirror", failCode)
			return
		}
		p := strings.TrimPrefix(r.URL.Path, "/")
		if strings.HasPrefix(p, "sumdb/") {
			if sumdbSupported {
				w.WriteHeader(200)
				return
			}
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(p, "/@latest") {
			mod := unescape(strings.TrimSuffix(p, "/@latest"))
			mv := c.latest[mod]
			if mv == nil {
				if vs := c.byPath[mod]; len(vs) > 0 {
					mv = vs[len(vs)-1]
				}
			}
			if mv == nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write(infoJSON(mv))
			return
		}
		i := strings.Index(p, "/@v/")
		if i < 0 {
			http.NotFound(w, r)
			return
		}
		mod, file := unescape(p[:i]), p[i+len("/@v/"):]
		if file == "list" {
			vs, ok := c.byPath[mod]
			if !ok && c.latest[mod] == nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			for _, mv := range vs {
				fmt.Fprintln(w, mv.Version)
			}
			return
		}
		dot := strings.LastIndex(file, ".")
		if dot < 0 {
			http.NotFound(w, r)
			return
		}
		mv := c.find(mod, unescape(file[:dot]))
		if mv == nil {
			http.NotFound(w, r)
			return
		}
		switch file[dot:] {
		case ".info":
			w.Header().Set("Content-Type", "application/json")
			w.Write(infoJSON(mv))
		case ".mod":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write(mv.Mod)
		case ".zip":
			w.Header().Set("Content-Type", "application/zip")
			w.Write(mv.Zip)
		default:
			http.NotFound(w, r)
		}
	})
}

// ---------------------------------------------------------------- checksum database

// hash1 is golang.org/x/mod/sumdb/dirhash.Hash1: sha256 over "sha256hex  name\n" lines, sorted by name.
func hash1(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%x  %s\n", sha256.Sum256(files[n]), n)
	}
	return "h1:" + base64.StdEncoding.EncodeToString(h.Sum(nil))
}

type sumdb struct {
	name     string
	priv     ed25519.PrivateKey
	verifier string
	keyHash  uint32
	records  [][]byte            // record data, id = index
	ids      map[string]int      // "path@version" -> id
	leaves   [][sha256.Size]byte // record hashes
}

// newSumdb builds the tree. Formats from golang.org/x/mod: note (signed notes), tlog (RFC 6962
// Merkle tree, record hash = SHA-256(0x00||data), node hash = SHA-256(0x01||l||r)).
func newSumdb(name string, c *catalogue) *sumdb {
	seed := sha256.Sum256([]byte("proxyaudit lab sumdb key " + name))
	priv := ed25519.NewKeyFromSeed(seed[:])
	pub := append([]byte{1}, priv.Public().(ed25519.PublicKey)...) // 1 = alg Ed25519
	kh := sha256.Sum256(append([]byte(name+"\n"), pub...))
	s := &sumdb{name: name, priv: priv, ids: map[string]int{}}
	s.keyHash = binary.BigEndian.Uint32(kh[:4])
	s.verifier = fmt.Sprintf("%s+%08x+%s", name, s.keyHash, base64.StdEncoding.EncodeToString(pub))
	for _, mv := range c.order {
		data := fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", mv.Path, mv.Version, hash1(mv.Files),
			mv.Path, mv.Version, hash1(map[string][]byte{"go.mod": mv.Mod}))
		s.ids[mv.Path+"@"+mv.Version] = len(s.records)
		s.records = append(s.records, []byte(data))
		s.leaves = append(s.leaves, sha256.Sum256(append([]byte{0}, data...)))
	}
	return s
}

func nodeHash(l, r [sha256.Size]byte) [sha256.Size]byte {
	return sha256.Sum256(append(append([]byte{1}, l[:]...), r[:]...))
}

// rangeHash is the Merkle tree hash of leaves [lo, hi) (RFC 6962 section 2.1).
func (s *sumdb) rangeHash(lo, hi int) [sha256.Size]byte {
	if hi-lo == 1 {
		return s.leaves[lo]
	}
	k := 1
	for k*2 < hi-lo {
		k *= 2
	}
	return nodeHash(s.rangeHash(lo, lo+k), s.rangeHash(lo+k, hi))
}

func (s *sumdb) signedTree() []byte {
	root := s.rangeHash(0, len(s.leaves))
	text := fmt.Sprintf("go.sum database tree\n%d\n%s\n", len(s.leaves), base64.StdEncoding.EncodeToString(root[:]))
	sig := ed25519.Sign(s.priv, []byte(text))
	var kh [4]byte
	binary.BigEndian.PutUint32(kh[:], s.keyHash)
	return []byte(text + "\n\u2014 " + s.name + " " + base64.StdEncoding.EncodeToString(append(kh[:], sig...)) + "\n")
}

// tile serves /tile/H/L/NNN[.p/W] (tlog.Tile.Path): the stored hashes at tree level L*H.
func (s *sumdb) tile(w http.ResponseWriter, r *http.Request, rest string) {
	parts := strings.Split(rest, "/")
	if len(parts) < 3 {
		http.NotFound(w, r)
		return
	}
	h, err1 := strconv.Atoi(parts[0])
	if err1 != nil || h < 1 || h > 30 || parts[1] == "data" {
		http.NotFound(w, r)
		return
	}
	lvl, err2 := strconv.Atoi(parts[1])
	idxParts := parts[2:]
	width := 1 << h
	if n := len(idxParts); n >= 2 && strings.HasSuffix(idxParts[n-2], ".p") {
		wv, err := strconv.Atoi(idxParts[n-1])
		if err != nil {
			http.NotFound(w, r)
			return
		}
		width = wv
		idxParts = append(idxParts[:n-2:n-2], strings.TrimSuffix(idxParts[n-2], ".p"))
	}
	var digits strings.Builder
	for _, p := range idxParts {
		digits.WriteString(strings.TrimPrefix(p, "x"))
	}
	idx, err3 := strconv.Atoi(digits.String())
	if err2 != nil || err3 != nil {
		http.NotFound(w, r)
		return
	}
	span := 1 << (lvl * h) // leaves under one stored hash at this level
	var out []byte
	for i := 0; i < width; i++ {
		lo := (idx<<h + i) * span
		hi := lo + span
		if hi > len(s.leaves) {
			http.NotFound(w, r)
			return
		}
		hv := s.rangeHash(lo, hi)
		out = append(out, hv[:]...)
	}
	w.Write(out)
}

func (s *sumdb) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case strings.HasPrefix(p, "/lookup/"):
			key := unescape(strings.TrimPrefix(p, "/lookup/"))
			id, ok := s.ids[key]
			if !ok {
				http.Error(w, "not found: "+key, http.StatusNotFound)
				return
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprintf(w, "%d\n%s\n", id, s.records[id])
			w.Write(s.signedTree())
		case strings.HasPrefix(p, "/tile/"):
			s.tile(w, r, strings.TrimPrefix(p, "/tile/"))
		case p == "/latest":
			w.Write(s.signedTree())
		default:
			http.NotFound(w, r)
		}
	})
}

// ---------------------------------------------------------------- VCS host

func vcsHandler(host, gitRoot string) http.Handler {
	backend := &cgi.Handler{
		Path: "/usr/lib/git-core/git-http-backend",
		Env:  []string{"GIT_PROJECT_ROOT=" + gitRoot, "GIT_HTTP_EXPORT_ALL=1"},
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("go-get") == "1" {
			// cmd/go/internal/vcs: <meta name="go-import" content="prefix vcs repo-root">
			parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
			if len(parts) < 2 {
				http.NotFound(w, r)
				return
			}
			prefix := host + "/" + parts[0] + "/" + strings.TrimSuffix(parts[1], ".git")
			fmt.Fprintf(w, "<!DOCTYPE html>\n<html><head>\n<meta name=\"go-import\" content=\"%s git https://%s/%s/%s.git\">\n</head><body>go get %s</body></html>\n",
				prefix, host, parts[0], strings.TrimSuffix(parts[1], ".git"), prefix)
			return
		}
		// smart HTTP also for repositories named without .git (cargo's github.com/rust-lang/crates.io-index)
		if strings.Contains(r.URL.Path, ".git/") || strings.HasSuffix(r.URL.Path, "/info/refs") ||
			strings.HasSuffix(r.URL.Path, "/git-upload-pack") {
			backend.ServeHTTP(w, r)
			return
		}
		http.NotFound(w, r)
	})
}

// registryHandler serves a package registry's files from a directory: the path itself, else its index.html
// (PyPI's simple index) or index.json (an npm packument, for /<name> beside the /<name>/-/ tarballs).
func registryHandler(root string) http.Handler {
	types := map[string]string{".html": "text/html; charset=utf-8", ".json": "application/json", ".whl": "application/octet-stream",
		".tgz": "application/octet-stream", ".pom": "text/xml", ".jar": "application/java-archive", ".sha1": "text/plain",
		".crate": "application/octet-stream"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clean := filepath.Clean("/" + r.URL.Path)
		for _, cand := range []string{clean, clean + "/index.html", clean + "/index.json"} {
			full := filepath.Join(root, cand)
			if st, err := os.Stat(full); err == nil && st.Mode().IsRegular() {
				if t, ok := types[filepath.Ext(full)]; ok {
					w.Header().Set("Content-Type", t)
				}
				if strings.HasPrefix(clean, "/v2") {
					setRegistryV2Headers(w, clean, full)
				}
				http.ServeFile(w, r, full)
				return
			}
		}
		http.NotFound(w, r)
	})
}

// setRegistryV2Headers adds what a Docker registry (distribution docs/spec/api.md) answers with: the API version on
// every response, and a manifest's media type and digest.
func setRegistryV2Headers(w http.ResponseWriter, path, file string) {
	w.Header().Set("Docker-Distribution-API-Version", "registry/2.0")
	if strings.Contains(path, "/manifests/") {
		if data, err := os.ReadFile(file); err == nil {
			w.Header().Set("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
			w.Header().Set("Docker-Content-Digest", fmt.Sprintf("sha256:%x", sha256.Sum256(data)))
		}
	} else if strings.Contains(path, "/blobs/") {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Docker-Content-Digest", filepath.Base(path))
	}
}

func webHandler(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!DOCTYPE html><html><head><title>%s</title></head><body><h1>%s</h1><p>lab page %s</p></body></html>\n",
			name, name, r.URL.Path)
	})
}

// ---------------------------------------------------------------- main

func main() {
	role := flag.String("role", "goproxy", "goproxy | sumdb | vcs | web | registry")
	root := flag.String("root", "", "registry: directory of the registry's files")
	name := flag.String("name", "", "host name (vcs meta tags, web title)")
	httpsAddr := flag.String("https", "", "comma-separated ip:port list for TLS listeners")
	httpAddr := flag.String("http", "", "comma-separated ip:port list for plain listeners")
	cert := flag.String("cert", "", "certificate chain (PEM)")
	key := flag.String("key", "", "private key (PEM)")
	logPath := flag.String("log", "", "JSON-lines request log")
	failCode := flag.Int("fail", 0, "goproxy: answer every request with this status")
	sumSupported := flag.Bool("sumdb-supported", false, "goproxy: answer 200 to /sumdb/<db>/supported (no proxying of the db follows)")
	gitRoot := flag.String("git-root", "", "vcs: GIT_PROJECT_ROOT")
	printKey := flag.Bool("print-sumdb-key", false, "print the checksum-DB verifier key for -name and exit")
	flag.Parse()

	cat := newCatalogue()
	if *printKey {
		fmt.Println(newSumdb(*name, cat).verifier)
		return
	}
	f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	lg := &logger{f: f, role: *role}

	var h http.Handler
	switch *role {
	case "goproxy":
		h = goproxyHandler(cat, *failCode, *sumSupported)
	case "sumdb":
		h = newSumdb(*name, cat).handler()
	case "vcs":
		h = vcsHandler(*name, *gitRoot)
	case "web":
		h = webHandler(*name)
	case "registry":
		h = registryHandler(*root)
	default:
		log.Fatalf("unknown role %q", *role)
	}

	serve := func(addr string, tlsCfg *tls.Config) {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			log.Fatal(err)
		}
		scheme := "http"
		if tlsCfg != nil {
			scheme = "https"
		}
		srv := &http.Server{
			Handler:           logged(lg, scheme, addr, h),
			ReadHeaderTimeout: 10 * time.Second,
			ConnState: func(c net.Conn, st http.ConnState) {
				if st == http.StateNew {
					lg.write(map[string]any{"event": "conn", "scheme": scheme, "listen": addr, "peer": c.RemoteAddr().String()})
				}
			},
			ErrorLog: log.New(os.Stderr, *role+" "+addr+" ", log.LstdFlags),
		}
		if tlsCfg != nil {
			ln = tls.NewListener(ln, tlsCfg)
		}
		log.Fatal(srv.Serve(ln))
	}
	var tlsCfg *tls.Config
	if *httpsAddr != "" {
		pair, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			log.Fatal(err)
		}
		tlsCfg = &tls.Config{Certificates: []tls.Certificate{pair}, NextProtos: []string{"http/1.1"}}
	}
	n := 0
	for _, a := range strings.Split(*httpsAddr, ",") {
		if a != "" {
			n++
			go serve(a, tlsCfg)
		}
	}
	for _, a := range strings.Split(*httpAddr, ",") {
		if a != "" {
			n++
			go serve(a, nil)
		}
	}
	if n == 0 {
		log.Fatal("no listener")
	}
	select {}
}
