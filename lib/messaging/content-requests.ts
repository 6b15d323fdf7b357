import * as z from 'zod/mini';
import type { ContentRequestName } from './content-client';
import { ChatEventMiniSchema, GroupRefMiniSchema, SiteIdMiniSchema } from '../model/chat-event';
import { TEMPLATE_USE_VIAS } from '../model/template';
import { MAX_INGEST_EVENTS } from './ingest-limits';

/**
 * The requests a content script may make, with their input schemas in zod/mini. The
 * protocol table (protocol.ts) uses these same schemas, and the server refuses every other
 * request from a content script: a chat page that subverts its content script can feed
 * messages in, but cannot export, import, forget, change settings or read other tabs.
 */

const Count = z.int().check(z.gte(0));

export const DeliveryStatusMiniSchema = z.object({
  state: z.enum(['ok', 'retrying', 'quota']),
  queuedBatches: Count,
  queuedEvents: Count,
  refused: z.record(z.string(), Count),
  /** Events the background dropped: the tab is past its ingest budget. */
  dropped: z.optional(Count),
});

export type DeliveryStatusMini = z.infer<typeof DeliveryStatusMiniSchema>;

export const HealthMiniSchema = z.object({
  /** ok: reading; no-chat: the page shows no conversation; degraded: some rows fail; broken: rows are seen but none parse, or no rows are found where a chat is open. */
  state: z.enum(['ok', 'no-chat', 'degraded', 'broken']),
  rowsSeen: Count,
  rowsParsed: Count,
  /** Selector key → how often it matched nothing. Never message text. */
  misses: z.record(z.string(), Count),
  /** Batches the background has not acknowledged yet, and why. */
  delivery: z.optional(DeliveryStatusMiniSchema),
});

export const IngestInputSchema = z.object({
  site: SiteIdMiniSchema,
  group: GroupRefMiniSchema,
  events: z.array(ChatEventMiniSchema).check(z.maxLength(MAX_INGEST_EVENTS, `a batch holds at most ${MAX_INGEST_EVENTS} events`)),
});

export const ReportStatusInputSchema = z.object({
  adapterId: z.string(),
  adapterLabel: z.string(),
  verified: z.boolean(),
  groupId: z.nullable(z.string()),
  groupTitle: z.nullable(z.string()),
  messagesRead: Count,
  health: HealthMiniSchema,
});

const MemberIdMiniSchema = z.string().check(z.minLength(1, 'member id must not be empty'), z.maxLength(600));

export const contentRequestInputs = {
  ingest: { input: IngestInputSchema },
  reportStatus: { input: ReportStatusInputSchema },
  listTemplates: { input: z.object({}) },
  getMemberBadges: { input: z.object({ memberIds: z.array(MemberIdMiniSchema).check(z.maxLength(500)) }) },
  siteProfilesFor: { input: z.object({ url: z.url() }) },
  getSettings: { input: z.object({}) },
  /** In-page labels in the language chosen in the options. */
  getPageLabels: {
    input: z.object({
      browserLanguage: z.string().check(z.maxLength(50)),
      keys: z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(200)),
    }),
  },
  /**
   * What the / picker needs about a group: the customer waiting longest for an answer and the
   * language templates go out in. Narrow on purpose: the group panel would hand a
   * subverted content script every member's tags.
   */
  getSlashContext: {
    input: z.object({ groupId: z.string().check(z.minLength(1), z.maxLength(600)), fallback: z.enum(['zh', 'en']) }),
  },
  /** The toggle button's state and the dragged width: the only settings a content script may change. */
  setSidebarState: {
    input: z.object({ open: z.optional(z.boolean()), width: z.optional(z.int().check(z.gte(320), z.lte(640))) }),
  },
  /**
   * Staff inserted a template (sidebar list, FAQ answer, or the `/` picker in a chat tab), for
   * the usage figures. From a chat tab only `slash` is taken, and each use costs the tab's
   * ingest budget (handlers.ts): a subverted page can store no more this way than with messages.
   */
  recordTemplateUse: {
    input: z.object({
      templateId: z.string().check(z.minLength(1), z.maxLength(200)),
      groupId: z.string().check(z.minLength(1), z.maxLength(600)),
      via: z.enum(TEMPLATE_USE_VIAS),
    }),
  },
} as const satisfies { [N in ContentRequestName]: { input: unknown } };

export type { ContentRequestName };
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<string> = new Set(Object.keys(contentRequestInputs));
