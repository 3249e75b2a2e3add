// Browser entry of the self-hosted GraphiQL IDE, bundled by graphiql/build.mjs;
// nothing here is loaded from a CDN.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';

// Monaco's web workers, built by build.mjs next to this bundle.
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const name = label === 'json' ? 'json' : label === 'graphql' ? 'graphql' : 'editor';
    return new Worker(new URL(`./${name}.worker.js`, import.meta.url));
  },
};

const endpoint = new URL(document.body.dataset.endpoint || '/graphql', location.href).href;
const fetcher = createGraphiQLFetcher({ url: endpoint });

// What a new analyst sees first: a real query to start from.
const DEFAULT_QUERY = `# Clearline GraphQL API: complaints, customers and surveys of your org units.
# Press Ctrl-Enter to run; open the Docs panel (top left) for every type and field.
{
  complaints(first: 5, filter: { isRepeat: true }) {
    totalCount
    nodes {
      receivedAt
      status
      category { nameZh nameEn parent { nameZh } }
      orgUnit { nameZh ancestors { nameZh } }
      priorComplaint { receivedAt status }
    }
  }
}
`;

// ?query=… opens the IDE on that query (shareable links).
const initialQuery = new URLSearchParams(location.search).get('query') ?? undefined;

createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, initialQuery }),
);
