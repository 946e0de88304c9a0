# One image for every service. Build with `--build-arg SERVICE=<name>` where <name> is one of
# gateway | oidc | management-api | experience-api | account-api (default: gateway).
# The same image also runs database migrations and the seed:
#   node --import tsx packages/launcher/src/db-cli.ts migrate
#   node --import tsx packages/launcher/src/db-cli.ts seed

# ---- build: install the whole workspace and build every package ----
FROM node:22-bookworm-slim AS build
ENV CI=1 \
    TURBO_TELEMETRY_DISABLED=1
# corepack cannot verify pnpm here; install the pinned version with npm instead.
RUN npm i -g -E pnpm@12.4.2
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm turbo run build

# ---- runtime: the built workspace; SERVICE selects what runs ----
FROM node:22-bookworm-slim AS runtime
ARG SERVICE=gateway
# What the launcher's services mode starts each service with too (packages/launcher/src/stack.ts):
# a small young generation (about 25 MB less per idle service), two malloc arenas instead of one per
# thread, and --optimize-for-size on the command line below (V8 refuses it in NODE_OPTIONS). The last
# two took 10-25 MB off each idle service, for a few percent more CPU per request (see README).
# --experimental-async-context-frame (Node 22; packages/launcher/src/node-flags.mjs says why) is on
# the command line as well.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=4 \
    MALLOC_ARENA_MAX=2 \
    SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build /app /app
# Fail the build early on an unknown SERVICE instead of at container start.
RUN test -f "services/${SERVICE}/dist/main.js" \
    || { echo "SERVICE='${SERVICE}' has no services/${SERVICE}/dist/main.js" >&2; exit 1; }
# Named volumes copy this folder's owner on first mount, so uploads are writable by `node`.
RUN mkdir -p /data/user-assets && chown node:node /data/user-assets
USER node
EXPOSE 3000 3001 3002
# Shell form so ${SERVICE} (from the ENV above, overridable at run time) is expanded when the
# container starts; exec makes node PID 1 so it receives SIGTERM for a graceful drain.
CMD exec node --optimize-for-size --experimental-async-context-frame "services/${SERVICE}/dist/main.js"
