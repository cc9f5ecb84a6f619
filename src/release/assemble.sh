#!/usr/bin/env bash
# The linux-x86_64 release (issue 22), run by `mvn -Prelease package` after the shaded jar is built:
#   target/release/proxyaudit-VERSION-linux-x86_64.tar.gz  bin/proxyaudit, lib/proxyaudit.jar, its AppCDS archive,
#                                                          a jlink runtime, man pages, bash and zsh completion
#   target/release/proxyaudit_VERSION_amd64.deb            the same tree under /usr/lib/proxyaudit, proxyaudit on PATH
# Needs the JDK's jdeps and jlink, asciidoctor (man pages from picocli's AsciiDoc) and dpkg-deb.
#
# usage: assemble.sh VERSION BASEDIR TARGETDIR PICOCLI_CODEGEN_JAR MODULES
set -euo pipefail
version=$1 base=$2 target=$3 codegen=$4 modules=$5
jar=$target/proxyaudit.jar
name=proxyaudit-$version-linux-x86_64
out=$target/release
stage=$out/$name
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
for tool in "$jdk/bin/jlink" "$jdk/bin/jdeps"; do
  [ -x "$tool" ] || { echo "release: $tool not found: JAVA_HOME must name a JDK 17 with jmods" >&2; exit 1; }
done
for tool in asciidoctor dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "release: $tool not found (Debian: apt-get install $tool)" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$stage/bin" "$stage/lib" "$stage/share/man/man1" "$stage/share/bash-completion/completions" \
  "$stage/share/zsh/vendor-completions"

# 1. The runtime: the modules of pom.xml's jlink.modules (each one's reason is written there). jdeps checks that the
#    jar needs no other: a dependency added later (a JDBC driver, ...) fails the build here, not on a user's machine.
needed=$("$jdk/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps "$jar")
missing=""
for m in ${needed//,/ }; do
  case ",$modules," in *",$m,"*) ;; *) missing="$missing $m" ;; esac
done
if [ -n "$missing" ]; then
  echo "release: the jar needs module(s)$missing that pom.xml's jlink.modules lacks (jdeps says: $needed)" >&2
  exit 1
fi
# --generate-cds-archive: the runtime's own class-data archive of its JDK classes (the base of ours below)
"$jdk/bin/jlink" --add-modules "$modules" --output "$stage/runtime" --strip-debug --no-header-files \
  --no-man-pages --generate-cds-archive
# AWT's X11 toolkit, splash screen, JAWT and sound: never loaded, the report renders its charts headless
# (report/ReportCharts sets java.awt.headless); without them the package needs no X11 or ALSA library
rm -f "$stage"/runtime/lib/{libawt_xawt.so,libjawt.so,libsplashscreen.so,libjsound.so}
# the archive for heaps over 32 GB (no compressed oops): the launcher's heaps stay far below
rm -f "$stage/runtime/lib/server/classes_nocoops.jsa"

# 2. The jar, the launcher (the same bin/proxyaudit as in the source tree: it finds the runtime next to it) and the
#    AppCDS archive of the same training run as pom.xml's appcds-archive (analyze with no configuration, NDJSON, a
#    report and the terminal summary), dumped by this runtime through the launcher itself, so the jar is named
#    exactly as every later run names it (bin/proxyaudit says why that name holds wherever it is unpacked).
cp -p "$jar" "$stage/lib/proxyaudit.jar"
cp -p "$base/bin/proxyaudit" "$stage/bin/proxyaudit"
PROXYAUDIT_JAVA_OPTS="-XX:ArchiveClassesAtExit=$stage/lib/proxyaudit.jsa" "$stage/bin/proxyaudit" analyze \
  "$base/samples/j-busy-mixed/capture.pcapng" --no-inherit-env --json "$out/cds-warmup.ndjson" \
  --report "$out/cds-warmup.html" --fail-on none > /dev/null 2> "$out/cds-warmup.log" \
  || { cat "$out/cds-warmup.log" >&2; echo "release: the class-data archive's run failed" >&2; exit 1; }
