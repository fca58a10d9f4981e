#!/usr/bin/env bash
# Puts ONNX Runtime's C/C++ headers and shared library under runtime/cpp/third_party/onnxruntime/, with no
# hand-installed state and nothing installed system-wide for ONNX Runtime itself:
#
#   headers  from Debian's libonnxruntime-dev of the suite XSDNN_ORT_SUITE (default trixie, Debian 13, the
#            current stable release; bookworm has no such package). The .deb is fetched with apt-get download
#            through a private apt state under third_party/.apt (its own sources list and package lists), and
#            unpacked with dpkg-deb -x: it is never installed.
#   library  libonnxruntime.so from the ONNX Runtime Java jar on Maven Central
#            (com.microsoft.onnxruntime:onnxruntime, the version the project's pom.xml pins), taken from
#            ~/.m2 when a Maven build already fetched it, else fetched with Maven (dependency:get).
#
# A program compiled against older headers runs with a newer library (ONNX Runtime's C API only grows), but
# one compiled against newer headers cannot get its API version from an older library, so this script
# checks header API version <= library version.
#
# Idempotent: a stamp file records what was set up; a second run with the same versions returns at once.
#
# Environment:
#   XSDNN_ORT_SUITE         Debian suite that provides libonnxruntime-dev (default: trixie)
#   XSDNN_ORT_JAVA_VERSION  ONNX Runtime Java version (default: <onnxruntime.version> of the root pom.xml)
#   XSDNN_DEBIAN_MIRROR     Debian archive URI (default: the one this machine's apt sources use)
#   XSDNN_THIRD_PARTY       where to put it all (default: runtime/cpp/third_party)
#   MAVEN_REPO              local Maven repository (default: ~/.m2/repository)
#
# Exit codes: 0 ok, 1 failure (the message says which step and what to do).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
third_party="${XSDNN_THIRD_PARTY:-$here/third_party}"
ort_dir="$third_party/onnxruntime"
apt_dir="$third_party/.apt"
suite="${XSDNN_ORT_SUITE:-trixie}"
maven_repo="${MAVEN_REPO:-$HOME/.m2/repository}"

say() { echo "setup_onnxruntime: $*" >&2; }
die() { say "error: $*"; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

java_version="${XSDNN_ORT_JAVA_VERSION:-}"
if [ -z "$java_version" ] && [ -f "$repo/pom.xml" ]; then
    java_version="$(sed -n 's:.*<onnxruntime.version>\([^<]*\)</onnxruntime.version>.*:\1:p' "$repo/pom.xml" | head -n1)"
fi
java_version="${java_version:-1.29.0}"
[[ "$java_version" =~ ^1\.([0-9]+)\.[0-9]+ ]] \
    || die "ONNX Runtime Java version \"$java_version\" is not of the form 1.MINOR.PATCH; set XSDNN_ORT_JAVA_VERSION."
lib_minor="${BASH_REMATCH[1]}"

stamp="$ort_dir/STAMP"
want_stamp_prefix="suite=$suite java=$java_version"
if [ -f "$stamp" ] && [ -f "$ort_dir/include/onnxruntime_cxx_api.h" ] && [ -f "$ort_dir/lib/libonnxruntime.so.1" ] \
    && grep -qx "$want_stamp_prefix .*" "$stamp"; then
    say "already set up ($(cat "$stamp")) in $ort_dir"
    exit 0
fi

for tool in apt-get dpkg-deb; do
    command -v "$tool" >/dev/null || die "$tool not found; this script needs a Debian-based system."
done

# ---------------------------------------------------------------- headers: libonnxruntime-dev from $suite
# The Debian archive this machine already uses (deb822 .sources or one-line sources.list), so that no host
# is hard-wired here; XSDNN_DEBIAN_MIRROR overrides it.
debian_mirror() {
    local f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # Stanzas separated by blank lines; take URIs of a stanza whose Suites name a plain release
        # (not -security) and whose Signed-By, if any, is the Debian archive keyring.
        uri="$(awk 'BEGIN{RS=""; FS="\n"}
            {
              uris=""; ok=0
              for (i = 1; i <= NF; i++) {
                if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); uris=$i }
                if ($i ~ /^Suites:/ && $i ~ /(bookworm|trixie|stable)([ \t]|$)/) ok=1
              }
              if (ok && uris != "" && uris !~ /security/) { split(uris, u, /[ \t]+/); print u[1]; exit }
            }' "$f")"
        [ -n "$uri" ] && { echo "$uri"; return; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        uri="$(awk '$1 == "deb" {
                   j = 2; if ($2 ~ /^\[/) { while (j <= NF && $j !~ /\]$/) j++; j++ }
                   if ($(j) !~ /security/ && $(j+1) ~ /^(bookworm|trixie|stable)$/) { print $(j); exit }
               }' "$f")"
        [ -n "$uri" ] && { echo "$uri"; return; }
    done
}

mirror="${XSDNN_DEBIAN_MIRROR:-$(debian_mirror)}"
[ -n "$mirror" ] || die "found no Debian archive in /etc/apt/sources.list{,.d}; set XSDNN_DEBIAN_MIRROR to one."
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || die "$keyring is missing; install the debian-archive-keyring package."

mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.list.d" "$apt_dir/download"
echo "deb [signed-by=$keyring] $mirror $suite main" > "$apt_dir/sources.list"
apt_opts=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list"
    -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache"
    -o "APT::Get::List-Cleanup=0"
    -o "Acquire::Languages=none"
    -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
    -o "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false"
    -o "Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false"
)
# Private files are not readable by apt's sandbox user when run as root.
[ "$(id -u)" = 0 ] && apt_opts+=(-o "APT::Sandbox::User=root")

say "fetching the package list of Debian $suite from $mirror (private apt state in $apt_dir)"
apt-get "${apt_opts[@]}" -q update >"$apt_dir/update.log" 2>&1 \
    || { cat "$apt_dir/update.log" >&2; die "apt-get update for Debian $suite failed (see above)."; }

rm -f "$apt_dir/download/"*.deb
say "downloading libonnxruntime-dev from Debian $suite (not installing it)"
(cd "$apt_dir/download" && apt-get "${apt_opts[@]}" -q download libonnxruntime-dev) >"$apt_dir/download.log" 2>&1 \
    || { cat "$apt_dir/download.log" >&2
         die "apt-get download libonnxruntime-dev from Debian $suite failed; does $suite ship it? Set XSDNN_ORT_SUITE."; }
deb="$(ls "$apt_dir/download/"libonnxruntime-dev_*.deb | head -n1)"
deb_version="$(dpkg-deb -f "$deb" Version)"

rm -rf "$ort_dir"
mkdir -p "$ort_dir/deb" "$ort_dir/include" "$ort_dir/lib"
dpkg-deb -x "$deb" "$ort_dir/deb"
cp -a "$ort_dir/deb/usr/include/onnxruntime/." "$ort_dir/include/"
[ -f "$ort_dir/include/onnxruntime_cxx_api.h" ] || die "$deb has no usr/include/onnxruntime/onnxruntime_cxx_api.h."
header_api="$(sed -n 's/^#define ORT_API_VERSION \([0-9]*\).*/\1/p' "$ort_dir/include/onnxruntime_c_api.h")"
[ -n "$header_api" ] || die "no ORT_API_VERSION in the headers of $deb."
if [ "$header_api" -gt "$lib_minor" ]; then
    die "the $suite headers are ONNX Runtime API $header_api ($deb_version), newer than the library 1.$lib_minor" \
        "($java_version): programs built against them would refuse that library. Use an older suite" \
        "(XSDNN_ORT_SUITE) or a newer Java artifact (XSDNN_ORT_JAVA_VERSION)."
fi

# ---------------------------------------------------------------- library: from the ONNX Runtime Java jar
jar="$maven_repo/com/microsoft/onnxruntime/onnxruntime/$java_version/onnxruntime-$java_version.jar"
if [ ! -f "$jar" ]; then
    artifact="com.microsoft.onnxruntime:onnxruntime:$java_version"
    say "$jar not found; fetching $artifact with Maven"
    mvn_cmd=()
    if command -v java >/dev/null && [ -x "$repo/mvnw" ]; then mvn_cmd=("$repo/mvnw");
    elif command -v mvn >/dev/null; then mvn_cmd=(mvn);
    else
        say "no Java/Maven here; installing Debian's maven package"
        as_root apt-get update -q >/dev/null && as_root apt-get install -y -q --no-install-recommends maven >/dev/null \
            || die "could not install maven with apt-get (are you root?)."
        mvn_cmd=(mvn)
    fi
    (cd "$repo" && "${mvn_cmd[@]}" -q -B "-Dmaven.repo.local=$maven_repo" \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get "-Dartifact=$artifact" -Dtransitive=false) >&2 \
        || die "Maven could not fetch $artifact."
    [ -f "$jar" ] || die "Maven reported success but $jar is missing."
fi
member="ai/onnxruntime/native/linux-x64/libonnxruntime.so"
lib="$ort_dir/lib/libonnxruntime.so.$java_version"
if command -v unzip >/dev/null; then
    unzip -p "$jar" "$member" > "$lib" || die "$jar has no $member."
elif command -v python3 >/dev/null; then
    python3 - "$jar" "$member" "$lib" <<'EOF' || die "$jar has no $2."
import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
EOF
else
    die "need unzip or python3 to take $member out of $jar (apt-get install unzip)."
fi
[ -s "$lib" ] || die "$member in $jar is empty."
chmod 755 "$lib"
ln -sf "libonnxruntime.so.$java_version" "$ort_dir/lib/libonnxruntime.so.1"
ln -sf "libonnxruntime.so.1" "$ort_dir/lib/libonnxruntime.so"

cat > "$ort_dir/VERSIONS" <<EOF
headers: libonnxruntime-dev $deb_version from Debian $suite (ORT_API_VERSION $header_api)
library: libonnxruntime.so from com.microsoft.onnxruntime:onnxruntime:$java_version (Maven Central jar, $member)
EOF
echo "$want_stamp_prefix headers=$deb_version api=$header_api" > "$stamp"
say "done: headers $deb_version (API $header_api), library $java_version in $ort_dir"
