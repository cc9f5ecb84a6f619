#!/usr/bin/env python3
"""Writes the lab's fake package registries: the few files each real client asks for, under <root>/<host>/
(make-registries.py <root> <git root>).

  pypi.org                 /simple/labpkg/ (PEP 503 page) -> files.pythonhosted.org/packages/.../labpkg-1.0.0-py3-none-any.whl
  registry.npmjs.org       /labpkg (packument, index.json) and /labpkg/-/labpkg-1.0.0.tgz
  repo.maven.apache.org    /maven2/org/lab/lab-parent/1.0/lab-parent-1.0.pom (+ .sha1): the parent POM a project resolves
  github.com               /rust-lang/crates.io-index: cargo < 1.70's git index (a bare repository under <git root>,
                           served by git-http-backend)
  static.crates.io         /crates/labcrate/1.0.0/download (the .crate file the index's config.json points to)
  registry-1.docker.io     /v2/ and the image docker.io/library/labimg:1.0 (an image manifest v2 schema 2, its config
                           and one layer, by digest: what dockerd asks for when it pulls)

Every file is built here, reproducibly (fixed timestamps), with the checksums the clients verify.
"""
import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile

FIXED = (2026, 5, 1, 12, 0, 0)
EPOCH = 1777636800  # 2026-05-01T12:00:00Z


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def targz(members, prefix):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", format=tarfile.USTAR_FORMAT) as t:
        for name, data in members:
            info = tarfile.TarInfo(prefix + name)
            info.size, info.mtime, info.mode = len(data), EPOCH, 0o644
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def wheel():
    files = {
        "labpkg/__init__.py": b"ANSWER = 42\n",
        "labpkg-1.0.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: labpkg\nVersion: 1.0.0\nSummary: proxyaudit lab package\n",
        "labpkg-1.0.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: proxyaudit-lab\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = ""
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record += "%s,sha256=%s,%d\n" % (name, digest, len(data))
    record += "labpkg-1.0.0.dist-info/RECORD,,\n"
    files["labpkg-1.0.0.dist-info/RECORD"] = record.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(zipfile.ZipInfo(name, FIXED), data)
    return buf.getvalue()


def main(root, git_root):
    # PyPI: simple index on pypi.org, the file on files.pythonhosted.org (the real split)
    whl = wheel()
    sha = hashlib.sha256(whl).hexdigest()
    rel = "packages/9a/7b/labpkg-1.0.0-py3-none-any.whl"
    write(os.path.join(root, "files.pythonhosted.org", rel), whl)
    write(os.path.join(root, "pypi.org", "simple", "labpkg", "index.html"),
          '<!DOCTYPE html>\n<html><body>\n<a href="https://files.pythonhosted.org/%s#sha256=%s">labpkg-1.0.0-py3-none-any.whl</a><br/>\n</body></html>\n'
          % (rel, sha))

    # npm: packument + tarball
    pkg = json.dumps({"name": "labpkg", "version": "1.0.0", "description": "proxyaudit lab package", "main": "index.js"}).encode()
    tgz = targz([("package.json", pkg), ("index.js", b"module.exports = 42;\n")], "package/")
    write(os.path.join(root, "registry.npmjs.org", "labpkg", "-", "labpkg-1.0.0.tgz"), tgz)
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(tgz).digest()).decode()
    packument = {
        "name": "labpkg", "dist-tags": {"latest": "1.0.0"},
        "versions": {"1.0.0": {"name": "labpkg", "version": "1.0.0", "main": "index.js",
                               "dist": {"tarball": "https://registry.npmjs.org/labpkg/-/labpkg-1.0.0.tgz",
                                        "shasum": hashlib.sha1(tgz).hexdigest(), "integrity": integrity}}},
        "time": {"1.0.0": "2026-05-01T12:00:00.000Z"},
    }
    write(os.path.join(root, "registry.npmjs.org", "labpkg", "index.json"), json.dumps(packument))

    # Maven Central: a parent POM (resolving it needs no plugin, so `mvn validate` fetches only this)
    pom = ('<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
           '  <modelVersion>4.0.0</modelVersion>\n  <groupId>org.lab</groupId>\n  <artifactId>lab-parent</artifactId>\n'
           '  <version>1.0</version>\n  <packaging>pom</packaging>\n</project>\n').encode()
    base = os.path.join(root, "repo.maven.apache.org", "maven2", "org", "lab", "lab-parent", "1.0", "lab-parent-1.0.pom")
    write(base, pom)
    write(base + ".sha1", hashlib.sha1(pom).hexdigest())

    # crates.io for cargo 0.66: git index (config.json + la/bc/labcrate) and the .crate on static.crates.io
    manifest = b'[package]\nname = "labcrate"\nversion = "1.0.0"\nedition = "2021"\n'
    crate = targz([("Cargo.toml", manifest), ("src/lib.rs", b"pub const ANSWER: u32 = 42;\n")], "labcrate-1.0.0/")
    write(os.path.join(root, "static.crates.io", "crates", "labcrate", "1.0.0", "download"), crate)
    src = os.path.join(root, "index-src")
    write(os.path.join(src, "config.json"), json.dumps({"dl": "https://static.crates.io/crates", "api": "https://crates.io"}))
    write(os.path.join(src, "la", "bc", "labcrate"), json.dumps(
        {"name": "labcrate", "vers": "1.0.0", "deps": [], "cksum": hashlib.sha256(crate).hexdigest(), "features": {},
         "yanked": False}) + "\n")
    env = dict(os.environ, GIT_AUTHOR_DATE="2026-05-01T12:00:00Z", GIT_COMMITTER_DATE="2026-05-01T12:00:00Z",
               GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    git = ["git", "-c", "user.name=lab", "-c", "user.email=lab@lab.test"]
    subprocess.run(git + ["init", "-q", "-b", "master", src], check=True, env=env)
    subprocess.run(git + ["-C", src, "add", "."], check=True, env=env)
    subprocess.run(git + ["-C", src, "commit", "-qm", "index"], check=True, env=env)
    bare = os.path.join(git_root, "rust-lang", "crates.io-index")
    subprocess.run(["git", "clone", "-q", "--bare", src, bare], check=True, env=env)

    docker_image(os.path.join(root, "registry-1.docker.io"))


def docker_image(root):
    """Docker Hub's registry API v2 (distribution docs/spec/api.md) for one image: /v2/ answers 200 without a token
    challenge, so dockerd asks auth.docker.io for nothing; the manifest by tag, then the config and layer by digest."""
    layer = targz([("labimg.txt", b"proxyaudit lab image\n")], "")
    diff_id = "sha256:" + hashlib.sha256(gunzip(layer)).hexdigest()
    config = json.dumps({"architecture": "amd64", "os": "linux", "created": "2026-05-01T12:00:00Z",
                         "config": {"Cmd": ["/labimg.txt"]}, "rootfs": {"type": "layers", "diff_ids": [diff_id]},
                         "history": [{"created": "2026-05-01T12:00:00Z", "created_by": "proxyaudit lab"}]},
                        separators=(",", ":")).encode()
    blobs = {}
    for data in (config, layer):
        blobs["sha256:" + hashlib.sha256(data).hexdigest()] = data
    config_digest, layer_digest = list(blobs)
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                           "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                                      "size": len(config), "digest": config_digest},
                           "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                                       "size": len(layer), "digest": layer_digest}]}, indent=3).encode()
    repo = os.path.join(root, "v2", "library", "labimg")
    write(os.path.join(root, "v2", "index.json"), "{}")
    write(os.path.join(repo, "manifests", "1.0"), manifest)
    write(os.path.join(repo, "manifests", "sha256:" + hashlib.sha256(manifest).hexdigest()), manifest)
    for digest, data in blobs.items():
        write(os.path.join(repo, "blobs", digest), data)


def gunzip(data):
    import gzip
    return gzip.decompress(data)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
