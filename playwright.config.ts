import { defineConfig } from '@playwright/test';

// scripts/run-e2e.mjs sets CHROME_PATH (CHROME_PATH, /usr/bin/chromium, then common Chrome locations).
const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const baseArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  // Software WebGPU and a 2-core runner make timings noisy; a test that passes on retry is reported as flaky.
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'reports/e2e.json' }]] : 'list',
  use: { baseURL: 'http://127.0.0.1:4173', viewport: { width: 1280, height: 720 } },
  webServer: {
    command: 'npx vite preview',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /fallback\.spec/,
      use: { launchOptions: { executablePath, args: [...baseArgs, '--enable-unsafe-webgpu'] } },
    },
    {
      name: 'no-webgpu',
      testMatch: /fallback\.spec/,
      use: { launchOptions: { executablePath, args: baseArgs } },
    },
  ],
});
