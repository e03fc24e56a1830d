#!/bin/sh
# Fetch the pages' front-end libraries from npm into shared/web/static/vendor/.
#
# Each library lands in vendor/<name>-<version>/ with only its distributed files and its
# LICENSE; the result is committed, so a fresh clone needs no network and no build step.
# Run again after changing a version below; delete the old folder yourself.
set -eu

VENDOR="$(cd "$(dirname "$0")/.." && pwd)/shared/web/static/vendor"

# fetch NAME VERSION FILE... : unpack FILEs (paths inside the npm package) and LICENSE.
fetch() {
    name=$1 version=$2
    shift 2
    target="$VENDOR/$name-$version"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
    tar -xzf "$work"/*.tgz -C "$work"
    rm -rf "$target"
    for file in LICENSE "$@"; do
        mkdir -p "$target/$(dirname "$file")"
        cp "$work/package/$file" "$target/$file"
    done
    rm -rf "$work"
    trap - EXIT
    echo "vendored $name $version"
}

# SortableJS: drag-and-drop reordering in the form designer (an ES module, no build).
fetch sortablejs 1.15.6 modular/sortable.esm.js
