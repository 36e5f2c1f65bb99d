/**
 * The figure table as it stood at a past moment, rebuilt from the audit trail (every insert,
 * update and delete is recorded old → new with its time): for each (document, key), the latest
 * audited state at or before the moment, unless that was a delete. Same columns as `figure`, so
 * any query over `figure f` can read `(figuresAsOfSql($n)) f` instead. A figure deleted since
 * keeps no id of its own: it gets minus its audit row's id (no figure has a negative id).
 */
export function figuresAsOfSql(momentParam: string): string {
  const v = (field: string) => `a.new_value->>'${field}'`;
  return `SELECT coalesce(cur.id, -a.id) AS id, a.document_id, a.figure_key,
      ${v("placeKey")} AS place_key, ${v("ethnicityCode")} AS ethnicity_code, ${v("programmeCode")} AS programme_code,
      ${v("measureCode")} AS measure_code, (${v("periodStart")})::date AS period_start, (${v("periodEnd")})::date AS period_end,
      (${v("kind")})::"FigureKind" AS kind, (${v("value")})::numeric(38, 6) AS value, (${v("qualifier")})::"Qualifier" AS qualifier,
      ${v("rawText")} AS raw_text, ${v("quote")} AS quote,
      ARRAY(SELECT jsonb_array_elements_text(coalesce(a.new_value->'flags', '[]'::jsonb))) AS flags,
      ${v("flagReason")} AS flag_reason, (${v("suggestedValue")})::numeric(38, 6) AS suggested_value,
      coalesce(cur.created_at, a.at) AS created_at, a.at AS updated_at,
      -- the value form's fields, for readers that keep only plain levels (audit rows from before them: a level)
      coalesce(${v("valueType")}, 'LEVEL') AS value_type, (${v("valueHigh")})::numeric(38, 6) AS value_high,
      (${v("total")})::numeric(38, 6) AS total, ${v("base")} AS base, coalesce(${v("status")}, 'A') AS status,
      ${v("fundingSource")} AS funding_source, ${v("capitalType")} AS capital_type,
      (${v("povertyStandard")})::"PovertyStandard" AS poverty_standard
    FROM (SELECT DISTINCT ON (document_id, figure_key) id, document_id, figure_key, action, new_value, at
            FROM figure_audit WHERE at <= ${momentParam}::timestamptz
           ORDER BY document_id, figure_key, at DESC, id DESC) a
    LEFT JOIN figure cur ON cur.document_id = a.document_id AND cur.figure_key = a.figure_key
   WHERE a.action <> 'DELETE'`;
}
