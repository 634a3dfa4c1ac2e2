#!/usr/bin/env bash
# A clean checkout of the pinned Immich (v3.1.0) in DIR, from one of two sources:
#   - the pin's archive: a folder holding immich-v3.1.0-<short pin>.tar.xz and .ls-tree (default:
#     ../shared/immich beside this repository; CI's source, no network needed), or that .tar.xz itself.
#     The archive has no history, so the checkout is a one-commit repository whose files are proved
#     to be the pin's content: every file's `git hash-object` (as `git add` computes it) and mode must
#     equal the pin's `git ls-tree -r` listing, and every listed file the archive lacks must be one it
#     documents as left out. The listing is kept in .git/immich-lens-pin.ls-tree for apply-patches.sh.
#   - a git repository (URL or path) holding the pin's commit, checked out sparse: the asah/immich
#     snapshot lacks four large files (see ../shared/IMMICH-LOCAL.md); apply-patches.sh stands in for
#     the web font when it is absent.
# Usage: scripts/immich/checkout.sh DIR [ARCHIVE_DIR | ARCHIVE.tar.xz | REPO_URL_OR_PATH]
set -euo pipefail
LENS_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
PIN="$(cat "$LENS_DIR/scripts/immich/PIN")"
DIR="${1:?usage: $0 DIR [ARCHIVE_DIR | ARCHIVE.tar.xz | REPO]}"
DEFAULT_ARCHIVE_DIR="$LENS_DIR/../shared/immich"
if [ $# -ge 2 ]; then SOURCE="$2"
elif [ -d "$DEFAULT_ARCHIVE_DIR" ]; then SOURCE="$DEFAULT_ARCHIVE_DIR"
else SOURCE="https://github.com/immich-app/immich.git"; fi

# What the archive leaves out (its README): mobile/, docs/, design/, readme_i18n/, the e2e/test-assets
# submodule, and the web's GoogleSans.ttf.
OMITTED='^(mobile/|docs/|design/|readme_i18n/|e2e/test-assets$|web/src/lib/assets/fonts/GoogleSans/GoogleSans\.ttf$)'

fail() { echo "checkout: $*" >&2; exit 1; }

from_archive() {
  local archive="$1" listing="${1%.tar.xz}.ls-tree"
  [ -f "$listing" ] || fail "no listing $listing beside the archive $archive"
  case "$(basename "$archive")" in *"-${PIN:0:8}.tar.xz") ;; *) fail "$archive is not named for the pin ${PIN:0:8}" ;; esac
  [ ! -e "$DIR" ] || [ -z "$(ls -A "$DIR")" ] || fail "$DIR exists and is not empty"
  mkdir -p "$DIR"
  tar -xJf "$archive" -C "$DIR" --strip-components=1
  cd "$DIR"
  git init --quiet
  git add --all --force # every file of the archive is a tracked file of the pin, ignored or not
  # the checkout's files against the listing: "mode hash path" lines, submodules (commits) aside
  local have want extra missing unexpected
  have="$(git ls-files --stage | awk -F'\t' '{split($1, a, " "); print a[1], a[2] "\t" $2}' | sort)"
  want="$(awk -F'\t' '{split($1, a, " "); if (a[2] == "blob") print a[1], a[3] "\t" $2}' "$listing" | sort)"
  extra="$(comm -23 <(echo "$have") <(echo "$want"))"
  [ -z "$extra" ] || fail "files that differ from the pin's listing (mode, blob hash or path):
$(echo "$extra" | head -20)"
  missing="$(comm -13 <(echo "$have") <(echo "$want") | cut -f2)"
  unexpected="$(echo "$missing" | grep -Ev "$OMITTED" | grep -v '^$' || true)"
  [ -z "$unexpected" ] || fail "the archive lacks files it does not document as left out:
$(echo "$unexpected" | head -20)"
  cp "$listing" .git/immich-lens-pin.ls-tree
  GIT_AUTHOR_NAME=immich-lens GIT_AUTHOR_EMAIL=immich-lens@localhost GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' \
    GIT_COMMITTER_NAME=immich-lens GIT_COMMITTER_EMAIL=immich-lens@localhost GIT_COMMITTER_DATE='2000-01-01T00:00:00Z' \
    git commit --quiet --no-verify -m "Immich v3.1.0, content of $PIN (from $(basename "$archive"))" \
    -m "$(echo "$have" | grep -c .) files, each with the mode and blob hash of the pin's git ls-tree; $(echo "$missing" | grep -c .) listed files left out by the archive."
  echo "Immich v3.1.0 content of $PIN in $DIR: $(echo "$have" | grep -c .) files verified against $(basename "$listing")"
}

from_git() {
  git clone --quiet --no-checkout "$SOURCE" "$DIR"
  cd "$DIR"
  git sparse-checkout set --no-cone '/*' \
    '!/docs/static/fonts/GoogleSans/GoogleSans.ttf' \
    '!/web/src/lib/assets/fonts/GoogleSans/GoogleSans.ttf' \
    '!/mobile/android/metadata/en-US/images/'
  git -c advice.detachedHead=false checkout --quiet "$PIN"
  echo "Immich $(git describe --tags --always) at $PIN in $DIR"
}

if [ -d "$SOURCE" ] && [ ! -e "$SOURCE/.git" ] && [ ! -e "$SOURCE/HEAD" ]; then
  archives=("$SOURCE"/immich-*-"${PIN:0:8}".tar.xz)
  [ -f "${archives[0]}" ] || fail "no archive immich-*-${PIN:0:8}.tar.xz in $SOURCE"
  from_archive "$(cd "$(dirname "${archives[0]}")" && pwd)/$(basename "${archives[0]}")"
elif [[ "$SOURCE" == *.tar.xz ]]; then
  from_archive "$(cd "$(dirname "$SOURCE")" && pwd)/$(basename "$SOURCE")"
else
  from_git
fi
