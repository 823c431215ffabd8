# Sourced by split10k.sh and dev10k.sh: installs the pinned peers, builds sheaf
# (release) and generates the 10,000-module app once, into $app.
npm ci --no-audit --no-fund --silent
(cd .. && cargo build --release -p sheaf_cli --locked --quiet)
app=work/app10k
# index.html is written last: an app without it is from an older generator.
if [ ! -f "$app/index.html" ]; then
  node gen-app.mjs "$app" 10000
fi
