import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Sonner injects its stylesheet as a <style> element when it loads, which the gateway's CSP
 * refuses (and the browser reports). The console loads the same stylesheet as a file
 * (`sonner/dist/styles.css` in main.tsx), so the injection is turned off here. The build fails
 * if a new Sonner no longer injects this way, so this never silently stops applying.
 */
const sonnerStylesFromFile = (): Plugin => {
  const injector = 'function __insertCSS(code) {';
  return {
    name: 'sonner-styles-from-file',
    transform(code, id) {
      if (!/[\\/]sonner[\\/]dist[\\/]index\.m?js$/.test(id)) return undefined;
      if (!code.includes(injector)) this.error(`Sonner no longer defines \`${injector}\`: revisit this plugin.`);
      return { code: code.replace(injector, `${injector} return;`), map: null };
    },
  };
};

export default defineConfig({
  plugins: [react(), sonnerStylesFromFile()],
  base: '/console/',
  build: {
    outDir: 'dist',
  },
  server: {
    port: 5002,
    strictPort: true,
  },
});
