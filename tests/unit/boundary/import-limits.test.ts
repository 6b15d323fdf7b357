import { importTooLarge, MAX_IMPORT_BYTES } from '../../../lib/db/import-limits';

describe('import size limits (issue #11, finding 10)', () => {
  it('lets files up to the limit through and names size and limit above it', () => {
    expect(importTooLarge('teamPack', MAX_IMPORT_BYTES.teamPack)).toBeNull();
    expect(importTooLarge('teamPack', MAX_IMPORT_BYTES.teamPack + 1)).toEqual({ sizeMb: '10.0', limitMb: '10' });
    expect(importTooLarge('backup', 300 * 1024 * 1024)).toEqual({ sizeMb: '300.0', limitMb: '200' });
  });
});
