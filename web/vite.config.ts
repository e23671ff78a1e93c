import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.ATRIUM_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': {
        target: api,
        changeOrigin: true,
        // The live channel (/api/v1/ws) too; it refuses a cookie from another origin like better-auth.
        ws: true,
        // better-auth only trusts its own origin: present the API's origin, not Vite's.
        configure: (proxy) => {
          proxy.on('proxyReq', (request) => {
            if (request.getHeader('origin')) request.setHeader('origin', api);
          });
          proxy.on('proxyReqWs', (request) => {
            if (request.getHeader('origin')) request.setHeader('origin', api);
          });
        },
      },
    },
  },
});
