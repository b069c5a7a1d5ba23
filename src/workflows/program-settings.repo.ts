/**
 * The SQL of program-settings.ts: the columns a point-moving workflow's first statement reads
 * the program's settings revision (and, when it is not the cached one, the settings) with.
 */
import { type CachedSettings, NO_REVISION } from './program-settings';
import type { Sql } from './sql';

/**
 * The columns `settings_revision` and `settings` of a first statement: the revision in its
 * snapshot, and the settings (JSON) only when it differs from `known`'s.
 */
export function settingsColumns(s: Sql, programId: string, known: CachedSettings | undefined): string {
  const pid = () => `${s.v(programId)}::uuid`;
  return `(SELECT revision FROM program_settings_revisions WHERE program_id = ${pid()}) AS settings_revision,
    CASE WHEN (SELECT revision FROM program_settings_revisions WHERE program_id = ${pid()})
              IS DISTINCT FROM ${s.v(known ? known.revision : NO_REVISION)}::uuid
    THEN jsonb_build_object(
      'earning', (SELECT to_jsonb(e) FROM earning_configs e WHERE e.program_id = ${pid()}),
      'survey', (SELECT to_jsonb(v) FROM survey_settings v WHERE v.program_id = ${pid()}),
      'rule_revision', (SELECT r.revision FROM rule_settings r WHERE r.program_id = ${pid()}),
      'tiers', (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.rank), '[]'::jsonb) FROM tiers t
                 WHERE t.program_id = ${pid()} AND t.archived_at IS NULL)
    ) END AS settings`;
}
