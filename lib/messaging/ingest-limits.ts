/**
 * Events one ingest request may carry, and the most one ingest transaction stores. Kept free
 * of zod: the content script's delivery queue (no zod there) and the background's schema and
 * pipeline read the same number.
 *
 * Why 2,000 and not 1,000: a chat tab merges what queued while its two requests were in
 * flight, so requests grow only when storing falls behind the page. Each transaction writes
 * every member and membership it touches once (a busy group's 300 members in every batch), so
 * in a 10,000-message stream from 300 members, transactions of up to 2,000 wrote ~40% fewer
 * member and membership records than transactions of up to 1,000, and the whole browser spent
 * less CPU storing it (bench:ingest; README).
 */
export const MAX_INGEST_EVENTS = 2_000;
