import { canSetUpHere, setUpHere } from '../../../lib/ui/setup-here';

describe('canSetUpHere', () => {
  it.each([
    ['https://chat.example.com/room/1', true],
    ['http://10.0.0.5:8080/', true],
    ['chrome://extensions/', false],
    ['chrome-extension://abc/options.html', false],
    ['moz-extension://abc/options.html', false],
    ['about:blank', false],
    ['file:///home/me/chat.html', false],
    ['https://chromewebstore.google.com/detail/x', false],
    ['https://addons.mozilla.org/en-US/firefox/', false],
    ['not a url', false],
    [undefined, false],
  ])('%s → %s', (url, expected) => {
    expect(canSetUpHere(url)).toBe(expected);
  });
});

describe('setUpHere', () => {
  const deps = (answersAfter: number) => {
    const log: string[] = [];
    let asked = 0;
    return {
      log,
      deps: {
        inject: async (tabId: number) => void log.push(`inject ${tabId}`),
        answers: async () => ++asked > answersAfter,
        startSetup: async (tabId: number) => void log.push(`start ${tabId}`),
        wait: async () => void log.push('wait'),
      },
    };
  };

  it('injects, waits until the content script answers, then starts the picker', async () => {
    const { log, deps: d } = deps(2);
    await expect(setUpHere(7, d)).resolves.toBe('started');
    expect(log).toEqual(['inject 7', 'wait', 'wait', 'start 7']);
  });

  it('gives up without starting when the content script never answers', async () => {
    const { log, deps: d } = deps(Number.POSITIVE_INFINITY);
    await expect(setUpHere(7, d, 3)).resolves.toBe('no-answer');
    expect(log).toEqual(['inject 7', 'wait', 'wait', 'wait']);
  });

  it('lets an injection error through (the page cannot be scripted): the popup shows it', async () => {
    const { deps: d } = deps(0);
    await expect(setUpHere(7, { ...d, inject: () => Promise.reject(new Error('Cannot access contents of the page')) })).rejects.toThrow('Cannot access');
  });
});
