#!/usr/bin/env bash
# Build the students' image for Zero to JupyterHub with repo2docker.
#
#   deploy/image/build.sh --image registry.uni.example/teaching/face-the-numbers:2026-autumn --push
#   deploy/image/build.sh --stage-only /tmp/context        # only stage the build context
#
# repo2docker reads its configuration from binder/ (or the repository's root), and cannot be
# pointed at another folder while keeping the whole repository as the build context. So this
# script stages a context of its own in a temporary folder:
#
#   1. the course's files at a git revision (HEAD unless --ref; --working-tree takes the
#      tracked files as they are on disk, uncommitted changes included), leaving out every
#      path in EXCLUDED below: the worked solutions and their hidden tests, the test suite,
#      and the other instructor-only or maintainer-only files;
#   2. hub-course/, a copy of the lessons and exercises: what each student gets a copy of,
#      as make hub's <hub>/course (facenumbers.hub.running.COURSE_PARTS);
#   3. binder/runtime.txt and binder/postBuild, copied from this folder;
#
# then runs repo2docker on it. The course lands in the image at /srv/face-the-numbers, not in
# the home folder, because Zero to JupyterHub mounts each student's own disk over the home
# folder; each server's start (python -m facenumbers.hub.singleuser) copies hub-course/ into it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(git -C "$HERE" rev-parse --show-toplevel)"

# Where the course lives inside the image (repo2docker --target-repo-dir), and the folder of
# it that students get copies of (values.yaml's FACENUMBERS_COURSE; tests/test_deploy.py
# checks that the two agree).
REPO_DIR_IN_IMAGE=/srv/face-the-numbers
COURSE_RELEASE=hub-course
COURSE_PARTS=(lessons exercises)
# The image's user, as Zero to JupyterHub expects it (singleuser.uid 1000, home /home/jovyan).
IMAGE_USER=jovyan
IMAGE_UID=1000

# Never in the image. solutions/ holds the answers and the hidden tests; tests/ holds the
# answers of every variant (tests/variant_answers.py). The rest is for instructors or for
# maintainers, and no student needs it.
EXCLUDED=(
    solutions
    tests
    docs/instructor-guide.md
    docs/concept-inventory.md
    docs/peer-instruction.md
    docs/maintainers
    benchmarks
    .ci
    deploy
)
# The binder files copied from this folder into the context's binder/.
BINDER_FILES=(runtime.txt postBuild)

usage() {
    cat <<EOF
Usage: deploy/image/build.sh [--ref REV | --working-tree] [--image NAME:TAG] [--push]
                             [--stage-only DIR]

  --ref REV        build the course as committed at REV (default: HEAD)
  --working-tree   build the tracked files as they are on disk, uncommitted changes included
  --image NAME:TAG the image's name (default: face-the-numbers:<revision>)
  --push           push the image after building it (needs a registry name in --image)
  --stage-only DIR write the build context into DIR (new or empty) and stop: no repo2docker
EOF
}

die() { echo "build.sh: $*" >&2; exit 2; }

ref=HEAD
working_tree=no
image=""
push=no
stage_only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --ref) [ $# -ge 2 ] || die "--ref needs a revision"; ref="$2"; shift 2 ;;
        --working-tree) working_tree=yes; shift ;;
        --image) [ $# -ge 2 ] || die "--image needs NAME:TAG"; image="$2"; shift 2 ;;
        --push) push=yes; shift ;;
        --stage-only) [ $# -ge 2 ] || die "--stage-only needs a folder"; stage_only="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

# The paths to leave out, as git pathspecs: they are never written into the context at all.
pathspec=(.)
for path in "${EXCLUDED[@]}"; do
    pathspec+=(":(exclude)$path")
done

stage() {
    local dest="$1"
    mkdir -p "$dest"
    [ -z "$(ls -A "$dest")" ] || die "$dest is not empty"
    if [ "$working_tree" = yes ]; then
        # Tracked files only (nothing ignored, nothing untracked), skipping any deleted on disk.
        (cd "$REPO" && git ls-files -z -- "${pathspec[@]}" \
            | while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done \
            | tar --null --files-from=- -cf -) | tar -xf - -C "$dest"
    else
        git -C "$REPO" rev-parse --verify --quiet "$ref^{tree}" >/dev/null \
            || die "no such revision: $ref"
        git -C "$REPO" archive --format=tar "$ref" -- "${pathspec[@]}" | tar -xf - -C "$dest"
    fi

    # repo2docker uses binder/ when it exists and then ignores the root's environment.yml;
    # a binder/ or .binder/ of the course's own would mix two configurations.
    if [ -e "$dest/binder" ] || [ -e "$dest/.binder" ]; then
        die "the course already has a binder/ or .binder/ folder; move it into deploy/image/"
    fi
    [ ! -e "$dest/$COURSE_RELEASE" ] || die "the course already has a $COURSE_RELEASE/ folder"
    mkdir "$dest/$COURSE_RELEASE"
    for part in "${COURSE_PARTS[@]}"; do
        cp -R "$dest/$part" "$dest/$COURSE_RELEASE/$part"
    done

    mkdir "$dest/binder"
    for file in "${BINDER_FILES[@]}"; do
        cp "$HERE/$file" "$dest/binder/$file"
    done
    chmod +x "$dest/binder/postBuild"

    # Checks, so that a bad context never reaches a registry.
    for path in "${EXCLUDED[@]}"; do
        [ ! -e "$dest/$path" ] || die "$path is in the staged context; it must not be"
    done
    [ -f "$dest/requirements/lock.txt" ] || die "requirements/lock.txt is missing"
    grep -Eq '^hub *= *\[' "$dest/pyproject.toml" \
        || die "pyproject.toml (at ${ref}) has no 'hub' extra: the image needs jupyterhub from it"
}

if [ "$working_tree" = yes ]; then
    revision="$(git -C "$REPO" rev-parse --short=12 HEAD)-working-tree"
else
    revision="$(git -C "$REPO" rev-parse --short=12 "$ref")"
fi

if [ -n "$stage_only" ]; then
    stage "$stage_only"
    echo "Staged the build context of ${revision} in ${stage_only}."
    exit 0
fi

command -v repo2docker >/dev/null \
    || die "repo2docker is not installed (pip install jupyter-repo2docker; it needs Docker)"
if [ -z "$image" ]; then
    [ "$push" = no ] || die "--push needs --image with your registry's name for the image"
    image="face-the-numbers:${revision}"
fi

context="$(mktemp -d "${TMPDIR:-/tmp}/face-the-numbers-image.XXXXXX")"
trap 'rm -rf "$context"' EXIT
stage "$context/course"

push_flag=--no-push
[ "$push" = no ] || push_flag=--push
repo2docker --no-run "$push_flag" \
    --user-id "$IMAGE_UID" --user-name "$IMAGE_USER" \
    --target-repo-dir "$REPO_DIR_IN_IMAGE" \
    --image-name "$image" \
    --label "org.opencontainers.image.revision=${revision}" \
    "$context/course"

echo "Built ${image}."
echo "In site.yaml: singleuser.image.name: ${image%:*}  and  singleuser.image.tag: \"${image##*:}\""