test -s "$stage/lib/proxyaudit.jsa" || { echo "release: no class-data archive was written" >&2; exit 1; }

# 3. Man pages and completion from picocli's command model of the jar: ManPageGenerator (picocli-codegen) writes
#    AsciiDoc, asciidoctor's manpage backend turns it into roff; AutoComplete writes the bash script, which zsh runs
#    through bashcompinit (picocli's documented way for zsh).
java -cp "$jar:$codegen" picocli.codegen.docgen.manpage.ManPageGenerator -d "$out/man-adoc" io.proxyaudit.cli.Main
asciidoctor -b manpage -a "mansource=proxyaudit $version" -a manmanual="proxyaudit manual" \
  -D "$stage/share/man/man1" "$out"/man-adoc/*.adoc
gzip -9n "$stage"/share/man/man1/*.1
bash_completion=$stage/share/bash-completion/completions/proxyaudit
java -cp "$jar" picocli.AutoComplete --force -n proxyaudit -o "$bash_completion" io.proxyaudit.cli.Main
sed -e "/^#@picocli-bash-completion@\$/{r $bash_completion" -e 'd}' "$base/src/release/zsh-completion.zsh" \
  > "$stage/share/zsh/vendor-completions/_proxyaudit"
cp -p "$base/README.md" "$stage/README.md"

# 4. The archive (GNU tar: owner root and sorted names make it the same bytes for the same input)
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$out" -czf "$out/$name.tar.gz" "$name"

# 5. The .deb: the tree under /usr/lib/proxyaudit, a link on PATH, man pages and completion where Debian looks.
#    Depends: the shared libraries the runtime links to, libpcap for --reader libpcap, fontconfig (which the JDK
#    loads at run time, not linked) and a font for the report's charts.
deb=$out/deb
lib=$deb/usr/lib/proxyaudit
mkdir -p "$lib" "$deb/usr/bin" "$deb/usr/share/man" "$deb/usr/share/bash-completion" "$deb/usr/share/zsh" "$deb/DEBIAN"
cp -a "$stage/bin" "$stage/lib" "$stage/runtime" "$stage/README.md" "$lib/"
cp -a "$stage/share/man/man1" "$deb/usr/share/man/"
cp -a "$stage/share/bash-completion/completions" "$deb/usr/share/bash-completion/"
cp -a "$stage/share/zsh/vendor-completions" "$deb/usr/share/zsh/"
ln -s ../lib/proxyaudit/bin/proxyaudit "$deb/usr/bin/proxyaudit"
#    A library's package: dpkg knows it by the path its package installed (/lib/... or /usr/lib/...: Debian 12
#    merged /lib into /usr/lib but packages keep their own), or by its real file name.
depends=$(find "$stage/runtime" -name '*.so' -exec ldd {} + 2>/dev/null \
  | awk -v own="$stage/" '$3 ~ /^\// && index($3, own) != 1 {print $3}' | sort -u \
  | while read -r so; do
      dpkg -S "$so" 2>/dev/null || dpkg -S "/usr$so" 2>/dev/null || dpkg -S "$(readlink -f "$so")" 2>/dev/null \
        || echo "release: no Debian package has $so (left out of Depends)" >&2
    done | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')
cat > "$deb/DEBIAN/control" <<CONTROL
Package: proxyaudit
Version: $version
Architecture: amd64
Maintainer: proxyaudit developers <proxyaudit@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$deb" | cut -f1)
Depends: ${depends:+$depends, }libpcap0.8, libfontconfig1, fonts-dejavu-core
Section: net
Priority: optional
Description: which fetches in a packet capture went direct although a proxy was configured
 Reads offline packet captures (pcap, pcapng) and says which fetches of Go, git and curl went direct
 although a proxy was configured, and which line of the configuration fixes it. Comes with its own
 Java runtime.
CONTROL
dpkg-deb --root-owner-group -Zgzip -z6 --build "$deb" "$out/proxyaudit_${version}_amd64.deb" > /dev/null
echo "release: $out/$name.tar.gz, $out/proxyaudit_${version}_amd64.deb"
