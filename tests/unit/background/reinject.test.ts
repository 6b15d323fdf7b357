import { reinjectIntoOpenChats } from '../../../lib/background/reinject';

describe('reinjectIntoOpenChats', () => {
  it('injects the content script into every open chat tab and skips tabs that refuse', async () => {
    const injected: number[] = [];
    const count = await reinjectIntoOpenChats(
      ['http://127.0.0.1/*'],
      {
        queryTabs: async (urls) => {
          expect(urls).toEqual(['http://127.0.0.1/*']);
          return [{ id: 1 }, { id: undefined }, { id: 2 }, { id: 3 }];
        },
        executeScript: async (tabId, file) => {
          expect(file).toBe('content-scripts/chat.js');
          if (tabId === 2) throw new Error('Cannot access contents of the page');
          injected.push(tabId);
        },
      },
      'content-scripts/chat.js',
    );
    expect(injected).toEqual([1, 3]);
    expect(count).toBe(2);
  });

  it('does nothing when the tabs cannot be listed', async () => {
    // Recorded, not thrown: reinject swallows executeScript's errors (a refusing tab is
    // skipped), so a throw here could never fail the test.
    const calls: number[] = [];
    const count = await reinjectIntoOpenChats(['http://localhost/*'], {
      queryTabs: async () => {
        throw new Error('no permission');
      },
      executeScript: async (tabId) => {
        calls.push(tabId);
      },
    }, 'x.js');
    expect(calls).toEqual([]);
    expect(count).toBe(0);
  });

  it('with a probe, injects only where no live content script answers (worker start after a switch off and on)', async () => {
    const injected: number[] = [];
    const count = await reinjectIntoOpenChats(['http://127.0.0.1/*'], {
      queryTabs: async () => [{ id: 1 }, { id: 2 }, { id: 3 }],
      answers: async (tabId) => {
        if (tabId === 3) throw new Error('Could not establish connection. Receiving end does not exist.');
        return tabId === 1;
      },
      executeScript: async (tabId) => {
        injected.push(tabId);
      },
    }, 'x.js');
    expect(injected).toEqual([2, 3]);
    expect(count).toBe(2);
  });
});
