# The Clearline server. Used by docker-compose.yml, which supplies DATABASE_URL
# (the embedded Postgres is for machines without one).

# Build stage: the GraphiQL IDE's and the dashboard's browser bundles need the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY dashboard ./dashboard
RUN npm run build:graphiql && npm run build:dashboard

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY server ./server
COPY seeds ./seeds
COPY schema ./schema
COPY tsconfig.json ./
COPY --from=build /app/dist/graphiql ./dist/graphiql
COPY --from=build /app/dist/dashboard ./dist/dashboard
EXPOSE 4000
USER node
CMD ["node", "--import", "tsx/esm", "server/main.ts"]
