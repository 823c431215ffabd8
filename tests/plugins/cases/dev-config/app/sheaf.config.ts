import { defineConfig } from 'sheaf';
import { greeting } from './greeting';

// A plugin that loads .txt files as strings, and a define from an imported file.
export default defineConfig({
  define: { __GREETING__: JSON.stringify(greeting) },
  plugins: [
    {
      name: 'txt',
      transform: {
        filter: { id: /\.txt$/ },
        handler: (code: string) => ({ code: `export default ${JSON.stringify(code.trim())};`, map: null }),
      },
    },
  ],
});
