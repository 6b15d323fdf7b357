import { createContentLifetime } from '../../../lib/content/lifetime';

// Issue #11, finding 7: any page script could stop the extension by dispatching WXT's
// "content-script-started" DOM event. The lifetime now follows the extension context only.

function setup() {
  let runtimeId: string | undefined = 'gs';
  let href = 'http://localhost/chat#a';
  let tick: () => void = () => {};
  const onLocationChange = vi.fn();
  const cleared = vi.fn();
  const lifetime = createContentLifetime({
    runtimeId: () => runtimeId,
    href: () => href,
    onLocationChange,
    setInterval: (callback) => {
      tick = callback;
      return 1;
    },
    clearInterval: cleared,
  });
  return {
    lifetime,
    onLocationChange,
    cleared,
    tick: () => tick(),
    killContext: () => {
      runtimeId = undefined;
    },
    navigate: (next: string) => {
      href = next;
    },
  };
}

describe('content script lifetime', () => {
  it('ignores any event the page dispatches, WXT\'s content-script-started included', () => {
    const { lifetime, tick } = setup();
    for (const type of ['gs:chat:wxt:content-script-started', 'wxt:content-script-started']) {
      document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'chat', messageId: 'x' } }));
      window.postMessage({ type, contentScriptName: 'chat', messageId: 'x' }, '*');
    }
    tick();
    expect(lifetime.alive).toBe(true);
    expect(lifetime.signal.aborted).toBe(false);
  });

  it('ends when the extension context is gone (update, reload, removal) and stops checking', () => {
    const { lifetime, tick, killContext, cleared } = setup();
    killContext();
    tick();
    expect(lifetime.signal.aborted).toBe(true);
    expect(cleared).toHaveBeenCalledOnce();
  });

  it('a failed runtime call can check at once', () => {
    const { lifetime, killContext } = setup();
    killContext();
    lifetime.check();
    expect(lifetime.alive).toBe(false);
  });

  it('reports SPA navigation once per change', () => {
    const { tick, navigate, onLocationChange } = setup();
    tick();
    expect(onLocationChange).not.toHaveBeenCalled();
    navigate('http://localhost/chat#b');
    tick();
    tick();
    expect(onLocationChange).toHaveBeenCalledOnce();
  });
});
