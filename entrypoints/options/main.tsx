import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { LadderEditor } from '../../components/LadderEditor';
import { OptionsView } from '../../components/OptionsView';
import { ProfileManager } from '../../components/ProfileManager';
import { ProposalsPanel } from '../../components/ProposalsPanel';
import { RuleManager } from '../../components/RuleManager';
import { TeamPackPanel } from '../../components/TeamPackPanel';
import { TemplateManager } from '../../components/TemplateManager';
import { SiteAccessGrant } from '../../components/SiteAccessGrant';
import { grantOriginsFrom } from '../../lib/setup/grant-page';
import { profileMatchesUrl } from '../../lib/adapters/profile/adapter';
import { makeProfilePack, profilePackFileName } from '../../lib/adapters/profile/pack';
import type { SiteProfile } from '../../lib/adapters/profile/schema';
import type { ProfileTestReport } from '../../lib/adapters/profile/test-profile';
import type { Translate, UiLanguage } from '../../lib/i18n';
import type { Client } from '../../lib/messaging/client';
import type { RequestOutput } from '../../lib/messaging/protocol';
import type { Settings, Tag, Template } from '../../lib/model';
import { startPage, tabCommands } from '../../lib/ui/page';
import { type ChangeNotice, isChangeNotice } from '../../lib/messaging/changes';
import { describeError } from '../../lib/ui/errors';

interface Loaded {
  settings: Settings;
  tags: Tag[];
  templates: Template[];
  rules: RequestOutput<'listRules'>;
  profiles: SiteProfile[];
}

function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** "Test on this tab": the first open tab whose address the profile matches. */
async function testOnTab(profile: SiteProfile, t: Translate): Promise<ProfileTestReport> {
  const tabs = await browser.tabs.query({});
  const tab = tabs.find((candidate) => candidate.url && profileMatchesUrl(profile, new URL(candidate.url)));
  if (tab?.id === undefined) throw new Error(t('noTabForProfile', profile.matches.join(', ')));
  const reply = await tabCommands.request(tab.id, 'test-profile', { profile }).catch(() => null);
  if (!reply) throw new Error(t('noTabForProfile', profile.matches.join(', ')));
  if (!reply.ok) throw new Error(reply.error);
  return reply.report;
}

/** The background's change notices, for the managers that show stored lists. */
function subscribe(listener: (notice: ChangeNotice) => void): () => void {
  const onMessage = (message: unknown) => {
    if (isChangeNotice(message)) listener(message);
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  return () => browser.runtime.onMessage.removeListener(onMessage);
}

function OptionsPage({ client, loaded, t, language }: { client: Client; loaded: Loaded; t: Translate; language: UiLanguage }) {
  const [tags, setTags] = useState(loaded.tags);
  const [settings, setSettings] = useState(loaded.settings);
  // Restoring the defaults re-opens the general form with the stored values.
  const [generation, setGeneration] = useState(0);
  return (
    <OptionsView
      key={generation}
      settings={settings}
      tags={tags}
      requestNotifications={() => browser.permissions.request({ permissions: ['notifications', 'alarms'] }).catch(() => false)}
      onSaveSettings={async (change) => {
        try {
          setSettings(await client.request('updateSettings', change));
          return null;
        } catch (error) {
          return describeError(error, t);
        }
      }}
      onRestoreDefaults={async () => {
        try {
          await client.request('restoreDefaults', { section: 'settings' });
          setSettings(await client.request('getSettings', {}));
          setGeneration((n) => n + 1);
          return null;
        } catch (error) {
          return describeError(error, t);
        }
      }}
      onToggleFavourite={async (tag) => {
        await client.request('updateTag', { tagId: tag.id, favourite: !tag.favourite });
        setTags(await client.request('listTags', {}));
      }}
    >
      <LadderEditor
        ladder={loaded.settings.ladder}
        windowDays={loaded.settings.warningWindowDays}
        templates={loaded.templates}
        onSave={async (ladder, warningWindowDays) => {
          try {
            await client.request('updateSettings', { ladder, warningWindowDays });
            return null;
          } catch (error) {
            return describeError(error, t);
          }
        }}
      />
      <TemplateManager client={client} initial={loaded.templates} subscribe={subscribe} language={language === 'zh_CN' ? 'zh' : 'en'} />
      <RuleManager client={client} initial={loaded.rules} subscribe={subscribe} />
      <ProposalsPanel client={client} subscribe={subscribe} />
      <ProfileManager
        profiles={loaded.profiles}
        onTest={(profile) => testOnTab(profile, t)}
        onSave={async (profile) => {
          // Asked before any other await: the browser only grants inside the click.
          const granted = await browser.permissions.request({ origins: profile.matches }).catch(() => false);
          if (!granted) return t('profilePermissionDenied', profile.matches.join(', '));
          try {
            return await client.request('saveSiteProfile', { profile });
          } catch (error) {
            return error instanceof Error ? error.message : String(error);
          }
        }}
        onDelete={(id) => client.request('deleteSiteProfile', { id })}
        onExport={(profiles) => download(profilePackFileName(profiles, Date.now()), JSON.stringify(makeProfilePack(profiles, Date.now()), null, 2))}
        onImport={async (incoming, decisions, toWrite) => {
          // Asked before any other await: the browser only grants inside the click.
          const origins = [...new Set(toWrite.flatMap((profile) => profile.matches))];
          if (origins.length > 0 && !(await browser.permissions.request({ origins }).catch(() => false))) return t('profileImportDenied', origins.join(', '));
          try {
            return await client.request('importSiteProfiles', { pack: makeProfilePack(incoming, Date.now()), decisions });
          } catch (error) {
            return describeError(error, t);
          }
        }}
      />
      <TeamPackPanel client={client} download={download} />
    </OptionsView>
  );
}

// Opened by the background for a sidebar that cannot ask for a site itself (Firefox): only the grant.
const grantOrigins = grantOriginsFrom(location.search);

void startPage(document.getElementById('root') as HTMLElement, async ({ client, t, language }) => {
  if (grantOrigins) return <SiteAccessGrant origins={grantOrigins} onAllow={() => browser.permissions.request({ origins: grantOrigins }).catch(() => false)} />;
  const [settings, tags, templates, rules, profiles] = await Promise.all([
    client.request('getSettings', {}),
    client.request('listTags', {}),
    client.request('listTemplates', {}),
    client.request('listRules', {}),
    client.request('listSiteProfiles', {}),
  ]);
  return <OptionsPage client={client} loaded={{ settings, tags, templates, rules, profiles }} t={t} language={language} />;
});
