# The Clearline server. Used by docker-compose.yml, which supplies DATABASE_URL
# (the embedded Postgres is for machines without one).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY server ./server
COPY seeds ./seeds
COPY schema ./schema
COPY tsconfig.json ./
EXPOSE 4000
USER node
CMD ["node", "--import", "tsx", "server/main.ts"]
