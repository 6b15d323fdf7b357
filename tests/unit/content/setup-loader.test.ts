import { describe, expect, it } from 'vitest';
import { createSetupLoader, SETUP_MODULE_KEY } from '../../../lib/content/setup-loader';

describe('the lazily loaded setup module', () => {
  const module = { createSetupSession: () => ({}), startPicker: () => ({}) };

  it('imports the file once and returns what it registered', async () => {
    const scope: Record<string, unknown> = {};
    const urls: string[] = [];
    const load = createSetupLoader('chrome-extension://x/setup.js', async (url) => {
      urls.push(url);
      scope[SETUP_MODULE_KEY] = module;
    }, scope);
    expect(await load()).toBe(module);
    expect(await load()).toBe(module);
    expect(urls).toEqual(['chrome-extension://x/setup.js']);
  });

  it('rejects, naming the file, when the file registered nothing; a later call tries again', async () => {
    const scope: Record<string, unknown> = {};
    let calls = 0;
    const load = createSetupLoader('chrome-extension://x/setup.js', async () => {
      calls++;
      if (calls === 2) scope[SETUP_MODULE_KEY] = module;
    }, scope);
    await expect(load()).rejects.toThrow('setup module at chrome-extension://x/setup.js did not register');
    expect(await load()).toBe(module);
    expect(calls).toBe(2);
  });

  it('does not take a look-alike without the functions', async () => {
    const scope: Record<string, unknown> = {};
    const load = createSetupLoader('u', async () => {
      scope[SETUP_MODULE_KEY] = { createSetupSession: 'no' };
    }, scope);
    await expect(load()).rejects.toThrow('did not register');
  });
});
