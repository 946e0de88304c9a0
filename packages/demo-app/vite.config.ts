import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/demo-app/',
  build: {
    outDir: 'dist',
  },
  server: {
    port: 5003,
    strictPort: true,
  },
});
