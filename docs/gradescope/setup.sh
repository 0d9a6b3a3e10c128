#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image: Node 20 and the CLI.
set -euo pipefail
apt-get update
apt-get install -y ca-certificates curl gnupg util-linux
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y nodejs
npm install --global github:ai-practice/ai-engineering-practice
