import { newChannelId } from '../../../lib/content/channel-id';

describe('newChannelId', () => {
  it('is a version-4 UUID, the shape the sidebar accepts', () => {
    expect(newChannelId((bytes) => bytes.fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(newChannelId((bytes) => bytes.fill(0))).toBe('00000000-0000-4000-8000-000000000000');
    for (let i = 0; i < 50; i++) expect(newChannelId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('does not need a secure context (crypto.randomUUID is missing on plain-http intranet chats)', () => {
    const randomUUID = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 100 }, () => newChannelId()));
      expect(ids.size).toBe(100);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: randomUUID, configurable: true });
    }
  });
});
