import { useState } from 'preact/hooks';
import { OptionsView } from '../../components/OptionsView';
import type { Client } from '../../lib/messaging/client';
import type { Settings, Tag } from '../../lib/model';
import { startPage } from '../../lib/ui/page';

function OptionsPage({ client, initial, initialTags }: { client: Client; initial: Settings; initialTags: Tag[] }) {
  const [tags, setTags] = useState(initialTags);
  return (
    <OptionsView
      settings={initial}
      tags={tags}
      onSaveSettings={async (change) => {
        try {
          await client.request('updateSettings', change);
          return null;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      }}
      onToggleFavourite={async (tag) => {
        await client.request('updateTag', { tagId: tag.id, favourite: !tag.favourite });
        setTags(await client.request('listTags', {}));
      }}
    />
  );
}

void startPage(document.getElementById('root') as HTMLElement, async ({ client }) => {
  const [settings, tags] = await Promise.all([client.request('getSettings', {}), client.request('listTags', {})]);
  return <OptionsPage client={client} initial={settings} initialTags={tags} />;
});
